"""Imported feedback (tickets, surveys, reviews) as synthesis statements, counted apart from interviews.

Interviews and feedback answer different questions: an interviewee's story says why and
how, a pile of tickets says how many. So a feedback statement is tagged with its source,
counted as volume beside a theme's interviewees, and never quoted ahead of them
(``interview.export.synthesis`` ranks themes and quotes interviewees first).

Feedback highlights come from the highlighter in bulk and nobody reviews 100,000 of them
one by one, so suggested problems count here (rejected ones never do). Feedback carries
no consent to be quoted outside the company: an external document counts it and
quotes none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview.export.textmap import clean
from interview.nlp.terms import evidence
from interview.store import Store, StoreError

if TYPE_CHECKING:
    from interview.export.synthesis import ReportFilters, Statement

INTERVIEWS = "interviews"  # the name --source uses for the interview sessions themselves


def wants_interviews(filters: "ReportFilters") -> bool:
    return not filters.sources or any(s.strip().casefold() == INTERVIEWS for s in filters.sources)


def chosen_sources(store: Store, filters: "ReportFilters") -> list[str]:
    """The feedback sources the filters name (all when none), by their stored names; StoreError for an unknown one."""
    named = [s.strip() for s in filters.sources if s.strip() and s.strip().casefold() != INTERVIEWS]
    if filters.sources and not named:
        return []
    if not named:
        return [source.name for source in store.feedback_sources() if source.status == "complete"]
    names = []
    for name in named:
        source = store.feedback_source_named(name)
        if source is None or source.status != "complete":
            raise StoreError(f"no feedback source is named '{name}' (see `interview sources list`; "
                             f"'{INTERVIEWS}' means the interviews)")
        names.append(source.name)
    return names


def feedback_statements(store: Store, filters: "ReportFilters", external: bool,
                        min_confidence: float = 0.0) -> list[tuple[str, "Statement"]]:
    """(who, statement) for every problem in the chosen sources' statements; who is 'feedback:<customer>'."""
    from interview.export.synthesis import Statement

    names = chosen_sources(store, filters)
    if not names:
        return []
    notes = store.feedback_notes(sources=names, segment=filters.segment or "", since=filters.since or "",
                                 until=filters.until or "")
    origins = store.feedback_origins([n.id for n in notes])
    out: list[tuple[str, Statement]] = []
    for note in notes:
        origin = origins.get(note.id)
        if origin is None:
            continue
        shown = [h for h in note.highlights if h.status != "rejected" and h.label and h.at_least(min_confidence)]
        emotions = [h.kind or "unspecified" for h in shown if h.label == "emotion"]
        workarounds = [clean(note.text[max(0, h.start):h.end]).strip() for h in shown if h.label == "workaround"]
        text = clean(note.text)
        who = f"feedback:{origin.participant_id or note.id}"
        for h in shown:
            span = clean(note.text[max(0, h.start):h.end]).strip() if h.label == "problem" else ""
            if not span:
                continue
            out.append((who, Statement(
                text=span, quote=text, participant="", session_title=clean(origin.source_name),
                session_id=note.session_id, date=(origin.occurred_at or "")[:10], question="",
                evidence=evidence(text), status=h.status, emotions=emotions, starred=note.starred,
                withheld=external, tags=[clean(t) for t in note.tags], highlight_id=h.id, note_id=note.id,
                segment=clean(origin.segment), workarounds=[w for w in workarounds if w],
                source=clean(origin.source_name),
            )))
    return out
