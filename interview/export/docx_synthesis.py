"""The synthesis across sessions as a Word document."""

from __future__ import annotations

from docx.document import Document as DocumentType

from interview.export.docx_base import (
    bullet,
    grid_table,
    heading,
    key_value_table,
    muted,
    new_document,
    quote,
    to_bytes,
)
from interview.export.synthesis import Synthesis, Theme
from interview.export.wording import redaction_sentence
from interview.export.synthesis_text import (
    NO_THEMES,
    attribution,
    emotions_text,
    evidence_text,
    facts,
    method_text,
    participants_text,
    withheld_text,
)

MATRIX_COLUMNS = 8  # more themes than this would make the matrix unreadable on a page; the rest follow


def synthesis_docx(synthesis: Synthesis) -> bytes:
    """The bytes of a .docx synthesis."""
    doc = new_document(synthesis.title, "interview", synthesis.generated_at)
    heading(doc, synthesis.title, level=0)
    key_value_table(doc, facts(synthesis))
    sentence = redaction_sentence(synthesis.redacted)
    if sentence:
        muted(doc, sentence)
    if not synthesis.themes:
        muted(doc, NO_THEMES)
        return to_bytes(doc)
    heading(doc, "Themes", level=1)
    muted(doc, method_text())
    grid_table(
        doc, ["#", "Theme", "Participants", "Statements", "Evidence", "Emotions"],
        [[str(i), t.name, participants_text(t, synthesis), str(t.statement_count), evidence_text(t),
          emotions_text(t)] for i, t in enumerate(synthesis.themes, start=1)],
        widths=[0.3, 1.4, 1.3, 1.25, 1.25, 1.0],
    )
    for number, theme in enumerate(synthesis.themes, start=1):
        _theme(doc, number, theme, synthesis)
    _matrix(doc, synthesis)
    heading(doc, "Sessions read", level=1)
    grid_table(doc, ["Date", "Session", "Participant", "Guide"],
               [[s.date, s.title, s.participant, s.guide] for s in synthesis.sessions], widths=[1.15, 2.55, 1.6, 1.2])
    return to_bytes(doc)


def _theme(doc: DocumentType, number: int, theme: Theme, synthesis: Synthesis) -> None:
    heading(doc, f"{number}. {theme.name}", level=2)
    if theme.takeaway:
        bullet(doc, theme.takeaway, bold_prefix="Takeaway: ")
    bullet(doc, participants_text(theme, synthesis), bold_prefix="Raised by: ")
    bullet(doc, evidence_text(theme), bold_prefix="Evidence: ")
    if theme.emotions:
        bullet(doc, emotions_text(theme), bold_prefix="Emotions: ")
    for statement in theme.quotes:
        quote(doc, statement.quote, attribution(statement))
    if not theme.quotes:
        muted(doc, withheld_text(synthesis))


def _matrix(doc: DocumentType, synthesis: Synthesis) -> None:
    heading(doc, "Participants × themes", level=1)
    muted(doc, "Statements each participant made on each theme (numbers refer to the themes above).")
    themes = synthesis.themes
    for first in range(0, len(themes), MATRIX_COLUMNS):
        columns = range(first, min(first + MATRIX_COLUMNS, len(themes)))
        rows = [[name] + [str(synthesis.matrix[r][c] or "") for c in columns]
                for r, name in enumerate(synthesis.participants)]
        width = 4.8 / max(1, len(columns))
        grid_table(doc, ["Participant"] + [str(c + 1) for c in columns], rows, widths=[1.7] + [width] * len(columns))
        doc.add_paragraph()
