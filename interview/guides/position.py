"""Where a live interview is in its guide: the question (or question-less section) now,
and where next / previous / next section / previous section lead.

Kept out of the screen so the rules of moving through a guide are plain, testable
Python; the live screen only draws the result.
"""

from __future__ import annotations

from interview.models import Guide, Question, Section

Stop = tuple[Section | None, Question | None]


class GuidePosition:
    """A cursor over a guide's questions; a section without questions is a stop of its own."""

    def __init__(self, guide: Guide, current_question_id: str | None = None) -> None:
        self.guide = guide
        stops: list[Stop] = [(s, q) for s in guide.sections for q in (s.questions or (None,))]
        self.stops: list[Stop] = stops or [(None, None)]
        self.numbers = {q.id: n for n, q in enumerate((q for _, q in self.stops if q is not None), start=1)}
        self.index = self.find(current_question_id) or 0

    # ------------------------------------------------------------------ where we are

    @property
    def section(self) -> Section | None:
        return self.stops[self.index][0]

    @property
    def question(self) -> Question | None:
        return self.stops[self.index][1]

    @property
    def question_id(self) -> str | None:
        return self.question.id if self.question else None

    @property
    def total(self) -> int:
        return len(self.numbers)

    def number(self, question: Question | None = None) -> int:
        """1-based number of the question (the current one by default); 0 for none."""
        question = question or self.question
        return self.numbers.get(question.id, 0) if question else 0

    def where(self) -> str:
        """A short name for the current stop: 'Q3', a section title, or 'session'."""
        if self.question is not None:
            return f"Q{self.number()}"
        return self.section.title if self.section else "session"

    def questions(self) -> list[Question]:
        return [q for _, q in self.stops if q is not None]

    def labels(self) -> dict[str, str]:
        """'Q3 Tell me about …' per question id, for the note log's question rules."""
        return {q.id: f"Q{self.numbers[q.id]} {q.text}" for q in self.questions()}

    def targets(self) -> list[tuple[int, str, Question]]:
        """(stop index, 'Section › question', question) for jumping by name."""
        return [
            (i, f"{section.title} › {question.text}", question)
            for i, (section, question) in enumerate(self.stops)
            if section is not None and question is not None
        ]

    # ------------------------------------------------------------------ moving

    def find(self, question_id: str | None) -> int | None:
        for i, (_, question) in enumerate(self.stops):
            if question is not None and question.id == question_id:
                return i
        return None

    def step(self, by: int) -> int | None:
        """The stop ``by`` questions away, or None past either end."""
        target = self.index + by
        return target if 0 <= target < len(self.stops) else None

    def section_step(self, by: int) -> int | None:
        """The first stop of the section ``by`` sections away, or None past either end."""
        starts = [i for i in range(len(self.stops)) if i == 0 or self.stops[i][0] is not self.stops[i - 1][0]]
        here = max(i for i in starts if i <= self.index)
        position = starts.index(here) + by
        return starts[position] if 0 <= position < len(starts) else None

    def go(self, index: int) -> bool:
        """Move to a stop; False when it is out of range or already there."""
        if not 0 <= index < len(self.stops) or index == self.index:
            return False
        self.index = index
        return True
