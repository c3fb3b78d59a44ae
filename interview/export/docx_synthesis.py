"""The synthesis across sessions as a Word document."""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.enum.text import WD_BREAK
from docx.shared import Inches, Pt

from interview.export.docx_base import (
    bullet,
    grid_table,
    heading,
    key_value_table,
    muted,
    new_document,
    styled,
    quote,
    to_bytes,
)
from interview.export import docx_xml
from interview.export.executive import SummaryItem
from interview.export.paper import text_width
from interview.export.synthesis import Synthesis, Theme
from interview.export.wording import redaction_sentence
from interview.export import synthesis_text as text

MATRIX_HEADER_HEIGHT = 2.2  # inches: room for a theme name of about 60 characters, turned on its side
MATRIX_COLUMNS = 8  # more themes than this would make the matrix unreadable on a page; the rest follow


def synthesis_docx(synthesis: Synthesis, paper: str = "a4") -> bytes:
    """The bytes of a .docx synthesis on ``paper``: the executive summary is the first page."""
    doc = new_document(synthesis.title, "interview", synthesis.generated_at, paper)
    heading(doc, synthesis.title, level=0)
    muted(doc, text.overview(synthesis))
    if synthesis.summary:
        _summary(doc, synthesis.summary)
        docx_xml.add_run(docx_xml.add_paragraph(doc), "")
        doc.paragraphs[-1].runs[0].add_break(WD_BREAK.PAGE)
    heading(doc, "About this synthesis", level=1)
    key_value_table(doc, text.facts(synthesis))
    sentence = redaction_sentence(synthesis.redacted)
    if sentence:
        muted(doc, sentence)
    if not synthesis.themes:
        muted(doc, text.NO_THEMES)
        return to_bytes(doc)
    heading(doc, "Themes", level=1)
    muted(doc, text.method_text())
    grid_table(
        doc, text.THEME_COLUMNS, text.theme_rows(synthesis),
        widths=[0.3, 1.3, 1.25, 1.25, 1.1, 1.0],  # "Participants" and "Statements" each fit on one line
    )
    for number, theme in enumerate(synthesis.themes, start=1):
        _theme(doc, number, theme, synthesis)
    _other_themes(doc, synthesis)
    _matrix(doc, synthesis)
    heading(doc, "Sessions read", level=1)
    grid_table(doc, ["Date", "Session", "Participant", "Guide"],
               [[s.date, s.title, s.participant, s.guide] for s in synthesis.sessions], widths=[1.15, 2.55, 1.6, 1.2])
    return to_bytes(doc)


def _summary(doc: DocumentType, items: list[SummaryItem]) -> None:
    heading(doc, "Executive summary", level=1)
    muted(doc, "The problems most participants raised, each with its strongest quote; "
               "numbers refer to the theme sections that follow.")
    for item in items:
        heading(doc, text.summary_heading(item), level=2)
        if item.takeaway:
            docx_xml.add_run(styled(doc, "Normal"), item.takeaway, bold=True)
        for point in text.summary_points(item):
            bullet(doc, point.value, bold_prefix=f"{point.label}: ")
        if item.quote:
            quote(doc, item.quote, item.speaker)


def _theme(doc: DocumentType, number: int, theme: Theme, synthesis: Synthesis) -> None:
    heading(doc, f"{number}. {theme.name}", level=2)
    for point in text.theme_points(theme, synthesis):
        bullet(doc, point.value, bold_prefix=f"{point.label}: ")
    for statement in theme.quotes:
        quote(doc, statement.quote, text.attribution(statement))
    if not theme.quotes:
        muted(doc, text.withheld_text(synthesis))


def _other_themes(doc: DocumentType, synthesis: Synthesis) -> None:
    """Ideas, and workarounds and needs no problem theme holds: each under its own kind, never as a problem."""
    for title, intro, themes in text.kind_groups(synthesis):
        heading(doc, title, level=1)
        muted(doc, intro)
        for theme in themes:
            heading(doc, theme.name, level=2)
            muted(doc, text.kind_facts(theme, synthesis))
            for statement in theme.quotes[:text.ITEMS_PER_THEME]:
                bullet(doc, f"{statement.text} — {text.item_attribution(statement)}")
            if not theme.quotes:
                muted(doc, text.withheld_text(synthesis))


def _matrix(doc: DocumentType, synthesis: Synthesis) -> None:
    heading(doc, "Participants × themes", level=1)
    # The sentence stays on the page of the table it introduces.
    muted(doc, "Statements each participant made on each theme.").paragraph_format.keep_with_next = True
    themes = synthesis.themes
    room = text_width(doc)
    for first in range(0, len(themes), MATRIX_COLUMNS):
        columns = range(first, min(first + MATRIX_COLUMNS, len(themes)))
        rows = [[name] + [str(synthesis.matrix[r][c] or "") for c in columns]
                for r, name in enumerate(synthesis.participants)]
        width = min(0.75, (room - 1.7) / max(1, len(columns)))
        table = grid_table(doc, ["Participant"] + [f"{c + 1}. {text.short_name(themes[c].name, 50)}" for c in columns], rows,
                           widths=[1.7] + [width] * len(columns))
        # Names run bottom to top, so eight of them fit across a page at a readable size.
        docx_xml.upright_headers(table, first_cell=1, height=Inches(MATRIX_HEADER_HEIGHT), size=Pt(8))
        doc.add_paragraph()
