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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from interview.export.data import Span
from interview.labels import LABEL_COLORS, LABEL_DOCX_HIGHLIGHT, LABEL_NAMES

HEADER_TEXT = "Confidential — customer research"
MUTED = RGBColor(0x59, 0x59, 0x59)


def new_document(title: str, author: str, created: str = "") -> DocumentType:
    """A document with the confidentiality header, page numbers and core properties filled."""
    doc = Document()
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
    _add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _add_field(footer, "NUMPAGES", "1")
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


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


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
    _widths(table, [1.9, 4.6])
    return table


def grid_table(doc: DocumentType, header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> Table:
    """A Table Grid table with a bold, repeated header row."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].add_run(text).bold = True
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_props.append(repeat)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    if widths:
        _widths(table, widths)
    return table


def _widths(table: Table, inches: list[float]) -> None:
    """Fixed column widths; LibreOffice reads the grid, Word the cells, so both are set."""
    table.autofit = False
    for column, width in zip(table.columns, inches):
        column.width = Inches(width)
    for row in table.rows:
        for cell, width in zip(row.cells, inches):
            cell.width = Inches(width)


def highlight_run(paragraph: Paragraph, text: str, span: Span | None) -> None:
    """One run; a highlighted one gets its label's colour as a background, a suggestion a dotted underline.

    Character shading carries the app's exact pastel (LABEL_COLORS), which Word's fixed
    highlighter palette (LABEL_DOCX_HIGHLIGHT) cannot: its violet and pink hide dark text.
    """
    run = paragraph.add_run(text)
    if span is None:
        return
    color = LABEL_COLORS.get(span.label)
    if color:
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), color.lstrip("#").upper())
        run._r.get_or_add_rPr().append(shade)
    else:
        run.font.highlight_color = getattr(WD_COLOR_INDEX, LABEL_DOCX_HIGHLIGHT.get(span.label, "GRAY_25"))
    if span.status == "suggested":
        run.font.underline = WD_UNDERLINE.DOTTED


def add_legend(doc: DocumentType, include_suggested: bool, min_confidence: float = 0.0) -> None:
    """What the colours mean, shown on the first page (and the confidence below which none are shown)."""
    paragraph = doc.add_paragraph()
    paragraph.add_run("Legend: ").bold = True
    for i, (label, name) in enumerate(LABEL_NAMES.items()):
        if i:
            paragraph.add_run("  ")
        highlight_run(paragraph, f" {name} ", Span(0, 1, label))
    if include_suggested:
        paragraph.add_run().add_break()
        highlight_run(paragraph, "dotted underline", Span(0, 1, "problem", status="suggested"))
        paragraph.add_run(": suggested by the app, not yet reviewed")
    if min_confidence:
        paragraph.add_run().add_break()
        paragraph.add_run(f"Only highlights with confidence ≥ {min_confidence:g} are shown.")


_STYLE_IDS: dict[str, str] = {}


def styled(doc: DocumentType, style: str) -> Paragraph:
    """A new paragraph in a built-in style, set by id.

    python-docx resolves a style name by scanning every style on each call, which made a
    500-note export take seconds; the id is looked up once and written straight into pPr.
    """
    if style not in _STYLE_IDS:
        _STYLE_IDS[style] = doc.styles[style].style_id
    paragraph = doc.add_paragraph()
    paragraph._p.style = _STYLE_IDS[style]
    return paragraph


def bullet(doc: DocumentType, text: str = "", *, bold_prefix: str = "") -> Paragraph:
    paragraph = styled(doc, "List Bullet")
    if bold_prefix:
        paragraph.add_run(bold_prefix).bold = True
    if text:
        paragraph.add_run(text)
    return paragraph


def quote(doc: DocumentType, text: str, attribution: str = "", *, intense: bool = False) -> Paragraph:
    paragraph = styled(doc, "Intense Quote" if intense else "Quote")
    paragraph.add_run(f"“{text}”")
    if attribution:
        run = paragraph.add_run(f" — {attribution}")
        run.italic = False
        run.font.size = Pt(9)
    return paragraph


def muted(doc: DocumentType, text: str) -> Paragraph:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = True
    run.font.color.rgb = MUTED
    return paragraph
