"""Highlights and a reviewer's decisions on them; note edits that keep those decisions."""

from __future__ import annotations

from typing import Iterable

from interview.models import Highlight, Note
from interview.spans import diff_opcodes, remap_with
from interview.store.core import StoreError, _guarded, _highlight, _highlight_row, _unique_names, new_id, now_iso
from interview.store.base import StoreBase
from interview.store.tags import attach_tag


class HighlightQueries(StoreBase):
    # ------------------------------------------------------------------ highlights

    @_guarded
    def replace_auto_highlights(self, note_id: str, highlights: Iterable[Highlight], model_version: str) -> None:
        """Store fresh suggestions for a note, keeping a reviewer's decision on any unchanged span.

        Manual highlights are never touched; an automatic span the reviewer accepted or
        rejected keeps that status when the pipeline finds the same span and label again.
        """
        with self._write(fsync=False):
            self._replace_auto(note_id, highlights, model_version)

    @_guarded
    def replace_auto_highlights_many(
        self, items: Iterable[tuple[str, Iterable[Highlight]]], model_version: str
    ) -> None:
        """The same for many notes in one transaction: bulk re-analysis pays one fsync, not thousands."""
        with self._write(fsync=False):
            for note_id, highlights in items:
                self._replace_auto(note_id, highlights, model_version)

    def _replace_auto(self, note_id: str, highlights: Iterable[Highlight], model_version: str) -> None:
        stamp = now_iso()
        decided = {
            (r["start"], r["end"], r["label"]): r
            for r in self._rows(
                "SELECT * FROM highlights WHERE note_id = ? AND source = 'auto' AND status != 'suggested'",
                [note_id],
            )
        }
        self.conn.execute("DELETE FROM highlights WHERE note_id = ? AND source = 'auto'", (note_id,))
        rows = []
        for h in highlights:
            previous = decided.get((h.start, h.end, h.label))
            rows.append(_highlight_row(
                h, note_id, stamp, id=new_id(), source="auto",
                status=previous["status"] if previous else "suggested",
                model_version=model_version, reviewer=previous["reviewer"] if previous else "",
            ))
        if rows:
            self.db["highlights"].insert_all(rows)

    @_guarded
    def add_manual_highlight(self, note_id: str, highlight: Highlight, reviewer: str = "") -> Highlight:
        stamp = now_iso()
        row = _highlight_row(
            highlight, note_id, stamp, id=new_id(), rule="manual", source="manual", status="accepted",
            model_version="", reviewer=reviewer, confidence=1.0,
        )
        with self._write():
            self.db["highlights"].insert(row)
        return _highlight(row)

    @_guarded
    def set_highlight_status(self, highlight_id: str, status: str, reviewer: str = "") -> None:
        with self._write():
            self.conn.execute(
                "UPDATE highlights SET status = ?, reviewer = ?, updated_at = ? WHERE id = ?",
                (status, reviewer, now_iso(), highlight_id),
            )

    # ------------------------------------------------------------------ review

    @_guarded
    def count_suggestions(self, session_ids: Iterable[str], label: str | None = None) -> int:
        """Suggestions nobody has accepted or rejected yet in these sessions (of one label, or all)."""
        ids = list(session_ids)
        if not ids:
            return 0
        marks = ", ".join("?" for _ in ids)
        sql = (f"SELECT count(*) FROM highlights h JOIN notes n ON n.id = h.note_id "
               f"WHERE h.status = 'suggested' AND n.deleted = 0 AND n.session_id IN ({marks})")
        params: list[str] = ids
        if label is not None:
            sql += " AND h.label = ?"
            params = [*ids, label]
        return self.conn.execute(sql, params).fetchone()[0]

    @_guarded
    def accept_suggestions(self, note_id: str, reviewer: str = "") -> list[str]:
        """Accept every open suggestion of one note; returns the ids changed (for undo)."""
        with self._write():
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM highlights WHERE note_id = ? AND status = 'suggested'", (note_id,)
            )]
            self.conn.execute(
                "UPDATE highlights SET status = 'accepted', reviewer = ?, updated_at = ? "
                "WHERE note_id = ? AND status = 'suggested'",
                (reviewer, now_iso(), note_id),
            )
        return ids

    @_guarded
    def delete_highlight(self, highlight_id: str) -> None:
        with self._write():
            self.conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))

    @_guarded
    def edit_note_text(self, note_id: str, text: str) -> Note:
        """Change a note's text, carrying its highlights (and the decisions on them) along.

        Spans whose words are untouched move with the edit; an edited automatic span is
        dropped (re-analysis suggests it afresh); an edited manual span stretches with it.
        """
        if not text.strip():
            raise StoreError("a note cannot be empty; delete it instead")
        note = self._require_note(note_id)
        opcodes = diff_opcodes(note.text, text)
        stamp = now_iso()
        with self._write():
            self.conn.execute("UPDATE notes SET text = ?, updated_at = ? WHERE id = ?", (text, stamp, note_id))
            for h in note.highlights:
                span = remap_with(opcodes, note.text, h.start, h.end, keep_changed=h.source == "manual")
                if span is None:
                    self.conn.execute("DELETE FROM highlights WHERE id = ?", (h.id,))
                elif span != (h.start, h.end) or text[span[0]:span[1]] != h.text:
                    self.conn.execute(
                        'UPDATE highlights SET start = ?, "end" = ?, text = ?, updated_at = ? WHERE id = ?',
                        (span[0], span[1], text[span[0]:span[1]], stamp, h.id),
                    )
        return self._require_note(note_id)

    @_guarded
    def restore_note_text(self, note_id: str, text: str, highlights: Iterable[Highlight]) -> Note:
        """Put a note back exactly as it was (text and every highlight): undo of an edit."""
        stamp = now_iso()
        with self._write():
            self.conn.execute("UPDATE notes SET text = ?, updated_at = ? WHERE id = ?", (text, stamp, note_id))
            self.conn.execute("DELETE FROM highlights WHERE note_id = ?", (note_id,))
            rows = [_highlight_row(h, note_id, stamp) for h in highlights]
            if rows:
                self.db["highlights"].insert_all(rows)
        return self._require_note(note_id)

    @_guarded
    def revise_note(self, note_id: str, text: str, *, kind: str, speaker: str, tags: Iterable[str]) -> Note:
        """The live screen's edit of a note in one commit: text (highlights carried), kind, speaker, tags."""
        with self._write():
            self.edit_note_text(note_id, text)
            self.conn.execute(
                "UPDATE notes SET kind = ?, speaker = ? WHERE id = ?", (kind, speaker, note_id)
            )
            self.conn.execute("DELETE FROM note_tags WHERE note_id = ?", (note_id,))
            for name in _unique_names(tags):
                attach_tag(self.conn, note_id, name)
        return self._require_note(note_id)
