"""The fast Word writer writes what python-docx's own API writes; this fails when python-docx changes."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX, WD_UNDERLINE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from interview.export import docx_xml

TEXTS = ["plain", "  leading", "trailing  ", "tab\there", "two\t\ttabs", "line\nbreak", "crlf\r\nend", "\n", "",
         " ", "emoji 😀 ß “quoted”", "\ttab first", "end tab\t"]
FORMATS = [
    {},
    {"bold": True},
    {"italic": True, "color": RGBColor(0x59, 0x59, 0x59)},
    {"italic": False, "size": Pt(9)},
    {"bold": True, "italic": True, "color": RGBColor(1, 2, 3), "size": Pt(10.5)},
    {"highlight": WD_COLOR_INDEX.GRAY_25, "underline": WD_UNDERLINE.DOTTED},
    {"fill": "F4A6A6"},
    {"fill": "F4A6A6", "underline": WD_UNDERLINE.DOTTED, "bold": True},
]


def _public_run(paragraph, text: str, fmt: dict) -> None:
    """The run as python-docx's public API (plus its own OxmlElement for shading) writes it."""
    from docx.oxml import OxmlElement

    run = paragraph.add_run(text)
    if fmt.get("fill"):
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), fmt["fill"])
        run._r.get_or_add_rPr().append(shade)
    if fmt.get("bold"):
        run.bold = True
    if "italic" in fmt:
        run.italic = fmt["italic"]
    if "color" in fmt:
        run.font.color.rgb = fmt["color"]
    if "size" in fmt:
        run.font.size = fmt["size"]
    if "highlight" in fmt:
        run.font.highlight_color = fmt["highlight"]
    if "underline" in fmt:
        run.font.underline = fmt["underline"]


def _body_xml(document) -> bytes:
    from lxml import etree

    return etree.tostring(document.element.body)


def test_paragraphs_and_runs_match_what_python_docx_writes():
    public, fast = docx.Document(), docx.Document()
    bullet = docx_xml.style_id(fast, "List Bullet")
    assert bullet == "ListBullet"
    for n, fmt in enumerate(FORMATS):
        styled = n % 2 == 1
        ours = docx_xml.add_paragraph(fast, bullet if styled else None)
        theirs = public.add_paragraph(style="List Bullet" if styled else None)
        for text in TEXTS:
            docx_xml.add_run(ours, text, **fmt)
            _public_run(theirs, text, fmt)
        assert ours.text == theirs.text
    public.add_heading("After", level=1)
    fast.add_heading("After", level=1)  # python-docx's own API still works on the fast-built body
    assert _body_xml(fast) == _body_xml(public)
    assert fast.element.body[-1].tag == qn("w:sectPr")


def test_paragraphs_read_back_through_the_public_api(tmp_path):
    doc = docx.Document()
    paragraph = docx_xml.add_paragraph(doc, docx_xml.style_id(doc, "Intense Quote"))
    docx_xml.add_run(paragraph, "“We re-key\tevery invoice”", bold=True)
    path = tmp_path / "x.docx"
    doc.save(str(path))
    again = docx.Document(str(path))
    assert [(p.style.name, p.text) for p in again.paragraphs] == [("Intense Quote", "“We re-key\tevery invoice”")]
    assert again.paragraphs[0].runs[0].bold is True


def test_fields_and_repeated_header_rows_match_the_xml_python_docx_reads():
    doc = docx.Document()
    footer = doc.sections[0].footer.paragraphs[0]
    docx_xml.add_field(footer, "PAGE", "1")
    assert footer._p.xml.count('w:instr="PAGE"') == 1 and footer.text == ""  # fields are not plain text
    table = doc.add_table(rows=2, cols=2)
    docx_xml.repeat_header_row(table)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


@pytest.mark.parametrize("text", ["\x00", "bad \x0b char"])
def test_text_xml_cannot_hold_is_refused_as_python_docx_refuses_it(text: str):
    """Exports drop these first (textmap.xml_safe); the writer never writes a broken file if one slips through."""
    with pytest.raises(ValueError):
        docx.Document().add_paragraph().add_run(text)
    with pytest.raises(ValueError):
        docx_xml.add_run(docx_xml.add_paragraph(docx.Document()), text)


def test_body_scans_do_not_grow_with_the_number_of_notes(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """python-docx finds where a new paragraph goes by scanning the whole body; done per note,
    that made a 5,000-note export take 41 s. The export's count of such scans stays flat."""
    from docx.oxml.xmlchemy import BaseOxmlElement

    from interview.export import build_session_report, render_session
    from interview.store import Store

    from test_export_fixtures import add, guide, make_session

    scans = []
    scan = BaseOxmlElement.first_child_found_in

    def counted(self, *tagnames):
        if self.tag == qn("w:body"):
            scans.append(tagnames)
        return scan(self, *tagnames)

    monkeypatch.setattr(BaseOxmlElement, "first_child_found_in", counted)
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))

    def body_scans(extra_notes: int) -> int:
        with Store(tmp_path / f"{extra_notes}.db") as store:
            session_id = make_session(store)
            question = next(q for _, q in guide().questions())
            for i in range(extra_notes):
                text = f"Note {i}: it took forever to reconcile and I was so frustrated"
                add(store, session_id, text, question.id, 700 + i, tags=["close"], starred=i % 7 == 0,
                    highlights=[("took forever to reconcile", "problem"), ("so frustrated", "emotion", "anger")])
            report = build_session_report(store, session_id, include_suggested=True)
        scans.clear()
        render_session(report, "docx")
        return len(scans)

    assert body_scans(60) == body_scans(3)
