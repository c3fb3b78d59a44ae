"""Participants: adding, finding, listing (forgetting one: ``forget``; backups: ``backup``)."""

from __future__ import annotations

from interview.models import Participant, ParticipantSummary, SessionSummary
from interview.store.core import (
    StoreError,
    _guarded,
    _participant,
    new_id,
    now_iso,
)
from interview.store.base import StoreBase


class ParticipantQueries(StoreBase):
    # ------------------------------------------------------------------ participants

    @_guarded
    def add_participant(
        self,
        name: str,
        *,
        role: str = "",
        company: str = "",
        segment: str = "",
        email: str = "",
        notes: str = "",
    ) -> Participant:
        name = name.strip()
        if not name:
            raise StoreError("a participant needs a name")
        stamp = now_iso()
        row = {
            "id": new_id(), "name": name, "role": role, "company": company, "segment": segment,
            "email": email, "notes": notes, "created_at": stamp, "updated_at": stamp,
        }
        with self._write():
            self.db["participants"].insert(row)
        return _participant(row)

    @_guarded
    def get_participant(self, participant_id: str) -> Participant | None:
        row = self._by_id("participants", participant_id)
        return _participant(row) if row else None

    @_guarded
    def find_participants(self, text: str = "", limit: int = 20) -> list[Participant]:
        """Type-ahead: names starting with the text first, then names containing it."""
        like = text.strip().replace("%", "").replace("_", "")
        rows = self._rows(
            "SELECT * FROM participants WHERE name LIKE :contains "
            "ORDER BY name NOT LIKE :prefix, name COLLATE NOCASE LIMIT :limit",
            {"contains": f"%{like}%", "prefix": f"{like}%", "limit": limit},
        )
        return [_participant(r) for r in rows]

    @_guarded
    def every_participant(self) -> list[Participant]:
        """Everyone in the database, oldest first: redaction must know them all, not only one session's."""
        return [_participant(r) for r in self._rows("SELECT * FROM participants ORDER BY created_at, rowid")]

    @_guarded
    def participant_named(self, name: str) -> Participant | None:
        rows = list(
            self._rows("SELECT * FROM participants WHERE name = ? COLLATE NOCASE ORDER BY created_at", [name.strip()])
        )
        return _participant(rows[0]) if rows else None

    @_guarded
    def update_participant(self, participant_id: str, **fields: str) -> None:
        self._update_fields("participants", participant_id, fields,
                            {"name", "role", "company", "segment", "email", "notes"}, "participant")

    @_guarded
    def list_participants(self, *, with_feedback_customers: bool = True) -> list[ParticipantSummary]:
        """Everyone, by name; ``with_feedback_customers=False`` leaves out the customers a feedback
        import added who have no session (a 100,000-row import adds thousands)."""
        where = "" if with_feedback_customers else (
            "WHERE p.id NOT IN (SELECT participant_id FROM feedback_customers) "
            "OR EXISTS (SELECT 1 FROM sessions s WHERE s.participant_id = p.id) "
            "OR EXISTS (SELECT 1 FROM session_participants sp WHERE sp.participant_id = p.id)"
        )
        rows = self._rows(
            f"""
            SELECT p.*,
                   (SELECT count(*) FROM sessions s WHERE s.participant_id = p.id OR s.id IN
                     (SELECT session_id FROM session_participants sp WHERE sp.participant_id = p.id)) AS session_count,
                   (SELECT count(*) FROM notes n JOIN sessions s ON s.id = n.session_id
                     WHERE n.deleted = 0 AND (n.participant_id = p.id OR (n.participant_id IS NULL
                       AND s.participant_id = p.id AND s.kind != 'co-creation'))) AS note_count
            FROM participants p {where} ORDER BY p.name COLLATE NOCASE
            """
        )
        return [ParticipantSummary(_participant(r), r["session_count"], r["note_count"]) for r in rows]

    @_guarded
    def count_participants(self) -> int:
        return self.conn.execute("SELECT count(*) FROM participants").fetchone()[0]

    @_guarded
    def resolve_participant(self, ref: str) -> Participant:
        """A full id, a unique id prefix, or an exact name (case-insensitive)."""
        ref = ref.strip()
        if not ref:
            raise StoreError("name a participant: an id, a unique prefix of one, or their name")
        prefix = ref.lower().replace("%", "").replace("_", "")
        rows = list(self._rows("SELECT * FROM participants WHERE id LIKE ? LIMIT 3", [f"{prefix}%"]))
        if not rows:
            rows = list(self._rows("SELECT * FROM participants WHERE name = ? COLLATE NOCASE LIMIT 3", [ref]))
        if not rows:
            raise StoreError(f"no participant matches '{ref}'")
        if len(rows) > 1 and rows[0]["id"] != prefix:
            raise StoreError(f"'{ref}' matches several participants; use their id (see `interview participants list`)")
        return _participant(rows[0])

    @_guarded
    def sessions_of_participant(self, participant_id: str) -> list[SessionSummary]:
        rows = self._rows(
            """
            SELECT s.id, s.title, s.kind, s.guide_name, s.status, s.interviewer, s.created_at,
                   s.started_at, s.ended_at, coalesce(p.name, '') AS participant_name,
                   (SELECT count(*) FROM notes n WHERE n.session_id = s.id AND n.deleted = 0) AS note_count
            FROM sessions s LEFT JOIN participants p ON p.id = s.participant_id
            WHERE s.participant_id = :p
               OR s.id IN (SELECT session_id FROM session_participants WHERE participant_id = :p)
            ORDER BY s.created_at DESC
            """,
            {"p": participant_id},
        )
        return [SessionSummary(**r) for r in rows]
