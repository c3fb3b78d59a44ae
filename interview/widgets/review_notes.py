"""The review screen's list of notes, grouped under the guide's sections and questions.

An OptionList renders only the lines in view, so a 300-note session opens at once.
The list owns moving between notes (j/k) and between the highlights of a note (tab);
the screen owns what happens to them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from interview.models import Guide, Highlight, Note
from interview.timefmt import mmss
from interview.widgets.highlight_text import highlighted_text

SPEAKER_MARK = {"participant": ("P", "bold green"), "interviewer": ("I", "bold blue"), "observer": ("O", "bold")}


@dataclass(frozen=True)
class NoteFilter:
    """Which notes the review shows; highlight conditions apply to one and the same highlight."""

    label: str = ""
    kind: str = ""
    status: str = ""
    tag: str = ""
    speaker: str = ""
    starred: bool = False

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def matches(self, note: Note) -> bool:
        if self.starred and not note.starred:
            return False
        if self.speaker and note.speaker != self.speaker:
            return False
        if self.tag and self.tag.lower() not in (t.lower() for t in note.tags):
            return False
        if self.label or self.kind or self.status:
            return any(
                (not self.label or h.label == self.label)
                and (not self.kind or h.kind == self.kind)
                and (h.status == self.status if self.status else h.status != "rejected")
                for h in note.highlights
            )
        return True

    def describe(self) -> str:
        parts = [f"{f.name}: {getattr(self, f.name)}" for f in fields(self) if getattr(self, f.name) and f.name != "starred"]
        if self.starred:
            parts.append("starred")
        return " · ".join(parts)


def _groups(notes: list[Note], guide: Guide | None) -> list[tuple[str | None, str | None, list[Note]]]:
    """(section title, question text, notes) in guide order; notes off the guide come last."""
    by_question: dict[str | None, list[Note]] = {}
    for note in notes:
        by_question.setdefault(note.question_id, []).append(note)
    groups: list[tuple[str | None, str | None, list[Note]]] = []
    placed: set[str | None] = set()
    if guide is not None:
        for section, question in guide.questions():
            if question.id in by_question:
                groups.append((section.title, question.text, by_question[question.id]))
                placed.add(question.id)
    rest = [n for qid, group in by_question.items() if qid not in placed for n in group]
    if rest:
        groups.append(("Other notes", None, sorted(rest, key=lambda n: n.offset_seconds)))
    return groups


class NoteList(OptionList):
    """Notes as options (id = note id); section and question headings are disabled options."""

    BINDINGS = [
        Binding("j", "cursor_down", "Next note", show=False),
        Binding("k", "cursor_up", "Previous note", show=False),
        Binding("tab", "next_highlight", "Next highlight", key_display="tab"),
        Binding("shift+tab", "previous_highlight", "Previous highlight", show=False),
    ]

    class Moved(Message):
        """The focused note or highlight changed; the detail line follows."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: dict[str, Note] = {}
        self.guide: Guide | None = None
        self.note_filter = NoteFilter()
        self.show_rejected = False
        self.highlight_index: int | None = None
        self._shown_note: str | None = None

    # ------------------------------------------------------------------ content

    def load(self, notes: list[Note], guide: Guide | None, *, focus_note: str | None = None) -> None:
        self.notes = {n.id: n for n in notes}
        self.guide = guide
        self.rebuild(focus_note=focus_note)

    def visible_highlights(self, note: Note) -> list[Highlight]:
        return [h for h in note.highlights if self.show_rejected or h.status != "rejected"]

    def prompt_for(self, note: Note, focused: Highlight | None = None) -> Text:
        """Time, speaker and star, then the note with its highlights drawn in, then its tags.

        Plain Text, not a table with a hanging indent: measuring 300 tables costs ~6x more,
        and the list measures every note to know its height.
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
        """Re-draw every option (after a filter or toggle); keeps the cursor on the same note."""
        keep = focus_note or self.current_note_id
        options: list[Option] = []
        visible = [n for n in self.notes.values() if self.note_filter.matches(n)]
        last_section = None
        for section, question, group in _groups(visible, self.guide):
            if section != last_section:
                top = "\n" if options else ""
                options.append(Option(Text(f"{top}{section or ''}", style="bold"), disabled=True))
                last_section = section
            if question:
                options.append(Option(Text(f"  {question}", style="italic cyan"), disabled=True))
            options.extend(Option(self.prompt_for(n), id=n.id) for n in group)
        self.set_options(options)
        self.highlight_index = None
        self._shown_note = None
        ids = [o.id for o in options if o.id]
        if ids:
            self.highlighted = self.get_option_index(keep if keep in ids else ids[0])
        self.post_message(self.Moved())

    def update_note(self, note: Note) -> None:
        """Re-draw one note after a change to it (a decision, a tag, an edit)."""
        self.notes[note.id] = note
        focused = self.focused_highlight if note.id == self.current_note_id else None
        if focused is not None:
            focused = next((h for h in note.highlights if h.id == focused.id), None)
            if focused is None:
                self.highlight_index = None
        try:
            self.replace_option_prompt(note.id, self.prompt_for(note, focused))
        except Exception:  # filtered out of view: nothing to redraw
            pass
        self.post_message(self.Moved())

    def _replace_option_prompt(self, index: int, prompt) -> None:
        """Redraw one note without re-measuring all of them when its height is unchanged.

        OptionList re-measures every option after any prompt change (~30 ms for 300
        notes); a decision rarely changes a note's height, so only that case pays.
        """
        option = self.get_option_at_index(index)
        old_height = self._line_cache.heights.get(index)
        option._set_prompt(prompt)
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        padding = self.get_component_styles("option-list--option").padding
        height = self._get_visual(option).get_height(self.styles, width - padding.width) + option._divider
        if old_height is None or height != old_height:
            self._clear_caches()
            return
        self._option_render_cache.clear()
        self.refresh()

    # ------------------------------------------------------------------ what is focused

    @property
    def current_note_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

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

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self._shown_note and self._shown_note in self.notes and self._shown_note != self.current_note_id:
            # Leaving a note: draw it again without the focused-highlight mark.
            self._redraw(self._shown_note, None)
        if self._shown_note != self.current_note_id:
            self.highlight_index = None
            self._shown_note = self.current_note_id
        self.post_message(self.Moved())

    def _redraw(self, note_id: str, focused: Highlight | None) -> None:
        try:
            self.replace_option_prompt(note_id, self.prompt_for(self.notes[note_id], focused))
        except Exception:
            pass

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
        self._redraw(note.id, shown[self.highlight_index])
        self.post_message(self.Moved())

    def action_next_highlight(self) -> None:
        self._cycle(1)

    def action_previous_highlight(self) -> None:
        self._cycle(-1)
