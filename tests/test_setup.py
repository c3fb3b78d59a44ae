"""New-session screen: guide, participant, interviewer, variables, consent; driven by keys like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from interview.app import InterviewApp
from interview.guides import guide_from_dict
from interview.screens.home import HomeScreen
from interview.screens.setup import SetupScreen
from interview.store import Store

SIZE = (120, 40)

BILLING = """\
---
title: Billing pains
description: How finance teams chase invoices.
variables:
  product: invoices
---
## Context (5 min)
- Tell me about the last time you dealt with {product}.
  - Who else was involved?
- Would you use a tool that chases invoices for you?
"""

BROKEN = "---\ntitle: [unclosed\n---\n## A\n- Tell me\n"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "billing.md").write_text(BILLING, encoding="utf-8")
    (guides / "zz-broken.md").write_text(BROKEN, encoding="utf-8")
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(guides))
    with Store(tmp_path / "setup.db") as s:
        yield s


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Session ids the app was asked to go live with (the live screen is another engineer's)."""
    ids: list[str] = []
    monkeypatch.setattr(InterviewApp, "start_live", lambda self, sid: ids.append(sid))
    return ids


def text_of(app: InterviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def value(app: InterviewApp, selector: str) -> str:
    return app.screen.query_one(selector, Input).value


async def open_setup(pilot) -> SetupScreen:
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SetupScreen)
    return pilot.app.screen


async def test_arrows_choose_guide_preview_and_start(store: Store, started):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        guides = pilot.app.screen.query_one("#setup-guides", OptionList)
        assert pilot.app.focused is guides
        assert guides.get_option_at_index(0).id == "billing"
        assert "Billing pains" in text_of(pilot.app, "#setup-outline")
        await pilot.press("down")
        await pilot.pause()
        assert "Cancellation interview" in text_of(pilot.app, "#setup-outline")
        await pilot.press("up", "enter")
        assert pilot.app.focused.id == "setup-name"
        await pilot.press(*"Ana López", "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
    [sid] = started
    session = store.get_session(sid)
    assert session.guide_name == "billing" and session.title == "Billing pains — Ana López"
    assert session.status == "planned" and not session.consent_given and session.consent_at is None


async def test_lint_findings_listed_under_guide(store: Store, started):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        lint = text_of(pilot.app, "#setup-lint")
        first, second = lint.splitlines()[:2]
        assert first.startswith("⚠ 3 findings: questions that may confirm ideas")
        # errors first: the hypothetical question, quoted, before the whole-guide warnings
        assert second.startswith(" ✗ line 10  hypothetical  “Would you use a tool that chases invoices for you?”")


async def test_type_ahead_lists_matches_and_choosing_fills_fields(store: Store, started):
    ana = store.add_participant("Ana López", role="Controller", company="Acme", segment="mid-market")
    store.add_participant("Anabel Ruiz", company="Globex")
    store.add_participant("Bob Stone")
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("enter", *"ana")
        await pilot.pause()
        matches = pilot.app.screen.query_one("#setup-matches", OptionList)
        assert matches.display
        shown = [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]
        assert shown == ["Ana López · Controller, Acme (mid-market)", "Anabel Ruiz · Globex"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not matches.display
        assert (value(pilot.app, "#setup-name"), value(pilot.app, "#setup-role"),
                value(pilot.app, "#setup-company"), value(pilot.app, "#setup-segment")) == (
            "Ana López", "Controller", "Acme", "mid-market")
        assert pilot.app.focused.id == "setup-interviewer"
        await pilot.press("ctrl+s")
        await pilot.pause()
    [sid] = started
    assert store.get_session(sid).participant_id == ana.id
    assert len(store.find_participants("")) == 3


async def test_escape_in_matches_returns_to_name_and_new_name_creates_participant(store: Store, started):
    store.add_participant("Ana López")
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("enter", *"Ana", "down", "escape")
        assert pilot.app.focused.id == "setup-name" and isinstance(pilot.app.screen, SetupScreen)
        await pilot.press(*" Ortiz", "tab", *"Designer", "ctrl+s")
        await pilot.pause()
    person = store.get_participant(store.get_session(started[0]).participant_id)
    assert (person.name, person.role) == ("Ana Ortiz", "Designer")


async def test_interviewer_and_guide_remembered_for_next_session(store: Store, started):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("down", "enter", *"Bea")
        pilot.app.screen.query_one("#setup-interviewer", Input).focus()
        await pilot.press(*"Sam Ito", "ctrl+s")
        await pilot.pause()
        await open_setup(pilot)
        assert value(pilot.app, "#setup-interviewer") == "Sam Ito"
        guides = pilot.app.screen.query_one("#setup-guides", OptionList)
        assert guides.get_option_at_index(guides.highlighted).id == "churn"
        await pilot.press("enter", *"Cai", "ctrl+s")
        await pilot.pause()
    first, second = (store.get_session(sid) for sid in started)
    assert first.interviewer == second.interviewer == "Sam Ito"
    assert second.guide_name == "churn"


async def test_variables_prefilled_and_filled_into_snapshot(store: Store, started):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        assert value(pilot.app, "#var-product") == "invoices"
        await pilot.press("enter", *"Ana")
        variable = pilot.app.screen.query_one("#var-product", Input)
        variable.focus()
        await pilot.press("ctrl+u", *"receipts")
        await pilot.pause()
        assert "the last time you dealt with receipts." in text_of(pilot.app, "#setup-outline")
        await pilot.press("ctrl+s")
        await pilot.pause()
    session = store.get_session(started[0])
    assert session.variables == {"product": "receipts"}
    _, question = next(guide_from_dict(store.session_guide(session.id)).questions())
    assert question.text == "Tell me about the last time you dealt with receipts."


async def test_consent_ticked_is_stored_with_time_and_scope(store: Store, started):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        assert "asks for consent before the first note" in text_of(pilot.app, "#setup-consent-hint")
        await pilot.press("enter", *"Ana")
        pilot.app.screen.query_one("#setup-consent").focus()
        await pilot.press("space", "tab", "right")  # tick, then move the scope from internal to external
        await pilot.pause()
        assert "recorded with the time" in text_of(pilot.app, "#setup-consent-hint")
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
    session = store.get_session(started[0])
    assert session.consent_given and session.consent_at.startswith(session.created_at[:10])
    assert session.consent_scope == "external"


async def test_missing_name_is_said_next_to_the_field(store: Store, started):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot.app, "#setup-name-error") == "Type the participant's name: it is required."
        assert pilot.app.focused.id == "setup-name"
        await pilot.press("A")
        assert text_of(pilot.app, "#setup-name-error") == ""
    assert started == [] and store.list_sessions() == []


async def test_broken_guide_cannot_start_and_says_why(store: Store, started):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("end")
        await pilot.pause()
        assert "zz-broken.md" in text_of(pilot.app, "#setup-lint")
        await pilot.press("enter", *"Ana", "ctrl+s")
        await pilot.pause()
        assert "The guide zz-broken cannot be used" in text_of(pilot.app, "#setup-error")
    assert started == [] and store.list_sessions() == []


async def test_escape_cancels_without_creating_anything(store: Store, started):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("enter", *"Ana", "escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
    assert started == [] and store.list_sessions() == []


async def test_tab_from_the_guides_goes_to_the_participant_and_on_field_by_field(store: Store, started):
    """Issue 17, item 8: the first tab went to the guide preview, so every typed field landed one off."""
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await pilot.press("tab")
        assert pilot.app.focused.id == "setup-name"
        store.add_participant("Dana Ruiz")  # "Ana" lists her as a match: tab must not stop in that list
        await pilot.press(*"Ana", "tab", *"Controller", "tab", *"Acme")
        await pilot.pause()
        assert (value(pilot.app, "#setup-name"), value(pilot.app, "#setup-role"),
                value(pilot.app, "#setup-company")) == ("Ana", "Controller", "Acme")
