"""Pictures of each co-creation activity at 120x40, from a seeded workshop (3 people, 12 ideas, 3 themes)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.widgets import Input

from interview.app import InterviewApp
from interview.guides import resolve_guide
from interview.session_setup import create_session_from_guide
from interview.store import Store
from interview.widgets.cocreation import countdown as cocreation_countdown

IDEAS = [
    (1, "A buddy for the first week", "Buddies", None),
    (2, "Onboarding checklist in the wiki", "Checklist", None),
    (3, "Buddy lunch on day one", "Buddies", 1),
    (None, "Recorded docs walkthrough videos", "Docs", None),
    (1, "Checklist of accounts to request", "Checklist", None),
    (2, "Checklist owner per team", "Checklist", 2),
    (3, "Docs map on one page", "Docs", None),
    (1, "Buddy rota kept by the team lead", "Buddies", None),
    (2, "Searchable docs portal", "Docs", None),
    (3, "Checklist signed off by the manager", "Checklist", None),
    (2, "Buddy pairing across teams", "", None),
    (1, "Docs glossary of team jargon", "", 7),
]
VOTES = {1: [1, 1, 3], 2: [2, 2, 2], 3: [1, 3, 3]}  # participant -> idea numbers
RATINGS = {1: (5, 1), 2: (4, 4), 3: (2, 5), 4: (2, 2)}


def seed(store: Store) -> str:
    guide = resolve_guide("co-creation-workshop")
    session = create_session_from_guide(store, guide, participant_name="Ana López", company="Acme", consent=True)
    store.update_session(session.id, title="Co-creation workshop — 2026-03-02")  # the title carries the date
    store.start_session(session.id)
    seats = {1: store.add_participant("Ana López")}
    seats[1] = store.participant_named("Ana López")
    seats[2] = store.add_participant("Ben Ng", role="Team lead", company="Globex")
    seats[3] = store.add_participant("Chloe Durand", role="Ops", company="Initech")
    for number in (1, 2, 3):
        store.add_session_participant(session.id, seats[number].id)
    framing = guide.sections[1].questions[0]
    store.add_note(session.id, "Nobody told me where the docs live", question_id=guide.sections[0].questions[0].id,
                   participant_id=seats[2].id, offset_seconds=64)
    store.add_note(session.id, "How might we get a new hire shipping in week one?", question_id=framing.id,
                   speaker="interviewer", offset_seconds=900)
    ideas = {}
    for n, (who, text, theme, builds) in enumerate(IDEAS, start=1):
        ideas[n] = store.add_idea(session.id, text, participant_id=seats[who].id if who else None,
                                  builds_on=ideas[builds].id if builds else None)
        if theme:
            store.set_idea_theme(ideas[n].id, theme)
    for who, numbers in VOTES.items():
        for n in numbers:
            store.add_vote(session.id, ideas[n].id, seats[who].id, dots=3)
    for n, (impact, effort) in RATINGS.items():
        store.set_impact_effort(ideas[n].id, impact, effort)
    return session.id


def steady(app: InterviewApp) -> None:
    """A blinking text cursor would make the picture depend on the moment it is taken."""
    for box in app.screen.query(Input):
        box.cursor_blink = False


@pytest.fixture
def workshop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "user-guides"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(cocreation_countdown, "now", lambda: datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
    store = Store(tmp_path / "snap.db")
    session_id = seed(store)

    def at(activity: int) -> InterviewApp:
        store.set_workshop_activity(session_id, activity)
        return InterviewApp(store, live_session_id=session_id)

    yield at
    store.close()
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("activity, name", [
    (0, "discuss"), (2, "ideas"), (3, "cluster"), (4, "vote"), (5, "prioritise"), (6, "wrap-up"),
])
def test_each_activity(workshop, snap_compare, activity: int, name: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        if name == "cluster":
            await pilot.press("ctrl+s")
            await pilot.app.workers.wait_for_complete()
        if name == "vote":
            await pilot.press("2", "down")
        if name == "prioritise":
            await pilot.press("down", "down", "down")
        await pilot.pause()
        pilot.app.clear_notifications()
        steady(pilot.app)
        await pilot.pause()

    assert snap_compare(workshop(activity), terminal_size=(120, 40), run_before=run_before)


def test_adding_a_participant(workshop, snap_compare):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("ctrl+n", *"Chl")
        await pilot.pause()
        steady(pilot.app)
        await pilot.pause()

    assert snap_compare(workshop(2), terminal_size=(120, 40), run_before=run_before)
