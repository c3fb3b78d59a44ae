"""The current question, large enough to read at a glance mid-conversation.

The question is bold and bright, its probes follow as follow-ups to reach for, and
the section's notes for the facilitator are dimmed so they never compete with it.
Colours and spacing live in app.tcss (``#live-question ...``).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from interview.models import Question, Section


class QuestionPanel(Vertical):
    """Section, question, probes and facilitator notes for where the interview is now."""

    def compose(self) -> ComposeResult:
        yield Static(classes="question-meta")
        yield Static(classes="question-text")
        yield Static(classes="question-probes")
        yield Static(classes="question-notes")

    def show(self, section: Section | None, question: Question | None, *, number: int, total: int, asked: bool) -> None:
        meta = Text()
        if section is not None:
            meta.append(section.title.upper(), style="bold")
            if section.minutes:
                meta.append(f" · {section.minutes} min")
        if question is not None:
            meta.append(f" · question {number} of {total}")
            if asked:
                meta.append("  ✓ asked", style="green")
        if question is not None:
            body = question.text
        elif section is not None:
            body = "No questions in this section: notes go under the section."
        else:
            body = "This guide has no questions: notes are saved to the session."
        probes = "\n".join(f"› {probe}" for probe in question.probes) if question else ""
        notes = "\n".join(section.notes) if section is not None else ""
        self.query_one(".question-meta", Static).update(meta)
        self.query_one(".question-text", Static).update(Text(body))
        probe_box = self.query_one(".question-probes", Static)
        probe_box.update(Text(probes))
        probe_box.set_class(not probes, "-empty")
        note_box = self.query_one(".question-notes", Static)
        note_box.update(Text(notes))
        note_box.set_class(not notes, "-empty")
