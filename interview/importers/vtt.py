"""WebVTT transcripts as Zoom, Microsoft Teams and Google Meet write them.

The three differ in where they put the speaker (see ``tests/data/transcripts``):

* **Zoom** (cloud recording "Audio transcript"): numbered cues, the speaker as a
  ``Name: `` prefix on the cue text, one sentence or so per cue.
* **Microsoft Teams**: cue identifiers like ``8c2d…/12-0`` (a GUID, the turn and
  the fragment), the speaker in a voice span ``<v Dana Smith>text</v>``; the file
  often starts with a UTF-8 BOM. Older Teams/Stream files leave the ``</v>`` off.
* **Google Meet** (captions that come with a recording): no identifiers, cue
  settings after the timing (``align:start position:0%``), two-line captions,
  and the speaker named only on the cue where the turn changes; later cues of
  the same turn carry no name and continue it.

Parsing is by the WebVTT block structure: blocks separated by blank lines; the
header, ``NOTE``, ``STYLE`` and ``REGION`` blocks are skipped.
"""

from __future__ import annotations

import re

from interview.importers.cues import (
    Cue,
    Transcript,
    TranscriptError,
    clean_text,
    escape_text,
    format_clock,
    parse_clock,
    split_speaker_prefixes,
)

__all__ = ["parse_vtt", "to_vtt", "parse_timing", "text_blocks"]

_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?(?:\s+([^>]*))?>")
_SKIPPED = ("NOTE", "STYLE", "REGION")


def text_blocks(text: str) -> list[tuple[int, list[str]]]:
    """Split into blocks of non-blank lines; each with the number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
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


def _voices(body: str) -> list[tuple[str, str]]:
    """``<v A>hi</v> <v B>yo`` -> [("A", "hi"), ("B", "yo")]; text outside voices has speaker ""."""
    matches = list(_VOICE.finditer(body))
    if not matches:
        return [("", body)]
    parts: list[tuple[str, str]] = []
    if body[: matches[0].start()].strip():
        parts.append(("", body[: matches[0].start()]))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        parts.append((clean_text(match.group(1) or ""), body[match.end() : end]))
    return parts


def parse_vtt(text: str) -> Transcript:
    """Read WebVTT text (already decoded) into cues; warnings for skipped cues."""
    blocks = text_blocks(text)
    warnings: list[str] = []
    if not blocks:
        raise TranscriptError("the file is empty", 1)
    first_line, header = blocks[0]
    if header[0].startswith("WEBVTT"):
        blocks = blocks[1:]
    else:
        warnings.append(f"line {first_line}: no WEBVTT header; read as WebVTT because it has cue timings")
    cues: list[Cue] = []
    for number, lines in blocks:
        if lines[0].split(" ", 1)[0].split("\t", 1)[0] in _SKIPPED:
            continue
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        timing = parse_timing(lines[timing_at], number + timing_at) if timing_at is not None else None
        if timing is None:
            warnings.append(f"line {number}: a block without a cue timing was skipped")
            continue
        assert timing_at is not None
        start, end = timing
        text_at = number + timing_at + 1
        if end < start:
            warnings.append(f"line {number + timing_at}: the cue ends before it starts; its start time was kept")
            end = start
        body = "\n".join(lines[timing_at + 1 :])
        spoken = [(speaker, clean_text(part)) for speaker, part in _voices(body)]
        spoken = [(speaker, part) for speaker, part in spoken if part]
        if not spoken:
            warnings.append(f"line {number + timing_at}: a cue with no text was skipped")
            continue
        for speaker, part in spoken:
            cues.append(Cue(start, end, speaker, part, text_at))
    if not cues:
        raise TranscriptError("no cues with text were found", first_line)
    return Transcript(split_speaker_prefixes(cues), "vtt", warnings)


def to_vtt(cues: list[Cue]) -> str:
    """Write cues as WebVTT with ``<v>`` voice spans (how Teams writes speakers)."""
    out = ["WEBVTT", ""]
    for number, cue in enumerate(cues, start=1):
        start = cue.start or 0.0
        end = max(start, cue.end if cue.end is not None else start)
        text = escape_text(cue.text)
        if cue.speaker:
            text = f"<v {escape_text(cue.speaker)}>{text}</v>"
        out += [str(number), f"{format_clock(start)} --> {format_clock(end)}", text, ""]
    return "\n".join(out)
