"""Word building blocks shared by the session summary and the synthesis.

Only python-docx's built-in styles are used (Title, Heading 1/2, List Bullet,
Quote, Intense Quote, Table Grid) so documents look native in Word and
LibreOffice and readers can restyle them with their own template.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Iterable

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_UNDERLINE
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from interview.export import docx_xml
from interview.export.paper import set_paper, text_width
from interview.labels import LABEL_COLORS, LABEL_DOCX_HIGHLIGHT, LABEL_NAMES
from interview.models import Highlight

HEADER_TEXT = "Confidential — customer research"
MUTED = RGBColor(0x59, 0x59, 0x59)


def new_document(title: str, author: str, created: str = "", paper: str = "a4") -> DocumentType:
    """A document on ``paper`` (a4 | letter) with the confidentiality header, page numbers and core properties filled."""
    doc = Document()
    set_paper(doc, paper)
    props = doc.core_properties
    props.title = title
    props.author = author or "interview"
    props.last_modified_by = author or "interview"
    props.subject = "Customer research"
    props.keywords = "customer research; confidential"
    props.comments = ""
    props.created = _when(created)
    props.modified = props.created
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = HEADER_TEXT
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(header)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    docx_xml.add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    docx_xml.add_field(footer, "NUMPAGES", "1")
    _small(footer)
    return doc


def _when(stamp: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
    except ValueError:
        parsed = None
    return (parsed or datetime.now(timezone.utc)).replace(microsecond=0)


def _small(paragraph: Paragraph) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED


def to_bytes(doc: DocumentType) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def key_value_table(doc: DocumentType, rows: Iterable[list[str] | tuple[str, str]]) -> Table:
    """A two-column facts table (label in bold); empty values are skipped."""
    rows = [r for r in rows if r[1]]
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    _widths(table, [1.9, 4.6], text_width(doc))
    docx_xml.keep_rows_whole(table)
    return table


def grid_table(doc: DocumentType, header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> Table:
    """A Table Grid table with a bold, repeated header row."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].add_run(text).bold = True
    docx_xml.repeat_header_row(table)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    if widths:
        _widths(table, widths, text_width(doc))
    docx_xml.keep_rows_whole(table)
    return table


def _widths(table: Table, inches: list[float], room: float | None = None) -> None:
    """Fixed column widths, scaled down to fit ``room`` inches (the page between the margins);
    LibreOffice reads the grid, Word the cells, so both are set."""
    if room and sum(inches) > room:
        inches = [w * room / sum(inches) for w in inches]
    table.autofit = False
    for column, width in zip(table.columns, inches):
        column.width = Inches(width)
    for row in table.rows:
        for cell, width in zip(row.cells, inches):
            cell.width = Inches(width)


def highlight_run(paragraph: Paragraph, text: str, span: Highlight | None) -> None:
    """One run; a highlighted one gets its label's colour as a background, a suggestion a dotted underline.

    Character shading carries the app's exact pastel (LABEL_COLORS), which Word's fixed
    highlighter palette (LABEL_DOCX_HIGHLIGHT) cannot: its violet and pink hide dark text.
    """
    if span is None:
        docx_xml.add_run(paragraph, text)
        return
    color = LABEL_COLORS.get(span.label)
    docx_xml.add_run(
        paragraph, text, fill=color.lstrip("#").upper() if color else None,
        highlight=None if color else getattr(WD_COLOR_INDEX, LABEL_DOCX_HIGHLIGHT.get(span.label, "GRAY_25")),
        underline=WD_UNDERLINE.DOTTED if span.status == "suggested" else None,
    )


def add_legend(doc: DocumentType, include_suggested: bool, min_confidence: float = 0.0) -> None:
    """What the colours mean, shown on the first page (and the confidence below which none are shown)."""
    paragraph = docx_xml.add_paragraph(doc)
    docx_xml.add_run(paragraph, "Legend: ", bold=True)
    for i, (label, name) in enumerate(LABEL_NAMES.items()):
        if i:
            docx_xml.add_run(paragraph, "  ")
        highlight_run(paragraph, f" {name} ", Highlight(0, 1, label, status="accepted"))
    if include_suggested:
        docx_xml.add_run(paragraph, "\n")
        highlight_run(paragraph, "dotted underline", Highlight(0, 1, "problem", status="suggested"))
        docx_xml.add_run(paragraph, ": suggested by the app, not yet reviewed")
    if min_confidence:
        docx_xml.add_run(paragraph, "\n")
        docx_xml.add_run(paragraph, f"Only highlights with confidence ≥ {min_confidence:g} are shown.")


_STYLE_IDS: dict[str, str] = {}


def styled(doc: DocumentType, style: str) -> Paragraph:
    """A new paragraph in a built-in style (python-docx would look the name up among all styles each time)."""
    if style not in _STYLE_IDS:
        _STYLE_IDS[style] = docx_xml.style_id(doc, style)
    return docx_xml.add_paragraph(doc, _STYLE_IDS[style])


def heading(doc: DocumentType, text: str, level: int = 1) -> Paragraph:
    """``doc.add_heading`` without its search through every style and every earlier paragraph."""
    paragraph = styled(doc, "Title" if level == 0 else f"Heading {level}")
    if text:
        docx_xml.add_run(paragraph, text)
    return paragraph


def bullet(doc: DocumentType, text: str = "", *, bold_prefix: str = "") -> Paragraph:
    paragraph = styled(doc, "List Bullet")
    if bold_prefix:
        docx_xml.add_run(paragraph, bold_prefix, bold=True)
    if text:
        docx_xml.add_run(paragraph, text)
    return paragraph


def quote(doc: DocumentType, text: str, attribution: str = "", *, intense: bool = False) -> Paragraph:
    paragraph = styled(doc, "Intense Quote" if intense else "Quote")
    docx_xml.add_run(paragraph, f"“{text}”")
    if attribution:
        docx_xml.add_run(paragraph, f" — {attribution}", italic=False, size=Pt(9))
    return paragraph


def muted(doc: DocumentType, text: str) -> Paragraph:
    paragraph = docx_xml.add_paragraph(doc)
    docx_xml.add_run(paragraph, text, italic=True, color=MUTED)
    return paragraph
