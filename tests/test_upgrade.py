"""An upgrade under a running app (issue 17, item 11): a screen that can no longer be imported
is one sentence, and the app and the session go on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from interview.app import InterviewApp
from interview.guides import guide_to_dict, parse_guide
from interview.screens.home import HomeScreen
from interview.screens.live import LiveScreen
from interview.store import Store
from interview.upgrade import UPGRADED

GUIDE = "---\ntitle: Close\n---\n## A\n- Tell me about your role.\n"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "x.db") as s:
        yield s


def gone(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    """As after `pip install` removed or renamed the module on disk."""
    monkeypatch.setitem(sys.modules, module, None)  # importing it now raises ModuleNotFoundError


def said(app: InterviewApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_screen_missing_after_an_upgrade_is_one_sentence_and_home_stays(store, monkeypatch):
    done = store.create_session(title="Finished")
    store.start_session(done.id)
    store.end_session(done.id)
    gone(monkeypatch, "interview.screens.review")
    gone(monkeypatch, "interview.screens.tags")
    app = InterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # open the finished session: its review cannot be imported
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running
        assert said(app).count(UPGRADED) == 2
        assert "interview was upgraded" in UPGRADED and "must be restarted" in UPGRADED


async def test_ending_into_a_review_that_cannot_load_keeps_the_session(store, monkeypatch):
    person = store.add_participant("Ana")
    sid = store.create_session(title="Close — Ana", guide=guide_to_dict(parse_guide(GUIDE, name="close")),
                               participant_id=person.id, consent_given=True).id
    app = InterviewApp(store, live_session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        gone(monkeypatch, "interview.screens.review")
        await pilot.press(*"a note", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")  # end and review
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert UPGRADED in said(app)
    assert store.get_session(sid).status == "done"
    assert [n.text for n in store.notes_for_session(sid)] == ["a note"]
