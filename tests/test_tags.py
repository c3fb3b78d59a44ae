"""Tags across sessions: the store's rename/merge/recolour/delete, and the Tags screen's keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from interview.app import InterviewApp
from interview.screens.search import SearchScreen
from interview.screens.tags import TAG_PALETTE, TagsScreen
from interview.store import Store, StoreError
from review_sample import build_sample


@pytest.fixture
def store(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "user-guides"))
    with Store(tmp_path / "x.db") as s:
        yield s


@pytest.fixture
def sample(store: Store):
    return build_sample(store)


def counts(store: Store) -> dict[str, int]:
    return {t.name: t.note_count for t in store.list_tags()}


# ---------------------------------------------------------------------- store


def test_rename_refuses_a_taken_name_but_allows_a_case_change(store, sample):
    with pytest.raises(StoreError, match="merge the two tags"):
        store.rename_tag("pricing", "Spreadsheet")
    assert store.rename_tag("pricing", "Pricing").name == "Pricing"
    assert store.get_note(sample.note_ids[1]).tags == ["Pricing"]


def test_merge_moves_notes_without_duplicates_and_drops_the_source(store, sample):
    store.tag_note(sample.note_ids[2], "manual-work")
    moved = store.merge_tags("manual-work", "spreadsheet")
    assert moved == 1
    assert counts(store) == {"pricing": 1, "risk": 1, "spreadsheet": 2}
    with pytest.raises(StoreError, match="two different tags"):
        store.merge_tags("risk", "RISK")


def test_delete_reports_notes_affected_and_keeps_the_notes(store, sample):
    assert store.delete_tag("spreadsheet") == 2
    assert "spreadsheet" not in counts(store)
    assert store.get_note(sample.note_ids[2]).tags == ["manual-work"]
    with pytest.raises(StoreError, match="no tag named"):
        store.delete_tag("spreadsheet")


# ---------------------------------------------------------------------- screen


async def open_tags(pilot, name: str) -> TagsScreen:
    pilot.app.open_tags()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TagsScreen)
    index = next(i for i, t in enumerate(screen.tags) if t.name == name)
    screen.query_one(DataTable).move_cursor(row=index)
    return screen


async def test_tags_screen_lists_counts(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_tags(pilot, "pricing")
        table = screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)[:2]] for i in range(table.row_count)]
        assert rows == [["#manual-work", "1"], ["#pricing", "1"], ["#risk", "1"], ["#spreadsheet", "2"]]


async def test_r_renames(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_tags(pilot, "pricing")
        await pilot.press("r")
        pilot.app.screen.query_one(Input).value = "cost"
        await pilot.press("enter")
        await pilot.pause()
        assert counts(store)["cost"] == 1 and "pricing" not in counts(store)


async def test_r_onto_an_existing_name_explains_instead_of_failing(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_tags(pilot, "pricing")
        await pilot.press("r")
        pilot.app.screen.query_one(Input).value = "risk"
        await pilot.press("enter")
        await pilot.pause()
        assert "pricing" in counts(store)
        assert any("merge the two tags" in str(n.message) for n in pilot.app._notifications)


async def test_m_merges_into_a_tag_chosen_with_type_ahead(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_tags(pilot, "manual-work")
        await pilot.press("m", *"spr", "right", "enter")
        await pilot.pause()
        assert counts(store) == {"pricing": 1, "risk": 1, "spreadsheet": 2}


async def test_c_recolours(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_tags(pilot, "risk")
        await pilot.press("c", "down", "enter")  # default, red
        await pilot.pause()
        assert store.tag_named("risk").color == TAG_PALETTE["red"]


async def test_d_deletes_after_saying_how_many_notes_lose_it(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_tags(pilot, "spreadsheet")
        await pilot.press("d")
        question = str(pilot.app.screen.query_one("#confirm-question").content)
        assert "removed from 2 notes" in question
        await pilot.press("y")
        await pilot.pause()
        assert "spreadsheet" not in counts(store)
        assert len(store.notes_for_session(sample.session_id)) == 5


async def test_enter_searches_the_tags_notes(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_tags(pilot, "spreadsheet")
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        assert len(screen.hits) == 2


async def test_live_hash_tags_show_up_here(store, sample):
    store.add_note(sample.other_session_id, "Bank feeds break #integrations", tags=["integrations"])
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_tags(pilot, "integrations")
        assert screen.selected().note_count == 1


async def test_no_tags_shows_how_to_make_one(store):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        pilot.app.open_tags()
        await pilot.pause()
        assert pilot.app.screen.query_one("#tags-empty").display
        await pilot.press("d", "r", "m", "c")  # nothing selected: nothing happens
        assert isinstance(pilot.app.screen, TagsScreen)


def test_counts_leave_out_deleted_notes_and_colours_are_cheap_to_read(store, sample):
    store.set_deleted(sample.note_ids[2], True)
    assert counts(store) == {"manual-work": 0, "pricing": 1, "risk": 1, "spreadsheet": 1}
    store.set_tag_color("Risk", "#e06c75")
    assert store.tag_colors() == {"risk": "#e06c75"}
