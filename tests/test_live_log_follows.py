"""The newest note stays in view on the live screen whenever the log's size or the layout changes.

Issue 17, item 1: a note that wrapped to two lines hid its second line under the "Ask: …" tip,
an edited last note went out of view, and opening the outline at 80x24 pushed the last note off.
The log follows the newest note unless the interviewer scrolled up on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from interview.app import InterviewApp
from interview.guides import guide_to_dict, parse_guide
from interview.highlighter import Highlighter
from interview.models import Highlight
from interview.store import Store
from interview.widgets import draft_pacer
from interview.widgets.note_log import NoteLog

GUIDE = """\
---
title: Month-end close
kind: interview
---
## Warm-up (5 min)
- Tell me about your role.
  - What does a week look like?
- Who do you work with on the close?

## Last time (15 min)
- Tell me about the last time you closed the books.
  - What happened next?
- What was the hardest part of that?
"""

LONG = (
    "The export to Excel is painful every single month because the columns move around and "
    "we have to fix them by hand before the controller signs off, which takes the whole END"
)


def fake_analyze(text: str) -> list[Highlight]:
    at = text.find("painful")
    return [Highlight(start=at, end=at + 7, label="problem", text="painful", rule="fake")] if at >= 0 else []


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    monkeypatch.setattr(draft_pacer, "DRAFT_DELAY", 0.2)
    with Store(tmp_path / "x.db") as store:
        person = store.add_participant("Ana López", company="Acme")
        sid = store.create_session(
            title="Closing the books", guide=guide_to_dict(parse_guide(GUIDE, name="month-end")),
            guide_name="month-end", participant_id=person.id, consent_given=True,
        ).id
        store.start_session(sid)
        for i in range(40):  # a session well under way: the log scrolls
            store.add_note(sid, f"plain note number {i}", offset_seconds=i * 20.0)
        yield InterviewApp(store, live_session_id=sid,
                           highlighter=Highlighter(loader=lambda: (fake_analyze, "fake-1")))


async def type_note(pilot, text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def visible(pilot) -> str:
    log = pilot.app.screen.query_one(NoteLog)
    return "\n".join(log.render_line(y).text for y in range(log.size.height))


async def fill(pilot) -> None:
    await settle(pilot)
    await type_note(pilot, "the last plain note")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_wrapping_note_with_a_tip_shows_its_last_line(app: InterviewApp, size):
    async with app.run_test(size=size) as pilot:
        await fill(pilot)
        await type_note(pilot, LONG)
        await settle(pilot)
        assert app.screen.query_one("#live-tip").display, "the tip appeared and shrank the log"
        log = app.screen.query_one(NoteLog)
        assert log.scroll_y == log.max_scroll_y
        assert "whole END" in visible(pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_editing_the_last_note_keeps_it_in_view(app: InterviewApp, size):
    async with app.run_test(size=size) as pilot:
        await fill(pilot)
        await pilot.press("ctrl+e", "ctrl+u")
        await type_note(pilot, LONG)
        await settle(pilot)
        assert "whole END" in visible(pilot)


async def test_opening_the_outline_at_80x24_keeps_the_last_note_in_view(app: InterviewApp):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot)
        await type_note(pilot, LONG)
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen.query_one("#live-outline").display
        assert "whole END" in visible(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "whole END" in visible(pilot)


async def test_scrolling_up_on_purpose_is_left_alone_until_the_next_note(app: InterviewApp):
    async with app.run_test(size=(120, 40)) as pilot:
        await fill(pilot)
        log = app.screen.query_one(NoteLog)
        for _ in range(3):  # the mouse wheel, as a reader does
            log.post_message(events.MouseScrollUp(log, 2, 2, 0, -1, 0, False, False, False))
            await pilot.pause()
        reading = log.scroll_y
        assert reading < log.max_scroll_y
        await pilot.resize_terminal(120, 36)  # the layout changes while they read
        await settle(pilot)
        assert log.scroll_y == reading, "the log did not yank the reader back down"
        await type_note(pilot, LONG)  # saving a note shows it, and the log follows again
        await settle(pilot)
        assert "whole END" in visible(pilot)
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert "whole END" in visible(pilot)


async def test_a_300_note_log_scrolls_back_to_the_start_and_follows_the_next_note(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "long.db") as store:
        sid = store.create_session(title="A long one", guide=guide_to_dict(parse_guide(GUIDE, name="month-end")),
                                   guide_name="month-end", consent_given=True).id
        store.start_session(sid)
        for i in range(300):  # every fifth note wraps at 80 columns
            store.add_note(sid, f"note {i} " + ("and then the export failed again " * 4 if i % 5 == 0 else "short"),
                           offset_seconds=i * 10.0, speaker="participant")
        app = InterviewApp(store, live_session_id=sid, highlighter=Highlighter(loader=lambda: (fake_analyze, "fake-1")))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            log = app.screen.query_one(NoteLog)
            assert "note 299 short" in visible(pilot) and log.scroll_y == log.max_scroll_y
            assert log.virtual_size.height == len(log.rendered_text().splitlines())
            for _ in range(40):  # the mouse wheel, all the way up
                if log.scroll_y == 0:
                    break
                for _ in range(20):
                    log.post_message(events.MouseScrollUp(log, 2, 2, 0, -1, 0, False, False, False))
                await pilot.pause()
            assert visible(pilot).splitlines()[1].split(None, 1)[1].startswith("note 0 and then")
            assert len(log._rendered) <= log.KEPT_RENDERED
            await type_note(pilot, "the newest note")
            await settle(pilot)
            assert "the newest note" in visible(pilot) and log.scroll_y == log.max_scroll_y
