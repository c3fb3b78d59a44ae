"""Pictures of the home screen (empty, with sessions, resume offer) and the new-session screen.

Fixed data only: rows get fixed timestamps, dates are printed in UTC, and the guide
list holds two guides written here (not the bundled ones, which change as they are
edited). Regenerate with `pytest tests/test_snapshots_home_setup.py --snapshot-update`
after looking at the new pictures.
"""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

import interview.guides.library
import interview.screens.home
import interview.widgets.session_list
from interview.app import InterviewApp
from interview.store import Store
from interview.timefmt import parse_iso

SIZE = (120, 40)

INTERVIEW_GUIDE = """\
---
title: Month-end close
duration: 40
description: How finance teams close the books today.
variables:
  tool: spreadsheets
---
Ask about the last close, not about our product.

## Warm-up (5 min)
- Tell me about your role.
  - Who do you work with most?

## The last close (20 min)
- Walk me through the last time you closed the books.
  - Where did {tool} come in?
  - What took longest?
- How do you work around the slow parts today?

## Wrap-up (5 min)
- What should I have asked that I didn't?
- Who else should I talk to?
"""

LEADING_GUIDE = """\
---
title: Feature check
---
## Ideas
- Would you use an automatic reconciliation feature?
- Don't you think exports are too slow?
"""


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "month-end.md").write_text(INTERVIEW_GUIDE, encoding="utf-8")
    (guides / "feature-check.md").write_text(LEADING_GUIDE, encoding="utf-8")
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(guides))
    empty = tmp_path / "no-bundled"
    empty.mkdir()
    monkeypatch.setattr(interview.guides.library, "bundled_guides_dir", lambda: empty)
    monkeypatch.setattr(
        interview.widgets.session_list, "local_date",
        lambda stamp: parse_iso(stamp).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M") if stamp else "",
    )
    with Store(tmp_path / "snap.db") as s:
        yield s


def fixed_session(store: Store, title: str, person: str, company: str, day: int, status: str, notes: int) -> str:
    pid = (store.participant_named(person) or store.add_participant(person, company=company)).id
    sid = store.create_session(title=title, guide_name="month-end", participant_id=pid).id
    for i in range(notes):
        store.add_note(sid, f"note {i}")
    start = f"2024-05-{day:02d}T14:00:00.000Z"
    end = f"2024-05-{day:02d}T14:52:00.000Z" if status == "done" else None
    store.conn.execute(
        "UPDATE sessions SET created_at = ?, started_at = ?, ended_at = ?, status = ? WHERE id = ?",
        (start, None if status == "planned" else start, end, status, sid),
    )
    store.conn.commit()
    return sid


def fill_home(store: Store, live_notes: int = 0) -> str:
    """Four sessions; the live one only has something to resume when it has notes."""
    fixed_session(store, "Month-end close — Ana López", "Ana López", "Acme", 2, "done", 14)
    fixed_session(store, "Month-end close — Ben Okafor", "Ben Okafor", "Globex", 6, "done", 9)
    live = fixed_session(store, "Month-end close — Chen Wei", "Chen Wei", "Initech", 9, "live", live_notes)
    fixed_session(store, "Feature check — Dana Ruiz", "Dana Ruiz", "Umbrella", 12, "planned", 0)
    return live


def test_home_empty(snap_compare, store: Store):
    assert snap_compare(InterviewApp(store), terminal_size=SIZE)


def test_home_with_sessions(snap_compare, store: Store):
    fill_home(store)
    assert snap_compare(InterviewApp(store), terminal_size=SIZE)


def test_home_offers_resume_after_crash(snap_compare, store: Store):
    live = fill_home(store, live_notes=5)
    store.save_draft(live, "they re-key every invoice into the", None)
    assert snap_compare(InterviewApp(store), terminal_size=SIZE)


def test_new_session_with_type_ahead(snap_compare, store: Store):
    fill_home(store)
    store.set_setting("interviewer", "Sam Ito")

    async def run_before(pilot) -> None:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("down", "enter", *"an")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(InterviewApp(store), terminal_size=SIZE, run_before=run_before)


def test_new_session_shows_lint_findings(snap_compare, store: Store):
    async def run_before(pilot) -> None:
        await pilot.press("n")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(InterviewApp(store), terminal_size=SIZE, run_before=run_before)
