"""Editing note text without losing its highlights.

Cleaning (characters XML forbids) and redaction both replace pieces of a note;
highlight offsets must follow. ``substitute`` applies the edits and returns an
``OffsetMap`` that moves any old offset to the matching new one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Protocol, Sequence, TypeVar

# XML 1.0 refuses C0 controls other than tab/newline/return, lone surrogates and U+FFFE/F.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class HasRange(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=HasRange)


class OffsetMap:
    """Old offsets -> new offsets after non-overlapping replacements."""

    def __init__(self, edits: Sequence[tuple[int, int, int, int]]) -> None:
        self._edits = edits  # (old_start, old_end, new_start, new_end), sorted
        self._starts = [e[0] for e in edits]

    def _shift(self, pos: int, at_end: bool) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        old_a, old_b, new_a, new_b = self._edits[i]
        if pos >= old_b:
            return pos - old_b + new_b
        if pos == old_a:
            return new_a
        return new_b if at_end else new_a  # inside a replaced piece: cover all of its replacement

    def start(self, pos: int) -> int:
        return self._shift(pos, False)

    def end(self, pos: int) -> int:
        return self._shift(pos, True)


def substitute(text: str, edits: Sequence[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    """Replace each (start, end) piece by its new text; the pieces must not overlap."""
    out: list[str] = []
    moves: list[tuple[int, int, int, int]] = []
    cursor = 0
    length = 0
    for start, end, new in sorted(edits):
        if start < cursor:
            continue
        out.append(text[cursor:start])
        length += start - cursor
        out.append(new)
        moves.append((start, end, length, length + len(new)))
        length += len(new)
        cursor = end
    out.append(text[cursor:])
    return "".join(out), OffsetMap(moves)


def remap(spans: Sequence[S], offsets: OffsetMap, limit: int) -> list[S]:
    """Spans moved through ``offsets``; spans that became empty are dropped."""
    moved = []
    for span in spans:
        start = min(max(0, offsets.start(span.start)), limit)
        end = min(max(0, offsets.end(span.end)), limit)
        if start < end:
            moved.append(replace(span, start=start, end=end))
    return moved


def clean(text: str) -> str:
    """Text safe for XML (and so for Word): forbidden control characters are dropped."""
    return XML_FORBIDDEN.sub("", text)


def clean_with_spans(text: str, spans: Sequence[S]) -> tuple[str, list[S]]:
    """Clean ``text`` and keep ``spans`` over the same characters."""
    if not XML_FORBIDDEN.search(text):
        return text, [s for s in spans if 0 <= s.start < s.end <= len(text)]
    edits = [(m.start(), m.end(), "") for m in XML_FORBIDDEN.finditer(text)]
    new_text, offsets = substitute(text, edits)
    return new_text, remap(spans, offsets, len(new_text))
