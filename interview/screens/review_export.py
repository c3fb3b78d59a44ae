"""The export dialog of review: where to write the summary, and whether the app's suggestions go in.

Straight after an interview nothing is reviewed yet, so a summary of accepted highlights
only reads "None highlighted" everywhere; the dialog says how many suggestions are open
and includes them (marked as suggested) unless the reviewer unticks the box.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static


@dataclass
class ExportChoice:
    path: str
    include_suggested: bool


def suggestions_label(unreviewed: int) -> str:
    if not unreviewed:
        return "Include suggestions (none left: every highlight is reviewed)"
    plural = "s" if unreviewed != 1 else ""
    return f"Include the {unreviewed} suggestion{plural} not yet reviewed (marked as suggested)"


class SuggestionsBox(Checkbox):
    """Space ticks it; enter exports, as everywhere in the dialog (a plain Checkbox ticks on enter too)."""

    BINDINGS = [Binding("enter", "screen.export", "Export", show=False)]


class ExportScreen(ModalScreen[ExportChoice | None]):
    """Enter exports, tab reaches the suggestions box (space ticks it), esc cancels.

    Enter is the path box's own submit, not a priority binding on the screen: a priority
    binding ran as soon as the key arrived, before the box had taken the characters typed
    just ahead of it, so a path typed and entered in one burst was lost (the summary went
    to the default file instead).
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, unreviewed: int) -> None:
        super().__init__()
        self._unreviewed = unreviewed

    def compose(self) -> ComposeResult:
        with Vertical(id="review-prompt-box"):
            yield Static("Export this session's summary to (.docx, .md or .json; empty for a file here named by "
                         "date and participant):", id="review-prompt-question")
            yield Input(placeholder="summary.docx", id="review-prompt-input")
            yield SuggestionsBox(suggestions_label(self._unreviewed), value=self._unreviewed > 0,
                           disabled=not self._unreviewed, id="review-export-suggested")
            yield Static("[dim]enter exports · tab, space: suggestions · esc cancels[/]")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        self.dismiss(ExportChoice(self.query_one(Input).value, self.query_one(Checkbox).value))
