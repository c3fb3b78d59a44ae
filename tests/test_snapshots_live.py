"""Pictures of the live screen mid-interview, at a roomy and at an 80x24 terminal.

The data is fixed and the clock frozen (12:34 into the session), so the pictures only
change when the screen does. Update them with ``pytest tests/test_snapshots_live.py --snapshot-update``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interview.app import InterviewApp
from interview.guides import guide_to_dict, parse_guide
from interview.highlighter import Highlighter
from interview.models import Highlight
from interview.store import Store
from interview.widgets import session_clock
from interview.widgets.note_input import NoteInput

GUIDE = """\
---
title: Month-end close
---
## Warm-up (5 min)
Put them at ease; there are no wrong answers.

- Tell me about your role.
  - What does a week look like?
- Who do you work with on the close?

## The last time (15 min)
Stay with one real, recent episode.

- Tell me about the last time you closed the books.
  - When was that?
  - What happened next?
- What was the hardest part of that?

## Close (5 min)
- Who else should I talk to?
"""

STARTED = datetime(2026, 1, 15, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def interview_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    monkeypatch.setattr(session_clock, "now", lambda: STARTED + timedelta(minutes=12, seconds=34))
    store = Store(tmp_path / "snap.db")
    guide = parse_guide(GUIDE, name="month-end")
    q = [question.id for _, question in guide.questions()]
    person = store.add_participant("Ana López", company="Acme")
    sid = store.create_session(
        title="Closing the books", guide=guide_to_dict(guide), participant_id=person.id, consent_given=True
    ).id
    store.start_session(sid)
    store.set_session_times(sid, STARTED.isoformat().replace("+00:00", "Z"), None)
    notes = [
        ("Controller at a 40-person logistics firm", "note", "participant", q[0], 35, ["role"]),
        ("We lose half a day every month re-keying invoices", "quote", "participant", q[2], 301, ["closing"]),
        ("sighs when the export comes up", "observation", "observer", q[2], 330, []),
        ("asked for the last time it went wrong", "note", "interviewer", q[2], 402, []),
        ("The export to Excel is painful and I am always worried it is wrong", "quote", "participant", q[2], 488, []),
    ]
    for text, kind, speaker, question, offset, tags in notes:
        note = store.add_note(sid, text, kind=kind, speaker=speaker, question_id=question, offset_seconds=offset, tags=tags)
    store.set_starred(note.id, True)
    first = note.text.index("painful")
    worried = note.text.index("worried")
    store.replace_auto_highlights(
        note.id,
        [
            Highlight(start=0, end=first + 7, label="problem", text=note.text[: first + 7]),
            Highlight(start=worried, end=worried + 7, label="emotion", kind="worry", text="worried"),
        ],
        "snap",
    )
    store.set_current_question(sid, q[2])
    yield InterviewApp(store, live_session_id=sid, highlighter=Highlighter(loader=lambda: (lambda text: [], "snap")))
    store.close()


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    pilot.app.screen.query_one(NoteInput).cursor_blink = False
    await pilot.press(*"They re-key every")
    await pilot.pause()


def test_live_screen_120x40(snap_compare, interview_app):
    assert snap_compare(interview_app, terminal_size=(120, 40), run_before=_settle)


def test_live_screen_80x24(snap_compare, interview_app):
    assert snap_compare(interview_app, terminal_size=(80, 24), run_before=_settle)
