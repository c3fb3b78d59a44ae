"""Pictures of the review and search screens at 120x40, as a researcher sees them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from interview.app import InterviewApp
from interview.store import Store
from review_sample import build_sample
from waiting import until


@pytest.fixture
def app(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "user-guides"))
    monkeypatch.setenv("TZ", "UTC")  # dates on screen are local time
    time.tzset()
    store = Store(tmp_path / "x.db")
    sample = build_sample(store)
    application = InterviewApp(store)
    application.sample = sample
    yield application
    store.close()
    monkeypatch.undo()
    time.tzset()


def test_review_with_a_highlight_picked_and_a_star(app, snap_compare):
    async def run_before(pilot) -> None:
        app.open_session(app.sample.session_id)
        await pilot.pause()
        await pilot.press("j", "a", "tab", "tab", "s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_review_filtered_to_emotions_with_rejected_shown(app, snap_compare):
    notify = app.notify
    # The "showing rejected" toast is part of the picture: it must not time out on a slow machine.
    app.notify = lambda message, **options: notify(message, **{**options, "timeout": 600})

    async def run_before(pilot) -> None:
        from textual.widgets import Select

        app.open_session(app.sample.session_id)
        await pilot.pause()
        await pilot.press("j", "tab", "tab", "x", "r", "f")
        app.screen.query_one("#filter-label", Select).value = "emotion"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.query("Toast"), "the 'showing rejected' toast")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_search_results_grouped_by_session(app, snap_compare):
    async def run_before(pilot) -> None:
        app.open_search("invoice* -match")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_tags_screen(app, snap_compare):
    async def run_before(pilot) -> None:
        app.store.set_tag_color("risk", "#e06c75")
        app.open_tags()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
