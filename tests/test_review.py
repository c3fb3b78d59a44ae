"""The review screen driven key by key, with every decision checked in the database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Checkbox, Input, OptionList, Select, TextArea

from interview.app import InterviewApp
from interview.models import Highlight
from interview.screens.review import ReviewScreen
from interview.screens.search import SearchScreen
from interview.store import Store
from interview.widgets.review_notes import NoteList
from review_sample import build_sample, span


@pytest.fixture
def store(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "user-guides"))
    with Store(tmp_path / "x.db") as s:
        yield s


@pytest.fixture
def sample(store: Store):
    return build_sample(store)


async def open_review(pilot, sample, note_index: int = 1):
    app = pilot.app
    app.open_session(sample.session_id)
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    view = app.screen.query_one(NoteList)
    while view.current_note_id != sample.note_ids[note_index]:
        await pilot.press("j")
    return app.screen, view


def shown(screen, selector: str) -> str:
    """The plain text a Static shows, as a person reads it."""
    content = screen.query_one(selector).content
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def statuses(store: Store, note_id: str) -> dict[str, tuple[str, str]]:
    return {h.text: (h.status, h.reviewer) for h in store.get_note(note_id).highlights}


# ---------------------------------------------------------------------- decisions


async def test_tab_picks_a_highlight_and_a_accepts_it_with_the_reviewers_name(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        screen, view = await open_review(pilot, sample)
        await pilot.press("tab", "tab", "a")
        assert statuses(store, sample.note_ids[1]) == {
            "the close took nine days": ("suggested", ""),
            "so frustrated with the exports": ("accepted", "Riley"),
        }
        detail = shown(screen, "#review-detail")
        assert "▶" in detail and "accepted by Riley" in detail
        summary = shown(screen, "#review-summary")
        assert "frustration 1" in summary


async def test_a_without_tab_accepts_the_first_open_suggestion_and_x_rejects_and_hides(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        screen, view = await open_review(pilot, sample)
        await pilot.press("a", "x")
        assert statuses(store, sample.note_ids[1]) == {
            "the close took nine days": ("accepted", "Riley"),
            "so frustrated with the exports": ("rejected", "Riley"),
        }
        assert [h.text for h in view.visible_highlights(view.current_note)] == ["the close took nine days"]
        await pilot.press("r")
        assert len(view.visible_highlights(view.current_note)) == 2


async def test_capital_a_accepts_every_suggestion_and_u_undoes_it(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample)
        await pilot.press("A")
        assert {s for s, _ in statuses(store, sample.note_ids[1]).values()} == {"accepted"}
        await pilot.press("u")
        assert {s for s, _ in statuses(store, sample.note_ids[1]).values()} == {"suggested"}


async def test_j_and_k_move_between_notes_across_questions(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        screen, view = await open_review(pilot, sample, note_index=0)
        await pilot.press("j", "j", "j")
        assert view.current_note_id == sample.note_ids[3]
        await pilot.press("k")
        assert view.current_note_id == sample.note_ids[2]
        await pilot.press("down")
        assert view.current_note_id == sample.note_ids[3]


# ---------------------------------------------------------------------- notes


async def test_h_adds_a_manual_highlight_from_a_selection_and_a_menu(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample, note_index=0)
        await pilot.press("h")
        area = pilot.app.screen.query_one(TextArea)
        await pilot.press("ctrl+right", "ctrl+right")  # after "I run"
        await pilot.press(*["shift+right"] * 13)  # " finance ops "
        await pilot.press("enter")
        labels = pilot.app.screen.query_one("#review-highlight-labels", OptionList)
        assert labels.has_focus and area.selected_text == " finance ops "
        await pilot.press("down", "down", "enter")  # Problem, Emotion · frustration, Emotion · worry
        await pilot.pause()
        manual = [h for h in store.get_note(sample.note_ids[0]).highlights if h.source == "manual"]
        assert [(h.text, h.label, h.kind, h.status, h.reviewer) for h in manual] == [
            ("finance ops", "emotion", "worry", "accepted", "Riley")]
        await pilot.press("u")
        assert store.get_note(sample.note_ids[0]).highlights == []


async def test_h_with_nothing_selected_asks_for_a_selection(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample, note_index=0)
        await pilot.press("h", "enter")
        assert pilot.app.screen.query_one(TextArea).has_focus
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_t_adds_and_removes_tags_with_type_ahead(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample)
        await pilot.press("t")
        await pilot.press(*"urgent", "enter")
        await pilot.press(*"pricing", "enter")  # the note has it: removed
        await pilot.press(*"spre", "right")  # type-ahead completes an existing tag
        assert pilot.app.screen.query_one(Input).value == "spreadsheet"
        await pilot.press("enter", "enter")  # add it, then enter on an empty box saves
        await pilot.pause()
        assert store.get_note(sample.note_ids[1]).tags == ["spreadsheet", "urgent"]
        assert "#urgent" in shown(pilot.app.screen, "#review-summary")
        await pilot.press("u")
        assert store.get_note(sample.note_ids[1]).tags == ["pricing"]


async def test_s_stars_and_the_summary_quotes_it(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        screen, _ = await open_review(pilot, sample)
        await pilot.press("s")
        assert store.get_note(sample.note_ids[1]).starred
        assert "Starred (1)" in shown(screen, "#review-summary")
        await pilot.press("u")
        assert not store.get_note(sample.note_ids[1]).starred


async def test_e_edits_text_keeping_decisions_and_reanalyses(store, sample, monkeypatch):
    from interview.highlighter import Highlighter

    def fake_analyze(text: str) -> list[Highlight]:
        return [span(text, "the close took nine days", "problem"), span(text, "long", "problem")]

    highlighter = Highlighter(loader=lambda: (fake_analyze, "fake-1"))
    async with InterviewApp(store, highlighter=highlighter).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample)
        await pilot.press("a")  # accept "the close took nine days"
        await pilot.press("e", "up", "up", "up", "home", *"So long: ", "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        note = store.get_note(sample.note_ids[1])
        assert note.text.startswith("So long: Last month")
        found = {h.text: h.status for h in note.highlights}
        assert found == {"the close took nine days": "accepted", "long": "suggested"}
        await pilot.press("u")
        note = store.get_note(sample.note_ids[1])
        assert note.text.startswith("Last month") and len(note.highlights) == 2


async def test_u_with_nothing_to_undo_says_so(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample)
        await pilot.press("u")
        assert any("Nothing to undo" in str(n.message) for n in pilot.app._notifications)


# ---------------------------------------------------------------------- view and session


async def test_f_filters_notes_by_label_and_clears(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        screen, view = await open_review(pilot, sample)
        await pilot.press("f")
        pilot.app.screen.query_one("#filter-label", Select).value = "emotion"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert view.shown_note_ids == [sample.note_ids[1], sample.note_ids[3]]
        assert "label: emotion" in shown(screen, "#review-filter-line")
        await pilot.press("f", "ctrl+r")
        await pilot.pause()
        assert view.note_count == 5


async def test_filter_by_speaker_tag_and_starred(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        screen, view = await open_review(pilot, sample)
        await pilot.press("s", "f")
        pilot.app.screen.query_one("#filter-speaker", Select).value = "participant"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert view.note_count == 4
        await pilot.press("f")
        pilot.app.screen.query_one("#filter-speaker", Select).value = Select.NULL
        pilot.app.screen.query_one("#filter-tag", Select).value = "pricing"
        pilot.app.screen.query_one("#filter-starred").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert view.shown_note_ids == [sample.note_ids[1]]


async def test_m_edits_session_details(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        screen, _ = await open_review(pilot, sample)
        await pilot.press("m")
        modal = pilot.app.screen
        modal.query_one("#info-title", Input).value = "Closing the books, take two"
        modal.query_one("#info-participant", Input).value = "Chidi Anagonye"
        modal.query_one("#info-minutes", Input).value = "50"
        modal.query_one("#info-consent").value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        session = store.get_session(sample.session_id)
        assert session.title == "Closing the books, take two"
        assert store.get_participant(session.participant_id).name == "Chidi Anagonye"
        assert session.ended_at.startswith("2024-03-04T09:50") and not session.consent_given
        assert "no consent recorded" in shown(screen, "#review-meta")


async def test_m_rejects_a_bad_start_time_with_one_sentence(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample)
        await pilot.press("m")
        pilot.app.screen.query_one("#info-started", Input).value = "tomorrow morning"
        await pilot.press("ctrl+s")
        assert "like 2024-03-04 09:30" in shown(pilot.app.screen, "#review-info-error")
        await pilot.press("escape")
        assert store.get_session(sample.session_id).started_at.startswith("2024-03-04T09:00")


async def test_slash_opens_search_and_escape_goes_back(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample)
        await pilot.press("slash")
        assert isinstance(pilot.app.screen, SearchScreen)
        await pilot.press("escape", "escape")
        assert type(pilot.app.screen).__name__ == "HomeScreen"


async def test_ctrl_e_exports_to_the_typed_path(store, sample, tmp_path: Path):
    export = pytest.importorskip("interview.export")
    if not hasattr(export, "export_session"):
        pytest.skip("export_session has not landed yet")
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample)
        target = tmp_path / "closing.md"
        await pilot.press("ctrl+e")
        pilot.app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert target.exists() and "nine days" in target.read_text()
        assert any(str(target) in str(n.message) for n in pilot.app._notifications)


async def test_export_right_after_the_session_offers_and_includes_the_suggestions(store, sample, tmp_path: Path):
    """Issue 17: nothing is reviewed yet, so an accepted-only summary read "None highlighted" everywhere."""
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample)
        await pilot.press("ctrl+e")
        box = pilot.app.screen.query_one(Checkbox)
        assert box.value and "5 suggestions not yet reviewed" in str(box.label)
        target = tmp_path / "fresh.md"
        pilot.app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = target.read_text()
        assert "the close took nine days" in text and text.count("None highlighted") == 1  # feature requests
        assert "5 highlights the app suggested are not yet reviewed; they are included here" in text

        await pilot.press("ctrl+e")
        target = tmp_path / "accepted-only.md"
        pilot.app.screen.query_one(Input).value = str(target)
        await pilot.press("tab", "space")  # untick: accepted highlights only
        assert not pilot.app.screen.query_one(Checkbox).value
        await pilot.press("enter")  # enter exports even with the box focused
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = target.read_text()
        assert "the close took nine days" not in text.split("## Notes")[0]
        assert "None accepted yet; 1 suggested, not yet reviewed." in text
        assert "are not yet reviewed and are not included here" in text


async def test_a_path_typed_and_entered_in_one_burst_is_where_the_export_goes(store, sample, tmp_path: Path):
    """Enter was a priority binding on the dialog: it ran before the box had taken the keys typed
    just ahead of it, so `tmux send-keys "/tmp/x.md" Enter` wrote the default file instead."""
    from textual import events

    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        await open_review(pilot, sample)
        await pilot.press("ctrl+e")
        await pilot.pause()
        target = tmp_path / "burst.md"
        for key in [*str(target), "\r"]:  # one read from the terminal: sent without waiting
            name = {"\r": "enter", "/": "slash", ".": "full_stop", "-": "minus", "_": "underscore"}.get(key, key)
            event = events.Key(name, key)
            event.set_sender(pilot.app)
            pilot.app._driver.send_message(event)
        for _ in range(3):
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        assert target.exists() and "nine days" in target.read_text()


async def test_opening_on_a_note_from_search_focuses_it(store, sample):
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        pilot.app.push_screen(ReviewScreen(sample.session_id, sample.note_ids[3]))
        await pilot.pause()
        assert pilot.app.screen.query_one(NoteList).current_note_id == sample.note_ids[3]


# ---------------------------------------------------------------------- store support


def test_edit_note_text_moves_spans_and_drops_edited_suggestions(store, sample):
    note_id = sample.note_ids[1]
    problem = next(h for h in store.get_note(note_id).highlights if h.label == "problem")
    store.set_highlight_status(problem.id, "accepted", "Riley")
    note = store.edit_note_text(note_id, "Oh. Last month the close took nine days and I was so annoyed with the exports.")
    kept = {h.text: (h.status, note.text[h.start:h.end]) for h in note.highlights}
    assert kept == {"the close took nine days": ("accepted", "the close took nine days")}
