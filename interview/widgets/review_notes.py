"""The review screen's list of notes, grouped under the guide's sections and questions.

A line-API scroll view, like the live screen's note log: opening a 300-note session
must paint in one frame. Every row's height is counted from its plain text at the
current width (the same word breaks rich makes, without building any styled text), so
the scrollbar and the cursor are exact; only the rows drawn are rendered, and their
strips are kept in a small LRU cache. The list owns moving between notes (j/k) and
between the highlights of a note (tab); the screen owns what happens to them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import ClassVar, NamedTuple

from rich.control import strip_control_codes
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from interview.models import Guide, Highlight, Note
from interview.timefmt import mmss
from interview.note_filter import NoteFilter, arrange_notes
from interview.widgets.highlight_text import highlighted_text
from interview.widgets.line_count import wrapped_lines
from interview.widgets.row_lines import RowLines

SPEAKER_MARK = {"participant": ("P", "bold green"), "interviewer": ("I", "bold blue"), "observer": ("O", "bold")}
KEPT_RENDERED = 200  # rows whose strips stay cached: several screens' worth at any height
NO_NOTES = "This session has no notes."
NO_MATCH = "No note matches this filter."


class _Row(NamedTuple):
    kind: str  # "section", "question" or "note"
    key: str  # the heading's text, or the note's id


def _prefix(note: Note) -> str:
    """Time, speaker mark and star: what ``prompt_for`` puts before the note's text."""
    mark = SPEAKER_MARK.get(note.speaker, ("?", ""))[0]
    return f"{mmss(note.offset_seconds)} {mark}{' ★ ' if note.starred else '   '}"


class NoteList(ScrollView, can_focus=True):
    """Section and question headings, each followed by its notes; the cursor rests on notes only."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next note", show=False),
        Binding("up,k", "cursor_up", "Previous note", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "First note", show=False),
        Binding("end", "last", "Last note", show=False),
        Binding("tab", "next_highlight", "Next highlight", key_display="tab"),
        Binding("shift+tab", "previous_highlight", "Previous highlight", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "note-list--section", "note-list--question", "note-list--cursor", "note-list--empty"}
    DEFAULT_CSS = """
    NoteList {
        background: $surface;
        color: $foreground;
        padding: 0 1;
        overflow-x: hidden;
        & > .note-list--section { color: $text-disabled; text-style: bold; }
        & > .note-list--question { color: cyan; text-style: italic; }
        & > .note-list--empty { color: $text-muted; text-style: italic; }
        & > .note-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .note-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    class Moved(Message):
        """The focused note or highlight changed; the detail line follows."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: dict[str, Note] = {}
        self.guide: Guide | None = None
        self.note_filter = NoteFilter()
        self.show_rejected = False
        self.highlight_index: int | None = None
        self._rows: list[_Row] = []
        self._note_rows: list[int] = []  # row indices of the notes, ascending
        self._row_of: dict[str, int] = {}  # note id -> row index
        self._cursor: int | None = None  # index into _note_rows
        self._width = 0  # the width rows were measured at; 0: not yet
        self._heights: list[int] = []
        self._row_lines = RowLines()  # where each row starts, from its height
        self._rendered: LRUCache[int, list[Strip]] = LRUCache(KEPT_RENDERED)  # by row, without the cursor
        self._cursor_render: tuple[tuple[int, int | None], list[Strip]] | None = None
        self._styles: dict[str, Style] = {}  # by component, as of the last render
        self._scroll_pending = False

    # ------------------------------------------------------------------ content

    def load(self, notes: list[Note], guide: Guide | None, *, focus_note: str | None = None) -> None:
        """Show a session's notes under its guide's headings; cheap until the list knows its width."""
        self.notes = {n.id: n for n in notes}
        self.guide = guide
        self.rebuild(focus_note=focus_note)

    def visible_highlights(self, note: Note) -> list[Highlight]:
        """The highlights drawn and cycled through: rejected ones only while they are shown."""
        return [h for h in note.highlights if self.show_rejected or h.status != "rejected"]

    def prompt_for(self, note: Note, focused: Highlight | None = None) -> Text:
        """Time, speaker and star, then the note with its highlights drawn in, then its tags.

        One Text wrapped as a whole (no hanging indent), so its height is the line count
        of its plain text, which ``_count`` works out without building this.
        """
        mark, style = SPEAKER_MARK.get(note.speaker, ("?", "bold"))
        line = Text(f"{mmss(note.offset_seconds)} ", style="dim")
        line.append(mark, style=style)
        line.append(" ★ " if note.starred else "   ", style="bold yellow")
        body = highlighted_text(note.text, note.highlights, show_rejected=self.show_rejected)
        if focused is not None:
            body.stylize("bold reverse", max(0, focused.start), min(len(note.text), focused.end))
        line.append_text(body)
        for name in note.tags:
            line.append(f"  #{name}", style="magenta")
        return line

    def rebuild(self, *, focus_note: str | None = None) -> None:
        """Lay the rows out afresh (after a load, a filter or a toggle); the cursor stays on the same note."""
        keep = focus_note or self.current_note_id
        rows: list[_Row] = []
        visible = [n for n in self.notes.values() if self.note_filter.matches(n)]
        last_section = None
        for section, question, group in arrange_notes(visible, self.guide, self.note_filter):
            if section != last_section:
                rows.append(_Row("section", section or ""))
                last_section = section
            if question:
                rows.append(_Row("question", question))
            rows.extend(_Row("note", n.id) for n in group)
        self._rows = rows
        self._note_rows = [i for i, row in enumerate(rows) if row.kind == "note"]
        self._row_of = {rows[i].key: n for n, i in enumerate(self._note_rows)}
        self._cursor = self._row_of.get(keep or "", 0) if self._note_rows else None
        self.highlight_index = None
        self._forget_all()
        width = self.scrollable_content_region.width if self.is_mounted else 0
        if width > 0:
            self._measure(width)
        else:  # not laid out yet: one line a row is a lower bound; render_lines measures
            self._width = 0
            self._layout([1 + (row.kind == "section" and i > 0) for i, row in enumerate(rows)])
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Moved())

    def update_note(self, note: Note) -> None:
        """Re-draw one note after a change to it (a decision, a tag, an edit); only it is measured again."""
        focused = self.focused_highlight if note.id == self.current_note_id else None
        self.notes[note.id] = note
        if focused is not None:  # keep the same highlight picked while it is still shown
            shown = [h.id for h in self.visible_highlights(note)]
            self.highlight_index = shown.index(focused.id) if focused.id in shown else None
        position = self._row_of.get(note.id)
        if position is not None:
            row = self._note_rows[position]
            self._rendered.discard(row)
            self._cursor_render = None
            height = self._count(row) if self._width else self._heights[row]
            if height != self._heights[row]:  # the rows below it move: lay them out again
                self._heights[row] = height
                self._layout(self._heights)
                self.refresh()
            else:
                self._redraw(position)
        self.post_message(self.Moved())

    def rendered_text(self) -> str:
        """Every row drawn at the current width, as plain text (tests hold the heights against it)."""
        if not self._rows:
            return NO_MATCH if self.notes else NO_NOTES
        return "\n".join(strip.text.rstrip() for row in range(len(self._rows)) for strip in self._render(row, Style()))

    # ------------------------------------------------------------------ what is shown and focused

    @property
    def note_count(self) -> int:
        """How many notes the list shows (all of them, or those the filter lets through)."""
        return len(self._note_rows)

    @property
    def shown_note_ids(self) -> list[str]:
        """The ids of the notes shown, top to bottom."""
        return [self._rows[i].key for i in self._note_rows]

    @property
    def current_note_id(self) -> str | None:
        return self._rows[self._note_rows[self._cursor]].key if self._cursor is not None else None

    @property
    def current_note(self) -> Note | None:
        note_id = self.current_note_id
        return self.notes.get(note_id) if note_id else None

    @property
    def focused_highlight(self) -> Highlight | None:
        note = self.current_note
        if note is None or self.highlight_index is None:
            return None
        shown = self.visible_highlights(note)
        return shown[self.highlight_index] if self.highlight_index < len(shown) else None

    def select_note(self, note_id: str) -> bool:
        """Put the cursor on a shown note; False when the filter hides it."""
        position = self._row_of.get(note_id)
        if position is None:
            return False
        self._move_to(position)
        return True

    # ------------------------------------------------------------------ moving

    def _move_to(self, position: int) -> None:
        if position != self._cursor:
            self._redraw(self._cursor)
            self._cursor = position
            self.highlight_index = None
            self._cursor_render = None
            self._redraw(position)
            self.post_message(self.Moved())
        self._scroll_to_cursor()

    def _redraw(self, position: int | None) -> None:
        """Draw one note's lines again (the cursor came or went, or its highlight pick changed)."""
        if position is None or not self._width:
            self.refresh()
            return
        row = self._note_rows[position]
        self.refresh_lines(self._row_lines.starts[row], self._heights[row])

    def _scroll_to_cursor(self) -> None:
        """Keep the cursor's note in view, with the headings right above it when they fit."""
        if self._cursor is None:
            return
        if not self._width:
            self._scroll_pending = True
            return
        row = self._note_rows[self._cursor]
        end, room = self._row_lines.starts[row] + self._heights[row], self.scrollable_content_region.height
        top = row
        while top > 0 and self._rows[top - 1].kind != "note" and end - self._row_lines.starts[top - 1] <= room:
            top -= 1
        start = self._row_lines.starts[top] + (1 if self._rows[top].kind == "section" and top > 0 else 0)  # not its blank line
        self.scroll_to_region(Region(0, start, self._width, end - start), animate=False, force=True)

    def _step(self, step: int) -> None:
        """The next or previous note, round from the last to the first as the option list did."""
        if self._note_rows:
            self._move_to(((self._cursor or 0) + step) % len(self._note_rows))

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first(self) -> None:
        if self._note_rows:
            self._move_to(0)

    def action_last(self) -> None:
        if self._note_rows:
            self._move_to(len(self._note_rows) - 1)

    def _page(self, direction: int) -> None:
        """Move the cursor about a screenful, to the nearest note in that direction."""
        if self._cursor is None:
            return
        line = self._row_lines.starts[self._note_rows[self._cursor]] + direction * max(1, self.scrollable_content_region.height)
        row = self._row_lines.row_at(min(max(line, 0), self._row_lines.total - 1))
        if direction > 0:
            position = min(bisect_left(self._note_rows, row), len(self._note_rows) - 1)
        else:
            position = max(bisect_right(self._note_rows, row) - 1, 0)
        self._move_to(position)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def on_click(self, event: events.Click) -> None:
        """A click on a note puts the cursor there; headings cannot be picked."""
        offset = event.get_content_offset(self)
        if offset is None or not self._rows or not self._width:
            return
        line = self.scroll_offset.y + offset.y
        if line >= self._row_lines.total:
            return
        row = self._row_lines.row_at(line)
        if self._rows[row].kind == "note":
            self._move_to(self._row_of[self._rows[row].key])

    def _cycle(self, step: int) -> None:
        note = self.current_note
        if note is None:
            return
        shown = self.visible_highlights(note)
        if not shown:
            self.app.bell()
            self.notify("This note has no highlights; press h to add one.", timeout=3)
            return
        if self.highlight_index is None:
            self.highlight_index = 0 if step > 0 else len(shown) - 1
        else:
            self.highlight_index = (self.highlight_index + step) % len(shown)
        self._redraw(self._cursor)
        self.post_message(self.Moved())

    def action_next_highlight(self) -> None:
        self._cycle(1)

    def action_previous_highlight(self) -> None:
        self._cycle(-1)

    # ------------------------------------------------------------------ measuring

    def _plain(self, row: int) -> str:
        """A row's text as rich will wrap it (styles never change where lines break)."""
        kind, key = self._rows[row]
        if kind == "note":
            note = self.notes[key]
            text = _prefix(note) + note.text + "".join(f"  #{name}" for name in note.tags)
        else:
            text = key if kind == "section" else f"  {key}"
        return strip_control_codes(text)

    def _count(self, row: int) -> int:
        """Lines a row takes at the measured width: rich's own line breaking, run on the plain text."""
        lines = 1 if self._rows[row].kind == "section" and row > 0 else 0  # the blank line above a section
        return lines + wrapped_lines(self._plain(row), self._width, self.app.console)

    def _measure(self, width: int) -> None:
        """Count every row's lines at this width; the cursor stays in view (a resize moves it)."""
        resized = self._width > 0
        self._width = width
        self._forget_all()
        self._layout([self._count(row) for row in range(len(self._rows))])
        if self._scroll_pending or resized:
            self._scroll_pending = False
            self._scroll_to_cursor()

    def _layout(self, heights: list[int]) -> None:
        self._heights = heights
        total = self._row_lines.lay_out(heights)
        self.virtual_size = Size(self._width, total if self._rows else 1)

    def _forget_all(self) -> None:
        self._rendered.clear()
        self._cursor_render = None

    def on_resize(self) -> None:
        """The detail under the list grew (a note with more highlights): the cursor's note stays whole.

        A width change is handled where rows are measured again (``render_lines``).
        """
        if self._width and self.scrollable_content_region.width == self._width:
            self._scroll_to_cursor()

    # ------------------------------------------------------------------ rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.scrollable_content_region.width
        if width > 0 and width != self._width:  # first frame, or a resize: count every row afresh
            self._measure(width)
        styles = {name: self.get_visual_style(f"note-list--{name}").rich_style
                  for name in ("cursor", "section", "question", "empty")}
        styles[""] = self.get_visual_style().rich_style
        if styles != self._styles:  # focus or theme changed: every strip carries the old colours
            self._styles = styles
            self._forget_all()
        return super().render_lines(crop)

    def _render(self, row: int, style: Style, focused: Highlight | None = None) -> list[Strip]:
        width = self._width
        kind, key = self._rows[row]
        strips = []
        if kind == "note":
            text = self.prompt_for(self.notes[key], focused)
        else:
            style = self._styles.get(kind, style)
            text = Text(key if kind == "section" else f"  {key}")
            if kind == "section" and row > 0:
                strips.append(Strip.blank(width, style))
        console = self.app.console
        lines = console.render_lines(text, console.options.update_width(width), style=style, pad=True)
        strips.extend(Strip(line, width) for line in lines)
        return strips

    def _strips(self, row: int) -> list[Strip]:
        if self._cursor is not None and row == self._note_rows[self._cursor]:
            key = (row, self.highlight_index)
            if self._cursor_render is None or self._cursor_render[0] != key:
                self._cursor_render = (key, self._render(row, self._styles["cursor"], self.focused_highlight))
            return self._cursor_render[1]
        strips = self._rendered.get(row)
        if strips is None:
            strips = self._render(row, self._styles[""])
            self._rendered.set(row, strips)
        return strips

    def render_line(self, y: int) -> Strip:
        width = self._width  # render_lines has just measured at the current width
        line = self.scroll_offset.y + y
        if not self._rows:
            if line != 0:
                return Strip.blank(width, self._styles[""])
            text = Text(NO_MATCH if self.notes else NO_NOTES, no_wrap=True, overflow="ellipsis")
            console = self.app.console
            options = console.options.update_width(width)
            return Strip(console.render_lines(text, options, style=self._styles["empty"])[0], width)
        if not self._width or line >= self._row_lines.total:
            return Strip.blank(width, self._styles[""])
        return self._row_lines.strip_at(line, self._strips)
