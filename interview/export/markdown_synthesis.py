"""The synthesis across sessions as Markdown, with the same content as the Word file."""

from __future__ import annotations

from interview.export.markdown_writer import escape, quote_lines, table
from interview.export.synthesis import Synthesis
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
from interview.export.wording import redaction_sentence


def synthesis_markdown(synthesis: Synthesis) -> str:
    out = [f"# {escape(synthesis.title)}", "", "_Confidential — customer research_", ""]
    out += table(["", ""], [[k, v] for k, v in facts(synthesis) if v]) + [""]
    if synthesis.redacted:
        out += [f"_{redaction_sentence(True)}_", ""]
    if not synthesis.themes:
        return "\n".join(out + [f"_{NO_THEMES}_", ""])
    out += ["## Themes", "", f"_{method_text()}_", ""]
    out += table(["#", "Theme", "Participants", "Statements", "Evidence", "Emotions"],
                 [[str(i), t.name, participants_text(t, synthesis), str(t.statement_count), evidence_text(t),
                   emotions_text(t)] for i, t in enumerate(synthesis.themes, start=1)]) + [""]
    for number, theme in enumerate(synthesis.themes, start=1):
        out += [f"### {number}. {escape(theme.name)}", ""]
        if theme.takeaway:
            out.append(f"- **Takeaway:** {escape(theme.takeaway)}")
        out.append(f"- **Raised by:** {participants_text(theme, synthesis)}")
        out.append(f"- **Evidence:** {evidence_text(theme)}")
        if theme.emotions:
            out.append(f"- **Emotions:** {escape(emotions_text(theme))}")
        out.append("")
        for statement in theme.quotes:
            out += quote_lines(statement.quote, attribution(statement))
        if not theme.quotes:
            out += [f"_{withheld_text(synthesis)}_", ""]
    out += ["## Participants × themes", ""]
    out += table(["Participant"] + [str(i) for i in range(1, len(synthesis.themes) + 1)],
                 [[name] + [str(n or "") for n in row] for name, row in zip(synthesis.participants, synthesis.matrix)])
    out += ["", "## Sessions read", ""]
    out += table(["Date", "Session", "Participant", "Guide"],
                 [[s.date, s.title, s.participant, s.guide] for s in synthesis.sessions])
    return "\n".join(out).rstrip() + "\n"
