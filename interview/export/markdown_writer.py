"""The session summary as Markdown: the same content as the Word file, readable as plain text.

Highlights are bold with their label in italics after them (``**lost a day** _(problem)_``);
suggestions are italic instead of bold, so the plain text still tells them apart.
"""

from __future__ import annotations

import re

from interview.export.data import Finding, IdeaLine, NoteLine, SessionReport, priority_rows
from interview.export import wording
from interview.labels import LABEL_NAMES
from interview.models import Highlight

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """User text that Markdown will not reinterpret (no accidental bold, links or headings)."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def cell(text: str) -> str:
    return escape(text).replace("  \n", " ") or " "


def marked(text: str, span: Highlight | None) -> str:
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
    workshop = report.kind == "co-creation"
    out: list[str] = [f"# {escape(report.title)}", "", f"_{escape(wording.summary_line(report))}_", "",
                      "_Confidential — customer research_", ""]
    out += table(["", ""], [[k, v] for k, v in report.metadata if v]) + [""]
    legend = ", ".join(f"**{name}** _({name.lower()})_" for name in LABEL_NAMES.values())
    out += [f"Highlights: {legend}" + ("; _suggested, not yet reviewed_ end in ?" if report.include_suggested else "")
            + (f"; only those with confidence ≥ {report.min_confidence:g}" if report.min_confidence else ""), ""]
    for sentence in wording.notices(report):
        out += [f"_{sentence}_", ""]
    if workshop:
        out += _workshop(report)
    out += _key_findings(report, only_found=workshop)
    if not workshop:
        out += _workshop(report)
    out += ["## Discussion notes" if workshop else "## Notes", ""]
    if not report.sections:
        out += [f"_{wording.EMPTY['notes']}_", ""]
    for section in report.sections:
        out += [f"### {escape(section.title)}", ""]
        for block in section.questions:
            if block.text:
                out += [f"**{escape(block.text)}**", ""]
            out += [_note(line) for line in block.notes] + [""]
    return "\n".join(out).rstrip() + "\n"


def _key_findings(report: SessionReport, *, only_found: bool) -> list[str]:
    """As in the Word file: ``only_found`` (workshops) leaves out empty parts."""
    lists = wording.finding_lists(report)
    if only_found and not (any(found for _, found, _ in lists) or report.starred):
        if not report.unasked:
            return []
        return ["## Discussion questions not asked", ""] + [f"- {escape(text)}" for text in report.unasked] + [""]
    out = ["## Key findings from the discussion" if only_found else "## Key findings", ""]
    for title, found, label in lists:
        if only_found and not found:
            continue
        if label == "emotion":
            out += ["### Emotions", ""]
            for kind, group in wording.emotion_groups(found):
                out.append(f"- **{escape(kind)} ({len(group)})**")
                out += [f"  - {marked(f.text, f.span())} ({escape(wording.where(f))})" for f in group]
            out += [""] if found else [f"_{wording.empty_findings(report, 'emotion')}_", ""]
        else:
            out += _findings(title, found, wording.empty_findings(report, label), with_quote=label == "problem",
                             hint=wording.FEATURE_REQUEST_HINT if label == "feature_request" else "")
    if report.starred or not only_found:
        out += ["### Starred quotes", ""]
        for line in report.starred:
            out += quote_lines(line.text, wording.starred_attribution(line))
        if not report.starred:
            out += [f"_{wording.EMPTY['starred']}_", ""]
    if report.unasked or not only_found:
        out += ["### Questions not asked", ""]
        out += [f"- {escape(text)}" for text in report.unasked] or [f"_{wording.EMPTY['unasked']}_"]
        out.append("")
    return out


def _workshop(report: SessionReport) -> list[str]:
    out: list[str] = []
    if report.how_might_we:
        out += ["## How might we", ""] + [f"- {escape(text)}" for text in report.how_might_we] + [""]
    if report.ideas:
        out += ["## Ideas, ranked by votes", ""] + table(*wording.ranking_table(report.ideas)) + [""]
    if report.themes:
        out += ["## Ideas by theme", ""]
        for theme in report.themes:
            out += [f"### {escape(theme.name)} ({len(theme.ideas)})", ""] + [_idea(i) for i in theme.ideas] + [""]
    if report.priorities:
        out += ["## Impact and effort", ""]
        out += table(["", "Low effort (1-2)", "High effort (3-5)"], priority_rows(report.priorities, "; ")) + [""]
    return out


def _findings(title: str, findings: list[Finding], empty: str, *, with_quote: bool = False,
              hint: str = "") -> list[str]:
    out = [f"### {title}", ""]
    if hint and findings:
        out += [f"_{hint}_", ""]
    quoted: set[str] = set()  # a note with several highlights is quoted once, under the first
    for finding in findings:
        out.append(f"- {marked(finding.text, finding.span())} ({escape(wording.where(finding))})")
        if with_quote and finding.quote.strip() != finding.text and finding.note_id not in quoted:
            quoted.add(finding.note_id)
            out += [""] + [f"  {line}" if line else "" for line in quote_lines(finding.quote)]
    return out + ([""] if findings else [f"_{empty}_", ""])


def _note(line: NoteLine) -> str:
    who = wording.who(line)
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

