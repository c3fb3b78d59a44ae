"""What every transcript reader produces: cues, and the faults found on the way.

A *cue* is one timed fragment of speech as the file stores it (a caption of two
lines, a paragraph of a Word transcript). Captioning tools cut one person's turn
into many cues, so :func:`merge_fragments` joins consecutive cues of the same
speaker into one *utterance*, which becomes one note.

Decoding is shared here too: transcripts arrive with a UTF-8 BOM (Teams), as
UTF-16 (older Windows tools), with CRLF line ends, or with a few lines pasted in
from a Windows-1252 editor. Faults that spoil the whole file raise
:class:`TranscriptError` with a line number; local faults become warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

__all__ = [
    "Cue",
    "Transcript",
    "TranscriptError",
    "decode_transcript",
    "parse_clock",
    "format_clock",
    "clean_text",
    "collapse",
    "escape_text",
    "split_speaker_prefixes",
    "merge_fragments",
    "name_like",
]


@dataclass
class Cue:
    """One fragment of speech; ``start``/``end`` are seconds from the start of the recording."""

    start: float | None
    end: float | None
    speaker: str
    text: str
    line: int = 0


@dataclass
class Transcript:
    """A parsed file: its cues in order, the format it was read as, and local faults (warnings)."""

    cues: list[Cue]
    format: str
    warnings: list[str] = field(default_factory=list)


class TranscriptError(Exception):
    """A transcript that cannot be imported, explained in one sentence with its line."""

    def __init__(self, message: str, line: int | None = None, path: str | None = None) -> None:
        self.message = message
        self.line = line
        self.path = path
        self.unit = "line"  # "paragraph" for Word files
        super().__init__(message)

    def __str__(self) -> str:
        where = self.path or "the transcript"
        if self.line:
            where += f", {self.unit} {self.line}"
        return f"{where}: {self.message}"


# --------------------------------------------------------------------------- decoding


def decode_transcript(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text with ``\\n`` line ends; returns the text and warnings.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such. A file
    that is mostly UTF-8 but has a few Windows-1252 lines (mixed encodings) is
    read line by line, with a warning per bad line; NUL bytes without a UTF-16
    BOM mean a binary file.
    """
    if not data.strip():
        raise TranscriptError("the file is empty", 1)
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise TranscriptError(f"the file says it is UTF-16 but is not ({error.reason})") from None
    else:
        if b"\x00" in data[:8192]:
            raise TranscriptError("this is a binary file, not a transcript (VTT, SRT, text or .docx)", 1)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_mixed(data, warnings)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TranscriptError("the file is empty", 1)
    return text, warnings


def _decode_mixed(data: bytes, warnings: list[str]) -> str:
    lines = data.split(b"\n")
    out: list[str] = []
    bad: list[int] = []
    for number, raw in enumerate(lines, start=1):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("cp1252", errors="replace"))
            bad.append(number)
    if len(bad) > max(3, len(lines) // 2):
        warnings.append(f"the file is not UTF-8; read it as Windows-1252 ({len(bad)} lines)")
    else:
        warnings.extend(f"line {n}: not UTF-8, read as Windows-1252" for n in bad)
    return "\n".join(out)


# --------------------------------------------------------------------------- clocks

# Hours have at most four digits: a recording longer than 9,999 hours is a damaged or hostile file,
# and an unbounded number would overflow dates later (or hit Python's int-to-string digit limit).
_CLOCK = re.compile(r"^(?:(\d{1,4}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def parse_clock(text: str) -> float:
    """``01:02:03.500``, ``02:03,5``, ``1:2:3.0`` (Teams Word files) -> seconds; ValueError otherwise.

    The ValueError's message is the timestamp, shortened to fit in a sentence.
    """
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(_clip(text.strip()))
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        raise ValueError(_clip(text.strip()))
    millis = (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)) * 1000
    if fraction:
        millis += int(fraction.ljust(3, "0"))
    return millis / 1000


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_clock(seconds: float, decimal: str = ".") -> str:
    """Seconds -> ``hh:mm:ss.mmm`` (``,`` as the decimal mark for SRT)."""
    millis = int(round(max(0.0, seconds) * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{decimal}{millis:03d}"


# --------------------------------------------------------------------------- text

_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>|\{\\[^}]*\}")
_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(amp|lt|gt|nbsp|lrm|rlm|quot|#39);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "nbsp": " ", "lrm": "", "rlm": "", "quot": '"', "#39": "'"}


def collapse(text: str) -> str:
    """Runs of whitespace (line breaks inside a caption) become one space."""
    return _SPACE.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """Caption markup out (``<i>``, ``<c.x>``, inline ``<00:01.000>``, ``{\\an8}``), entities decoded in one pass."""
    text = _TAG.sub("", text)
    return collapse(_ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text))


def escape_text(text: str) -> str:
    """The inverse of :func:`clean_text` for our own writers: ``&``, ``<`` and ``>`` as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_PREFIX = re.compile(r"^\s*([^\s:][^:]{0,40}?)\s*:\s+(\S.*)$", re.S)
_NOT_NAME = re.compile(r"[.?!,;\"“”()\[\]]|https?$")


def name_like(candidate: str) -> bool:
    """A short capitalised phrase without sentence punctuation: "Dana Smith", "Speaker 2"."""
    words = candidate.split()
    return 0 < len(words) <= 4 and not _NOT_NAME.search(candidate) and (candidate[0].isupper() or candidate[0].isdigit())


def split_speaker_prefixes(cues: list[Cue]) -> list[Cue]:
    """Move ``Name: text`` prefixes (Zoom, Meet, plain text) into ``Cue.speaker``.

    A prefix counts as a speaker when it looks like a name (at most four words,
    no sentence punctuation, capitalised) and either occurs at least twice, or
    the file follows the convention (half its cues or more have such a prefix,
    or it is tiny), so "Note: the export broke" in one cue is left alone.
    """
    found: dict[int, tuple[str, str]] = {}
    counts: dict[str, int] = {}
    for index, cue in enumerate(cues):
        if cue.speaker:
            continue
        match = _PREFIX.match(cue.text)
        if match and name_like(match.group(1)):
            found[index] = (match.group(1).strip(), match.group(2).strip())
            counts[found[index][0]] = counts.get(found[index][0], 0) + 1
    convention = len(cues) <= 3 or 2 * len(found) >= len(cues)
    out = list(cues)
    for index, (name, text) in found.items():
        if convention or counts[name] >= 2:
            out[index] = replace(cues[index], speaker=name, text=text)
    return out


def merge_fragments(cues: list[Cue]) -> list[Cue]:
    """Join consecutive cues of one speaker into one utterance (start of the first, end of the last).

    A cue without a speaker continues the previous speaker's turn (Google Meet
    names the speaker only when the turn changes). When no cue names a speaker
    at all, nothing is merged: every cue stays its own utterance.
    """
    if not any(c.speaker for c in cues):
        return [replace(c) for c in cues if c.text]
    merged: list[Cue] = []
    for cue in cues:
        if not cue.text:
            continue
        speaker = cue.speaker or (merged[-1].speaker if merged else "")
        if merged and merged[-1].speaker == speaker:
            last = merged[-1]
            last.text = f"{last.text} {cue.text}"
            if cue.end is not None:
                last.end = cue.end
            if last.start is None:
                last.start = cue.start
        else:
            merged.append(replace(cue, speaker=speaker))
    return merged
