"""Sentences about a synthesis that the Word, Markdown and app views share."""

from __future__ import annotations

from interview.export.synthesis import Statement, Synthesis, Theme

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
    total = len(synthesis.participants)
    return f"{theme.participants} of {total} participant{'s' if total != 1 else ''}"


def evidence_text(theme: Theme) -> str:
    return f"{theme.specific} specific past event{'s' if theme.specific != 1 else ''}, {theme.general} general"


def emotions_text(theme: Theme) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in theme.emotions.items())


def attribution(statement: Statement) -> str:
    return " · ".join(x for x in (statement.participant, statement.session_title, statement.date) if x)


def method_text() -> str:
    return (
        "Themes come from tags first, then from key terms the statements share. "
        "Evidence counts statements about a specific past event (a date, “last time”, past tense) "
        "against general opinion."
    )


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
        ("Themes", str(len(synthesis.themes))),
        ("Generated", synthesis.generated_at.replace("T", " ").replace("Z", " UTC")),
    ]
    if synthesis.withheld_sessions:
        allow = "no quotes outside the company" if synthesis.external else "notes only"
        rows.append(("Consent", f"{synthesis.withheld_sessions} session(s) allow {allow}: their quotes are not shown"))
    return rows
