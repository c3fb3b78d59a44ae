"""Adding a highlight by hand: select words in the note, then pick a label (and emotion kind)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from interview.labels import LABEL_COLORS, LABEL_NAMES
from interview.models import EMOTION_KINDS, HIGHLIGHT_LABELS, Highlight


def label_choices() -> list[tuple[str, str | None, str]]:
    """(label, kind, shown text): emotion is offered once per kind, so one pick sets both."""
    choices: list[tuple[str, str | None, str]] = []
    for label in HIGHLIGHT_LABELS:
        if label == "emotion":
            choices += [(label, kind, f"Emotion · {kind}") for kind in EMOTION_KINDS]
        else:
            choices.append((label, None, LABEL_NAMES[label]))
    return choices


class HighlightScreen(ModalScreen[Highlight | None]):
    """Dismisses with the new (unsaved) highlight, or None when cancelled."""

    BINDINGS = [
        Binding("enter", "choose_label", "Choose label", priority=False),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text
        self._span: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="review-highlight-box"):
            yield Static(
                "[b]Select the words[/b] with shift+arrows (ctrl+shift+arrows by word) or the mouse, then press "
                "[b]enter[/b] and pick a label.",
                id="review-highlight-help",
            )
            yield TextArea(self._text, read_only=True, show_cursor=True, soft_wrap=True, id="review-highlight-text")
            yield Static("", id="review-highlight-selection")
            options = [
                Option(Text.assemble(("  ", f"on {LABEL_COLORS[label]}"), f" {shown}"), id=f"{label}:{kind or ''}")
                for label, kind, shown in label_choices()
            ]
            yield OptionList(*options, id="review-highlight-labels")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def selected_span(self) -> tuple[int, int] | None:
        area = self.query_one(TextArea)
        start, end = sorted(area.selection)
        first = area.document.get_index_from_location(start)
        last = area.document.get_index_from_location(end)
        # Trim spaces the selection took along; a highlight starts and ends on a word.
        while first < last and self._text[first].isspace():
            first += 1
        while last > first and self._text[last - 1].isspace():
            last -= 1
        return (first, last) if first < last else None

    @on(TextArea.SelectionChanged)
    def _selection_changed(self) -> None:
        span = self.selected_span()
        shown = f"“{self._text[span[0]:span[1]]}”" if span else "[dim]nothing selected yet[/]"
        self.query_one("#review-highlight-selection", Static).update(f"Selected: {shown}")

    def action_choose_label(self) -> None:
        labels = self.query_one("#review-highlight-labels", OptionList)
        if labels.has_focus:
            labels.action_select()
            return
        self._span = self.selected_span()
        if self._span is None:
            self.notify("Select some words first (shift+arrows).", severity="warning", timeout=3)
            return
        labels.highlighted = labels.highlighted or 0
        labels.focus()

    @on(OptionList.OptionSelected, "#review-highlight-labels")
    def _label_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        span = self._span or self.selected_span()
        if span is None:
            self.notify("Select some words first (shift+arrows).", severity="warning", timeout=3)
            self.query_one(TextArea).focus()
            return
        label, _, kind = (event.option.id or "").partition(":")
        start, end = span
        self.dismiss(Highlight(start=start, end=end, label=label, kind=kind or None,
                               text=self._text[start:end], source="manual", status="accepted"))
