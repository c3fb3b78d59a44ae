"""The modal that sets which notes the review shows."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Select, Static

from interview.labels import LABEL_NAMES
from interview.models import EMOTION_KINDS, HIGHLIGHT_LABELS, HIGHLIGHT_STATUSES, SPEAKERS
from interview.note_filter import ORDERS, NoteFilter


CONFIDENCE_STEPS = (0.5, 0.7, 0.9)  # the highlighter's confidences cluster in these bands


class FilterScreen(ModalScreen[NoteFilter | None]):
    """Choose filters and the order with the keyboard: tab between fields, enter to open a list, ctrl+s to apply."""

    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply"),
        Binding("ctrl+r", "clear", "Clear all"),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, current: NoteFilter, tags: list[str]) -> None:
        super().__init__()
        self._current = current
        self._tags = tags

    def compose(self) -> ComposeResult:
        c = self._current
        choices = {
            "label": [(LABEL_NAMES[x], x) for x in HIGHLIGHT_LABELS],
            "kind": [(x, x) for x in EMOTION_KINDS],
            "status": [(x, x) for x in HIGHLIGHT_STATUSES],
            "tag": [(f"#{x}", x) for x in self._tags],
            "speaker": [(x, x) for x in SPEAKERS],
        }
        with VerticalScroll(id="review-filter-box"):  # scrolls on a 24-line terminal
            yield Static("[b]Show only notes with…[/b]")
            for name, options in choices.items():
                with Horizontal(classes="review-filter-row"):
                    yield Label(name, classes="review-filter-label")
                    value = getattr(c, name)
                    known = value in {v for _, v in options}
                    yield Select(options, value=value if known else Select.NULL, prompt="any", id=f"filter-{name}")
            with Horizontal(classes="review-filter-row"):
                yield Label("confidence", classes="review-filter-label")
                options = [(f"≥ {x:g}", x) for x in CONFIDENCE_STEPS]
                known = c.min_confidence in CONFIDENCE_STEPS
                yield Select(options, value=c.min_confidence if known else Select.NULL, prompt="any",
                             id="filter-confidence")
            with Horizontal(classes="review-filter-row"):
                yield Label("sort", classes="review-filter-label")
                yield Select([(text, key) for key, text in ORDERS.items()],
                             value=c.order if c.order in ORDERS else Select.NULL, prompt="guide order",
                             id="filter-order")
            yield Checkbox("starred notes only", value=c.starred, id="filter-starred")
            with Horizontal(id="review-filter-buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="filter-apply")
                yield Button("Clear (ctrl+r)", id="filter-clear")

    def _value(self, name: str) -> str:
        value = self.query_one(f"#filter-{name}", Select).value
        return "" if value is Select.NULL else str(value)

    def action_apply(self) -> None:
        confidence = self.query_one("#filter-confidence", Select).value
        self.dismiss(NoteFilter(
            label=self._value("label"), kind=self._value("kind"), status=self._value("status"),
            tag=self._value("tag"), speaker=self._value("speaker"),
            starred=self.query_one("#filter-starred", Checkbox).value,
            min_confidence=0.0 if confidence is Select.NULL else float(confidence),
            order=self._value("order"),
        ))

    def action_clear(self) -> None:
        self.dismiss(NoteFilter())

    @on(Button.Pressed, "#filter-apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#filter-clear")
    def _clear_pressed(self) -> None:
        self.action_clear()
