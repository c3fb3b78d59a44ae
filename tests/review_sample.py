"""A small, fixed research database shared by the review, search and tags tests.

Fixed times and an inline guide keep screenshots stable whatever the bundled guides
or the clock say.
"""

from __future__ import annotations

from dataclasses import dataclass

from interview.guides import guide_to_dict, parse_guide
from interview.models import Highlight
from interview.store import Store

GUIDE_TEXT = """\
---
title: Month-end close
kind: interview
duration: 30
---
## Warm-up (5 min)
- Tell me about your role.

## The last time (15 min)
- Tell me about the last time you closed the books.
  - What happened next?
- How do you handle reconciliation today?

## Close (5 min)
- Who else should I talk to?
"""


def span(text: str, part: str, label: str, kind: str | None = None) -> Highlight:
    start = text.index(part)
    return Highlight(start=start, end=start + len(part), label=label, kind=kind, text=part, rule="test")


@dataclass
class Sample:
    session_id: str
    other_session_id: str
    note_ids: list[str]


def build_sample(store: Store) -> Sample:
    """Two finished sessions: Ana (five notes, highlights, tags) and Ben (two notes)."""
    guide = parse_guide(GUIDE_TEXT, name="month-end")
    snapshot = guide_to_dict(guide)
    q_role, q_last, q_handle, _q_close = [q.id for _, q in guide.questions()]
    ana = store.add_participant("Ana López", company="Acme Logistics", segment="mid-market")
    ben = store.add_participant("Ben Okafor", company="Tiny Books", segment="smb")
    session = store.create_session(
        title="Closing the books", guide=snapshot, guide_name="month-end", participant_id=ana.id,
        interviewer="Sam", consent_given=True,
    )
    notes = [
        (q_role, "participant", "I run finance ops for a team of four controllers."),
        (q_last, "participant", "Last month the close took nine days and I was so frustrated with the exports."),
        (q_last, "participant", "We copy every invoice into a spreadsheet by hand to reconcile it."),
        (q_handle, "participant", "I worry that we miss a duplicate payment and nobody notices."),
        (q_handle, "interviewer", "She needs one place to see unmatched invoices."),
    ]
    ids = []
    for i, (qid, speaker, text) in enumerate(notes):
        tags = {1: ["pricing"], 2: ["spreadsheet", "manual-work"], 3: ["risk"]}.get(i, [])
        note = store.add_note(session.id, text, question_id=qid, speaker=speaker, offset_seconds=60 * i + 5, tags=tags)
        ids.append(note.id)
    highlights = {
        1: [span(notes[1][2], "the close took nine days", "problem"),
            span(notes[1][2], "so frustrated with the exports", "emotion", "frustration")],
        2: [span(notes[2][2], "copy every invoice into a spreadsheet by hand", "workaround")],
        3: [span(notes[3][2], "I worry that we miss a duplicate payment", "emotion", "worry")],
        4: [span(notes[4][2], "needs one place to see unmatched invoices", "need")],
    }
    for index, spans in highlights.items():
        store.replace_auto_highlights(ids[index], spans, "test-1")
    store.set_session_times(session.id, "2024-03-04T09:00:00.000Z", "2024-03-04T09:42:00.000Z")
    store.end_session(session.id)
    store.set_session_times(session.id, "2024-03-04T09:00:00.000Z", "2024-03-04T09:42:00.000Z")

    other = store.create_session(
        title="Small business books", guide=snapshot, guide_name="month-end", participant_id=ben.id, interviewer="Sam",
    )
    store.add_note(other.id, "Our spreadsheet breaks every month when the bank exports change.",
                   question_id=q_last, speaker="participant", tags=["spreadsheet"])
    store.add_note(other.id, "I just want the invoices to match themselves.", question_id=q_handle, speaker="participant")
    store.end_session(other.id)
    store.set_session_times(other.id, "2024-04-10T14:00:00.000Z", "2024-04-10T14:30:00.000Z")
    store.set_setting("reviewer", "Riley")
    return Sample(session.id, other.id, ids)
