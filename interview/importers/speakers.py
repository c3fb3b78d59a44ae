"""Who is who in a transcript, and which guide question each part of it answers.

Roles: the participant is the speaker with the most words (people being
interviewed talk most, or the interview went wrong), unless ``--speaker-map``
or ``--interviewer`` says otherwise; every other speaker is an interviewer
(co-interviewers are common) unless mapped to ``observer``.

Questions: an interviewer utterance that asks something is attached to the
guide question sharing the most content words with it (at least two, or half
of the guide question's own content words); what follows belongs to that
question until another one is asked. Without a guide, or before the first
matched question, notes have no question (``question_id`` None), which the
review screen and exports show under "Notes"/"Other notes".
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Mapping

from interview.importers.cues import Cue, TranscriptError
from interview.models import SPEAKERS, Guide

__all__ = ["parse_speaker_map", "assign_roles", "is_question", "content_words", "attach_questions"]

_WORD = re.compile(r"[a-z0-9']+")
_STOP = frozenset(
    """a about above after again all also am an and any are as at be because been before being but by can
    could did do does doing don't done for from get got had has have having he her here how i i'm if in into
    is it it's its just kind know let like me more most my no not now of off on once one only or other
    our out over really right so some such than that that's the their them then there these they thing
    things this those through to too up us very was way we well were what when where which while
    who why will with would yeah yes you you're your me""".split()
)
_ASKING_OPENERS = ("tell me", "walk me", "talk me", "describe", "can you", "could you", "share")


def parse_speaker_map(text: str | None) -> dict[str, str]:
    """``"Speaker 1=participant, Speaker 2=interviewer"`` -> {name: role}; ValueError names the bad part."""
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, role = part.rpartition("=")
        role = role.strip().lower()
        if not sep or not name.strip():
            raise ValueError(f"'{part.strip()}' in --speaker-map should look like 'Speaker 1=participant'")
        if role not in SPEAKERS:
            raise ValueError(f"'{role}' in --speaker-map is not a role; use participant, interviewer or observer")
        mapping[name.strip()] = role
    return mapping


def assign_roles(
    cues: Iterable[Cue],
    speaker_map: Mapping[str, str] | None = None,
    *,
    interviewer: str | None = None,
    participant: str | None = None,
) -> dict[str, str]:
    """Each speaker name -> participant | interviewer | observer (see the module doc).

    ``interviewer``/``participant`` (the --interviewer/--participant names) settle
    the role of a speaker with that name; the speaker map wins over both.
    """
    words: Counter[str] = Counter()
    for cue in cues:
        words[cue.speaker] += len(cue.text.split())
    if not words:
        return {}
    by_lower = {name.lower(): name for name in words}
    roles: dict[str, str] = {}
    for name, role in (speaker_map or {}).items():
        found = by_lower.get(name.lower())
        if found is None:
            raise TranscriptError(f"--speaker-map names '{name}', who does not speak; speakers are {_names(words)}")
        roles[found] = role
    for name, role in ((interviewer, "interviewer"), (participant, "participant")):
        if name and name.strip().lower() in by_lower and role not in roles.values():
            roles.setdefault(by_lower[name.strip().lower()], role)
    if "participant" not in roles.values():
        free = [name for name, _ in words.most_common() if name not in roles]
        if free and (len(words) > 1 or not roles):
            roles[free[0]] = "participant"
    for name in words:
        roles.setdefault(name, "interviewer")
    return roles


def _names(words: Counter[str]) -> str:
    return ", ".join(f"'{name}'" for name in words)


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def sentences(text: str) -> list[str]:
    """The sentences of a turn: "Thanks for joining, Priya. Tell me about your role." is two."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def is_question(text: str) -> bool:
    """Asks something: a question mark, or a sentence opening as "Tell me about ..." does."""
    return "?" in text or any(s.lower().startswith(_ASKING_OPENERS) for s in sentences(text))


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry meaning, crudely stemmed so "invoices" meets "invoicing"."""
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def _stem(word: str) -> str:
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def best_question(text: str, guide: Guide) -> str | None:
    """The id of the guide question closest to ``text``, or None when none is close enough.

    A sentence that is a guide question word for word wins outright (small talk around
    it does not count against it); otherwise shared content words decide.
    """
    said = {_plain(s) for s in sentences(text)}
    for _, question in guide.questions():
        if _plain(question.text) in said:
            return question.id
    words = content_words(text)
    best: tuple[float, str] | None = None
    for _, question in guide.questions():
        theirs = content_words(" ".join((question.text, *question.probes)))
        own = content_words(question.text)
        shared = len(words & theirs)
        if shared < 2 and not (own and shared and len(words & own) * 2 >= len(own)):
            continue
        score = shared / (len(words | theirs) or 1) + len(words & own) * 0.01
        if best is None or score > best[0]:
            best = (score, question.id)
    return best[1] if best else None


def attach_questions(utterances: list[tuple[str, str]], guide: Guide | None) -> list[str | None]:
    """For (role, text) pairs in order: the guide question id each belongs to (None before the first)."""
    if guide is None or not guide.question_count():
        return [None] * len(utterances)
    current: str | None = None
    out: list[str | None] = []
    for role, text in utterances:
        if role == "interviewer" and is_question(text):
            current = best_question(text, guide) or current
        out.append(current)
    return out
