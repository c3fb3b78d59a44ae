"""The session summary as a Word document (the synthesis lives in ``docx_synthesis``)."""

from __future__ import annotations

from docx.document import Document as DocumentType

from interview.export.data import Finding, NoteLine, SessionReport, priority_rows
from interview.export.docx_base import (
    MUTED,
    add_legend,
    bullet,
    grid_table,
    heading,
    highlight_run,
    key_value_table,
    muted,
    new_document,
    quote,
    styled,
    to_bytes,
)
from interview.export.docx_xml import add_paragraph, add_run
from interview.export import wording


def session_docx(report: SessionReport, paper: str = "a4") -> bytes:
    """The bytes of a .docx summary of one session.

    A workshop reads in its own order: the framing, the ideas and how the room ranked
    them come first; findings from the discussion follow only where there are any.
    """
    workshop = report.kind == "co-creation"
    doc = new_document(report.title, report.author, report.generated_at, paper)
    heading(doc, report.title, level=0)
    muted(doc, wording.summary_line(report))
    key_value_table(doc, report.metadata)
    doc.add_paragraph()
    add_legend(doc, report.include_suggested, report.min_confidence)
    for sentence in wording.notices(report):
        muted(doc, sentence)
    if workshop:
        _workshop(doc, report)
    _key_findings(doc, report, only_found=workshop)
    if not workshop:
        _workshop(doc, report)  # an interview has no ideas; kept for sessions converted by hand

    heading(doc, "Discussion notes" if workshop else "Notes", level=1)
    if not report.sections:
        muted(doc, wording.EMPTY["notes"])
    for section in report.sections:
        heading(doc, section.title, level=2)
        for block in section.questions:
            if block.text:
                add_run(add_paragraph(doc), block.text, bold=True)
            for line in block.notes:
                _note(doc, line)
    return to_bytes(doc)


def _key_findings(doc: DocumentType, report: SessionReport, *, only_found: bool) -> None:
    """Findings, stars and unasked questions; ``only_found`` leaves out what is empty (workshops)."""
    lists = wording.finding_lists(report)
    if only_found and not (any(found for _, found, _ in lists) or report.starred):
        if report.unasked:
            heading(doc, "Discussion questions not asked", level=1)
            for text in report.unasked:
                bullet(doc, text)
        return
    heading(doc, "Key findings from the discussion" if only_found else "Key findings", level=1)
    for title, found, label in lists:
        if only_found and not found:
            continue
        if label == "emotion":
            _emotions(doc, found, wording.empty_findings(report, label))
        else:
            _findings(doc, title, found, wording.empty_findings(report, label), with_quote=label == "problem",
                      hint=wording.FEATURE_REQUEST_HINT if label == "feature_request" else "")
    if report.starred or not only_found:
        heading(doc, "Starred quotes", level=2)
        for line in report.starred:
            quote(doc, line.text, wording.starred_attribution(line), intense=True)
        if not report.starred:
            muted(doc, wording.EMPTY["starred"])
    if report.unasked or not only_found:
        heading(doc, "Questions not asked", level=2)
        for text in report.unasked:
            bullet(doc, text)
        if not report.unasked:
            muted(doc, wording.EMPTY["unasked"])


def _workshop(doc: DocumentType, report: SessionReport) -> None:
    """The framing question(s), ideas ranked by dots, ideas by theme, and the impact x effort grid."""
    if report.how_might_we:
        heading(doc, "How might we", level=1)
        for text in report.how_might_we:
            quote(doc, text, intense=True)
    if report.ideas:
        heading(doc, "Ideas, ranked by votes", level=1)
        grid_table(doc, *wording.ranking_table(report.ideas), widths=[0.65, 2.95, 0.7, 1.3, 1.0])
    if report.themes:
        heading(doc, "Ideas by theme", level=1)
        for theme in report.themes:
            heading(doc, f"{theme.name} ({len(theme.ideas)})", level=2)
            for idea in theme.ideas:
                paragraph = bullet(doc, bold_prefix=f"#{idea.number} ")
                add_run(paragraph, idea.text)
                extra = " · ".join(x for x in (idea.proposer, f"builds on {idea.builds_on}" if idea.builds_on else "",
                                               wording.votes_text(idea.votes) if idea.votes else "") if x)
                if extra:
                    add_run(paragraph, f"  ({extra})", color=MUTED)
    if report.priorities:
        heading(doc, "Impact and effort", level=1)
        grid_table(doc, ["", "Low effort (1-2)", "High effort (3-5)"], priority_rows(report.priorities, "\n"),
                   widths=[1.0, 2.8, 2.8])


def _findings(doc: DocumentType, title: str, findings: list[Finding], empty: str, *, with_quote: bool = False,
              hint: str = "") -> None:
    heading(doc, title, level=2)
    if hint and findings:
        muted(doc, hint)
    if not findings:
        muted(doc, empty)
    quoted: set[str] = set()  # a note with several highlights is quoted once, under the first
    for finding in findings:
        paragraph = bullet(doc)
        highlight_run(paragraph, finding.text, finding.span())
        add_run(paragraph, f"  ({wording.where(finding)})")
        if with_quote and finding.quote.strip() != finding.text and finding.note_id not in quoted:
            quoted.add(finding.note_id)
            quote(doc, finding.quote)


def _emotions(doc: DocumentType, findings: list[Finding], empty: str) -> None:
    heading(doc, "Emotions", level=2)
    if not findings:
        muted(doc, empty)
    for kind, group in wording.emotion_groups(findings):
        bullet(doc, bold_prefix=f"{kind} ({len(group)})")
        for finding in group:
            paragraph = styled(doc, "List Bullet 2")
            highlight_run(paragraph, finding.text, finding.span())
            add_run(paragraph, f"  ({wording.where(finding)})")


def _note(doc: DocumentType, line: NoteLine) -> None:
    paragraph = add_paragraph(doc)
    add_run(paragraph, f"{line.time}  ", color=MUTED)
    who = wording.who(line)
    add_run(paragraph, f"{'★ ' if line.starred else ''}{who}: ", bold=True)
    for text, span in line.segments():
        highlight_run(paragraph, text, span)
    if line.tags:
        add_run(paragraph, "  " + " ".join(f"#{t}" for t in line.tags), color=MUTED)
