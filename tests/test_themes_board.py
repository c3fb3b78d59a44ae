"""The synthesis board, driven by keys: merge, split, rename, move, pin, insight; a regroup keeps every edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from interview.app import InterviewApp
from interview.screens.board import BoardScreen, TextPrompt, ThemePicker
from interview.screens.review import ReviewScreen
from interview.store import Store

from test_themes_store import interviews

TWO_TOPICS = {
    "Ana (ops, A)": ["My card has not arrived yet", "How do I reset my PIN?"],
    "Bo (ops, B)": ["The card you sent me never came", "I forgot my PIN, how can I change it"],
    "Cy (ops, C)": ["Still waiting for my new card to be delivered", "Where can I change my PIN number?"],
}


@pytest.fixture
def store(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "x.db") as s:
        yield s


async def open_board(app, pilot) -> BoardScreen:
    app.open_board()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, BoardScreen)
    return app.screen


async def type_into_prompt(pilot, app, text: str) -> None:
    assert isinstance(app.screen, TextPrompt)
    app.screen.query_one("#board-text", Input).value = text
    await pilot.press("enter")
    await pilot.pause()


def names(store) -> list[str]:
    return sorted(t.name for t in store.list_themes())


async def test_rename_pin_insight_and_split_by_keys_then_regroup_keeps_them(store):
    interviews(store, TWO_TOPICS)
    app = InterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        themes = board.query_one("#board-themes", DataTable)
        assert themes.row_count == 2
        assert "3 of 3" in str(themes.get_row_at(0)[1])
        first = board.theme
        await pilot.press("r")
        await type_into_prompt(pilot, app, "Cards don't arrive")
        await pilot.press("i")
        await type_into_prompt(pilot, app, "New customers wait weeks for a card")
        await pilot.press("p")
        await pilot.pause()
        assert "⚑★ Cards don't arrive" in str(themes.get_row_at(themes.cursor_row)[0])
        # split: mark two statements of the other theme with space, s, name it
        await pilot.press("down", "enter")
        await pilot.pause()
        assert board.query_one("#board-statements", DataTable).has_focus
        await pilot.press("space", "down", "space", "s")
        await pilot.pause()
        await type_into_prompt(pilot, app, "PIN reset")
        await pilot.press("g")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # the PIN statement left behind is alone now, so it fits no theme
        assert str(board.query_one("#board-summary", Static).render()).startswith("2 themes · 5 statements")
    saved = {t.name: t for t in store.list_themes()}
    assert set(saved) == {"Cards don't arrive", "PIN reset"}
    cards = saved["Cards don't arrive"]
    assert cards.id == first.id and cards.pinned and cards.takeaway == "New customers wait weeks for a card"
    assert len(saved["PIN reset"].statements) == 2
    assert all(s.placed_by == "researcher" for s in saved["PIN reset"].statements)


async def test_merge_and_move_by_keys_survive_a_regroup(store):
    interviews(store, TWO_TOPICS)
    app = InterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        # move the first statement of the first theme to the other theme
        moved = board.theme.statements[0]
        await pilot.press("enter", "v")
        await pilot.pause()
        assert isinstance(app.screen, ThemePicker)
        await pilot.press("enter")
        await pilot.pause()
        assert moved.highlight_id in {s.highlight_id for s in board.theme.statements}
        # merge the (now only) other theme into the one holding the moved statement
        await pilot.press("shift+tab")
        await pilot.pause()
        target = board.theme.id
        other = next(t for t in board.themes if t.id != target)
        board.query_one("#board-themes", DataTable).move_cursor(row=[t.id for t in board.themes].index(other.id))
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ThemePicker)
        assert app.screen.query_one("#board-picker", OptionList).option_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert [t.id for t in board.themes] == [target]
        await pilot.press("g")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [t.id for t in board.themes] == [target] and len(board.themes[0].statements) == 6


async def test_enter_on_a_statement_opens_its_session_at_the_note(store):
    interviews(store, TWO_TOPICS)
    app = InterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        statement = board.theme.statements[0]
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session_id == statement.session_id


async def test_an_empty_board_says_what_to_do_and_bad_names_are_refused(store):
    app = InterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        assert "No themes yet" in str(board.query_one("#board-summary", Static).render())
        await pilot.press("r", "m", "s", "v", "p", "i")  # nothing to act on: nothing happens
        assert app.screen is board
    interviews(store, TWO_TOPICS)
    app = InterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        before = names(store)
        await pilot.press("r")
        await type_into_prompt(pilot, app, "   ")
        assert names(store) == before and app.screen is board
