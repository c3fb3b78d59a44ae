"""The live co-creation screen driven by keys like a facilitator: a whole workshop, then the edges."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.widgets import DataTable, Digits, Input, Static

from interview.app import InterviewApp
from interview.guides import parse_guide, resolve_guide
from interview.screens.cocreation import CoCreationScreen
from interview.session_setup import create_session_from_guide
from interview.models import Idea
from interview.store import Store
from interview.widgets import draft_pacer
from interview.widgets.cocreation import countdown as cocreation_countdown

from waiting import until

SIZE = (120, 40)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

IDEAS = [
    "1: A buddy for the first week",
    "2: Onboarding checklist in the wiki",
    "3: ^1 Buddy lunch on day one",
    "Recorded docs walkthrough videos",
    "1: Checklist of accounts to request",
    "2: ^2 Checklist owner per team",
    "3: Docs map on one page",
    "1: Buddy rota kept by the team lead",
    "2: Searchable docs portal",
    "3: Checklist signed off by the manager",
    "Buddy pairing across teams",
    "1: ^7 Docs glossary of team jargon",
]


class Clock:
    """A hand-wound clock for the countdown: tests move time, nothing sleeps."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(cocreation_countdown, "now", fake)
    return fake


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "workshop.db") as s:
        yield s


def new_workshop(store: Store, *, consent: bool = True) -> str:
    guide = resolve_guide("co-creation-workshop")
    return create_session_from_guide(store, guide, participant_name="Ana López", company="Acme", consent=consent).id


def _idea(store: Store, session_id: str, idea_id: str) -> Idea:
    """An idea as the workshop screen reads it: from the session's list."""
    return next(i for i in store.ideas_for_session(session_id) if i.id == idea_id)


def shown(app: InterviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def add_person(pilot, name: str, role: str = "", company: str = "", *, complete: bool = False) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    await pilot.press(*name)
    if complete:
        await pilot.pause()
        await pilot.press("right")
    await pilot.press("tab", *role, "tab", *company, "enter")
    await pilot.pause()


async def type_line(pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.slow  # 19-26 s on a busy 2-core machine: every activity, key by key
async def test_a_whole_workshop_from_consent_to_the_end(store: Store, clock: Clock):
    chloe = store.add_participant("Chloe Durand", role="Ops", company="Initech")
    session_id = new_workshop(store, consent=False)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")  # consent for everyone in the room
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CoCreationScreen)
        assert store.get_session(session_id).status == "live" and store.get_session(session_id).consent_given

        # Participants: Ana came from `interview run`; Ben is new; Chloe is found by type-ahead.
        await add_person(pilot, "Ben Ng", "Team lead", "Globex")
        await add_person(pilot, "Chl", complete=True)
        seats = store.session_participants(session_id)
        assert [(n, p.name) for n, p in seats] == [(1, "Ana López"), (2, "Ben Ng"), (3, "Chloe Durand")]
        assert seats[2][1].id == chloe.id and seats[1][1].company == "Globex"
        assert "3  Chloe Durand" in shown(app, "#cc-people")

        # A discussion note attributed with the number prefix.
        await type_line(pilot, "2: Nobody told me where the docs live #docs")
        note = store.notes_for_session(session_id)[0]
        assert (note.text, note.participant_id, note.tags) == ("Nobody told me where the docs live", seats[1][1].id, ["docs"])

        # Ideas: the timebox starts, 12 ideas go in with proposers and builds-on links.
        await pilot.press("ctrl+right", "ctrl+right")
        await pilot.pause()
        assert "Idea capture" in shown(app, "#cc-activity")
        await pilot.press("ctrl+t")
        clock.now += timedelta(minutes=3)
        await until(pilot, lambda: app.screen.query_one(Digits).value == "12:00", "the countdown's next tick")
        for n, line in enumerate(IDEAS):
            if n < 3:
                await type_line(pilot, line)  # typed key by key...
            else:
                app.screen.query_one("#cc-ideas-input", Input).value = line  # ...or pasted, to keep the test fast
                await pilot.press("enter")
        await pilot.pause()
        ideas = store.ideas_for_session(session_id)
        assert len(ideas) == 12
        by_number = {i.number: i for i in ideas}
        assert by_number[3].builds_on == by_number[1].id and by_number[3].proposer == "Chloe Durand"
        assert by_number[4].proposer == "" and by_number[12].builds_on == by_number[7].id
        table = app.screen.query_one("#cc-ideas-table", DataTable)
        assert table.row_count == 12 and table.get_row_at(0)[:3] == ["#12", "AL", "Docs glossary of team jargon"]
        assert app.screen.query_one("#cc-ideas-input", Input).value == ""

        # Attribution after saving: tab to the list, pick #11 (second row), press 2.
        await pilot.press("tab", "down", "2")
        await pilot.pause()
        assert _idea(store, session_id, by_number[11].id).proposer == "Ben Ng"

        # Clustering: accept the suggested themes, then file one idea by hand.
        await pilot.press("ctrl+right")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Checklist" in shown(app, "#cc-cluster-suggestions")
        await pilot.press("ctrl+y")
        await pilot.pause()
        themes = {i.theme for i in store.ideas_for_session(session_id)}
        assert themes == {"Buddy", "Checklist", "Docs"}
        await pilot.press("ctrl+r", "ctrl+u", *"Buddies", "enter")  # rename the selected idea's theme everywhere
        await pilot.pause()
        assert {i.theme for i in store.ideas_for_session(session_id)} == {"Buddies", "Checklist", "Docs"}
        await pilot.press("-", "enter")  # #1 out of its theme...
        await pilot.pause()
        assert _idea(store, session_id, by_number[1].id).theme == ""
        await pilot.press("B", "u", "right", "enter")  # ...and back in by type-ahead
        await pilot.pause()
        assert _idea(store, session_id, by_number[1].id).theme == "Buddies"
        assert "Buddies  4" in shown(app, "#cc-cluster-themes")

        # Voting: three dots each; Chloe tries a fourth; Ben takes one back.
        await pilot.press("ctrl+right")
        await pilot.pause()
        await pilot.press("1", "space", "space", "down", "space")  # Ana: 2 on #1, 1 on #2
        await pilot.press("2", "space", "space", "space", "u")  # Ben: 3 on #2, then takes one back
        await pilot.press("3", "up", "enter", "down", "down", "space", "space", "space")  # Chloe: #1, #3, #3, refused
        await pilot.pause()
        votes = {i.number: i.votes for i in store.ideas_for_session(session_id)}
        assert (votes[1], votes[2], votes[3]) == (3, 3, 2)
        used = store.dots_used(session_id)
        assert [used[p.id] for _, p in seats] == [3, 2, 3]
        ranking = shown(app, "#cc-vote-ranking")
        assert ranking.index("#1 A buddy") < ranking.index("#2 Onboarding") < ranking.index("#3 Buddy lunch")
        assert "1 of 3 dots left" not in shown(app, "#cc-vote-voter")

        # Prioritise: two digits per idea (impact, effort).
        await pilot.press("ctrl+right")
        await pilot.pause()
        await pilot.press("5", "1", "4", "4", "2", "5")
        await pilot.pause()
        rated = {i.number: (i.impact, i.effort) for i in store.ideas_for_session(session_id) if i.impact}
        assert rated == {1: (5, 1), 2: (4, 4), 3: (2, 5)}
        grid = app.screen.query_one("#cc-prio-grid", Static).content
        assert "#1 A buddy for the first" in _plain(grid)

        # Wrap-up shows the outcome; esc then y ends the workshop.
        await pilot.press("ctrl+right")
        await pilot.pause()
        assert "12 ideas · 3 themes · 8 dots placed" in shown(app, "#cc-view-6-summary")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert store.get_session(session_id).status == "done"
        assert not isinstance(app.screen, CoCreationScreen)


def _plain(renderable) -> str:
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(renderable)
    return console.export_text()


async def test_time_up_rings_once_turns_red_and_extends(store: Store, clock: Clock):
    session_id = new_workshop(store)
    app = InterviewApp(store, live_session_id=session_id)
    bells: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        app.bell = lambda: bells.append(1)
        await pilot.pause()
        await pilot.press("ctrl+t")
        clock.now += timedelta(minutes=10, seconds=5)  # Welcome is 10 minutes
        countdown = app.screen.query_one("#cc-countdown")
        await until(pilot, lambda: bells, "the bell")
        assert countdown.has_class("-over") and app.screen.query_one(Digits).value == "-0:05"
        countdown.tick()  # later ticks, still over time, ring no more
        countdown.tick()
        await pilot.pause()
        assert bells == [1]
        assert any("Time is up for Welcome" in n.message for n in app._notifications)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen.query_one(Digits).value == "1:55" and not countdown.has_class("-over")


async def test_an_activity_without_a_timebox_says_so_and_saves_no_countdown(store: Store, clock: Clock):
    text = Path(resolve_guide("co-creation-workshop").path).read_text(encoding="utf-8")
    guide = parse_guide(text.replace("## Welcome (10 min)", "## Welcome"), name="untimed")
    session_id = create_session_from_guide(store, guide, participant_name="Ana López", consent=True).id
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("ctrl+t", "ctrl+e"):
            await pilot.press(key)
            await pilot.pause()
            assert [n.message for n in app._notifications][-1] == "This activity has no timebox in the guide."
        assert store.workshop_progress(session_id).timers == {}


async def test_ending_counts_one_idea_and_one_dot_in_the_singular(store: Store, clock: Clock):
    session_id = new_workshop(store)
    idea = store.add_idea(session_id, "A buddy for the first week")
    store.add_vote(session_id, idea.id, None)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question.startswith("End the workshop? 1 idea, 1 dot placed."), question


async def test_activity_and_countdown_resume_after_a_restart(store: Store, clock: Clock,
                                                             monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(draft_pacer, "DRAFT_DELAY", 0.2)  # kept 0.2 s after the last key, not 2 s
    session_id = new_workshop(store)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right", "ctrl+t")
        clock.now += timedelta(minutes=5)
        await pilot.press(*"2: half-typed idea")
        await until(pilot, lambda: (draft := store.get_draft(session_id)) and draft.text == "2: half-typed idea",
                    "the draft, kept once typing pauses")
    # The app is gone as if killed: the next one resumes the same activity, countdown and draft.
    again = InterviewApp(store, live_session_id=session_id)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Activity 3 of 7" in str(again.screen.query_one("#cc-activity", Static).render())
        assert again.screen.query_one(Digits).value == "10:00"
        assert again.screen.query_one("#cc-ideas-input", Input).value == "2: half-typed idea"


async def test_bad_prefixes_keep_the_text_and_say_why(store: Store, clock: Clock):
    session_id = new_workshop(store)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right")
        for line, reason in (("7: idea", "no participant 7"), ("^9 idea", "no idea #9"), ("1: ", "Type the idea")):
            await type_line(pilot, line)
            assert app.screen.query_one("#cc-ideas-input", Input).value == line
            assert reason in app._notifications._notifications[list(app._notifications._notifications)[-1]].message
            app.screen.query_one("#cc-ideas-input", Input).value = ""
        assert store.ideas_for_session(session_id) == []
        await type_line(pilot, "1: fine")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.ideas_for_session(session_id) == []
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [i.text for i in store.ideas_for_session(session_id)] == ["fine"]
        await pilot.press(*"1: ", "tab", "b")  # build on the selected idea: the prefix goes after the proposer
        await pilot.pause()
        box = app.screen.query_one("#cc-ideas-input", Input)
        assert box.value == "1: ^1 " and box.has_focus


async def test_declining_consent_records_nothing(store: Store, clock: Clock):
    session_id = new_workshop(store, consent=False)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, CoCreationScreen)
        assert store.get_session(session_id).status == "planned"


async def test_the_80_by_24_layout_keeps_the_countdown_and_the_input(store: Store, clock: Clock):
    session_id = new_workshop(store)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right")
        await pilot.pause()
        for selector in ("#cc-digits", "#cc-ideas-input", "#cc-people"):
            region = app.screen.query_one(selector).region
            assert region.height >= 1 and region.bottom <= 24 and region.right <= 80


def burst(app: InterviewApp, text: str) -> None:
    """Keys arriving in one read from the terminal (tmux send-keys, a fast typist): sent without waiting."""
    from textual import events

    for char in text:
        event = events.Key({" ": "space", "\n": "enter"}.get(char, char), "\r" if char == "\n" else char)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_a_burst_of_keys_saves_each_idea_and_note_exactly_as_typed(store: Store, clock: Clock):
    session_id = new_workshop(store)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "note one\nnote two\n")
        for _ in range(4):
            await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right")  # idea capture
        await pilot.pause()
        burst(app, "burst first\n9: nobody\nburst second\nstill typing")
        for _ in range(4):
            await pilot.pause()
        box = app.screen.query_one("#cc-ideas-input", Input)
        assert box.value == "9: nobodystill typing", "a refused line goes back, ahead of what came after it"
    assert [n.text for n in store.notes_for_session(session_id)] == ["note one", "note two"]
    assert sorted(i.text for i in store.ideas_for_session(session_id)) == ["burst first", "burst second"]


async def test_a_paused_countdown_and_the_activity_come_back_from_their_own_tables(store: Store, clock: Clock):
    session_id = new_workshop(store)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right", "ctrl+t")  # idea capture: 15 minutes, running
        clock.now += timedelta(minutes=4, seconds=30)
        await pilot.press("ctrl+t", "ctrl+e")  # paused at 10:30, then 2 more minutes
        await pilot.pause()
        assert app.screen.query_one(Digits).value == "12:30"
        ideas_section = app.screen.sections[2].id
    progress = store.workshop_progress(session_id)
    assert progress.activity == 2
    assert [(t.section_id, t.seconds, t.used, t.running_since) for t in progress.timers.values()] == [
        (ideas_section, 17 * 60, 270.0, None)]
    assert store.conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'cocreation.%'").fetchone()[0] == 0
    clock.now += timedelta(hours=1)  # paused time does not count, even across a restart
    again = InterviewApp(store, live_session_id=session_id)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = again.screen
        assert "Activity 3 of 7" in shown(again, "#cc-activity")
        assert screen.query_one(Digits).value == "12:30"
        assert "paused" in shown(again, "#cc-timer-state")


async def test_a_pasted_idea_and_one_building_on_it_are_read_in_turn(store: Store, clock: Clock):
    session_id = new_workshop(store)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right")
        await pilot.pause()
        burst(app, "A buddy for the first week\n1: ^1 Buddy lunch\n")  # one paste: #1 does not exist yet when typed
        for _ in range(6):
            await pilot.pause()
    first, second = store.ideas_for_session(session_id)
    assert (second.text, second.builds_on, second.proposer) == ("Buddy lunch", first.id, "Ana López")


async def test_esc_cancels_a_rename_before_it_ends_anything(store: Store, clock: Clock):
    session_id = new_workshop(store)
    idea = store.add_idea(session_id, "A buddy for the first week")
    store.set_idea_theme(idea.id, "Buddies")
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right", "ctrl+right")  # clustering
        await pilot.pause()
        await pilot.press("ctrl+r", "ctrl+u", *"Pairs", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CoCreationScreen)
        assert "Theme for #1" in str(app.screen.query_one("#cc-cluster-prompt").render())
    assert [i.theme for i in store.ideas_for_session(session_id)] == ["Buddies"]


async def test_ending_with_a_line_that_cannot_be_saved_keeps_the_workshop_going(store: Store, clock: Clock):
    session_id = new_workshop(store)
    app = InterviewApp(store, live_session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right")
        app.screen.query_one("#cc-ideas-input", Input).value = "7: an idea from nobody"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CoCreationScreen)
        assert app.screen.query_one("#cc-ideas-input", Input).value == "7: an idea from nobody"
        app.screen.query_one("#cc-ideas-input", Input).value = "1: an idea from Ana"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, CoCreationScreen)
    assert store.get_session(session_id).status == "done"
    assert [(i.text, i.proposer) for i in store.ideas_for_session(session_id)] == [("an idea from Ana", "Ana López")]
    assert store.get_draft(session_id) is None


def test_activity_views_never_reach_the_store():
    """Views post requests; only the screen saves (the layers contract cannot see ``self.app.store``)."""
    import interview.widgets.cocreation as views

    folder = Path(views.__file__).parent
    assert not [p.name for p in folder.glob("*.py") if ".store" in p.read_text(encoding="utf-8")]
