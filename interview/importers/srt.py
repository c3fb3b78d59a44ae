"""SubRip (.srt) transcripts: numbered cues with ``hh:mm:ss,mmm --> hh:mm:ss,mmm`` timings.

SRT has no speaker field; transcription tools that export SRT (Zoom, Otter,
Descript, Rev) put ``Name: `` before the text, and some add ``<i>``/``<font>``
markup or ``{\\an8}`` positioning, which is dropped. A missing cue number is
tolerated; a bad timing is not (the timeline would be wrong).
"""

from __future__ import annotations

from interview.importers.cues import (
    Cue,
    Transcript,
    TranscriptError,
    clean_text,
    escape_text,
    format_clock,
    split_speaker_prefixes,
)
from interview.importers.vtt import parse_timing, text_blocks

__all__ = ["parse_srt", "to_srt"]


def parse_srt(text: str) -> Transcript:
    """Read SRT text (already decoded) into cues; warnings for skipped cues."""
    warnings: list[str] = []
    cues: list[Cue] = []
    blocks = text_blocks(text)
    if not blocks:
        raise TranscriptError("the file is empty", 1)
    for number, lines in blocks:
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing_at is None:
            if cues and not lines[0].strip().isdigit():
                # A blank line inside a cue's text: the text goes on.
                cues[-1].text = clean_text(f"{cues[-1].text} {' '.join(lines)}")
                warnings.append(f"line {number}: a blank line inside a cue; its text was joined to the cue before")
            else:
                warnings.append(f"line {number}: a block without a cue timing was skipped")
            continue
        timing = parse_timing(lines[timing_at], number + timing_at, decimal=",")
        if timing is None:
            raise TranscriptError("bad cue timing (expected 00:01:02,500 --> 00:01:05,000)", number + timing_at)
        start, end = timing
        if end < start:
            warnings.append(f"line {number + timing_at}: the cue ends before it starts; its start time was kept")
            end = start
        body = clean_text(" ".join(lines[timing_at + 1 :]))
        if not body:
            warnings.append(f"line {number + timing_at}: a cue with no text was skipped")
            continue
        cues.append(Cue(start, end, "", body, number + timing_at + 1))
    if not cues:
        raise TranscriptError("no cues with text were found", blocks[0][0])
    return Transcript(split_speaker_prefixes(cues), "srt", warnings)


def to_srt(cues: list[Cue]) -> str:
    """Write cues as SRT with ``Name: `` prefixes (``&``, ``<``, ``>`` escaped as entities)."""
    out: list[str] = []
    for number, cue in enumerate(cues, start=1):
        start = cue.start or 0.0
        end = max(start, cue.end if cue.end is not None else start)
        text = escape_text(cue.text)
        if cue.speaker:
            text = f"{escape_text(cue.speaker)}: {text}"
        out += [str(number), f"{format_clock(start, ',')} --> {format_clock(end, ',')}", text, ""]
    return "\n".join(out)
