"""Notes and the draft being typed."""

from __future__ import annotations

import json
from typing import Any, Iterable

from interview.models import CONSENT_SCOPES, Draft, Note, Session
from interview.store.core import (
    StoreError,
    _chunks,
    _guarded,
    _highlight,
    _highlight_row,
    _note,
    _session,
    _unique_names,
    new_id,
    now_iso,
)
from interview.store.base import StoreBase
from interview.store.tags import attach_tag


class NoteQueries(StoreBase):
    # ------------------------------------------------------------------ notes

    @_guarded
    def add_note(
        self,
        session_id: str,
        text: str,
        *,
        question_id: str | None = None,
        speaker: str = "interviewer",
        kind: str = "note",
        offset_seconds: float = 0.0,
        tags: Iterable[str] = (),
        participant_id: str | None = None,
        clear_draft: bool = True,
    ) -> Note:
        """Commit the note (and its tags) before returning: the caller may then show it."""
        if not text.strip():
            raise StoreError("an empty note was not saved")
        stamp = now_iso()
        row = {
            "id": new_id(), "session_id": session_id, "question_id": question_id,
            "offset_seconds": round(float(offset_seconds), 3), "speaker": speaker, "kind": kind, "text": text,
            "starred": 0, "deleted": 0, "created_at": stamp, "updated_at": stamp, "participant_id": participant_id,
        }
        tag_names = _unique_names(tags)
        with self._write():
            self.db["notes"].insert(row)
            for name in tag_names:
                attach_tag(self.conn, row["id"], name)
            if clear_draft:
                self.conn.execute("DELETE FROM drafts WHERE session_id = ?", (session_id,))
        note = _note(row)
        note.tags = tag_names
        return note

    @_guarded
    def import_session(
        self,
        *,
        title: str,
        participant_name: str,
        notes: Iterable[Note],
        interviewer: str = "",
        guide: dict[str, Any] | None = None,
        guide_name: str = "",
        guide_hash: str = "",
        started_at: str | None = None,
        ended_at: str | None = None,
        model_version: str = "",
        company: str = "",
        consent_given: bool = False,
        consent_scope: str = "internal",
        variables: dict[str, str] | None = None,
    ) -> Session:
        """A finished session from a transcript, all or nothing in one transaction.

        The participant is found by name (case-insensitive) or added (a known one without a
        company gets ``company``); each note keeps its speaker, offset, question,
        ``created_at`` and automatic highlights. Consent, when given, is recorded now.
        """
        if consent_scope not in CONSENT_SCOPES:
            raise StoreError(f"consent scope must be one of {', '.join(CONSENT_SCOPES)}")
        stamp = now_iso()
        with self._write():
            person = self.conn.execute(
                "SELECT id FROM participants WHERE name = ? COLLATE NOCASE ORDER BY created_at LIMIT 1",
                (participant_name.strip(),),
            ).fetchone()
            participant_id = person[0] if person else new_id()
            if not person:
                self.db["participants"].insert({
                    "id": participant_id, "name": participant_name.strip(), "role": "", "company": company.strip(),
                    "segment": "", "email": "", "notes": "", "created_at": stamp, "updated_at": stamp,
                })
            elif company.strip():
                self.conn.execute("UPDATE participants SET company = ?, updated_at = ? WHERE id = ? AND company = ''",
                                  (company.strip(), stamp, participant_id))
            session = {
                "id": new_id(), "kind": "interview", "title": title, "guide_name": guide_name,
                "guide_json": json.dumps(guide or {}, ensure_ascii=False), "guide_hash": guide_hash,
                "participant_id": participant_id, "interviewer": interviewer, "status": "done",
                "consent_given": int(consent_given), "consent_at": stamp if consent_given else None,
                "consent_scope": consent_scope, "variables_json": json.dumps(variables or {}, ensure_ascii=False),
                "started_at": started_at or stamp, "ended_at": ended_at or started_at or stamp,
                "current_question_id": None, "created_at": stamp, "updated_at": stamp,
            }
            self.db["sessions"].insert(session)
            rows, spans = [], []
            for note in notes:
                note_id = new_id()
                rows.append({
                    "id": note_id, "session_id": session["id"], "question_id": note.question_id,
                    "offset_seconds": round(float(note.offset_seconds), 3), "speaker": note.speaker,
                    "kind": note.kind, "text": note.text, "starred": 0, "deleted": 0,
                    "created_at": note.created_at or stamp, "updated_at": stamp,
                    "participant_id": participant_id if note.speaker == "participant" else None,
                })
                spans += [_highlight_row(h, note_id, stamp, id=new_id(), source="auto", status="suggested",
                                         model_version=model_version, reviewer="")
                          for h in note.highlights]
            if not rows:
                raise StoreError("the transcript has no utterances to import")
            self.db["notes"].insert_all(rows, batch_size=500)
            if spans:
                self.db["highlights"].insert_all(spans, batch_size=500)
        return _session(session)

    @_guarded
    def get_note(self, note_id: str) -> Note | None:
        row = self._by_id("notes", note_id)
        return self._with_details([_note(row)])[0] if row else None

    @_guarded
    def notes_for_session(self, session_id: str, *, include_deleted: bool = False) -> list[Note]:
        """The session's notes in the order taken, with their tags and highlights."""
        sql = "SELECT * FROM notes WHERE session_id = ?"
        if not include_deleted:
            sql += " AND deleted = 0"
        notes = [_note(r) for r in self._rows(sql + " ORDER BY created_at, rowid", [session_id])]
        return self._with_details(notes)

    @_guarded
    def last_note(self, session_id: str, *, include_deleted: bool = False) -> Note | None:
        sql = "SELECT * FROM notes WHERE session_id = ?"
        if not include_deleted:
            sql += " AND deleted = 0"
        rows = list(self._rows(sql + " ORDER BY created_at DESC, rowid DESC LIMIT 1", [session_id]))
        return self._with_details([_note(rows[0])])[0] if rows else None

    @_guarded
    def last_deleted_note(self, session_id: str) -> Note | None:
        rows = list(
            self._rows(
                "SELECT * FROM notes WHERE session_id = ? AND deleted = 1 ORDER BY updated_at DESC, rowid DESC LIMIT 1",
                [session_id],
            )
        )
        return _note(rows[0]) if rows else None

    @_guarded
    def set_starred(self, note_id: str, starred: bool) -> None:
        with self._write():
            self.conn.execute(
                "UPDATE notes SET starred = ?, updated_at = ? WHERE id = ?", (int(starred), now_iso(), note_id)
            )

    @_guarded
    def set_deleted(self, note_id: str, deleted: bool) -> None:
        """Soft delete (undo) or restore; nothing is erased, so undo can always be undone."""
        with self._write():
            self.conn.execute(
                "UPDATE notes SET deleted = ?, updated_at = ? WHERE id = ?", (int(deleted), now_iso(), note_id)
            )

    def _require_note(self, note_id: str) -> Note:
        return self._with_details([_note(self._require_row("notes", note_id, "note"))])[0]

    def _with_details(self, notes: list[Note]) -> list[Note]:
        if not notes:
            return notes
        by_id = {n.id: n for n in notes}
        ids = list(by_id)
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT nt.note_id, t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id "
                f"WHERE nt.note_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
                chunk,
            ):
                by_id[row["note_id"]].tags.append(row["name"])
            for row in self._rows(
                f'SELECT * FROM highlights WHERE note_id IN ({marks}) ORDER BY start, "end"', chunk
            ):
                by_id[row["note_id"]].highlights.append(_highlight(row))
        return notes

    # ------------------------------------------------------------------ drafts

    @_guarded
    def save_draft(self, session_id: str, text: str, question_id: str | None = None) -> None:
        """Keep the text being typed so a crash loses at most the last two seconds."""
        with self._write(fsync=False):
            if text.strip():
                self.db["drafts"].upsert(
                    {"session_id": session_id, "text": text, "question_id": question_id, "updated_at": now_iso()},
                    pk="session_id",
                )
            else:
                self.conn.execute("DELETE FROM drafts WHERE session_id = ?", (session_id,))

    @_guarded
    def get_draft(self, session_id: str) -> Draft | None:
        rows = list(self._rows("SELECT * FROM drafts WHERE session_id = ?", [session_id]))
        return Draft(**rows[0]) if rows else None
