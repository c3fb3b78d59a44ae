"""Which notes the review shows, and how they group under the guide: plain data, no UI."""

from __future__ import annotations

from dataclasses import dataclass, fields

from interview.models import Guide, Highlight, Note

# How the review orders the notes it shows: "" is the guide's order (sections, questions).
LEAST_SURE, MOST_SURE = "least-sure", "most-sure"
ORDERS = {LEAST_SURE: "confidence, least sure first", MOST_SURE: "confidence, most sure first"}


@dataclass(frozen=True)
class NoteFilter:
    """Which notes the review shows, and in what order; highlight conditions apply to one and the same highlight."""

    label: str = ""
    kind: str = ""
    status: str = ""
    tag: str = ""
    speaker: str = ""
    starred: bool = False
    min_confidence: float = 0.0  # only highlights at least this sure (unknown confidence: not sure)
    order: str = ""  # "" (guide order) or a key of ORDERS

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
            return any(self._fits(h) for h in note.highlights)
        return True

    def _fits(self, h: Highlight) -> bool:
        return (
            (not self.label or h.label == self.label)
            and (not self.kind or h.kind == self.kind)
            and (h.status == self.status if self.status else h.status != "rejected")
            and h.at_least(self.min_confidence)
        )

    def confidence_of(self, note: Note) -> float | None:
        """What the confidence order sorts a note by: its least sure highlight that the filter
        lets through (its most sure one for "most sure first"); None when it has none."""
        found = [h.confidence or 0.0 for h in note.highlights if self._fits(h)]
        if not found:
            return None
        return max(found) if self.order == MOST_SURE else min(found)

    def describe(self) -> str:
        parts = [
            f"{f.name}: {getattr(self, f.name)}"
            for f in fields(self)
            if getattr(self, f.name) and f.name not in ("starred", "min_confidence", "order")
        ]
        if self.min_confidence:
            parts.append(f"confidence ≥ {self.min_confidence:g}")
        if self.order in ORDERS:
            parts.append(f"sorted by {ORDERS[self.order]}")
        if self.starred:
            parts.append("starred")
        return " · ".join(parts)


def arrange_notes(
    notes: list[Note], guide: Guide | None, note_filter: NoteFilter
) -> list[tuple[str | None, str | None, list[Note]]]:
    """The review's rows: under the guide's headings, or in one list by confidence.

    Sorted by confidence, notes without a highlight the filter lets through come last, and
    ties keep the session's order.
    """
    if note_filter.order not in ORDERS:
        return group_notes(notes, guide)
    keyed = [(note_filter.confidence_of(n), n) for n in notes]
    sign = -1 if note_filter.order == MOST_SURE else 1
    keyed.sort(key=lambda item: (item[0] is None, sign * (item[0] or 0.0), item[1].offset_seconds))
    return [(f"By {ORDERS[note_filter.order]}", None, [n for _, n in keyed])] if keyed else []


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
