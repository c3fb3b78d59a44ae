"""The session summary as Markdown: the same content as the Word file, readable as plain text.

Highlights are bold with their label in italics after them (``**lost a day** _(problem)_``);
suggestions are italic instead of bold, so the plain text still tells them apart.
"""

from __future__ import annotations

import re

from interview.export.data import Finding, IdeaLine, NoteLine, SessionReport, Span, priority_rows
from interview.export.wording import (
    EMPTY,
    FEATURE_REQUEST_HINT,
    consent_sentence,
    emotion_groups,
    redaction_sentence,
    speaker_label,
    where,
)
from interview.labels import LABEL_NAMES

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """User text that Markdown will not reinterpret (no accidental bold, links or headings)."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def cell(text: str) -> str:
    return escape(text).replace("  \n", " ") or " "


def marked(text: str, span: Span | None) -> str:
    if span is None or not text.strip():
        return escape(text)
    label = LABEL_NAMES.get(span.label, span.label).lower()
    kind = f": {span.kind}" if span.kind and span.label == "emotion" else ""
    lead, core, trail = re.match(r"(\s*)(.*?)(\s*)$", text, re.S).groups()
    if span.status == "suggested":
        return f"{lead}_{escape(core)}_ _({label}{kind}?)_{trail}"
    return f"{lead}**{escape(core)}** _({label}{kind})_{trail}"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def quote_lines(text: str, attribution: str = "") -> list[str]:
    body = escape(text).split("  \n")
    lines = [f"> {line}" for line in body]
    if attribution:
        lines.append(f"> — {escape(attribution)}")
    return lines + [""]


def session_markdown(report: SessionReport) -> str:
    out: list[str] = [f"# {escape(report.title)}", "", "_Confidential — customer research_", ""]
    out += table(["", ""], [[k, v] for k, v in report.metadata if v]) + [""]
    legend = ", ".join(f"**{name}** _({name.lower()})_" for name in LABEL_NAMES.values())
    out += [f"Highlights: {legend}" + ("; _suggested, not yet reviewed_ end in ?" if report.include_suggested else "")
            + (f"; only those with confidence ≥ {report.min_confidence:g}" if report.min_confidence else ""), ""]
    for sentence in (consent_sentence(report), redaction_sentence(report.redacted)):
        if sentence:
            out += [f"_{sentence}_", ""]
    out += ["## Key findings", ""]
    out += _findings("Problems stated", report.problems, with_quote=True)
    out += ["### Emotions", ""]
    for kind, group in emotion_groups(report.emotions):
        out.append(f"- **{escape(kind)} ({len(group)})**")
        out += [f"  - {marked(f.text, _span(f))} ({escape(where(f))})" for f in group]
    out += [""] if report.emotions else [f"_{EMPTY['findings']}_", ""]
    out += _findings("Workarounds", report.workarounds)
    out += _findings("Needs", report.needs)
    out += _findings("Feature requests: asks to probe further", report.feature_requests, hint=FEATURE_REQUEST_HINT)
    out += ["### Starred quotes", ""]
    for line in report.starred:
        out += quote_lines(line.text, " · ".join(x for x in (line.person or speaker_label(line.speaker), line.time) if x))
    if not report.starred:
        out += [f"_{EMPTY['starred']}_", ""]
    out += ["### Questions not asked", ""]
    out += [f"- {escape(text)}" for text in report.unasked] or [f"_{EMPTY['unasked']}_"]
    out.append("")
    if report.how_might_we:
        out += ["## How might we", ""] + [f"- {escape(text)}" for text in report.how_might_we] + [""]
    if report.themes:
        out += ["## Ideas by theme", ""]
        for theme in report.themes:
            out += [f"### {escape(theme.name)} ({len(theme.ideas)})", ""] + [_idea(i) for i in theme.ideas] + [""]
    if report.ideas:
        out += ["## Ideas, ranked by votes", ""]
        out += table(["#", "Idea", "Votes", "Proposed by", "Theme"],
                     [[str(i.rank), i.text, str(i.votes), i.proposer, i.theme] for i in report.ideas]) + [""]
    if report.priorities:
        out += ["## Impact and effort", ""]
        out += table(["", "Low effort (1-2)", "High effort (3-5)"], priority_rows(report.priorities, "; ")) + [""]
    out += ["## Notes", ""]
    if not report.sections:
        out += [f"_{EMPTY['notes']}_", ""]
    for section in report.sections:
        out += [f"### {escape(section.title)}", ""]
        for block in section.questions:
            if block.text:
                out += [f"**{escape(block.text)}**", ""]
            out += [_note(line) for line in block.notes] + [""]
    return "\n".join(out).rstrip() + "\n"


def _span(finding: Finding) -> Span:
    return Span(0, len(finding.text), finding.label, finding.kind, finding.status)


def _findings(title: str, findings: list[Finding], *, with_quote: bool = False, hint: str = "") -> list[str]:
    out = [f"### {title}", ""]
    if hint and findings:
        out += [f"_{hint}_", ""]
    for finding in findings:
        out.append(f"- {marked(finding.text, _span(finding))} ({escape(where(finding))})")
        if with_quote and finding.quote.strip() != finding.text:
            out += [""] + [f"  {line}" if line else "" for line in quote_lines(finding.quote)]
    return out + ([""] if findings else [f"_{EMPTY['findings']}_", ""])


def _note(line: NoteLine) -> str:
    who = line.person or speaker_label(line.speaker)
    body = "".join(marked(text, span) for text, span in line.segments())
    tags = " " + " ".join(escape(f"#{t}") for t in line.tags) if line.tags else ""
    star = "★ " if line.starred else ""
    body = body.replace("  \n", "  \n  ")  # keep a multi-line note inside its list item
    return f"- `{line.time}` {star}**{escape(who)}:** {body}{tags}"


def _idea(idea: IdeaLine) -> str:
    who = f" — {escape(idea.proposer)}" if idea.proposer else ""
    builds = f" _(builds on {escape(idea.builds_on)})_" if idea.builds_on else ""
    votes = f" · {idea.votes} vote{'s' if idea.votes != 1 else ''}" if idea.votes else ""
    return f"- **#{idea.number}** {escape(idea.text)}{who}{builds}{votes}"

