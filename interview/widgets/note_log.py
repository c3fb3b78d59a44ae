"""The notes taken so far in this session, newest at the bottom, with highlights drawn in.

A ``RowScrollView`` (one row a note): each note's height is measured once for the current
width, so adding the 1,000th note costs the same as the first (the save-to-screen budget
is one frame), and only the notes drawn lately keep their strips (see the engine for why).
The log stays pinned to the newest note unless the interviewer scrolled up. A dim rule
names the question whenever the notes move on to a new one, so the log reads as the
interview went.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar, Hashable, Mapping

from rich.text import Text
from textual.strip import Strip

from interview.models import Note
from interview.timefmt import mmss
from interview.widgets.highlight_text import highlighted_text
from interview.widgets.row_scroll import RowScrollView

EMPTY = "No notes yet. Type below and press enter: each note is saved the moment you do."


class NoteLog(RowScrollView, can_focus=False):
    """Notes of one session; the screen tells it what changed, it never queries the store."""

    PIN_TO_END: ClassVar[bool] = True

    def __init__(self, question_labels: Mapping[str, str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels = dict(question_labels or {})
        self._notes: list[Note] = []
        self._saving: set[str] = set()  # ids of notes on screen that are not committed yet

    # ------------------------------------------------------------------ what the screen calls

    @property
    def notes(self) -> list[Note]:
        return list(self._notes)

    def set_notes(self, notes: list[Note]) -> None:
        self._notes = [n for n in notes if not n.deleted]
        self.reset_rows(len(self._notes))
        self.scroll_end(animate=False, immediate=False)

    def add_note(self, note: Note, *, saving: bool = False) -> None:
        """Append a note (``saving``: entered, not committed yet, drawn as such); only this note is rendered."""
        if saving:
            self._saving.add(note.id)
        self._notes.append(note)
        self.append_row()
        self.scroll_end(animate=False, immediate=False)

    def replace_note(self, note: Note, *, saving: bool = False) -> None:
        """Redraw a note that changed (highlights, star, edit); a deleted note leaves the log."""
        if saving:
            self._saving.add(note.id)
        else:
            self._saving.discard(note.id)
        index = self._position(note.id)
        if index is None:
            if not note.deleted:
                self.insert_note(note)
            return
        if note.deleted:
            self.remove_note(note.id)
            return
        self._notes[index] = note
        self.redraw_row(index)

    def settle(self, entered_id: str, note: Note) -> None:
        """The note entered as ``entered_id`` is committed as ``note``: draw it as saved."""
        self._saving.discard(entered_id)
        index = self._position(entered_id)
        if index is None:
            self.add_note(note)
            return
        self.forget_row(index)  # its strips are kept under the id it was entered with
        self._notes[index] = note
        self.redraw_row(index)

    @property
    def saving(self) -> int:
        """How many notes on screen are not committed yet."""
        return len(self._saving)

    def insert_note(self, note: Note) -> None:
        """Put a restored note back where it was taken."""
        keys = [(n.created_at, n.id) for n in self._notes]
        index = bisect_right(keys, (note.created_at, note.id))
        self._notes.insert(index, note)
        self.insert_row(index)  # the next note's question rule may change

    def remove_note(self, note_id: str) -> None:
        index = self._position(note_id)
        if index is None:
            return
        self.forget_row(index)
        del self._notes[index]
        self.delete_row(index)  # the next note's question rule may change

    def _position(self, note_id: str) -> int | None:
        for i in range(len(self._notes) - 1, -1, -1):
            if self._notes[i].id == note_id:
                return i
        return None

    # ------------------------------------------------------------------ how a note is drawn

    def row_key(self, row: int) -> Hashable:
        return self._notes[row].id

    def empty_message(self) -> str:
        return EMPTY

    def empty_line(self, width: int) -> Strip:
        style = self.rich_style
        return Strip(list(Text(EMPTY, style="dim italic").render(self.app.console)), width).crop_extend(0, width, style)

    def render_row(self, row: int, width: int) -> list[Strip]:
        note = self._notes[row]
        wrap = max(width, 20)
        strips: list[Strip] = []
        previous = self._notes[row - 1].question_id if row else object()
        if note.question_id != previous:
            label = self._labels.get(note.question_id or "", "no question")
            rule = Text(f"── {label} ", style="dim", no_wrap=True, overflow="ellipsis")
            rule.truncate(wrap, overflow="ellipsis")
            strips.extend(self._lines(rule, wrap))
        gutter = Text(mmss(note.offset_seconds), style="dim")
        gutter.append(" ★ " if note.starred else "   ", style="bold yellow")
        gutter_width = gutter.cell_len
        body = self._body(note)
        if note.id in self._saving:
            body.append("  saving…", style="dim italic")
        body_lines = self._lines(body, max(wrap - gutter_width, 10))
        pad = Strip.blank(gutter_width)
        first = Strip(list(gutter.render(self.app.console)), gutter_width)
        for n, line in enumerate(body_lines):
            strips.append(Strip.join([first if n == 0 else pad, line]))
        style, width = self.rich_style, width or wrap
        return [strip.crop_extend(0, width, style).apply_style(style) for strip in strips]

    @staticmethod
    def _body(note: Note) -> Text:
        text = highlighted_text(note.text, note.highlights)
        if note.kind == "quote":
            text = Text.assemble("“", text, "”", style="italic")
        elif note.kind == "observation":
            text = Text.assemble(("observed ", "dim"), text, style="italic")
        if note.speaker == "interviewer":
            text = Text.assemble(("I: ", "bold cyan"), text)
        for tag in note.tags:
            text.append(f" #{tag}", style="magenta")
        return text

    def _lines(self, text: Text, width: int) -> list[Strip]:
        console = self.app.console
        options = console.options.update_width(width)
        lines = console.render_lines(text, options, pad=True)
        return [Strip(line, width) for line in lines] or [Strip.blank(width)]
