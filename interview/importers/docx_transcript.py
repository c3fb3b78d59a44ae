"""Word (.docx) transcripts, as Microsoft Teams and Otter export them, read with python-docx.

Both are a list of paragraphs that spell out the same conventions as plain-text
transcripts: Teams writes ``Dana Smith   0:03`` then the words (older files:
``0:0:0.0 --> 0:0:2.970``, the name, the words); Otter writes ``Speaker 1  0:00``
then the words. So the paragraphs are handed to :func:`parse_plaintext`, one
paragraph per "line" (a line break inside a paragraph starts a new line), and
the numbers in messages are paragraph numbers.
"""

from __future__ import annotations

import io
import zipfile

from interview.importers.cues import Transcript, TranscriptError
from interview.importers.plaintext import parse_plaintext
from interview.zip_limits import ZipLimitError, open_zip

__all__ = ["parse_docx", "docx_paragraphs"]


def docx_paragraphs(data: bytes) -> list[str]:
    """The text of every body paragraph (tables included, row by row), in order."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml.etree import XMLSyntaxError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise TranscriptError("reading .docx transcripts needs python-docx") from None
    try:
        open_zip(data).close()  # before python-docx unpacks it: a small file may unpack to gigabytes
    except ZipLimitError as error:
        raise TranscriptError(f"this Word document cannot be read: {error}") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except XMLSyntaxError as error:
        # Damaged XML, or an entity bomb that libxml2 stopped ("amplification factor exceeded").
        raise TranscriptError(f"this Word document's XML is damaged or hostile ({_first_line(error)})") from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TranscriptError(f"this is not a readable Word document ({error})") from None
    paragraphs: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs.append(_runs_text(child))
        elif tag == "tbl":
            for row in child.iter(_W + "tr"):
                cells = [_runs_text(cell) for cell in row.iter(_W + "tc")]
                paragraphs.append("  ".join(c for c in cells if c.strip()))
    return paragraphs


def _first_line(error: Exception) -> str:
    text = str(error).split("\n", 1)[0]
    return text if len(text) <= 120 else text[:119] + "…"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _runs_text(element) -> str:
    """Text of a paragraph or cell with its line breaks (``w:br``) and tabs kept."""
    parts: list[str] = []
    for node in element.iter(_W + "t", _W + "br", _W + "cr", _W + "tab"):
        name = node.tag[len(_W):]
        parts.append(node.text or "" if name == "t" else "\n" if name in ("br", "cr") else "\t")
    return "".join(parts)


def parse_docx(data: bytes) -> Transcript:
    """Read a Word transcript into cues (speaker, time, text)."""
    paragraphs = docx_paragraphs(data)
    if not any(p.strip() for p in paragraphs):
        raise TranscriptError("the Word document has no text", 1)
    lines: list[str] = []
    numbers: list[int] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        for line in paragraph.split("\n"):
            lines.append(line)
            numbers.append(number)
    return parse_plaintext("\n".join(lines), fmt="docx", unit="paragraph", numbers=numbers)
