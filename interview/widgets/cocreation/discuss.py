"""Discussion (and wrap-up): the activity's questions, the notes taken under them, a note box.

Notes use the interview shorthand ("quote, !observation, i: you, #tag) and, as for
ideas, a leading ``2:`` says participant 2 said it. ctrl+down / ctrl+up move the
current question; new notes go under it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from interview.cocreation import initials
from interview.models import Note, Section
from interview.widgets.line_input import LineInput
from interview.widgets.note_log import NoteLog

class WorkshopNoteLog(NoteLog):
    """The interview note log, with who said each note (initials) since a workshop has many voices."""

    names: dict[str, str] = {}

    def _body(self, note: Note) -> Text:  # type: ignore[override]
        text = NoteLog._body(note)
        who = initials(self.names.get(note.participant_id or "", ""))
        return Text.assemble((f"{who}: ", "bold green"), text) if who else text


PLACEHOLDER = 'Type a note, enter saves.   2: said by participant 2   "quote   !observed   i: you   #tag'


class DiscussView(Vertical):
    BINDINGS = [
        Binding("ctrl+down", "question(1)", "Next question", key_display="^↓", priority=True),
        Binding("ctrl+up", "question(-1)", "Previous question", key_display="^↑", show=False, priority=True),
    ]

    class Submitted(Message):
        def __init__(self, raw: str, question_id: str | None) -> None:
            super().__init__()
            self.raw, self.question_id = raw, question_id

    def __init__(self, section: Section, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.section = section
        self.current = 0

    def compose(self) -> ComposeResult:
        yield Static("", id=f"{self.id}-summary", classes="cc-summary")
        yield Static("", id=f"{self.id}-questions", classes="cc-questions")
        labels = {q.id: f"Q{n} {q.text}" for n, q in enumerate(self.section.questions, start=1)}
        log = WorkshopNoteLog(labels, id=f"{self.id}-log")
        log.add_class("cc-log")
        yield log
        yield LineInput(placeholder=PLACEHOLDER, id=f"{self.id}-input", classes="cc-note-input")

    def on_mount(self) -> None:
        self.query_one(".cc-summary", Static).display = False
        self._questions()

    @property
    def question_id(self) -> str | None:
        questions = self.section.questions
        return questions[self.current].id if questions else None

    def _questions(self) -> None:
        text = Text()
        questions = self.section.questions
        if not questions:
            text.append("No questions in this activity: notes are kept under it.", style="dim")
        for n, question in enumerate(questions):
            mark = "▶ " if n == self.current else "  "
            text.append(f"{mark}{question.text}\n", style="bold" if n == self.current else "dim")
            if n == self.current:
                for probe in question.probes:
                    text.append(f"     · {probe}\n", style="italic")
        text.rstrip()
        self.query_one(".cc-questions", Static).update(text)

    def show(self, notes: list[Note], names: dict[str, str], summary: Text | None = None) -> None:
        """``names``: participant id -> name, for the initials beside each note."""
        self.query_one(WorkshopNoteLog).names = names
        ids = {q.id for q in self.section.questions}
        mine = [n for n in notes if n.question_id in ids or (not ids and n.question_id == self.section.id)]
        self.query_one(NoteLog).set_notes(mine)
        box = self.query_one(".cc-summary", Static)
        box.display = summary is not None
        if summary is not None:
            box.update(summary)

    def add_note(self, note: Note) -> None:
        self.query_one(NoteLog).add_note(note)

    def give_back(self, text: str) -> None:
        """The note was not saved: back in the box, ahead of anything typed since."""
        self.query_one(LineInput).give_back(text)

    def action_question(self, step: int) -> None:
        if self.section.questions:
            self.current = max(0, min(len(self.section.questions) - 1, self.current + step))
            self._questions()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value, self.question_id or self.section.id))
