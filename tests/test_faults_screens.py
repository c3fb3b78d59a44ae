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
