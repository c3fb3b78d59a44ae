"""Interviewer coaching from what was actually said: bad questions asked, and who did the talking.

The guide linter's question rules (``interview.guides.lint.check_text``) run over each
question the interviewer asked, sentence by sentence, so a leading, closed or
hypothetical question that slipped out live is reported with where it was
asked. The talk ratio is interviewer words / participant words: a good
discovery interview is well under 0.5 (the participant talks most).

    coaching = coaching_for_session(store, session_id)
    coaching.flagged        # [AskedQuestion(rule="leading-question", text="Don't you think ...?", ...)]
    coaching.talk_ratio     # 0.31
    coaching.summary_lines()

Never imports textual; the linter loads spaCy's blank tokenizer on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from interview.importers.speakers import is_question
from interview.models import Note

if TYPE_CHECKING:
    from interview.store import Store

__all__ = ["COACHING_RULES", "AskedQuestion", "Coaching", "coaching_for_notes", "coaching_for_session"]

#: The linter rules worth telling an interviewer about after the fact, in report order.
COACHING_RULES: tuple[str, ...] = (
    "leading-question", "hypothetical", "closed-question", "pitching", "compliment-fishing", "feature-ask",
)
_SENTENCE = re.compile(r"(?<=[.?!…])\s+")
GOOD_RATIO = 0.5


@dataclass(frozen=True)
class AskedQuestion:
    """One question the interviewer asked that a linter rule flags."""

    text: str
    rule: str
    severity: str
    message: str
    hint: str
    matched: str = ""
    note_id: str | None = None
    offset_seconds: float = 0.0


@dataclass
class Coaching:
    """What the interviewer can learn from one session's transcript."""

    questions_asked: int = 0
    flagged: list[AskedQuestion] = field(default_factory=list)
    interviewer_words: int = 0
    participant_words: int = 0

    @property
    def talk_ratio(self) -> float | None:
        """Interviewer words per participant word; None when the participant said nothing."""
        if not self.participant_words:
            return None
        return self.interviewer_words / self.participant_words

    def counts(self) -> dict[str, int]:
        """Flagged questions per rule, in :data:`COACHING_RULES` order, rules with none left out."""
        out = {rule: 0 for rule in COACHING_RULES}
        for item in self.flagged:
            out[item.rule] += 1
        return {rule: n for rule, n in out.items() if n}

    def summary_lines(self) -> list[str]:
        """Plain sentences for a terminal, a review summary or an export."""
        lines = []
        ratio = self.talk_ratio
        if ratio is None:
            lines.append("Talk ratio: the participant's words were not found.")
        else:
            verdict = "good: the participant did most of the talking" if ratio <= GOOD_RATIO else (
                "high: aim for under 0.5 (listen more)")
            lines.append(
                f"Talk ratio {ratio:.2f} ({self.interviewer_words} interviewer words / "
                f"{self.participant_words} participant words), {verdict}."
            )
        if not self.flagged:
            lines.append(f"None of the {self.questions_asked} questions asked was leading, closed or hypothetical.")
            return lines
        parts = ", ".join(f"{n} {rule.replace('-question', '')}" for rule, n in self.counts().items())
        lines.append(f"{len(self.flagged)} of {self.questions_asked} questions asked could be better: {parts}.")
        return lines


def question_sentences(text: str) -> list[str]:
    """The sentences of an utterance that ask something."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip() and is_question(s)]


def coaching_for_notes(notes: Iterable[Note]) -> Coaching:
    """Coaching from notes with speakers (an imported transcript, or a live session's interviewer notes)."""
    from interview.guides.lint import check_text

    coaching = Coaching()
    for note in notes:
        if note.deleted:
            continue
        words = len(note.text.split())
        if note.speaker == "participant":
            coaching.participant_words += words
            continue
        if note.speaker != "interviewer":
            continue
        coaching.interviewer_words += words
        for sentence in question_sentences(note.text):
            coaching.questions_asked += 1
            hits = [hit for hit in check_text(sentence) if hit.rule in COACHING_RULES]
            if hits:  # one reason per question is enough to act on: the most serious
                hit = min(hits, key=lambda h: COACHING_RULES.index(h.rule))
                coaching.flagged.append(AskedQuestion(
                    text=sentence, rule=hit.rule, severity=hit.severity, message=hit.message,
                    hint=hit.hint, matched=hit.matched, note_id=note.id, offset_seconds=note.offset_seconds,
                ))
    return coaching


def coaching_for_session(store: "Store", session_id: str) -> Coaching:
    """Coaching for a stored session (what the review summary and exports call)."""
    return coaching_for_notes(store.notes_for_session(session_id))
