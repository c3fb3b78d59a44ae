"""A database locked by another program, met on every screen: one sentence, and the app keeps running.

Review once crashed the whole app with a traceback when `s` was pressed while another
program held the write lock. Here each screen's writing keys are pressed while a real
second process holds the lock (the busy timeout shortened from 5 s to 0.2 s); the
screen must still be there, the reason said in one sentence, and nothing half-written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interview.app import InterviewApp
from interview.store import Store

from review_sample import build_sample
from test_faults import hold_lock, release

LOCKED = "is locked by another program"


@pytest.fixture(autouse=True)
def _no_user_guides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "locked.db") as s:
        yield s


def _said(app) -> list[str]:
    return [n.message for n in app._notifications]


class Locked:
    """Another program holds the write lock for the duration of the block."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> "Locked":
        self.store.conn.execute("PRAGMA busy_timeout = 200")
        self.holder = hold_lock(self.store.path)
        return self

    def __exit__(self, *exc: object) -> None:
        release(self.holder)


async def _press_locked(pilot, store: Store, *keys: str) -> None:
    """Press each key while the lock is held; every one that writes must say why it could not."""
    with Locked(store):
        for key in keys:
            before = len(_said(pilot.app))
            await pilot.press(key)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert any(LOCKED in m for m in _said(pilot.app)[before:]), (key, _said(pilot.app))


async def test_review_keeps_running_when_star_accept_and_undo_meet_a_lock(store: Store):
    from interview.screens.review import ReviewScreen

    sample = build_sample(store)
    note_id = sample.note_ids[1]
    before = store.get_note(note_id)
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        pilot.app.open_session(sample.session_id)
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        while screen.notes_view.current_note_id != note_id:
            await pilot.press("j")
        await _press_locked(pilot, store, "s", "a", "x", "A")
        assert pilot.app.screen is screen and pilot.app.is_running
        await pilot.press("s")  # free again: the same key works
        await pilot.pause()
        assert store.get_note(note_id).starred != before.starred
        await pilot.press("u")
        await pilot.pause()
        with Locked(store):  # an undo that meets the lock stays undoable
            await pilot.press("a")
            await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await _press_locked(pilot, store, "u")
        await pilot.press("u")
        await pilot.pause()
        assert any(m.startswith("Undone: accepted") for m in _said(pilot.app))
    after = store.get_note(note_id)
    assert [(h.id, h.status) for h in after.highlights] == [(h.id, h.status) for h in before.highlights]
    assert after.starred == before.starred


def _sentence(store: Store) -> str:
    """The one sentence a held lock gets, naming the file exactly as it is spelled."""
    return f"The database {store.path} is locked by another program; close it and try again."


@pytest.fixture
def team_store(tmp_path: Path):
    """A database whose name has capitals and a space: a sentence must name it exactly."""
    with Store(tmp_path / "Team Research.db") as s:
        yield s


async def test_tags_screen_names_the_locked_file_exactly_and_keeps_the_tag(team_store: Store):
    from textual.widgets import DataTable, Input

    from interview.screens.tags import TagsScreen

    build_sample(team_store)
    async with InterviewApp(team_store).run_test(size=(120, 40)) as pilot:
        pilot.app.open_tags()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, TagsScreen)
        screen.query_one(DataTable).move_cursor(row=[t.name for t in screen.tags].index("pricing"))
        with Locked(team_store):
            await pilot.press("r")
            pilot.app.screen.query_one(Input).value = "Cost"
            await pilot.press("enter")
            await pilot.pause()
        assert _sentence(team_store) in _said(pilot.app), _said(pilot.app)
        assert pilot.app.screen is screen
    assert "pricing" in [t.name for t in team_store.list_tags()]


async def test_home_delete_meets_a_lock_says_so_and_deletes_nothing(store: Store):
    from interview.screens.home import HomeScreen

    sample = build_sample(store)
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        with Locked(store):
            await pilot.press("d")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
        assert _sentence(store) in _said(pilot.app), _said(pilot.app)
        assert pilot.app.screen is home and pilot.app.is_running
    assert {sample.session_id, sample.other_session_id} <= set(store.session_ids())


async def test_synthesis_that_cannot_read_says_so_once_and_stays_open(store: Store, monkeypatch: pytest.MonkeyPatch):
    """The synthesis only reads (a held write lock does not stop it); a read the store refuses is shown like any other."""
    from textual.widgets import Static

    from interview.screens.synthesis import SynthesisScreen
    from interview.store import StoreError

    build_sample(store)
    damaged = f"the database {store.path} is damaged (database disk image is malformed); restore it from a backup"

    def refuse(*args, **kwargs):
        raise StoreError(damaged)

    monkeypatch.setattr(store, "sessions_for_report", refuse)
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        pilot.app.open_synthesis()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SynthesisScreen) and pilot.app.is_running
        assert "is damaged" in str(screen.query_one("#synthesis-summary", Static).render())
        assert f"The database {store.path} is damaged (database disk image is malformed); restore it from a backup." in _said(pilot.app)
        with Locked(store):  # a held write lock does not stop a read-only screen
            monkeypatch.undo()
            await pilot.press("r")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.synthesis is not None


async def test_workshop_keeps_running_when_dots_and_ideas_meet_a_lock(store: Store):
    from textual.widgets import Input

    from interview.guides import resolve_guide
    from interview.screens.cocreation import CoCreationScreen
    from interview.session_setup import create_session_from_guide

    session_id = create_session_from_guide(store, resolve_guide("co-creation-workshop"), participant_name="Ana López",
                                           company="Acme", consent=True).id
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CoCreationScreen)
        await pilot.press("ctrl+right", "ctrl+right")  # idea capture
        await pilot.pause()
        box = app.screen.query_one("#cc-ideas-input", Input)
        box.value = "1: A buddy for the first week"
        with Locked(store):
            await pilot.press("enter")
            await pilot.pause()
            assert box.value == "1: A buddy for the first week"  # kept, to be saved with the next enter
        assert any(LOCKED in m and "still in the box" in m for m in _said(app)), _said(app)
        await pilot.press("enter")
        await pilot.pause()
        assert [i.text for i in store.ideas_for_session(session_id)] == ["A buddy for the first week"]
        await pilot.press("ctrl+right", "ctrl+right")  # voting
        await pilot.pause()
        await pilot.press("1", "space")
        await pilot.pause()
        before = len(_said(app))
        with Locked(store):
            await pilot.press("u")  # take the dot back: refused, said, and the workshop goes on
            await pilot.pause()
        assert _sentence(store) in _said(app)[before:], _said(app)
        assert app.screen is screen and app.is_running
    assert [i.votes for i in store.ideas_for_session(session_id)] == [1]


async def test_workshop_typing_never_waits_on_a_draft_save(store: Store, monkeypatch: pytest.MonkeyPatch):
    """The draft kept during a pause is written in the writer thread: keys typed while it waits land at once."""
    import threading

    from textual.widgets import Input

    from interview.guides import resolve_guide
    from interview.session_setup import create_session_from_guide
    from interview.widgets import draft_pacer

    monkeypatch.setattr(draft_pacer, "DRAFT_DELAY", 0.05)
    session_id = create_session_from_guide(store, resolve_guide("co-creation-workshop"), participant_name="Ana López",
                                           consent=True).id
    app = InterviewApp(store, live_session_id=session_id)
    callers: list[str] = []
    saving, let_go = threading.Event(), threading.Event()
    real_draft = store.save_draft

    def slow_draft(*args, **kwargs):  # a lock another program holds until the test lets go
        callers.append("ui" if threading.get_ident() == app._thread_id else "worker")
        saving.set()
        let_go.wait(timeout=10)
        saving.clear()
        return real_draft(*args, **kwargs)

    monkeypatch.setattr(store, "save_draft", slow_draft)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right")  # idea capture
        await pilot.press(*"half an idea")
        await pilot.pause(0.2)  # a pause: the draft is due
        await pilot.press(*" and more")
        box = app.screen.query_one("#cc-ideas-input", Input)
        assert saving.is_set() and box.value == "half an idea and more"
        let_go.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
    assert callers and set(callers) == {"worker"}, callers
    assert store.get_draft(session_id).text == "half an idea and more"
