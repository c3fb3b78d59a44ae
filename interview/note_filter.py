"""Which notes the review shows, and how they group under the guide: plain data, no UI."""

from __future__ import annotations

from dataclasses import dataclass, fields

from interview.models import Guide, Note


@dataclass(frozen=True)
class NoteFilter:
    """Which notes the review shows; highlight conditions apply to one and the same highlight."""

    label: str = ""
    kind: str = ""
    status: str = ""
    tag: str = ""
    speaker: str = ""
    starred: bool = False
    min_confidence: float = 0.0  # only highlights at least this sure (unknown confidence: not sure)

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def matches(self, note: Note) -> bool:
        if self.starred and not note.starred:
            return False
        if self.speaker and note.speaker != self.speaker:
            return False
        if self.tag and self.tag.lower() not in (t.lower() for t in note.tags):
            return False
        if self.label or self.kind or self.status or self.min_confidence:
            return any(
                (not self.label or h.label == self.label)
                and (not self.kind or h.kind == self.kind)
                and (h.status == self.status if self.status else h.status != "rejected")
                and h.at_least(self.min_confidence)
                for h in note.highlights
            )
        return True

    def describe(self) -> str:
        parts = [
            f"{f.name}: {getattr(self, f.name)}"
            for f in fields(self)
            if getattr(self, f.name) and f.name not in ("starred", "min_confidence")
        ]
        if self.min_confidence:
            parts.append(f"confidence ≥ {self.min_confidence:g}")
        if self.starred:
            parts.append("starred")
        return " · ".join(parts)


def group_notes(notes: list[Note], guide: Guide | None) -> list[tuple[str | None, str | None, list[Note]]]:
    """(section title, question text, notes) in guide order; notes off the guide come last."""
    by_question: dict[str | None, list[Note]] = {}
    for note in notes:
        by_question.setdefault(note.question_id, []).append(note)
    groups: list[tuple[str | None, str | None, list[Note]]] = []
    placed: set[str | None] = set()
    if guide is not None:
        for section, question in guide.questions():
            if question.id in by_question:
                groups.append((section.title, question.text, by_question[question.id]))
                placed.add(question.id)
    rest = [n for qid, group in by_question.items() if qid not in placed for n in group]
    if rest:
        groups.append(("Other notes", None, sorted(rest, key=lambda n: n.offset_seconds)))
    return groups
