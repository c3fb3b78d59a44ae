"""Plain-text transcripts, and the text of Word transcripts (see ``docx_transcript``).

Lines that are understood (one or several conventions may be mixed in a file)::

    Ana: Thanks for joining.                 speaker prefix
    [00:01:05] Ana: So tell me ...           timestamp, then speaker ([..], (..) or bare)
    00:05:00                                 a timestamp on its own line (Google Meet docs)
    Dana Smith   0:03                        speaker and time, text on the next lines (Otter, new Teams .docx)
    0:0:0.0 --> 0:0:2.970                    timing, then the speaker's name, then text (older Teams .docx)
    and it went on.                          no speaker: continues the previous turn

A bracketed timestamp that is not a clock time (``[12:75]``) is an error with its line.
"""

from __future__ import annotations

import re

from interview.importers.cues import (
    Cue,
    Transcript,
    TranscriptError,
    name_like,
    collapse,
    parse_clock,
    split_speaker_prefixes,
)

__all__ = ["parse_plaintext"]

_TS = r"\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
_ONLY_TS = re.compile(rf"^[\[(]?({_TS})[\])]?$")
_ARROW = re.compile(rf"^({_TS})\s*-->\s*({_TS})$")
_HEADER = re.compile(rf"^(\S.*?)(?:\s{{2,}}|\t)\s*[\[(]?({_TS})[\])]?$")
_LEADING = re.compile(rf"^(?:[\[(]({_TS}|[\d:.,]+)[\])]|({_TS}))\s*[-–—]?\s+(\S.*)$")


def _clock(text: str, line: int) -> float:
    try:
        return parse_clock(text)
    except ValueError as error:
        raise TranscriptError(f"bad timestamp '{error}' (expected hh:mm:ss or mm:ss)", line) from None


def parse_plaintext(
    text: str, *, fmt: str = "text", unit: str = "line", numbers: list[int] | None = None
) -> Transcript:
    """Read ``Name: text`` style transcripts.

    ``unit`` names what the numbers in messages count, and ``numbers`` maps each
    line to that number (a Word paragraph may hold several lines).
    """
    try:
        return _parse(text, fmt, unit, numbers)
    except TranscriptError as error:
        error.unit = unit
        raise


def _parse(text: str, fmt: str, unit: str, numbers: list[int] | None) -> Transcript:
    cues: list[Cue] = []
    warnings: list[str] = []
    clock: float | None = None
    header_speaker = ""  # set by "Name  0:03" or by the name line after a timing line
    expect_name = False
    for index, raw in enumerate(text.split("\n")):
        number = numbers[index] if numbers else index + 1
        line = collapse(raw)
        if not line:
            continue
        arrow = _ARROW.match(line)
        if arrow:
            clock, expect_name, header_speaker = _clock(arrow.group(1), number), True, ""
            continue
        only = _ONLY_TS.match(line)
        if only:
            clock = _clock(only.group(1), number)
            continue
        if expect_name:
            expect_name = False
            if name_like(line) and ":" not in line:
                header_speaker = line
                continue
        header = _HEADER.match(raw.strip())
        if header and name_like(header.group(1)) and ":" not in header.group(1):
            header_speaker, clock = header.group(1), _clock(header.group(2), number)
            continue
        leading = _LEADING.match(line)
        if leading:
            stamp = leading.group(1) or leading.group(2)
            clock, line = _clock(stamp, number), leading.group(3)
        cues.append(Cue(clock, None, header_speaker, line, number))
        clock = None
    if not cues:
        raise TranscriptError("no transcript text was found", 1)
    cues = split_speaker_prefixes(cues)
    if not any(c.speaker for c in cues):
        raise TranscriptError(
            f"no speaker names were found; expected {unit}s like 'Ana: text' or 'Ana  00:01:05'", cues[0].line
        )
    first = next(i for i, cue in enumerate(cues) if cue.speaker)
    if first:
        # A title, date or attendee list above the first turn (Teams, Meet and Otter documents).
        warnings.append(f"{unit}s {cues[0].line}-{cues[first - 1].line}: text before the first speaker was skipped")
    return Transcript(cues[first:], fmt, warnings)
