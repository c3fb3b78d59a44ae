"""The note shorthand a PM types during a call, turned into a note's kind, speaker, text and tags.

Every prefix is one or two keystrokes because the interviewer is listening, not typing:

====================  =============  ============  ==========================================
typed                 kind           speaker       meaning
====================  =============  ============  ==========================================
``"…`` or ``q: …``    quote          participant   the participant's words, verbatim
``! …``               observation    observer      what the note-taker saw (a sigh, a screen)
``i: …``              note           interviewer   the interviewer's own words or remarks
``n: …``              note           participant   a plain note that starts like a prefix
anything else         note           participant   a paraphrase of what the participant said
====================  =============  ============  ==========================================

``#tags`` anywhere become tags. A run of tags at the end is removed from the text
("Month end is a nightmare #closing"); a tag inside a sentence keeps its word and loses
only the ``#`` ("the #invoice export breaks" -> "the invoice export breaks"), so the note
still reads as a sentence. A note made only of tags keeps their words as its text.

``format_note`` is the inverse used to edit a saved note: ``parse_note(format_note(p))``
gives ``p`` back for every ``p`` that ``parse_note`` returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE_MARKS = '"“”'
_TAG = re.compile(r"(?<![\w#&/])#([^\W\d_][\w-]*)")
_TRAILING_TAGS = re.compile(r"(?:\s*(?<![\w#&/])#[^\W\d_][\w-]*)+\s*$")
_LETTER_PREFIX = re.compile(r"([qin]):\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedNote:
    """What a line typed in the note input means."""

    text: str
    kind: str = "note"
    speaker: str = "participant"
    tags: tuple[str, ...] = ()


def parse_note(raw: str) -> ParsedNote:
    """Read the shorthand; never raises, and keeps any non-blank input non-blank."""
    body = raw.strip()
    kind, speaker, opened_with_mark = "note", "participant", False
    if body and body[0] in QUOTE_MARKS:
        kind, body, opened_with_mark = "quote", body[1:], True
    elif body.startswith("!"):
        kind, speaker, body = "observation", "observer", body[1:]
    else:
        prefix = _LETTER_PREFIX.match(body)
        if prefix:
            body = body[prefix.end():]
            letter = prefix.group(1).lower()
            if letter == "q":
                kind = "quote"
            elif letter == "i":
                speaker = "interviewer"
    body = body.strip()
    tags = _unique(m.group(1) for m in _TAG.finditer(body))
    text = _TAG.sub(r"\1", _TRAILING_TAGS.sub("", body)).strip()
    if opened_with_mark and text and text[-1] in QUOTE_MARKS:
        text = text[:-1].rstrip()
    if not text:
        # Only tags (or only a prefix): keep what was typed, so nothing typed vanishes.
        text = _TAG.sub(r"\1", body) or raw.strip()
    return ParsedNote(text=text, kind=kind, speaker=speaker, tags=tags)


def prefix_for(kind: str, speaker: str, text: str = "") -> str:
    """The shortest shorthand that parses back to this kind and speaker ('' for most plain notes)."""
    if kind == "quote" and speaker == "participant":
        return "q: "
    if kind == "observation" and speaker == "observer":
        return "! "
    if kind == "note" and speaker == "interviewer":
        return "i: "
    if text[:1] in QUOTE_MARKS + "!" and text[:1] or _LETTER_PREFIX.match(text):
        return "n: "  # a plain note that would otherwise read as a prefix
    return ""


def format_note(text: str, kind: str = "note", speaker: str = "participant", tags: tuple[str, ...] | list[str] = ()) -> str:
    """What to put back in the input to edit a note: the prefix, the text, then its tags."""
    # Inline tags were stored without their '#', so every tag goes back at the end.
    suffix = "".join(f" #{t}" for t in tags)
    return f"{prefix_for(kind, speaker, text)}{text}{suffix}"


def _unique(names) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.lower(), name)
    return tuple(seen.values())
