"""The synthesis across sessions as Markdown, with the same content as the Word file."""

from __future__ import annotations

from interview.export.markdown_writer import cell, escape, quote_lines, table
from interview.export.executive import SummaryItem
from interview.export.synthesis import Synthesis
from interview.export import synthesis_text as text
from interview.export.wording import redaction_sentence


def synthesis_markdown(synthesis: Synthesis) -> str:
    out = [f"# {escape(synthesis.title)}", "", "_Confidential — customer research_", "",
           f"_{escape(text.overview(synthesis))}_", ""]
    out += _summary(synthesis.summary)
    out += ["## About this synthesis", ""]
    out += table(["", ""], [[k, v] for k, v in text.facts(synthesis) if v]) + [""]
    if synthesis.redacted:
        out += [f"_{redaction_sentence(True)}_", ""]
    if not synthesis.themes:
        return "\n".join(out + [f"_{text.NO_THEMES}_", ""])
    out += ["## Themes", "", f"_{text.method_text()}_", ""]
    out += table(text.THEME_COLUMNS, text.theme_rows(synthesis)) + [""]
    for number, theme in enumerate(synthesis.themes, start=1):
        out += [f"### {number}. {escape(theme.name)}", ""]
        out += _points(text.theme_points(theme, synthesis))
        out.append("")
        for statement in theme.quotes:
            out += quote_lines(statement.quote, text.attribution(statement))
        if not theme.quotes:
            out += [f"_{text.withheld_text(synthesis)}_", ""]
    out += _other_themes(synthesis)
    out += _matrix(synthesis)
    out += ["", "## Sessions read", ""]
    out += table(["Date", "Session", "Participant", "Guide"],
                 [[s.date, s.title, s.participant, s.guide] for s in synthesis.sessions])
    return "\n".join(out).rstrip() + "\n"


def _points(points: list[text.Point]) -> list[str]:
    return [f"- **{p.label}:** {escape(p.value) if p.words else p.value}" for p in points]


MATRIX_WIDTH = 80  # characters: a matrix wider than a terminal is cut into several tables


def _summary(items: list[SummaryItem]) -> list[str]:
    if not items:
        return []
    out = ["## Executive summary", "",
           "_The problems most participants raised, each with its strongest quote; "
           "numbers refer to the theme sections that follow._", ""]
    for item in items:
        out += [f"### {escape(text.summary_heading(item))}", ""]
        if item.takeaway:
            out += [f"**{escape(item.takeaway)}**", ""]
        out += _points(text.summary_points(item))
        out.append("")
        if item.quote:
            out += quote_lines(item.quote, item.speaker)
    return out


def _matrix(synthesis: Synthesis) -> list[str]:
    """Participants down, themes across, headed by short theme names; as many columns per table as fit 80 characters."""
    out = ["## Participants × themes", "", "_Statements each participant made on each theme (themes by number "
           "and the start of their name)._", ""]
    people = [text.short_name(name, 20) for name in synthesis.participants]
    first_width = max([len("Participant")] + [len(p) for p in people])
    headers = [f"{n}. {text.short_name(t.name)}" for n, t in enumerate(synthesis.themes, start=1)]
    start = 0
    while start < len(headers):
        width, end = 4 + first_width, start
        while end < len(headers) and (end == start or width + len(headers[end]) + 3 <= MATRIX_WIDTH):
            width += len(headers[end]) + 3
            end += 1
        rows = [[person] + [str(row[c] or "") for c in range(start, end)]
                for person, row in zip(people, synthesis.matrix)]
        out += _aligned(["Participant"] + headers[start:end], rows) + [""]
        start = end
    return out[:-1]


def _aligned(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table padded so its columns line up in plain text too."""
    header = [cell(h) for h in header]
    rows = [[cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows]


def _other_themes(synthesis: Synthesis) -> list[str]:
    """Ideas, and workarounds and needs no problem theme holds: each under its own kind, never as a problem."""
    out: list[str] = []
    for title, intro, themes in text.kind_groups(synthesis):
        out += [f"## {title}", "", f"_{escape(intro)}_", ""]
        for theme in themes:
            out += [f"### {escape(theme.name)}", "", f"_{escape(text.kind_facts(theme, synthesis))}_", ""]
            out += [f"- {escape(s.text)} — {escape(text.item_attribution(s))}" for s in theme.quotes[:text.ITEMS_PER_THEME]]
            out += [""] if theme.quotes else [f"_{text.withheld_text(synthesis)}_", ""]
    return out
