"""A yes/no question in a modal: y/enter confirms, n/escape cancels; r takes the offered other way, if any."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

T = TypeVar("T")


class AnswerScreen(ModalScreen[T]):
    """A question answered by a key (``answer(value)`` bindings) or by a button: ``ANSWERS`` maps
    each button's id to the value the screen dismisses with; ``FOCUS`` is the button focused first."""

    ANSWERS: ClassVar[dict[str, object]] = {}
    FOCUS: ClassVar[str] = ""

    def on_mount(self) -> None:
        self.query_one(self.FOCUS, Button).focus()

    def action_answer(self, value: T) -> None:
        self.dismiss(value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in self.ANSWERS:
            self.dismiss(self.ANSWERS[event.button.id])


class ConfirmScreen(AnswerScreen[bool | str]):
    """Dismisses with True (y), False (n) or, when ``also_label`` is given, "also" (r)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
        Binding("r", "answer('also')", "Other choice", show=False),
    ]
    ANSWERS = {"confirm-yes": True, "confirm-also": "also", "confirm-no": False}
    FOCUS = "#confirm-no"

    def __init__(self, question: str, *, confirm_label: str = "Yes", cancel_label: str = "Cancel",
                 also_label: str = "") -> None:
        super().__init__()
        self._question = question
        self._confirm_label = confirm_label
        self._cancel_label = cancel_label
        self._also_label = also_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="-three" if self._also_label else ""):
            yield Static(self._question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                if self._also_label:
                    yield Button(f"{self._also_label} (r)", variant="primary", id="confirm-also")
                yield Button(f"{self._confirm_label} (y)", variant="error", id="confirm-yes")
                yield Button(f"{self._cancel_label} (n)", id="confirm-no")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters == ("also",):
            return bool(self._also_label)
        return True
