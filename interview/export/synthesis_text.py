"""Sentences about a synthesis that the Word, Markdown and app views share."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from interview.export.synthesis import RANKING_RULE, Statement, Synthesis, Theme

if TYPE_CHECKING:  # executive imports this module
    from interview.export.executive import SummaryItem

NO_THEMES = (
    "No stated problems were found in the chosen sessions. Accept problem highlights in review, "
    "or include the app's suggestions (--include-suggested)."
)


def withheld_text(synthesis: Synthesis) -> str:
    """Why a theme shows no quotes: the consent of its sessions does not reach this document."""
    if synthesis.external:
        return ("Quotes withheld: this document is for sharing outside the company, "
                "and consent for these sessions does not cover that.")
    return "Quotes withheld: consent for these sessions covers notes only."


def participants_text(theme: Theme, synthesis: Synthesis) -> str:
    """"3 of 5 participants", and beside it the feedback volume: "· 412 feedback items (Support tickets)"."""
    text = count_text(theme.participants, len(synthesis.participants))
    return text + (f" · {feedback_text(theme)}" if theme.feedback else "")


def feedback_text(theme: Theme) -> str:
    sources = theme.feedback_sources
    detail = (next(iter(sources)) if len(sources) == 1
              else ", ".join(f"{name} {count}" for name, count in sources.items()))
    return f"{theme.feedback} feedback item{'s' if theme.feedback != 1 else ''}" + (f" ({detail})" if detail else "")


def count_text(count: int, total: int) -> str:
    """"3 of 5 participants"."""
    return f"{count} of {total} participant{'s' if total != 1 else ''}"


def summary_heading(item) -> str:
    """An executive summary entry's heading: "1. Payouts don't match the bank feed"."""
    return f"{item.number}. {item.name}"


def kinds_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in counts.items())


def overview(synthesis: Synthesis) -> str:
    """One line under the title: what the synthesis read."""
    dates = sorted(s.date for s in synthesis.sessions if s.date)
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    n, p = len(synthesis.sessions), len(synthesis.participants)
    return f"{n} session{'s' if n != 1 else ''}, {p} participant{'s' if p != 1 else ''}{span} ({synthesis.filters})."


def short_name(name: str, limit: int = 14) -> str:
    """A theme name cut at a word to fit a narrow column ("Payouts don't…")."""
    if len(name) <= limit:
        return name
    cut = name[:limit].rsplit(" ", 1)[0] if " " in name[:limit] else name[:limit - 1]
    return cut.rstrip(" ,;:·-") + "…"


def evidence_text(theme: Theme) -> str:
    return f"{theme.specific} specific past event{'s' if theme.specific != 1 else ''}, {theme.general} general"


def emotions_text(theme: Theme) -> str:
    return kinds_text(theme.emotions)


def attribution(statement: Statement) -> str:
    """"Dana Ruiz · Problem discovery · 2025-03-04": the title without the name said just before."""
    title = statement.session_title
    suffix = f" — {statement.participant}"
    if statement.participant and title.endswith(suffix) and len(title) > len(suffix):
        title = title[: -len(suffix)]
    return " · ".join(x for x in (statement.participant, title, statement.date) if x)


THEME_COLUMNS = ["#", "Theme", "Participants", "Statements", "Evidence", "Emotions"]


def theme_rows(synthesis: Synthesis) -> list[list[str]]:
    """The overview table's rows under ``THEME_COLUMNS``, one per theme in rank order."""
    return [[str(i), t.name, participants_text(t, synthesis), str(t.statement_count), evidence_text(t),
             emotions_text(t)] for i, t in enumerate(synthesis.themes, start=1)]


def method_text() -> str:
    return (
        "Themes come from the synthesis board first, then from tags, then from the theme engine, which groups statements "
        "that state the same problem in other words; a statement that fits no theme stands alone. "
        "Evidence counts statements about a specific past event (a date, “last time”, past tense) "
        "against general opinion. "
    ) + RANKING_RULE


def unreviewed_text(count: int, included: bool) -> str:
    """How many of the app's problem suggestions nobody has reviewed, and whether they count here."""
    if not count:
        return "none: every suggested problem has been accepted or rejected"
    plural = "s" if count != 1 else ""
    if included:
        return f"{count} suggested problem{plural}, counted here and marked as suggested"
    return (f"{count} suggested problem{plural}, not counted here: accept them in review "
            "or include suggestions (--include-suggested)")


def facts(synthesis: Synthesis) -> list[tuple[str, str]]:
    dates = sorted(s.date for s in synthesis.sessions if s.date)
    span = f"{dates[0]} to {dates[-1]}" if dates else ""
    rows = [
        ("Sessions", f"{len(synthesis.sessions)} ({synthesis.filters})"),
        ("Dates", span),
        ("Participants", str(len(synthesis.participants))),
        ("Problem statements", f"{synthesis.statement_count}"
         + (" (accepted and suggested" if synthesis.include_suggested else " (accepted")
         + (f", confidence ≥ {synthesis.min_confidence:g})" if synthesis.min_confidence else ")")),
        ("Feedback", _feedback_fact(synthesis)),
        ("Themes", str(len(synthesis.themes))),
        ("Not yet reviewed", unreviewed_text(synthesis.unreviewed, synthesis.include_suggested)),
        ("Generated", synthesis.generated_at.replace("T", " ").replace("Z", " UTC")),
    ]
    if synthesis.withheld_sessions:
        allow = "no quotes outside the company" if synthesis.external else "notes only"
        rows.append(("Consent", f"{synthesis.withheld_sessions} session(s) allow {allow}: their quotes are not shown"))
    return rows


def _feedback_fact(synthesis: Synthesis) -> str:
    """Imported feedback read, and that it is counted apart; empty when there is none."""
    if not synthesis.feedback_count:
        return ""
    names = ", ".join(synthesis.feedback_sources)
    return (f"{synthesis.feedback_count} problem statement{'s' if synthesis.feedback_count != 1 else ''} from "
            f"{names}, counted apart from interviews (found by the highlighter, including unreviewed ones)")


KIND_SECTIONS = {
    "idea": ("Ideas from workshops",
             "Ideas proposed in co-creation workshops, grouped by meaning, most votes first. They are proposals, "
             "not problems, and are not counted among the problems above."),
    "workaround": ("Workarounds on their own",
                   "What people do today that no problem theme above holds (said apart from any stated problem)."),
    "need": ("Needs on their own", "Needs that no problem theme above holds."),
}
KIND_NAMES = {"idea": "Idea", "workaround": "Workaround", "need": "Need"}
ITEMS_PER_THEME = 5


def kind_groups(synthesis: Synthesis) -> list[tuple[str, str, list[Theme]]]:
    """(heading, intro, themes) for each kind of other theme present, in the order of KIND_SECTIONS."""
    return [(title, intro, [t for t in synthesis.other_themes if t.kind == kind])
            for kind, (title, intro) in KIND_SECTIONS.items()
            if any(t.kind == kind for t in synthesis.other_themes)]


def kind_facts(theme: Theme, synthesis: Synthesis) -> str:
    """"Idea · 3 of 5 participants · 7 votes"."""
    parts = [KIND_NAMES.get(theme.kind, theme.kind), participants_text(theme, synthesis)]
    if theme.kind == "idea":
        parts.append(f"{theme.votes} vote{'s' if theme.votes != 1 else ''}")
    return " · ".join(parts)


def item_attribution(statement: Statement) -> str:
    """Who proposed or said it, and its votes when it is an idea."""
    votes = f"{statement.votes} vote{'s' if statement.votes != 1 else ''}" if statement.votes else ""
    return " · ".join(x for x in (statement.participant, statement.session_title, votes) if x)


class Point(NamedTuple):
    """One labelled bullet under a theme or summary heading ("Raised by: 3 of 5 participants").

    ``words``: the value carries people's words, which Markdown escapes; counts are written as they are.
    """

    label: str
    value: str
    words: bool = True


def theme_points(theme: Theme, synthesis: Synthesis) -> list[Point]:
    """The bullets under a theme's heading, in the order the Word and Markdown files show them."""
    rows = [
        (bool(theme.takeaway), Point("Takeaway", theme.takeaway)),
        (True, Point("Raised by", participants_text(theme, synthesis), words=False)),
        (True, Point("Evidence", evidence_text(theme), words=False)),
        (bool(theme.emotions), Point("Emotions", emotions_text(theme))),
        (bool(theme.workarounds), Point("Today's workarounds", "; ".join(theme.workarounds))),
        (bool(theme.needs), Point("Needs", "; ".join(theme.needs))),
    ]
    return [point for shown, point in rows if shown]


def summary_points(item: SummaryItem) -> list[Point]:
    """The bullets under an executive-summary problem (its takeaway stands above them in bold)."""
    rows = [
        (True, Point("Raised by", item.raised_by, words=False)),
        (bool(item.emotions), Point("Emotions", kinds_text(item.emotions))),
        (bool(item.workarounds), Point("Today's workarounds", "; ".join(item.workarounds))),
    ]
    return [point for shown, point in rows if shown]
