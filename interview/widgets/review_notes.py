"""The review screen's list of notes, grouped under the guide's sections and questions.

A ``RowScrollView``, like the live screen's note log: opening a 300-note session must
paint in one frame. Every row's height is counted from its plain text at the current
width (the same word breaks rich makes, without building any styled text), so the
scrollbar and the cursor are exact; only the rows drawn are rendered. The list owns
moving between notes (j/k) and between the highlights of a note (tab); the screen owns
what happens to them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import ClassVar, Hashable, NamedTuple

from rich.control import strip_control_codes
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from interview.models import Guide, Highlight, Note
from interview.timefmt import mmss
from interview.note_filter import NoteFilter, arrange_notes
from interview.widgets.highlight_text import highlighted_text
from interview.widgets.line_count import wrapped_lines
from interview.widgets.row_scroll import RowScrollView

SPEAKER_MARK = {"participant": ("P", "bold green"), "interviewer": ("I", "bold blue"), "observer": ("O", "bold")}
NO_NOTES = "This session has no notes."
NO_MATCH = "No note matches this filter."


class _Row(NamedTuple):
    kind: str  # "section", "question" or "note"
    key: str  # the heading's text, or the note's id


def _prefix(note: Note) -> str:
    """Time, speaker mark and star: what ``prompt_for`` puts before the note's text."""
    mark = SPEAKER_MARK.get(note.speaker, ("?", ""))[0]
    return f"{mmss(note.offset_seconds)} {mark}{' ★ ' if note.starred else '   '}"


class NoteList(RowScrollView, can_focus=True):
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
        of its plain text, which ``count_lines`` works out without building this.
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
        self.reset_rows(len(rows))
        self.show_wanted_lines()
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
            self.redraw_row(self._note_rows[position])
        self.post_message(self.Moved())

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
            self._redraw(position)
            self.post_message(self.Moved())
        self.show_wanted_lines()

    def _redraw(self, position: int | None) -> None:
        """Draw one note's lines again (the cursor came or went, or its highlight pick changed)."""
        self.refresh_row(None if position is None else self._note_rows[position])

    def lines_to_show(self) -> tuple[int, int] | None:
        """The cursor's note, with the headings right above it when they fit."""
        if self._cursor is None:
            return None
        row = self._note_rows[self._cursor]
        end, room = self.row_start(row) + self.row_height(row), self.scrollable_content_region.height
        top = row
        while top > 0 and self._rows[top - 1].kind != "note" and end - self.row_start(top - 1) <= room:
            top -= 1
        start = self.row_start(top) + (1 if self._rows[top].kind == "section" and top > 0 else 0)  # not its blank line
        return start, end

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
        line = self.row_start(self._note_rows[self._cursor]) + direction * max(1, self.scrollable_content_region.height)
        row = self.row_at(min(max(line, 0), self.total_lines - 1)) or 0
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
        if offset is None or not self._rows or not self.measured:
            return
        row = self.row_at(self.scroll_offset.y + offset.y)
        if row is not None and self._rows[row].kind == "note":
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

    def count_lines(self, row: int, width: int) -> int:
        """Lines a row takes at ``width``: rich's own line breaking, run on the plain text."""
        lines = 1 if self._rows[row].kind == "section" and row > 0 else 0  # the blank line above a section
        return lines + wrapped_lines(self._plain(row), width, self.app.console)

    # ------------------------------------------------------------------ rendering

    def line_styles(self) -> dict[str, Style]:
        styles = {name: self.get_visual_style(f"note-list--{name}").rich_style
                  for name in ("cursor", "section", "question", "empty")}
        styles[""] = self.get_visual_style().rich_style
        return styles

    def row_state(self, row: int) -> Hashable:
        """The cursor's note is drawn in the cursor colour, with its picked highlight."""
        if self._cursor is not None and row == self._note_rows[self._cursor]:
            return ("cursor", self.highlight_index)
        return None

    def render_row(self, row: int, width: int) -> list[Strip]:
        styles = self._line_styles or self.line_styles()
        kind, key = self._rows[row]
        strips = []
        if kind == "note":
            cursor = self.row_state(row) is not None
            style = styles["cursor" if cursor else ""]
            text = self.prompt_for(self.notes[key], self.focused_highlight if cursor else None)
        else:
            style = styles[kind]
            text = Text(key if kind == "section" else f"  {key}")
            if kind == "section" and row > 0:
                strips.append(Strip.blank(width, style))
        console = self.app.console
        lines = console.render_lines(text, console.options.update_width(width), style=style, pad=True)
        strips.extend(Strip(line, width) for line in lines)
        return strips

    def empty_message(self) -> str:
        return NO_MATCH if self.notes else NO_NOTES

    def empty_line(self, width: int) -> Strip:
        text = Text(self.empty_message(), no_wrap=True, overflow="ellipsis")
        console = self.app.console
        style = (self._line_styles or self.line_styles())["empty"]
        return Strip(console.render_lines(text, console.options.update_width(width), style=style)[0], width)
