"""The notes taken so far in this session, newest at the bottom, with highlights drawn in.

A line-API scroll view: each note's height is measured once for the current width, so
adding the 1,000th note costs the same as the first (the save-to-screen budget is one
frame). Only the notes drawn lately keep their rendered strips: every strip carries its
own small caches, and keeping all of them made each full garbage collection walk
hundreds of thousands of objects while the interviewer typed. A dim rule names the
question whenever the notes move on to a new one, so the log reads as the interview went.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Mapping

from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from interview.models import Note
from interview.timefmt import mmss
from interview.widgets.highlight_text import highlighted_text
from interview.widgets.row_lines import RowLines

EMPTY = "No notes yet. Type below and press enter: each note is saved the moment you do."
KEPT_RENDERED = 200  # notes whose strips stay cached: several screens' worth at any height


class NoteLog(ScrollView, can_focus=False):
    """Notes of one session; the screen tells it what changed, it never queries the store."""

    def __init__(self, question_labels: Mapping[str, str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels = dict(question_labels or {})
        self._notes: list[Note] = []
        self._heights: list[int | None] = []  # lines per note at the current width; None: not measured
        self._rendered: LRUCache[str, list[Strip]] = LRUCache(KEPT_RENDERED)  # by note id
        self._row_lines = RowLines()  # where each note starts, from its height
        self._width = 0
        self._saving: set[str] = set()  # ids of notes on screen that are not committed yet

    def on_mount(self) -> None:
        # Anchored: every layout (a note wrapping, the tip or outline appearing, the note box
        # growing, a resize) keeps the newest note in view; Textual releases the anchor when the
        # reader scrolls up on purpose and restores it when they scroll back to the bottom.
        self.anchor()

    # ------------------------------------------------------------------ what the screen calls

    @property
    def notes(self) -> list[Note]:
        return list(self._notes)

    def set_notes(self, notes: list[Note]) -> None:
        self._notes = [n for n in notes if not n.deleted]
        self._heights = [None] * len(self._notes)
        self._rendered.clear()
        self._relayout()
        self.scroll_end(animate=False, immediate=False)

    def add_note(self, note: Note, *, saving: bool = False) -> None:
        """Append a note (``saving``: entered, not committed yet, drawn as such); only this note is rendered."""
        if saving:
            self._saving.add(note.id)
        self._notes.append(note)
        self._heights.append(None)
        if self._width:
            self._row_lines.append(len(self._strips(len(self._notes) - 1)))
            self.virtual_size = Size(self._width, self._row_lines.total)
        else:
            self._row_lines.append(0)
        self.refresh()
        self.scroll_end(animate=False, immediate=False)

    def replace_note(self, note: Note, *, saving: bool = False) -> None:
        """Redraw a note that changed (highlights, star, edit); a deleted note leaves the log."""
        if saving:
            self._saving.add(note.id)
        else:
            self._saving.discard(note.id)
        index = self._index(note.id)
        if index is None:
            if not note.deleted:
                self.insert_note(note)
            return
        if note.deleted:
            self.remove_note(note.id)
            return
        self._notes[index] = note
        self._forget(index)
        self._relayout()

    def settle(self, entered_id: str, note: Note) -> None:
        """The note entered as ``entered_id`` is committed as ``note``: draw it as saved."""
        self._saving.discard(entered_id)
        index = self._index(entered_id)
        if index is None:
            self.add_note(note)
            return
        self._rendered.discard(entered_id)
        self._notes[index] = note
        self._forget(index)
        self._relayout()

    @property
    def saving(self) -> int:
        """How many notes on screen are not committed yet."""
        return len(self._saving)

    def insert_note(self, note: Note) -> None:
        """Put a restored note back where it was taken."""
        keys = [(n.created_at, n.id) for n in self._notes]
        index = bisect_right(keys, (note.created_at, note.id))
        self._notes.insert(index, note)
        self._heights.insert(index, None)
        self._forget(index + 1)  # its question rule may change
        self._relayout()

    def remove_note(self, note_id: str) -> None:
        index = self._index(note_id)
        if index is None:
            return
        self._rendered.discard(note_id)
        del self._notes[index]
        del self._heights[index]
        self._forget(index)  # the next note's question rule may change
        self._relayout()

    def rendered_text(self) -> str:
        """The log as plain text, as a reader sees it (tests and benchmarks read this)."""
        if not self._notes:
            return EMPTY
        lines = []
        for i in range(len(self._notes)):
            lines.extend(strip.text.rstrip() for strip in self._strips(i))
        return "\n".join(lines)

    # ------------------------------------------------------------------ layout and rendering

    def _index(self, note_id: str) -> int | None:
        for i in range(len(self._notes) - 1, -1, -1):
            if self._notes[i].id == note_id:
                return i
        return None

    def _forget(self, index: int) -> None:
        """This note must be rendered and measured afresh."""
        if index < len(self._notes):
            self._heights[index] = None
            self._rendered.discard(self._notes[index].id)

    def _relayout(self) -> None:
        if not self._width:
            total = self._row_lines.lay_out(1 for _ in self._heights)
        else:
            total = self._row_lines.lay_out(h if h is not None else len(self._strips(i)) for i, h in enumerate(self._heights))
        self.virtual_size = Size(self._width, max(total, 1))
        self.refresh()

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width and width > 0:
            self._width = width
            self._heights = [None] * len(self._notes)
            self._rendered.clear()
            at_end = self.scroll_y >= self.max_scroll_y
            self._relayout()
            if at_end:
                self.scroll_end(animate=False, immediate=False)

    def _strips(self, index: int) -> list[Strip]:
        note_id = self._notes[index].id
        strips = self._rendered.get(note_id)
        if strips is None:
            strips = self._render_note(index)
            self._rendered.set(note_id, strips)
            self._heights[index] = len(strips)
        return strips

    def _render_note(self, index: int) -> list[Strip]:
        note = self._notes[index]
        width = max(self._width, 20)
        strips: list[Strip] = []
        previous = self._notes[index - 1].question_id if index else object()
        if note.question_id != previous:
            label = self._labels.get(note.question_id or "", "no question")
            rule = Text(f"── {label} ", style="dim", no_wrap=True, overflow="ellipsis")
            rule.truncate(width, overflow="ellipsis")
            strips.extend(self._lines(rule, width))
        gutter = Text(mmss(note.offset_seconds), style="dim")
        gutter.append(" ★ " if note.starred else "   ", style="bold yellow")
        gutter_width = gutter.cell_len
        body = self._body(note)
        if note.id in self._saving:
            body.append("  saving…", style="dim italic")
        body_lines = self._lines(body, max(width - gutter_width, 10))
        pad = Strip.blank(gutter_width)
        first = Strip(list(gutter.render(self.app.console)), gutter_width)
        for n, line in enumerate(body_lines):
            strips.append(Strip.join([first if n == 0 else pad, line]))
        return strips

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

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        line_no = scroll_y + y
        if not self._notes or not self._width:
            if line_no == 0 and not self._notes:
                return Strip(list(Text(EMPTY, style="dim italic").render(self.app.console)), width).crop_extend(
                    0, width, self.rich_style
                )
            return Strip.blank(width, self.rich_style)
        if line_no >= self._row_lines.total:
            return Strip.blank(width, self.rich_style)
        line = self._row_lines.strip_at(line_no, self._strips)
        return line.crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_style(self.rich_style)

