"""SubRip (.srt) transcripts: numbered cues with ``hh:mm:ss,mmm --> hh:mm:ss,mmm`` timings.

SRT has no speaker field; transcription tools that export SRT (Zoom, Otter,
Descript, Rev) put ``Name: `` before the text, and some add ``<i>``/``<font>``
markup or ``{\\an8}`` positioning, which is dropped. A missing cue number is
tolerated; a bad timing is not (the timeline would be wrong).
"""

from __future__ import annotations

from interview.importers.cue_blocks import read_cues, text_blocks, write_cues
from interview.importers.cues import Cue, Transcript, TranscriptError, clean_text, escape_text, split_speaker_prefixes

__all__ = ["parse_srt", "to_srt"]


def parse_srt(text: str) -> Transcript:
    """Read SRT text (already decoded) into cues; warnings for skipped cues."""
    warnings: list[str] = []
    blocks = text_blocks(text)
    if not blocks:
        raise TranscriptError("the file is empty", 1)

    def untimed(number: int, lines: list[str], timing_at: int | None, cues: list[Cue]) -> None:
        if timing_at is not None:
            raise TranscriptError("bad cue timing (expected 00:01:02,500 --> 00:01:05,000)", number + timing_at)
        if cues and not lines[0].strip().isdigit():
            # A blank line inside a cue's text: the text goes on.
            cues[-1].text = clean_text(f"{cues[-1].text} {' '.join(lines)}")
            warnings.append(f"line {number}: a blank line inside a cue; its text was joined to the cue before")
        else:
            warnings.append(f"line {number}: a block without a cue timing was skipped")

    cues = read_cues(blocks, warnings, speakers=lambda lines: [("", " ".join(lines))], untimed=untimed, decimal=",")
    if not cues:
        raise TranscriptError("no cues with text were found", blocks[0][0])
    return Transcript(split_speaker_prefixes(cues), "srt", warnings)


def to_srt(cues: list[Cue]) -> str:
    """Write cues as SRT with ``Name: `` prefixes (``&``, ``<``, ``>`` escaped as entities)."""

    def text_of(cue: Cue) -> str:
        text = escape_text(cue.text)
        return f"{escape_text(cue.speaker)}: {text}" if cue.speaker else text

    return "\n".join(write_cues(cues, ",", text_of))
