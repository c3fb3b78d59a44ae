"""The session summary as a Word document (the synthesis lives in ``docx_synthesis``)."""

from __future__ import annotations

from docx.document import Document as DocumentType

from interview.export.data import Finding, NoteLine, SessionReport, Span, priority_rows
from interview.export.docx_base import (
    MUTED,
    add_legend,
    bullet,
    grid_table,
    highlight_run,
    key_value_table,
    muted,
    new_document,
    quote,
    styled,
    to_bytes,
)
from interview.export.wording import (
    EMPTY,
    FEATURE_REQUEST_HINT,
    consent_sentence,
    emotion_groups,
    redaction_sentence,
    speaker_label,
    where,
)


def session_docx(report: SessionReport) -> bytes:
    """The bytes of a .docx summary of one session."""
    doc = new_document(report.title, report.author, report.generated_at)
    doc.add_heading(report.title, level=0)
    muted(doc, f"Session summary · {report.date} · {report.note_count} note{'' if report.note_count == 1 else 's'}")
    key_value_table(doc, report.metadata)
    doc.add_paragraph()
    add_legend(doc, report.include_suggested, report.min_confidence)
    for sentence in (consent_sentence(report), redaction_sentence(report.redacted)):
        if sentence:
            muted(doc, sentence)

    doc.add_heading("Key findings", level=1)
    _findings(doc, "Problems stated", report.problems, with_quote=True)
    _emotions(doc, report.emotions)
    _findings(doc, "Workarounds", report.workarounds)
    _findings(doc, "Needs", report.needs)
    _findings(doc, "Feature requests: asks to probe further", report.feature_requests, hint=FEATURE_REQUEST_HINT)
    doc.add_heading("Starred quotes", level=2)
    for line in report.starred:
        quote(doc, line.text, " · ".join(x for x in (line.person or speaker_label(line.speaker), line.time) if x),
              intense=True)
    if not report.starred:
        muted(doc, EMPTY["starred"])
    doc.add_heading("Questions not asked", level=2)
    for text in report.unasked:
        bullet(doc, text)
    if not report.unasked:
        muted(doc, EMPTY["unasked"])

    if report.how_might_we:
        doc.add_heading("How might we", level=1)
        for text in report.how_might_we:
            quote(doc, text, intense=True)
    if report.themes:
        doc.add_heading("Ideas by theme", level=1)
        for theme in report.themes:
            doc.add_heading(f"{theme.name} ({len(theme.ideas)})", level=2)
            for idea in theme.ideas:
                paragraph = bullet(doc, bold_prefix=f"#{idea.number} ")
                paragraph.add_run(idea.text)
                extra = " · ".join(x for x in (idea.proposer, f"builds on {idea.builds_on}" if idea.builds_on else "",
                                               f"{idea.votes} votes" if idea.votes else "") if x)
                if extra:
                    paragraph.add_run(f"  ({extra})").font.color.rgb = MUTED
    if report.ideas:
        doc.add_heading("Ideas, ranked by votes", level=1)
        grid_table(
            doc, ["#", "Idea", "Votes", "Proposed by", "Theme"],
            [[str(i.rank), i.text, str(i.votes), i.proposer, i.theme] for i in report.ideas],
            widths=[0.4, 3.3, 0.6, 1.3, 1.0],
        )
    if report.priorities:
        doc.add_heading("Impact and effort", level=1)
        grid_table(doc, ["", "Low effort (1-2)", "High effort (3-5)"], priority_rows(report.priorities, "\n"),
                   widths=[1.0, 2.8, 2.8])

    doc.add_heading("Notes", level=1)
    if not report.sections:
        muted(doc, EMPTY["notes"])
    for section in report.sections:
        doc.add_heading(section.title, level=2)
        for block in section.questions:
            if block.text:
                doc.add_paragraph().add_run(block.text).bold = True
            for line in block.notes:
                _note(doc, line)
    return to_bytes(doc)


def _findings(doc: DocumentType, title: str, findings: list[Finding], *, with_quote: bool = False,
              hint: str = "") -> None:
    doc.add_heading(title, level=2)
    if hint and findings:
        muted(doc, hint)
    if not findings:
        muted(doc, EMPTY["findings"])
    for finding in findings:
        paragraph = bullet(doc)
        highlight_run(paragraph, finding.text, _span_of(finding))
        paragraph.add_run(f"  ({where(finding)})")
        if with_quote and finding.quote.strip() != finding.text:
            quote(doc, finding.quote)


def _emotions(doc: DocumentType, findings: list[Finding]) -> None:
    doc.add_heading("Emotions", level=2)
    if not findings:
        muted(doc, EMPTY["findings"])
    for kind, group in emotion_groups(findings):
        bullet(doc, bold_prefix=f"{kind} ({len(group)})")
        for finding in group:
            paragraph = styled(doc, "List Bullet 2")
            highlight_run(paragraph, finding.text, _span_of(finding))
            paragraph.add_run(f"  ({where(finding)})")


def _span_of(finding: Finding) -> Span:
    return Span(0, len(finding.text), finding.label, finding.kind, finding.status)


def _note(doc: DocumentType, line: NoteLine) -> None:
    paragraph = doc.add_paragraph()
    stamp = paragraph.add_run(f"{line.time}  ")
    stamp.font.color.rgb = MUTED
    who = line.person or speaker_label(line.speaker)
    paragraph.add_run(f"{'★ ' if line.starred else ''}{who}: ").bold = True
    for text, span in line.segments():
        highlight_run(paragraph, text, span)
    if line.tags:
        tags = paragraph.add_run("  " + " ".join(f"#{t}" for t in line.tags))
        tags.font.color.rgb = MUTED
