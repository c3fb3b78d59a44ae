"""Home screen: the session list, filter, delete, open, and the offer to resume after a crash."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Static

from interview.app import InterviewApp
from interview.screens.confirm import ConfirmScreen
from interview.screens.home import HomeScreen
from interview.screens.resume import ResumeScreen, resume_question
from interview.widgets.session_list import SessionList
from interview.store import Store

SIZE = (120, 40)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "home.db") as s:
        yield s


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record where the app was asked to go, instead of opening other engineers' screens."""
    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(InterviewApp, "start_live", lambda self, sid: calls.append(("live", sid)))
    review = types.ModuleType("interview.screens.review")

    class ReviewScreen(Screen):
        def __init__(self, session_id: str) -> None:
            super().__init__()
            calls.append(("review", session_id))

    review.ReviewScreen = ReviewScreen
    monkeypatch.setitem(sys.modules, "interview.screens.review", review)
    for name in ("open_search", "open_tags", "open_synthesis"):
        monkeypatch.setattr(InterviewApp, name, lambda self, _n=name: calls.append((_n, "")))
    return calls


def add_session(store: Store, title: str, person: str, *, day: int, status: str = "done", notes: int = 0) -> str:
    """A session with fixed times (via SQL: tests only), so order and dates are deterministic."""
    pid = store.add_participant(person).id
    sid = store.create_session(title=title, guide_name="problem-discovery", participant_id=pid).id
    for i in range(notes):
        store.add_note(sid, f"note {i}")
    start = f"2024-03-{day:02d}T09:00:00.000Z"
    end = f"2024-03-{day:02d}T09:45:00.000Z" if status == "done" else None
    store.conn.execute(
        "UPDATE sessions SET created_at = ?, started_at = ?, ended_at = ?, status = ? WHERE id = ?",
        (start, start if status != "planned" else None, end, status, sid),
    )
    store.conn.commit()
    return sid


def rows(app: InterviewApp) -> list[list[str]]:
    listing = app.screen.query_one(SessionList)
    return [listing.cells(i) for i in range(listing.option_count)]


def shown(widget: Static) -> str:
    return str(widget.render()) if widget.display else ""


async def test_empty_state_tells_first_time_user_what_to_press(store: Store):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        text = shown(pilot.app.screen.query_one("#home-empty", Static))
        assert "No sessions yet." in text and "Press n to start your first interview" in text
        assert not pilot.app.screen.query_one(SessionList).display


async def test_sessions_listed_newest_first_with_counts_and_duration(store: Store):
    add_session(store, "Old chat", "Bea", day=1)
    add_session(store, "Newest chat", "Ana", day=20, notes=3)
    add_session(store, "Middle chat", "Cai", day=10, status="planned")
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = rows(pilot.app)
        assert [r[1] for r in table] == ["Newest chat", "Middle chat", "Old chat"]
        assert table[0][2] == "Ana" and table[0][5] == "3" and table[0][6] == "45 min"
        assert table[1][4] == "planned" and table[1][6] == ""
        assert not pilot.app.screen.query_one("#home-empty", Static).display


async def test_slash_filters_and_escape_clears(store: Store):
    add_session(store, "Billing", "Ana López", day=1)
    add_session(store, "Onboarding", "Bea", day=2)
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.press(*"lópez")
        await pilot.pause()
        assert [r[1] for r in rows(pilot.app)] == ["Billing"]
        await pilot.press(*"zzz")
        await pilot.pause()
        assert rows(pilot.app) == []
        assert "No session matches" in shown(pilot.app.screen.query_one("#home-empty", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert [r[1] for r in rows(pilot.app)] == ["Onboarding", "Billing"]


async def test_delete_asks_first_and_n_keeps_the_session(store: Store):
    keep = add_session(store, "Keep me", "Ana", day=1, notes=2)
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "Delete the session “Keep me” (Ana, 2024-03-" in shown(pilot.app.screen.query_one("#confirm-question"))
        assert "? Its 2 notes go too. This cannot be undone." in shown(pilot.app.screen.query_one("#confirm-question"))
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        assert store.get_session(keep) is not None and [r[1] for r in rows(pilot.app)] == ["Keep me"]


async def test_delete_with_y_removes_the_selected_session(store: Store):
    add_session(store, "Older", "Bea", day=1)
    gone = add_session(store, "Newer", "Ana", day=2, notes=1)
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.press("d", "y")
        await pilot.pause()
        assert store.get_session(gone) is None
        assert [r[1] for r in rows(pilot.app)] == ["Older"]


async def test_enter_resumes_live_and_reviews_done(store: Store, opened):
    done = add_session(store, "Finished", "Bea", day=1)
    live = add_session(store, "Interrupted", "Ana", day=2, status="live")
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "live" in rows(pilot.app)[0][4]
        await pilot.press("enter")
        await pilot.press("down", "enter")
        await pilot.pause()
    assert opened == [("live", live), ("review", done)]


async def test_s_t_r_open_search_tags_and_report(store: Store, opened):
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.press("s", "t", "r")
    assert [name for name, _ in opened] == ["open_search", "open_tags", "open_synthesis"]


async def test_n_opens_new_session_screen(store: Store):
    from interview.screens.setup import SetupScreen

    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SetupScreen)


def crash_with_draft(store: Store) -> str:
    sid = add_session(store, "Closing the books", "Ana", day=3, status="live", notes=12)
    store.save_draft(sid, "they export to Excel and the", None)
    return sid


async def test_after_crash_offers_resume_and_y_reopens_live(store: Store, opened):
    sid = crash_with_draft(store)
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResumeScreen)
        question = shown(pilot.app.screen.query_one("#resume-question", Static))
        assert question == "Resume “Closing the books” with Ana (12 notes, draft kept)?"
        await pilot.press("y")
        await pilot.pause()
    assert opened == [("live", sid)]
    assert store.get_draft(sid).text == "they export to Excel and the"


async def test_declining_resume_stays_home_and_session_stays_live(store: Store, opened):
    sid = crash_with_draft(store)
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        assert "live" in rows(pilot.app)[0][4]
    assert opened == [] and store.get_session(sid).status == "live"


async def test_live_session_with_nothing_to_lose_is_not_offered(store: Store, opened):
    add_session(store, "Started, nothing typed", "Ana", day=3, status="live")
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_no_resume_prompt_when_run_opens_a_live_session(store: Store, monkeypatch: pytest.MonkeyPatch):
    crash_with_draft(store)
    fresh = add_session(store, "Today", "Bea", day=4, status="planned")

    class FakeLive(Screen):
        pass

    monkeypatch.setattr(InterviewApp, "start_live", lambda self, sid: self.push_screen(FakeLive()))
    async with InterviewApp(store, live_session_id=fresh).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, FakeLive)


def test_resume_question_reads_naturally():
    assert resume_question("Churn", "", 1, False) == "Resume “Churn” (1 note)?"
    assert resume_question("Churn", "Li", 0, True) == "Resume “Churn” with Li (0 notes, draft kept)?"
    assert resume_question("Churn — Li", "Li", 2, False) == "Resume “Churn — Li” (2 notes)?"


def test_count_notes_ignores_deleted(store: Store):
    sid = add_session(store, "Counted", "Ana", day=1, notes=3)
    store.set_deleted(store.last_note(sid).id, True)
    assert store.count_notes(sid) == 2
    assert store.count_notes("missing") == 0


async def test_older_sessions_load_as_the_cursor_nears_the_end(store: Store):
    from interview.screens.home import PAGE

    total = PAGE + 25
    for i in range(total):
        sid = store.create_session(title=f"Session {i:03d}").id
        store.conn.execute("UPDATE sessions SET created_at = ? WHERE id = ?", (f"2024-01-01T00:{i // 60:02d}:{i % 60:02d}Z", sid))
    store.conn.commit()
    async with InterviewApp(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(rows(pilot.app)) == PAGE  # only the newest page is queried at start
        for _ in range(4):
            await pilot.press("pagedown")
        await pilot.press("end")
        await pilot.pause()
        titles = [r[1] for r in rows(pilot.app)]
        assert len(titles) == total and len(set(titles)) == total
        assert titles[0] == f"Session {total - 1:03d}" and titles[-1] == "Session 000"


async def test_help_lists_home_keys_and_the_highlight_legend(tmp_path):
    from interview.app import InterviewApp
    from interview.screens.help import HelpScreen
    from interview.store import Store

    with Store(tmp_path / "h.db") as store:
        app = InterviewApp(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = str(app.screen.query_one("#help-text").render())
            assert "New session" in text and "Delete" in text
            assert "Focus Next" not in text
            for name in ("Problem", "Emotion", "Workaround", "Need", "Feature request"):
                assert name in text
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)


def test_rows_fit_any_width_and_narrow_terminals_drop_guide_then_duration():
    from interview.widgets.session_list import GAP, layout, row_width

    for total in (60, 80, 100, 120, 200):
        columns = layout(total)
        used = sum(width for _, width in columns) + GAP * (len(columns) - 1)
        assert used <= row_width(total) or total < 70, (total, columns)
        assert [name for name, _ in columns][:3] == ["date", "participant", "title"]
    assert [name for name, _ in layout(80)] == ["date", "participant", "title", "status", "notes"]
    assert [name for name, _ in layout(100)] == ["date", "participant", "title", "status", "notes", "duration"]
    assert "guide" in dict(layout(120))
    assert dict(layout(80))["date"] == 12 and dict(layout(80))["title"] >= 22  # the day, not the time, at 80
    assert dict(layout(120))["date"] == 18


async def test_a_live_session_reads_as_resumable_at_80_columns(store: Store):
    add_session(store, "Interrupted", "Ana", day=2, status="live")
    async with InterviewApp(store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = pilot.app.screen.query_one(SessionList)
        line = listing.get_option_at_index(0).prompt
        assert "● live · resume" in line.plain and line.cell_len <= 76
