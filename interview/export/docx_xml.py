"""Paragraphs and runs written straight into python-docx's XML: the one module that uses its internals.

python-docx's public API made a 5,000-note Word export take 41 s (Markdown: 1.2 s):
each new paragraph scans the whole body for the closing ``w:sectPr`` (quadratic in the
number of paragraphs), and each run clears itself with an XPath query, feeds its text
through a per-character state machine and inserts every property by schema lookup.
These helpers write the same elements with plain lxml calls. tests/test_docx_xml.py
compares their XML with what python-docx's public API writes, so a python-docx upgrade
that changes either side fails there, not in a reader's Word.
"""

from __future__ import annotations

import re

from docx.document import Document as DocumentType
from docx.enum.text import WD_COLOR_INDEX, WD_UNDERLINE
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_HpsMeasure
from docx.shared import Length, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

_P, _PPR, _PSTYLE, _R, _RPR, _T, _TAB, _BR = (qn(f"w:{t}") for t in ("p", "pPr", "pStyle", "r", "rPr", "t", "tab", "br"))
_B, _I, _COLOR, _SZ, _HIGHLIGHT, _U, _SHD = (qn(f"w:{t}") for t in ("b", "i", "color", "sz", "highlight", "u", "shd"))
_VAL, _SECT_PR, _SPACE = qn("w:val"), qn("w:sectPr"), qn("xml:space")
_SHD_COLOR, _SHD_FILL = qn("w:color"), qn("w:fill")
_BREAKS = re.compile(r"([\t\r\n])")


def style_id(doc: DocumentType, name: str) -> str:
    """The id of a built-in paragraph style ("List Bullet" -> "ListBullet"); look it up once, not per paragraph."""
    return doc.styles[name].style_id


def add_paragraph(doc: DocumentType, style: str | None = None) -> Paragraph:
    """A new empty paragraph at the end of the body (before the closing section properties), in
    O(1): python-docx's ``add_paragraph`` scans every earlier paragraph. ``style`` is a style id."""
    body = doc.element.body
    p = etree.SubElement(body, _P)
    if style:
        etree.SubElement(etree.SubElement(p, _PPR), _PSTYLE).set(_VAL, style)
    before = p.getprevious()
    if before is not None and before.tag == _SECT_PR:
        body.append(before)  # the schema keeps the section properties last
    return Paragraph(p, doc._body)


def add_run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool | None = None,
            color: RGBColor | None = None, size: Length | None = None, highlight: WD_COLOR_INDEX | None = None,
            underline: WD_UNDERLINE | None = None, fill: str | None = None) -> None:
    """A run at the end of ``paragraph``, as ``paragraph.add_run(text)`` plus the font settings would write it.

    ``fill`` is character shading in hex ("F4A6A6"): an exact colour, where ``highlight`` is
    Word's fixed highlighter palette.
    """
    r = etree.SubElement(paragraph._p, _R)
    if bold or italic is not None or color is not None or size is not None or highlight is not None \
            or underline is not None or fill:
        props = etree.SubElement(r, _RPR)  # children in the schema's order
        if bold:
            etree.SubElement(props, _B)
        if italic is not None:
            etree.SubElement(props, _I, None if italic else {_VAL: "0"})
        if color is not None:
            etree.SubElement(props, _COLOR, {_VAL: str(color)})
        if size is not None:
            etree.SubElement(props, _SZ, {_VAL: ST_HpsMeasure.convert_to_xml(size)})
        if highlight is not None:
            etree.SubElement(props, _HIGHLIGHT, {_VAL: WD_COLOR_INDEX.to_xml(highlight)})
        if underline is not None:
            etree.SubElement(props, _U, {_VAL: WD_UNDERLINE.to_xml(underline)})
        if fill:
            etree.SubElement(props, _SHD, {_VAL: "clear", _SHD_COLOR: "auto", _SHD_FILL: fill})
    pieces = _BREAKS.split(text) if "\t" in text or "\n" in text or "\r" in text else (text,)
    for piece in pieces:
        if piece == "\t":
            etree.SubElement(r, _TAB)
        elif piece == "\n" or piece == "\r":
            etree.SubElement(r, _BR)
        elif piece:
            t = etree.SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_SPACE, "preserve")


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out pages."""
    field = etree.SubElement(paragraph._p, qn("w:fldSimple"))
    field.set(qn("w:instr"), instruction)
    etree.SubElement(etree.SubElement(field, _R), _T).text = placeholder


def keep_rows_whole(table: Table) -> None:
    """No row breaks across a page: a cell's text split over two pages reads as two rows."""
    for row in table.rows:
        row._tr.get_or_add_trPr().insert(0, etree.Element(qn("w:cantSplit")))  # before tblHeader, as the schema orders


def repeat_header_row(table: Table) -> None:
    """The table's first row repeats at the top of every page it runs onto."""
    etree.SubElement(table.rows[0]._tr.get_or_add_trPr(), qn("w:tblHeader"))


def upright_headers(table: Table, first_cell: int, height: Length, size: Length | None = None) -> None:
    """The header row's cells from ``first_cell`` on read bottom to top (long names over narrow columns),
    in ``size`` type; the row is ``height`` tall at least, as a turned cell does not grow with its text."""
    row = table.rows[0]
    for cell in row.cells[first_cell:]:
        etree.SubElement(cell._tc.get_or_add_tcPr(), qn("w:textDirection")).set(_VAL, "btLr")
        if size is not None:
            for run in cell.paragraphs[0].runs:
                run.font.size = size
    tr_pr = row._tr.get_or_add_trPr()
    tr_height = etree.SubElement(tr_pr, qn("w:trHeight"))
    tr_height.set(_VAL, str(int(height.twips)))
    tr_height.set(qn("w:hRule"), "atLeast")
