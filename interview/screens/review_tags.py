"""Tagging one note: type-ahead over the tags already used, enter adds or removes, ctrl+s saves."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from interview.models import Tag


class TagNoteScreen(ModalScreen[list[str] | None]):
    """Dismisses with the note's new tag list, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "to_list", "Existing tags", show=False),
    ]

    def __init__(self, current: list[str], known: list[Tag]) -> None:
        super().__init__()
        self._tags = list(current)
        self._known = known

    def compose(self) -> ComposeResult:
        with Vertical(id="review-tags-box"):
            yield Static(
                "Type a tag and press [b]enter[/b] to add it (or remove it if the note has it); "
                "→ completes; ↓ picks from existing tags. [b]enter[/b] on an empty box or ctrl+s saves.",
                id="review-tags-help",
            )
            yield Input(
                placeholder="tag name", id="review-tags-input",
                suggester=SuggestFromList([t.name for t in self._known], case_sensitive=False),
            )
            yield Static("", id="review-tags-current")
            yield OptionList(id="review-tags-known")

    def on_mount(self) -> None:
        self._refresh()
        self.query_one(Input).focus()

    def _has(self, name: str) -> bool:
        return name.lower() in (t.lower() for t in self._tags)

    def _refresh(self) -> None:
        chips = Text("This note: ", style="bold")
        for name in self._tags:
            chips.append(f"#{name}  ", style="magenta")
        if not self._tags:
            chips.append("no tags", style="dim")
        self.query_one("#review-tags-current", Static).update(chips)
        typed = self.query_one(Input).value.strip().lstrip("#").lower()
        listing = self.query_one("#review-tags-known", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        for tag in self._known:
            if typed and typed not in tag.name.lower():
                continue
            line = Text("✓ " if self._has(tag.name) else "  ", style="green")
            line.append(f"#{tag.name}", style=tag.color or "magenta")
            line.append(f"  {tag.note_count} note{'s' if tag.note_count != 1 else ''}", style="dim")
            listing.add_option(Option(line, id=tag.name))
        if listing.option_count:
            listing.highlighted = min(keep or 0, listing.option_count - 1)

    def toggle(self, name: str) -> None:
        name = name.strip().lstrip("#").strip()
        if not name:
            return
        if self._has(name):
            self._tags = [t for t in self._tags if t.lower() != name.lower()]
        else:
            known = next((t.name for t in self._known if t.name.lower() == name.lower()), name)
            self._tags.append(known)
        self._refresh()

    @on(Input.Changed, "#review-tags-input")
    def _typed(self) -> None:
        self._refresh()

    @on(Input.Submitted, "#review-tags-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.action_save()
            return
        self.toggle(event.value)
        event.input.value = ""

    @on(OptionList.OptionSelected, "#review-tags-known")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.toggle(event.option.id or "")

    def action_to_list(self) -> None:
        listing = self.query_one("#review-tags-known", OptionList)
        if listing.option_count and not listing.has_focus:
            listing.focus()

    def action_save(self) -> None:
        self.dismiss(self._tags)
