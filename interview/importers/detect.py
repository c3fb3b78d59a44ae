"""Which reader a transcript needs, decided by its content (the extension only breaks ties).

Files are renamed, mailed and saved with the wrong extension, so the bytes
decide: a zip with ``word/document.xml`` is a Word file; a ``WEBVTT`` header,
or cue timings with a ``.`` before the milliseconds, is WebVTT; cue timings
with ``,`` (the SubRip way) are SRT; anything else is plain text.
"""

from __future__ import annotations

import re
from pathlib import Path

from interview.importers.cues import Transcript, TranscriptError, decode_transcript
from interview.regular_files import FileKindError, read_user_file
from interview.zip_limits import ZipLimitError, open_zip

__all__ = ["FORMATS", "detect_format", "parse_transcript", "read_transcript"]

FORMATS: tuple[str, ...] = ("vtt", "srt", "text", "docx")
_TIMING = re.compile(r"^\s*[\d:]+([.,])\d{1,3}\s+-->\s+[\d:]+[.,]\d{1,3}", re.M)
MAX_BYTES = 50_000_000


def detect_format(data: bytes, suffix: str = "") -> str:
    """One of :data:`FORMATS`; TranscriptError for a zip that is not a Word file."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = open_zip(data).namelist()
        except ZipLimitError as error:
            raise TranscriptError(f"this zip or Word file cannot be read: {error}") from None
        if "word/document.xml" in names:
            return "docx"
        raise TranscriptError("this is a zip file, not a transcript (VTT, SRT, text or .docx)", 1)
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"WEBVTT"):
        return "vtt"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            sample = data[:8192].decode("utf-16", errors="ignore")
        except UnicodeDecodeError:  # pragma: no cover - errors are ignored
            sample = ""
    else:
        sample = data[:65536].decode("utf-8", errors="ignore")
    if sample.lstrip("\ufeff \t\r\n").startswith("WEBVTT"):
        return "vtt"
    marks = {m.group(1) for m in _TIMING.finditer(sample)}
    if marks == {","}:
        return "srt"
    if marks == {"."}:
        return "vtt"
    if marks:  # both: trust the extension
        return "srt" if suffix.lower() == ".srt" else "vtt"
    return "text"


def parse_transcript(data: bytes, suffix: str = "") -> Transcript:
    """Bytes to cues with the right reader; decoding warnings come first in ``warnings``."""
    fmt = detect_format(data, suffix)
    if fmt == "docx":
        from interview.importers.docx_transcript import parse_docx

        return parse_docx(data)
    text, warnings = decode_transcript(data)
    if fmt == "vtt":
        from interview.importers.vtt import parse_vtt

        transcript = parse_vtt(text)
    elif fmt == "srt":
        from interview.importers.srt import parse_srt

        transcript = parse_srt(text)
    else:
        from interview.importers.plaintext import parse_plaintext

        transcript = parse_plaintext(text)
    transcript.warnings[:0] = warnings
    return transcript


def read_transcript(path: str | Path) -> Transcript:
    """Read and parse a transcript file; every failure is a TranscriptError naming the file."""
    path = Path(path).expanduser()
    try:
        data = read_user_file(path, limit=MAX_BYTES, what="transcript")
    except FileKindError as error:
        raise TranscriptError(str(error), path=str(path)) from None
    try:
        return parse_transcript(data, path.suffix)
    except TranscriptError as error:
        error.path = str(path)
        raise
