"""A yes/no question in a modal: y/enter confirms, n/escape cancels; r takes the offered other way, if any."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool | str]):
    """Dismisses with True (y), False (n) or, when ``also_label`` is given, "also" (r)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
        Binding("r", "answer('also')", "Other choice", show=False),
    ]

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

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-also")
    def _also(self) -> None:
        self.dismiss("also")

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
