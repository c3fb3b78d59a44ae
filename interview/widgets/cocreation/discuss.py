"""Discussion (and wrap-up): the activity's questions, the notes taken under them, a note box.

Notes use the interview shorthand ("quote, !observation, i: you, #tag) and, as for
ideas, a leading ``2:`` says participant 2 said it. ctrl+down / ctrl+up move the
current question; new notes go under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from interview.cocreation import initials, ranked, themes_of
from interview.models import Idea, Note, Section
from interview.shorthand import parse_note
from interview.widgets.cocreation.activity import KEPT_IN_BOX, ActivityView, Request, Typed
from interview.widgets.line_input import LineInput
from interview.widgets.note_log import NoteLog

_SPEAKER = re.compile(r"\s*([1-9]\d?)\s*:(?!\d)\s*")

class WorkshopNoteLog(NoteLog):
    """The interview note log, with who said each note (initials) since a workshop has many voices."""

    names: dict[str, str] = {}

    def _body(self, note: Note) -> Text:  # type: ignore[override]
        text = NoteLog._body(note)
        who = initials(self.names.get(note.participant_id or "", ""))
        return Text.assemble((f"{who}: ", "bold green"), text) if who else text


PLACEHOLDER = 'Type a note, enter saves.   2: said by participant 2   "quote   !observed   i: you   #tag'


class DiscussView(ActivityView):
    HELP = "[b]Discussion[/b] notes use the interview shorthand; 2: says who said it."
    BINDINGS = [
        Binding("ctrl+down", "question(1)", "Next question", key_display="^↓", priority=True),
        Binding("ctrl+up", "question(-1)", "Previous question", key_display="^↑", show=False, priority=True),
    ]

    @dataclass
    class Add(Typed):
        """A note under ``question_id``, read from the shorthand; the screen adds when it was taken."""

        text: str
        question_id: str | None
        speaker: str
        kind: str
        tags: list[str]
        participant_id: str | None

    def __init__(self, section: Section, *, id: str | None = None) -> None:
        super().__init__(section, id=id)
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

    def draw(self) -> None:
        self.query_one(WorkshopNoteLog).names = {p.id: p.name for _, p in self.workshop.seats}
        ids = {q.id for q in self.section.questions}
        mine = [n for n in self.workshop.notes
                if n.question_id in ids or (not ids and n.question_id == self.section.id)]
        self.query_one(NoteLog).set_notes(mine)
        box = self.query_one(".cc-summary", Static)
        box.display = self.section.activity == "wrap-up"
        if box.display:
            box.update(summary(self.workshop.ideas))

    def request_for(self, raw: str) -> Request | None:
        person, body = None, raw
        if match := _SPEAKER.match(raw):
            person = self.workshop.seat(int(match.group(1)))
            if person is None:
                self.notify(f"Not saved: there is no participant {match.group(1)}. Your text is still in the box.",
                            severity="warning")
                return None
            body = raw[match.end():]
        parsed = parse_note(body)
        return self.Add(raw, parsed.text, self.question_id or self.section.id, parsed.speaker, parsed.kind,
                        parsed.tags, person.id if person else None, if_refused=KEPT_IN_BOX)

    def action_question(self, step: int) -> None:
        if self.section.questions:
            self.current = max(0, min(len(self.section.questions) - 1, self.current + step))
            self._questions()


def summary(ideas: list[Idea]) -> Text:
    """The wrap-up's outcome line and the three ideas with most dots."""
    dots = sum(i.votes for i in ideas)
    text = Text(f"{len(ideas)} ideas · {len(themes_of(ideas))} themes · {dots} dots placed", style="bold")
    for place, idea in enumerate([i for i in ranked(ideas) if i.votes][:3], start=1):
        text.append(f"\n  {place}. #{idea.number} {idea.text}  ({idea.votes})")
    return text
