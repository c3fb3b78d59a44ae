"""Realistic sessions for the export tests, made through the Store API (no NLP pipeline)."""

from __future__ import annotations

from interview.guides import guide_to_dict, parse_guide
from interview.models import Highlight
from interview.store import Store

GUIDE = """\
---
title: Month-end close
kind: interview
---
## Warm-up (5 min)
- Tell me about your role.

## The last close (20 min)
- Tell me about the last time you closed the books.
  - What happened next?
- How do you handle mismatches today?

## Wrap-up (5 min)
- Who else should I talk to?
"""


def guide():
    return parse_guide(GUIDE, name="month-end")


def span(text: str, part: str, label: str, kind: str | None = None) -> Highlight:
    start = text.index(part)
    return Highlight(start=start, end=start + len(part), label=label, kind=kind, text=part, rule="test")


def add(store: Store, session_id: str, text: str, qid: str | None, offset: float, *, speaker="participant",
        highlights=(), accept=True, tags=(), starred=False, kind="note", participant_id=None):
    note = store.add_note(session_id, text, question_id=qid, speaker=speaker, offset_seconds=offset,
                          tags=list(tags), kind=kind, participant_id=participant_id)
    if highlights:
        store.replace_auto_highlights(note.id, [span(text, *h) for h in highlights], "test-1")
        if accept:
            for h in store.get_note(note.id).highlights:
                status = "suggested" if h.label in ("feature_request",) else "accepted"
                store.set_highlight_status(h.id, status, "tester")
    if starred:
        store.set_starred(note.id, True)
    return note


def make_session(store: Store, *, name="Ana López", company="Acme Logistics Inc.", email="ana.lopez@acme.com",
                 scope="internal", segment="mid-market", title="Closing the books") -> str:
    """A finished interview with every kind of highlight, a star, tags, and one question not asked."""
    g = guide()
    person = store.add_participant(name, role="Controller", company=company, segment=segment, email=email)
    session = store.create_session(
        title=title, guide=guide_to_dict(g), guide_name=g.name, participant_id=person.id,
        interviewer="Sam Reviewer", consent_given=True, consent_scope=scope,
    )
    store.start_session(session.id)
    (_, q_role), (_, q_last), (_, q_handle), _ = list(g.questions())
    first = name.split()[0]
    add(store, session.id, f"{first} runs month-end close for three entities at {company.split()[0]}.", q_role.id, 30,
        speaker="interviewer")
    add(store, session.id, "Last time we closed the books it took forever to reconcile the bank feeds, "
        "I was so frustrated.", q_last.id, 185,
        highlights=[("took forever to reconcile the bank feeds", "problem"), ("so frustrated", "emotion", "frustration")],
        tags=["reconciliation"], kind="quote")
    add(store, session.id, f"I keep a spreadsheet of every mismatch and email it to {first} at {email}.",
        q_handle.id, 420, highlights=[("keep a spreadsheet of every mismatch", "workaround")], starred=True)
    add(store, session.id, "Call me on +1 (415) 555-0134 or see https://acme.example.com/close for the checklist.",
        q_handle.id, 480)
    add(store, session.id, "I wish it had a button to auto-match everything.", q_handle.id, 505,
        highlights=[("a button to auto-match everything", "feature_request")])
    add(store, session.id, "We need to see all entities in one place.", q_handle.id, 540,
        highlights=[("see all entities in one place", "need")])
    add(store, session.id, "Reconciling is so slow and audits make me nervous.", q_last.id, 600,
        highlights=[("Reconciling is so slow", "problem"), ("nervous", "emotion", "worry")])
    store.end_session(session.id)
    return session.id
