"""The small modals answer the same way by key and by button, and escape cancels each of them."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Button

from interview.models import StoredTheme
from interview.screens.board import TextPrompt, ThemePicker
from interview.screens.confirm import ConfirmScreen
from interview.screens.resume import ResumeScreen


async def answer(screen, *keys: str, click: str = "", focused: list[str] | None = None) -> object:
    """Push ``screen`` on a bare app, press ``keys`` or click the button ``click``; what it dismissed with."""
    results: list[object] = []

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(screen, results.append)

    async with Host().run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if focused is not None:
            focused.append(pilot.app.focused.id if pilot.app.focused else "")
        if click:
            await pilot.click(f"#{click}")
        await pilot.press(*keys)
        await pilot.pause()
    return results


@pytest.mark.parametrize(("keys", "click", "expected"), [
    (("y",), "", [True]), (("n",), "", [False]), (("escape",), "", [False]), (("r",), "", ["also"]),
    ((), "confirm-yes", [True]), ((), "confirm-no", [False]), ((), "confirm-also", ["also"]),
])
async def test_confirm_answers_by_key_and_button(keys, click, expected):
    assert await answer(ConfirmScreen("Delete it?", also_label="Archive"), *keys, click=click) == expected


async def test_confirm_focuses_cancel_and_enter_on_it_says_no():
    focused: list[str] = []
    assert await answer(ConfirmScreen("Delete it?"), "enter", focused=focused) == [False]
    assert focused == ["confirm-no"]


async def test_confirm_without_other_choice_ignores_r():
    assert await answer(ConfirmScreen("Delete it?"), "r", "y") == [True]


@pytest.mark.parametrize(("keys", "click", "expected"), [
    (("y",), "", [True]), (("escape",), "", [False]), ((), "resume-yes", [True]), ((), "resume-no", [False]),
])
async def test_resume_answers_by_key_and_button(keys, click, expected):
    assert await answer(ResumeScreen("Resume “X”?"), *keys, click=click) == expected


async def test_resume_focuses_resume_so_enter_resumes():
    focused: list[str] = []
    assert await answer(ResumeScreen("Resume “X”?"), "enter", focused=focused) == [True]
    assert focused == ["resume-yes"]


async def test_board_prompts_cancel_with_escape_and_answer_with_enter():
    assert await answer(TextPrompt("Rename", "Payouts"), "escape") == [None]
    assert await answer(TextPrompt("Rename", "Payouts"), "enter") == ["Payouts"]
    themes = [StoredTheme(id="t1", name="Payouts"), StoredTheme(id="t2", name="Fees")]
    assert await answer(ThemePicker("Move to", themes), "escape") == [None]
    assert await answer(ThemePicker("Move to", themes), "down", "enter") == ["t2"]
