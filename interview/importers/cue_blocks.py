"""What WebVTT and SRT share: blocks split by blank lines, a ``start --> end`` timing, then text.

``read_cues`` is the one loop over those blocks (timing, cues that end before they
start, empty cues, line numbers in warnings); each format says only how it finds the
speakers in a cue's text and what a block without a timing means. ``write_cues`` is
the writer's loop likewise.
"""

from __future__ import annotations

import re
from typing import Callable

from interview.importers.cues import Cue, TranscriptError, clean_text, format_clock, parse_clock

__all__ = ["parse_timing", "read_cues", "text_blocks", "write_cues"]

_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(?:\s+.*)?$")

Block = tuple[int, list[str]]
# (first line number, the block's lines, where its "-->" line is or None, the cues so far)
Untimed = Callable[[int, list[str], int | None, list[Cue]], None]


def text_blocks(text: str) -> list[Block]:
    """Split into blocks of non-blank lines; each with the number of its first line."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def parse_timing(line: str, number: int, decimal: str = ".") -> tuple[float, float] | None:
    """``start --> end`` -> seconds; None when the line is not a timing line; TranscriptError when it is a bad one."""
    match = _TIMING.match(line)
    if not match:
        return None
    try:
        start, end = parse_clock(match.group(1)), parse_clock(match.group(2))
    except ValueError as error:
        example = format_clock(62.5, decimal)
        raise TranscriptError(f"bad timestamp '{error}' (expected hh:mm:ss{decimal}mmm, e.g. {example})", number) from None
    return start, end


def read_cues(
    blocks: list[Block],
    warnings: list[str],
    *,
    speakers: Callable[[list[str]], list[tuple[str, str]]],
    untimed: Untimed,
    decimal: str = ".",
) -> list[Cue]:
    """Cues from timed blocks; ``speakers`` splits a cue's text lines into (speaker, text) parts.

    A block whose timing is missing or unreadable goes to ``untimed`` (which may warn,
    extend the last cue or raise); warnings name the file's line numbers.
    """
    cues: list[Cue] = []
    for number, lines in blocks:
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        timing = parse_timing(lines[timing_at], number + timing_at, decimal) if timing_at is not None else None
        if timing is None:
            untimed(number, lines, timing_at, cues)
            continue
        assert timing_at is not None
        start, end = timing
        if end < start:
            warnings.append(f"line {number + timing_at}: the cue ends before it starts; its start time was kept")
            end = start
        spoken = [(speaker, clean_text(part)) for speaker, part in speakers(lines[timing_at + 1 :])]
        spoken = [(speaker, part) for speaker, part in spoken if part]
        if not spoken:
            warnings.append(f"line {number + timing_at}: a cue with no text was skipped")
            continue
        cues += [Cue(start, end, speaker, part, number + timing_at + 1) for speaker, part in spoken]
    return cues


def write_cues(cues: list[Cue], decimal: str, text_of: Callable[[Cue], str]) -> list[str]:
    """Numbered cue blocks (number, timing, ``text_of(cue)``, blank line), times never running backwards."""
    out: list[str] = []
    for number, cue in enumerate(cues, start=1):
        start = cue.start or 0.0
        end = max(start, cue.end if cue.end is not None else start)
        out += [str(number), f"{format_clock(start, decimal)} --> {format_clock(end, decimal)}", text_of(cue), ""]
    return out
