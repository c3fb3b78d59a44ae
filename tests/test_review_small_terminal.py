"""Review at 80x24 (issue 17, item 7): the note the cursor is on shows whole, and ? lists j/k."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview.app import InterviewApp
from interview.models import Highlight
from interview.screens.help import HelpScreen
from interview.screens.review import ReviewScreen
from interview.store import Store
from interview.widgets.review_notes import NoteList

LONG = "The close was painful, I was annoyed, we use a spreadsheet and we need one place; " * 4


def spans(text: str) -> list[Highlight]:
    found = []
    for word, label in (("painful", "problem"), ("annoyed", "emotion"), ("spreadsheet", "workaround"),
                        ("need one place", "need")):
        at = text.index(word)
        found.append(Highlight(start=at, end=at + len(word), label=label, text=word, rule="t"))
    return found


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "x.db") as store:
        person = store.add_participant("Ana López")
        sid = store.create_session(title="Closing the books", participant_id=person.id, consent_given=True).id
        for i in range(8):  # short notes without highlights, then long ones with four
            note = store.add_note(sid, f"short note {i}" if i % 2 == 0 else f"{i}: {LONG}END{i}", speaker="participant",
                                  offset_seconds=i * 30.0)
            if i % 2:
                store.replace_auto_highlights(note.id, spans(note.text), "t")
        store.end_session(sid)
        yield store, sid


def visible(list_view: NoteList) -> str:
    return "\n".join(list_view.render_line(y).text for y in range(list_view.size.height))


async def test_j_to_a_long_note_shows_its_last_line_at_80x24(session):
    store, sid = session
    app = InterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReviewScreen(sid))
        await pilot.pause()
        view = app.screen.query_one(NoteList)
        for _ in range(7):
            await pilot.press("j")
            await pilot.pause()
            await pilot.pause()
            note = view.current_note
            assert note is not None
            end = note.text.split()[-1]
            assert end in visible(view), f"the last line of note {note.text[:2]!r} is cut"


async def test_review_help_lists_j_and_k(session):
    store, sid = session
    app = InterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReviewScreen(sid))
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "j  Next note" in text.replace("↓ ", "") or "↓ j" in text
        assert "Previous note" in text and "k" in text.split("Previous note")[0].splitlines()[-1]


async def test_review_header_names_the_participant_once(session):
    store, sid = session
    store.update_session(sid, title="Problem discovery — Ana López")
    app = InterviewApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ReviewScreen(sid))
        await pilot.pause()
        meta = str(app.screen.query_one("#review-meta").render())
        assert meta.count("Ana López") == 1


async def test_a_300_note_review_scrolls_with_the_cursor_end_to_end_at_80x24(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "long.db") as store:
        sid = store.create_session(title="A long one", consent_given=True).id
        for i in range(300):  # every fifth note wraps to several lines
            store.add_note(sid, f"note {i} " + (LONG if i % 5 == 0 else "short") + f" END{i}",
                           speaker="participant", offset_seconds=i * 10.0)
        store.end_session(sid)
        app = InterviewApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            app.push_screen(ReviewScreen(sid))
            await pilot.pause()
            view = app.screen.query_one(NoteList)
            assert view.note_count == 300 and "END0" in visible(view)
            await pilot.press("end")
            await pilot.pause()
            assert "END299" in visible(view) and view.scroll_y == view.max_scroll_y
            for _ in range(5):
                await pilot.press("pageup")
            await pilot.pause()
            note = view.current_note
            assert note is not None and note.text.split()[-1] in visible(view)
            await pilot.press("home", "k")  # round from the first note to the last
            await pilot.pause()
            assert view.current_note.text.endswith("END299") and "END299" in visible(view)
            await pilot.press("j")  # and back round to the first
            await pilot.pause()
            assert view.current_note.text.endswith("END0") and view.scroll_y == 0
            assert view.virtual_size.height == len(view.rendered_text().splitlines())
