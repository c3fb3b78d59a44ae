"""The executive summary: which themes open a synthesis, and what is said about each.

One function, :func:`top_problems`, chooses and ranks; the Word, Markdown, JSON and HTML
writers only lay out what it returns, so a new signal (feedback tickets, say) is
added here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interview.export.synthesis import Statement, Synthesis, Theme
from interview.export.synthesis_text import count_text, feedback_text

TOP_PROBLEMS = 5  # what fits on one page with a quote each
QUOTE_CHARS = 240  # a longer quote is cut at a word: the full one is in the theme's section


@dataclass
class SummaryItem:
    """One top problem as the first page shows it."""

    number: int  # the theme's number in the document (its section, its matrix column)
    name: str
    takeaway: str  # the researcher's insight from the synthesis board, or ""
    participants: int
    of: int  # participants in the whole synthesis
    quote: str  # the strongest quote that consent lets this document show, or ""
    speaker: str  # "Dana Ruiz, Finance lead, Acme" (the placeholder only, when redacted)
    emotions: dict[str, int] = field(default_factory=dict)
    workarounds: list[str] = field(default_factory=list)
    evidence_ids: list[str] = field(default_factory=list)  # problem highlight ids, the theme's statements
    theme_id: str = ""  # the saved theme's id, when it comes from the board
    feedback: str = ""  # imported feedback in the theme, counted apart: "267 feedback items (Support tickets)"

    @property
    def raised_by(self) -> str:
        """"5 of 8 participants · 412 feedback items (Support tickets)"."""
        return count_text(self.participants, self.of) + (f" · {self.feedback}" if self.feedback else "")


def rank_key(theme: Theme) -> tuple:
    """Most participants first; imported feedback only breaks ties (the document's ranking rule);
    then most statements, then the researcher's insights."""
    return (-theme.participants, -theme.feedback, -theme.statement_count, not theme.takeaway, theme.name.casefold())


def top_problems(synthesis: Synthesis, limit: int = TOP_PROBLEMS) -> list[SummaryItem]:
    """The problems most participants raised; a lone statement (fits no theme) only when nothing else exists."""
    numbered = [(n, t) for n, t in enumerate(synthesis.themes, start=1) if t.kind == "problem"]
    grouped = [(n, t) for n, t in numbered if t.method != "single"] or numbered
    chosen = sorted(grouped, key=lambda item: rank_key(item[1]))[:limit]
    return [_item(number, theme, len(synthesis.participants)) for number, theme in chosen]


def speaker(statement: Statement) -> str:
    """Who said it: the name (or its placeholder), role and company where known."""
    return ", ".join(x for x in (statement.participant, statement.role, statement.company) if x)


def _item(number: int, theme: Theme, total: int) -> SummaryItem:
    best = theme.quotes[0] if theme.quotes else None
    return SummaryItem(
        number=number, name=theme.name, takeaway=theme.takeaway, participants=theme.participants, of=total,
        quote=_cut(best.quote) if best else "", speaker=speaker(best) if best else "",
        emotions=dict(theme.emotions), workarounds=list(theme.workarounds),
        evidence_ids=[s.highlight_id for s in theme.statements if s.highlight_id], theme_id=theme.theme_id,
        feedback=feedback_text(theme) if theme.feedback else "",
    )


def _cut(text: str) -> str:
    if len(text) <= QUOTE_CHARS:
        return text
    return text[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
