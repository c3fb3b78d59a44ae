"""Issue drafts for engineering: one per theme of a synthesis, in the customers' own words.

A draft is built from a ``Synthesis`` (so redaction and consent scope work exactly as
in ``interview report``): the problem in one sentence, who has it (by segment), up to
five verbatim quotes that each name their stored note, today's workarounds, emotions,
how strong the evidence is (by a rule written into the draft) and what nobody knows yet.
Writers for Markdown, CSV and JSON are in ``handoff_writers``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from interview.errors import as_sentence
from interview.export.files import ExportError
from interview.export.synthesis import Statement, Synthesis, Theme, strongest_quotes
from interview.export.synthesis_text import attribution, evidence_text, feedback_text, participants_text

QUOTES_PER_DRAFT = 5
STRENGTH_RULE = ("strong: 3 or more participants and 2 or more specific past events; "
                 "moderate: 2 or more participants, or 1 or more specific past event; thin: anything less. "
                 "Imported feedback is volume, reported beside it, not counted in it")


@dataclass
class DraftQuote:
    """A verbatim quote and where it is stored, so a reader can go back to the note."""

    text: str
    attribution: str
    participant: str
    session_id: str
    session_title: str
    date: str
    note_id: str
    source: str = ""  # a feedback source's name; empty for an interview


@dataclass
class IssueDraft:
    number: int  # the theme's rank in the synthesis
    theme_id: str  # the saved theme's id (synthesis board), empty for a theme found on the fly
    title: str
    problem: str
    who: str
    segments: dict[str, int]
    quotes: list[DraftQuote]
    workarounds: list[str]
    emotions: dict[str, int]
    strength: str  # strong | moderate | thin
    strength_reason: str
    unknowns: list[str]
    statement_count: int
    quotes_withheld: int = 0
    labels: list[str] = field(default_factory=lambda: ["customer-research"])
    feedback_segments: dict[str, int] = field(default_factory=dict)  # feedback statements per segment


@dataclass
class Handoff:
    generated_at: str
    filters: str
    redacted: bool
    external: bool
    strength_rule: str
    drafts: list[IssueDraft]


def _sentence(text: str) -> str:
    """One line ending as a sentence does; "" for nothing (a statement's trailing commas go)."""
    text = " ".join(text.split()).strip(" .;,:-—")
    return as_sentence(text) if text else ""


def strength(theme: Theme) -> tuple[str, str]:
    """How far the theme can be trusted, by ``STRENGTH_RULE``, and the counts behind it."""
    interviews = replace(theme, specific=sum(s.evidence == "specific" for s in theme.statements if not s.source))
    interviews.general = sum(not s.source for s in theme.statements) - interviews.specific
    reason = (f"{theme.participants} participant{'s' if theme.participants != 1 else ''}, "
              f"{evidence_text(interviews)}" + (f"; beside them {feedback_text(theme)}" if theme.feedback else ""))
    theme = interviews
    if theme.participants >= 3 and theme.specific >= 2:
        return "strong", reason
    if theme.participants >= 2 or theme.specific >= 1:
        return "moderate", reason
    return "thin", reason


def _segments(statements: list[Statement]) -> dict[str, int]:
    """Interviewees per segment (each person once), those without a recorded segment last."""
    people = {(s.participant, s.segment or "segment not recorded") for s in statements if not s.source}
    counts = Counter(segment for _, segment in people)
    return dict(sorted(counts.items(), key=lambda kv: (kv[0] == "segment not recorded", -kv[1], kv[0])))


def _unknowns(theme: Theme, synthesis: Synthesis, segments: dict[str, int], workarounds: list[str],
              withheld: int) -> list[str]:
    """Questions the evidence leaves open, so nobody builds on more than was heard."""
    out: list[str] = []
    if not theme.participants:
        out.append("Why and how it happens: no interviewee raised it, only imported feedback mentions it.")
    elif theme.participants == 1:
        out.append("Whether anyone else has it: only one participant raised it.")
    if not theme.specific:
        out.append("A specific occurrence: nobody described the last time it happened, so how often and "
                   "what it costs are unknown.")
    if not workarounds:
        out.append("How people cope today: no workaround was recorded.")
    if not theme.emotions:
        out.append("How much it matters to them: no emotion was recorded.")
    all_segments = {s.segment for t in synthesis.themes for s in t.statements if s.segment}
    heard = {s for s in segments if s != "segment not recorded"}
    if not heard:
        out.append("Which segments have it: no participant's segment is recorded.")
    elif all_segments - heard:
        out.append(f"Whether other segments have it: it was heard only from {', '.join(sorted(heard))}, "
                   f"not from {', '.join(sorted(all_segments - heard))}.")
    if withheld:
        out.append(f"{withheld} statement{'s are' if withheld != 1 else ' is'} not quoted here: "
                   "consent does not cover this document.")
    if not theme.feedback:
        out.append(f"How many customers beyond these {theme.participants} have it: no imported feedback "
                   "(tickets, surveys, reviews) mentions it.")
    if synthesis.unreviewed:
        out.append(f"{synthesis.unreviewed} suggested problem{'s' if synthesis.unreviewed != 1 else ''} in these "
                   "sessions are not reviewed yet and may add to (or contradict) this.")
    return out


def draft_for(theme: Theme, number: int, synthesis: Synthesis) -> IssueDraft:
    """One issue draft for ``theme`` (the ``number``-th in ``synthesis``)."""
    quotes = strongest_quotes(theme.statements, QUOTES_PER_DRAFT)
    workarounds = list(dict.fromkeys(w for s in theme.statements for w in s.workarounds))
    segments = _segments(theme.statements)
    feedback_segments = dict(Counter(s.segment or "segment not recorded" for s in theme.statements if s.source)
                             .most_common())
    withheld = sum(s.withheld for s in theme.statements)
    lead = quotes[0].text if quotes else ""
    problem = _sentence(theme.takeaway) or _sentence(lead) or _sentence(theme.name)
    level, reason = strength(theme)
    return IssueDraft(
        number=number, theme_id=theme.theme_id, title=theme.name[:1].upper() + theme.name[1:], problem=problem,
        who=participants_text(theme, synthesis), segments=segments,
        quotes=[DraftQuote(text=q.quote, attribution=attribution(q), participant=q.participant,
                           session_id=q.session_id, session_title=q.session_title, date=q.date, note_id=q.note_id,
                           source=q.source)
                for q in quotes],
        workarounds=workarounds, emotions=dict(theme.emotions), strength=level, strength_reason=reason,
        unknowns=_unknowns(theme, synthesis, segments, workarounds, withheld),
        statement_count=theme.statement_count, quotes_withheld=withheld, feedback_segments=feedback_segments,
        labels=["customer-research", f"evidence-{level}"] + (["insight"] if theme.takeaway else []),
    )


def choose_themes(synthesis: Synthesis, refs: tuple[str, ...] = ()) -> list[tuple[int, Theme]]:
    """The themes ``refs`` name (a saved theme's id or unique id prefix, or a theme's number), or all.

    ExportError names the first reference that matches no theme, or more than one.
    """
    numbered = list(enumerate(synthesis.themes, start=1))
    if not refs:
        return numbered
    chosen: list[tuple[int, Theme]] = []
    for ref in refs:
        ref = ref.strip()
        if ref.isdigit() and 1 <= int(ref) <= len(numbered):
            found = [numbered[int(ref) - 1]]
        else:
            found = [(n, t) for n, t in numbered if ref and t.theme_id.startswith(ref.lower())]
        if len(found) != 1:
            why = "matches several themes" if found else "matches no theme in this synthesis"
            raise ExportError(f"--theme '{ref}' {why}; give a theme's number (1-{len(numbered)}) "
                              "or its id from the synthesis board")
        if found[0] not in chosen:
            chosen.append(found[0])
    return chosen


def build_handoff(synthesis: Synthesis, themes: tuple[str, ...] = ()) -> Handoff:
    """Drafts for the chosen themes (all when none are named), in the synthesis' order."""
    return Handoff(
        generated_at=synthesis.generated_at, filters=synthesis.filters, redacted=synthesis.redacted,
        external=synthesis.external, strength_rule=STRENGTH_RULE,
        drafts=[draft_for(theme, number, synthesis) for number, theme in choose_themes(synthesis, themes)],
    )


def emotions_line(draft: IssueDraft) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in draft.emotions.items())


__all__ = ["DraftQuote", "Handoff", "IssueDraft", "build_handoff", "choose_themes", "draft_for", "strength"]
