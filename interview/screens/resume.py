"""After a crash: offer to go straight back into the session that was left live."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from interview.screens.confirm import AnswerScreen


def resume_question(title: str, participant: str, notes: int, draft: bool) -> str:
    """"Resume 'X' with Ana (12 notes, draft kept)?" — what is at stake, in one line."""
    facts = [f"{notes} note{'s' if notes != 1 else ''}"]
    if draft:
        facts.append("draft kept")
    who = f" with {participant}" if participant and participant not in title else ""
    return f"Resume “{title}”{who} ({', '.join(facts)})?"


class ResumeScreen(AnswerScreen[bool]):
    """y/enter resumes; n/escape stays on home (the session stays marked live there)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Resume"),
        Binding("n,escape", "answer(False)", "Not now"),
    ]
    ANSWERS = {"resume-yes": True, "resume-no": False}
    FOCUS = "#resume-yes"

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-box"):
            yield Static("[b]A session was interrupted[/b]", id="resume-heading")
            yield Static(escape(self._question), id="resume-question")
            yield Static(
                "[dim]Every note entered is saved. If you say no, it stays marked "
                "[yellow]live[/yellow] on the home screen; press enter on it later.[/dim]",
                id="resume-hint",
            )
            with Horizontal(id="resume-buttons"):
                yield Button("Resume (y)", variant="primary", id="resume-yes")
                yield Button("Not now (n)", id="resume-no")
