"""Sessions: creating, resolving, listing, their life cycle and times, consent, and which questions were asked."""

from __future__ import annotations

import json
from typing import Any

from interview.models import Session, SessionSummary
from interview.store.core import StoreError, _guarded, _session, new_id, now_iso
from interview.store.base import StoreBase
from interview.store.feedback import FEEDBACK_SESSIONS



MIN_PREFIX = 4  # a shorter id prefix names a session by luck, not on purpose


class SessionQueries(StoreBase):
    # ------------------------------------------------------------------ sessions

    @_guarded
    def create_session(
        self,
        *,
        title: str,
        guide: dict[str, Any] | None = None,
        guide_name: str = "",
        guide_hash: str = "",
        kind: str = "interview",
        participant_id: str | None = None,
        interviewer: str = "",
        variables: dict[str, str] | None = None,
        consent_given: bool = False,
        consent_scope: str = "internal",
    ) -> Session:
        stamp = now_iso()
        row = {
            "id": new_id(), "kind": kind, "title": title, "guide_name": guide_name,
            "guide_json": json.dumps(guide or {}, ensure_ascii=False), "guide_hash": guide_hash,
            "participant_id": participant_id, "interviewer": interviewer, "status": "planned",
            "consent_given": int(consent_given), "consent_at": stamp if consent_given else None,
            "consent_scope": consent_scope, "variables_json": json.dumps(variables or {}, ensure_ascii=False),
            "started_at": None, "ended_at": None, "current_question_id": None,
            "created_at": stamp, "updated_at": stamp,
        }
        with self._write():
            self.db["sessions"].insert(row)
        return _session(row)

    @_guarded
    def get_session(self, session_id: str) -> Session | None:
        row = self._by_id("sessions", session_id)
        return _session(row) if row else None

    @_guarded
    def resolve_session(self, ref: str) -> Session:
        """A full id, a unique prefix of one, or ``last`` (the newest session)."""
        ref = ref.strip()
        if not ref:
            raise StoreError("name a session: a full id, a unique prefix of one, or 'last'")
        if ref == "last":
            rows = list(self._rows(
                f"SELECT * FROM sessions WHERE id NOT IN {FEEDBACK_SESSIONS} ORDER BY created_at DESC, rowid DESC LIMIT 1"
            ))
            if not rows:
                raise StoreError(f"there are no sessions yet in {self.path}")
            return _session(rows[0])
        prefix = ref.lower().replace("%", "").replace("_", "")
        if len(prefix) < MIN_PREFIX:
            raise StoreError(f"'{ref}' is too short to name a session: give at least {MIN_PREFIX} characters "
                             "of its id (`interview sessions list` shows 8), or 'last'")
        rows = list(self._rows(
            f"SELECT * FROM sessions WHERE id LIKE ? AND id NOT IN {FEEDBACK_SESSIONS} ORDER BY created_at DESC LIMIT 4",
            [f"{prefix}%"],
        ))
        exact = [r for r in rows if r["id"] == prefix]
        if exact:
            return _session(exact[0])
        if not rows:
            raise StoreError(f"no session matches '{ref}'")
        if len(rows) > 1:
            shown = ", ".join(f"{r['id'][:8]} ({r['title']})" for r in rows[:3])
            more = " and more" if len(rows) > 3 else ""
            raise StoreError(f"'{ref}' matches several sessions: {shown}{more}; type more of the id")
        return _session(rows[0])

    @_guarded
    def session_guide(self, session_id: str) -> dict[str, Any]:
        """The guide snapshot taken when the session was created (the guide file may have changed since)."""
        row = self.conn.execute("SELECT guide_json FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return json.loads(row[0]) if row else {}

    @_guarded
    def list_sessions(self, *, limit: int = 200, offset: int = 0, text: str = "") -> list[SessionSummary]:
        """Newest first; ``text`` filters on title, participant, guide and status. Feedback sources are not sessions."""
        where, params = f"WHERE s.id NOT IN {FEEDBACK_SESSIONS}", {"limit": limit, "offset": offset}
        if text.strip():
            where += (
                " AND (s.title LIKE :t OR p.name LIKE :t OR s.guide_name LIKE :t "
                "OR s.status LIKE :t OR s.interviewer LIKE :t OR p.company LIKE :t)"
            )
            params["t"] = f"%{text.strip()}%"
        rows = self._rows(
            f"""
            SELECT s.id, s.title, s.kind, s.guide_name, s.status, s.interviewer, s.created_at,
                   s.started_at, s.ended_at, coalesce(p.name, '') AS participant_name,
                   (SELECT count(*) FROM notes n WHERE n.session_id = s.id AND n.deleted = 0) AS note_count
            FROM sessions s LEFT JOIN participants p ON p.id = s.participant_id
            {where}
            ORDER BY s.created_at DESC, s.rowid DESC
            LIMIT :limit OFFSET :offset
            """,
            params,
        )
        return [SessionSummary(**r) for r in rows]

    @_guarded
    def session_ids(self) -> list[str]:
        """Every session id, oldest first (for bulk work such as re-analysis); feedback sources are not sessions."""
        sql = f"SELECT id FROM sessions WHERE id NOT IN {FEEDBACK_SESSIONS} ORDER BY created_at, rowid"
        return [r[0] for r in self.conn.execute(sql)]

    @_guarded
    def count_notes(self, session_id: str) -> int:
        """Notes kept (not deleted) in one session: the resume prompt says how much is at stake."""
        sql = "SELECT count(*) FROM notes WHERE session_id = ? AND deleted = 0"
        return self.conn.execute(sql, (session_id,)).fetchone()[0]

    @_guarded
    def start_session(self, session_id: str) -> Session:
        """Mark the session live; the first start sets the clock's zero."""
        stamp = now_iso()
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET status = 'live', started_at = coalesce(started_at, ?), "
                "ended_at = NULL, updated_at = ? WHERE id = ?",
                (stamp, stamp, session_id),
            )
        return self._require_session(session_id)

    @_guarded
    def end_session(self, session_id: str) -> Session:
        stamp = now_iso()
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET status = 'done', ended_at = ?, updated_at = ? WHERE id = ?",
                (stamp, stamp, session_id),
            )
            self.conn.execute("DELETE FROM drafts WHERE session_id = ?", (session_id,))
        return self._require_session(session_id)

    @_guarded
    def set_paused_seconds(self, session_id: str, seconds: float) -> None:
        """How long the live clock has been paused in all; a resumed session's clock starts from it."""
        if seconds < 0:
            raise StoreError("paused time cannot be negative")
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET paused_seconds = ?, updated_at = ? WHERE id = ?",
                (round(seconds, 3), now_iso(), session_id),
            )

    @_guarded
    def give_consent(self, session_id: str, scope: str = "internal") -> Session:
        stamp = now_iso()
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET consent_given = 1, consent_at = ?, consent_scope = ?, updated_at = ? "
                "WHERE id = ?",
                (stamp, scope, stamp, session_id),
            )
        return self._require_session(session_id)

    @_guarded
    def set_session_times(self, session_id: str, started_at: str | None, ended_at: str | None) -> Session:
        """Correct when a session ran (ISO-8601 UTC), e.g. a forgotten stop; its duration follows."""
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET started_at = ?, ended_at = ?, updated_at = ? WHERE id = ?",
                (started_at, ended_at, now_iso(), session_id),
            )
        return self._require_session(session_id)

    @_guarded
    def set_consent(self, session_id: str, given: bool, scope: str = "internal") -> Session:
        """Record consent as the reviewer corrects it; withdrawing it clears the time it was given."""
        stamp = now_iso()
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET consent_given = ?, consent_scope = ?, "
                "consent_at = CASE WHEN ? THEN coalesce(consent_at, ?) ELSE NULL END, updated_at = ? WHERE id = ?",
                (int(given), scope, int(given), stamp, stamp, session_id),
            )
        return self._require_session(session_id)

    @_guarded
    def update_session(self, session_id: str, **fields: Any) -> Session:
        self._update_fields("sessions", session_id, fields,
                            {"title", "interviewer", "participant_id", "guide_name", "consent_scope", "status"}, "session")
        return self._require_session(session_id)

    @_guarded
    def set_current_question(self, session_id: str, question_id: str | None) -> None:
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET current_question_id = ? WHERE id = ?", (question_id, session_id)
            )

    @_guarded
    def delete_session(self, session_id: str) -> None:
        with self._write():
            self.conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    @_guarded
    def live_sessions(self) -> list[Session]:
        """Sessions left live, e.g. by a crash: the app offers to resume them."""
        return [_session(r) for r in self._rows("SELECT * FROM sessions WHERE status = 'live' ORDER BY created_at DESC")]

    def _require_session(self, session_id: str) -> Session:
        return _session(self._require_row("sessions", session_id, "session"))

    # ------------------------------------------------------------------ asked questions

    @_guarded
    def mark_asked(self, session_id: str, question_id: str, asked: bool = True) -> None:
        with self._write():
            if asked:
                self.conn.execute(
                    "INSERT OR IGNORE INTO asked_questions (session_id, question_id, asked_at) VALUES (?, ?, ?)",
                    (session_id, question_id, now_iso()),
                )
            else:
                self.conn.execute(
                    "DELETE FROM asked_questions WHERE session_id = ? AND question_id = ?", (session_id, question_id)
                )

    @_guarded
    def asked_question_ids(self, session_id: str) -> set[str]:
        """Questions marked as asked, or with at least one note under them."""
        rows = self.conn.execute(
            "SELECT question_id FROM asked_questions WHERE session_id = :s UNION "
            "SELECT question_id FROM notes WHERE session_id = :s AND deleted = 0 AND question_id IS NOT NULL",
            {"s": session_id},
        )
        return {r[0] for r in rows}
