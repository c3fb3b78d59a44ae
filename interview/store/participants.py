"""Participants: adding, finding, listing, forgetting; and backups of the whole file."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from interview.models import ForgetReport, Participant, ParticipantSummary, SessionSummary
from interview.store.core import (
    StoreError,
    _guarded,
    _identity_pattern,
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
        rows = list(self._rows("SELECT * FROM participants WHERE id = ?", [participant_id]))
        return _participant(rows[0]) if rows else None

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
    def participant_named(self, name: str) -> Participant | None:
        rows = list(
            self._rows("SELECT * FROM participants WHERE name = ? COLLATE NOCASE ORDER BY created_at", [name.strip()])
        )
        return _participant(rows[0]) if rows else None

    @_guarded
    def update_participant(self, participant_id: str, **fields: str) -> None:
        allowed = {"name", "role", "company", "segment", "email", "notes"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown participant fields: {sorted(unknown)}")
        with self._write():
            self.db["participants"].update(participant_id, {**fields, "updated_at": now_iso()})

    @_guarded
    def list_participants(self) -> list[ParticipantSummary]:
        rows = self._rows(
            """
            SELECT p.*,
                   (SELECT count(*) FROM sessions s WHERE s.participant_id = p.id OR s.id IN
                     (SELECT session_id FROM session_participants sp WHERE sp.participant_id = p.id)) AS session_count,
                   (SELECT count(*) FROM notes n JOIN sessions s ON s.id = n.session_id
                     WHERE n.deleted = 0 AND (n.participant_id = p.id OR (n.participant_id IS NULL
                       AND s.participant_id = p.id AND s.kind != 'co-creation'))) AS note_count
            FROM participants p ORDER BY p.name COLLATE NOCASE
            """
        )
        return [ParticipantSummary(_participant(r), r["session_count"], r["note_count"]) for r in rows]

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

    @_guarded
    def forget_participant(self, participant_id: str, *, with_notes: bool = False) -> ForgetReport:
        """Erase a participant's personal data, then rebuild the file so the text is gone from disk.

        Their name, e-mail, company and role are blanked and every verbatim mention of
        their name, e-mail or company in titles, notes, ideas and drafts is replaced.
        With ``with_notes``, the notes of their interviews and the notes, ideas and
        votes they contributed to group sessions are deleted instead. One transaction;
        then the FTS index is optimised, the database VACUUMed and the WAL truncated,
        so no page of the file or its WAL still holds the erased text.
        """
        rows = list(self._rows("SELECT * FROM participants WHERE id = ?", [participant_id]))
        if not rows:
            raise StoreError(f"participant {participant_id} does not exist")
        person = rows[0]
        report = ForgetReport(participant_id=participant_id)
        placeholder = "[forgotten participant]"
        everywhere = _identity_pattern([person["name"], person["email"], person["company"]])
        name_parts = [part for part in re.split(r"\s+", person["name"]) if len(part) >= 3]
        in_own = _identity_pattern([person["name"], person["email"], person["company"], *name_parts])
        self.conn.execute("PRAGMA secure_delete = ON")
        with self._write():
            own_sessions = [r[0] for r in self.conn.execute(
                "SELECT id FROM sessions WHERE participant_id = ?", (participant_id,))]
            report.sessions_scrubbed = len(own_sessions)
            if with_notes:
                marks = ",".join("?" * len(own_sessions))
                if own_sessions:
                    report.notes_deleted += self.conn.execute(
                        f"DELETE FROM notes WHERE session_id IN ({marks})", own_sessions).rowcount
                    self.conn.execute(f"DELETE FROM drafts WHERE session_id IN ({marks})", own_sessions)
                report.notes_deleted += self.conn.execute(
                    "DELETE FROM notes WHERE participant_id = ?", (participant_id,)).rowcount
                report.ideas_deleted = self.conn.execute(
                    "DELETE FROM ideas WHERE participant_id = ?", (participant_id,)).rowcount
                self.conn.execute("DELETE FROM votes WHERE participant_id = ?", (participant_id,))
            # Mentions by full name, e-mail or company anywhere; first or last name alone
            # only inside their own sessions, where it can only mean them.
            scrub = [
                ("sessions", "id", "title", "id"), ("notes", "id", "text", "session_id"),
                ("drafts", "session_id", "text", "session_id"), ("ideas", "id", "text", "session_id"),
                ("highlights", "id", "text", "(SELECT session_id FROM notes WHERE notes.id = note_id)"),
            ]
            own = set(own_sessions)
            for table, key, column, session_expr in scrub:
                if everywhere is None:
                    break
                for row_key, value, session_id in self.conn.execute(
                    f"SELECT {key}, {column}, {session_expr} FROM {table}"
                ).fetchall():
                    pattern = in_own if session_id in own else everywhere
                    cleaned, count = pattern.subn(placeholder, value or "")
                    if count:
                        report.mentions_replaced += count
                        self.conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (cleaned, row_key))
            self.conn.execute(
                "UPDATE participants SET name = ?, email = '', company = '', role = '', notes = '', updated_at = ? "
                "WHERE id = ?",
                (placeholder, now_iso(), participant_id),
            )
            self.conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")
        self.conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')")
        self.conn.commit()
        with self.db.ensure_autocommit_on():
            self.conn.execute("VACUUM")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return report

    @_guarded
    def backup_to(self, target: str | Path) -> Path:
        """A consistent copy through SQLite's online backup API, safe while the app is writing."""
        target = Path(target)
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        copy = sqlite3.connect(str(target))
        try:
            self.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        return target
