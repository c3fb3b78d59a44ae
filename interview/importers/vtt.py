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

from interview.importers.cue_blocks import read_cues, text_blocks, write_cues
from interview.importers.cues import Cue, Transcript, TranscriptError, clean_text, escape_text, split_speaker_prefixes

__all__ = ["parse_vtt", "to_vtt"]

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?(?:\s+([^>]*))?>")
_SKIPPED = ("NOTE", "STYLE", "REGION")


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

    def untimed(number: int, lines: list[str], timing_at: int | None, cues: list[Cue]) -> None:
        warnings.append(f"line {number}: a block without a cue timing was skipped")

    blocks = [(n, lines) for n, lines in blocks if lines[0].split(" ", 1)[0].split("\t", 1)[0] not in _SKIPPED]
    cues = read_cues(blocks, warnings, speakers=lambda lines: _voices("\n".join(lines)), untimed=untimed)
    if not cues:
        raise TranscriptError("no cues with text were found", first_line)
    return Transcript(split_speaker_prefixes(cues), "vtt", warnings)


def to_vtt(cues: list[Cue]) -> str:
    """Write cues as WebVTT with ``<v>`` voice spans (how Teams writes speakers)."""

    def text_of(cue: Cue) -> str:
        text = escape_text(cue.text)
        return f"<v {escape_text(cue.speaker)}>{text}</v>" if cue.speaker else text

    return "\n".join(["WEBVTT", "", *write_cues(cues, ".", text_of)])
