"""The live interview screen, driven like a PM on a call: type, press keys, then check the database and the screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual import events

from interview.app import InterviewApp
from interview.guides import guide_to_dict, parse_guide
from interview.highlighter import Highlighter
from interview.models import Highlight
from interview.screens import live
from interview.screens.confirm import ConfirmScreen
from interview.screens.home import HomeScreen
from interview.screens.live import LiveScreen
from interview.store import Store, StoreError
from interview.widgets import draft_pacer
from interview.widgets.note_input import NoteInput
from interview.widgets.note_log import NoteLog

from waiting import until

GUIDE = """\
---
title: Month-end close
kind: interview
---
## Warm-up (5 min)
Explain there are no wrong answers.

- Tell me about your role.
  - What does a week look like?
- Who do you work with on the close?

## Last time (15 min)
- Tell me about the last time you closed the books.
  - What happened next?
- What was the hardest part of that?
- How long did it take?

## Close (5 min)
- Who else should I talk to?
"""


def fake_analyze(text: str) -> list[Highlight]:
    """A stand-in for the spaCy pipeline: 'painful' is a problem, 'wish' a feature request."""
    found = []
    for word, label in (("painful", "problem"), ("wish", "feature_request"), ("annoyed", "emotion")):
        at = text.find(word)
        if at >= 0:
            found.append(Highlight(start=at, end=at + len(word), label=label, text=word, rule="fake"))
    return found


def fake_highlighter() -> Highlighter:
    """What the App is handed instead of the spaCy worker."""
    return Highlighter(loader=lambda: (fake_analyze, "fake-1"))


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    monkeypatch.setattr(draft_pacer, "DRAFT_DELAY", 0.2)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "x.db") as s:
        yield s


def new_session(store: Store, *, consent: bool = True) -> str:
    guide = parse_guide(GUIDE, name="month-end")
    person = store.add_participant("Ana López", company="Acme")
    session = store.create_session(
        title="Closing the books", guide=guide_to_dict(guide), guide_name="month-end",
        participant_id=person.id, consent_given=consent,
    )
    return session.id


def question_ids(store: Store, session_id: str) -> list[str]:
    guide = store.session_guide(session_id)
    return [q["id"] for s in guide["sections"] for q in s["questions"]]


async def paste(pilot, text: str) -> None:
    """Put text in the focused note box as a terminal paste does (one event, not one per key: fast tests)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def type_note(pilot, text: str, *, keys: bool = False) -> None:
    if keys:
        await pilot.press(*text)
    else:
        await paste(pilot, text)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the note is written in the writer thread
    await pilot.pause()


def log_text(app: InterviewApp) -> str:
    return app.screen.query_one(NoteLog).rendered_text()


def input_text(app: InterviewApp) -> str:
    return app.screen.query_one(NoteInput).text


def palette_choice(app: InterviewApp) -> str:
    """What enter would pick in the open command palette ("" while it is still searching)."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return ""
    options = app.screen.query_one(CommandList)
    return "" if options.highlighted is None else str(options.get_option_at_index(options.highlighted).prompt)


async def test_consent_refused_goes_home_without_notes(store: Store):
    sid = new_session(store, consent=False)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ana López" in str(app.screen.query_one("#confirm-question").content)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    session = store.get_session(sid)
    assert session.status == "planned" and not session.consent_given and session.started_at is None


async def test_interview_from_consent_to_end(store: Store):
    sid = new_session(store, consent=False)
    q = question_ids(store, sid)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("y")  # consent given
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert store.get_session(sid).consent_given and store.get_session(sid).status == "live"
        assert app.screen.focused is app.screen.query_one(NoteInput)

        await type_note(pilot, '"We lose half a day every month" #closing', keys=True)
        await type_note(pilot, "! sighs when exports come up")
        await pilot.press("ctrl+down")
        await type_note(pilot, "i: asked who else is involved")
        await type_note(pilot, "Works with the controller #team")

        notes = store.notes_for_session(sid)
        assert [(n.text, n.kind, n.speaker, n.question_id, n.tags) for n in notes] == [
            ("We lose half a day every month", "quote", "participant", q[0], ["closing"]),
            ("sighs when exports come up", "observation", "observer", q[0], []),
            ("asked who else is involved", "note", "interviewer", q[1], []),
            ("Works with the controller", "note", "participant", q[1], ["team"]),
        ]
        assert notes[0].participant_id and notes[1].participant_id is None
        shown = log_text(app)
        assert "“We lose half a day every month” #closing" in shown
        assert "observed sighs when exports come up" in shown
        assert "I: asked who else is involved" in shown
        assert "Q2 Who do you work with on the close?" in shown
        assert input_text(app) == ""

        # Sections and the command palette; where we are is persisted.
        await pilot.press("ctrl+right")
        await until(pilot, lambda: store.get_session(sid).current_question_id == q[2], "the position saved")
        await pilot.press("ctrl+p")
        await pilot.press(*"hard")
        await until(pilot, lambda: "hardest" in palette_choice(app), "the palette's search")
        await pilot.press("enter")
        await until(pilot, lambda: store.get_session(sid).current_question_id == q[3], "the jump saved")
        assert "What was the hardest part of that?" in str(app.screen.query_one(".question-text").content)
        await pilot.press("ctrl+k")  # asked without a note
        await pilot.press("ctrl+left")
        await until(pilot, lambda: store.get_session(sid).current_question_id == q[0], "the section step saved")
        await until(pilot, lambda: store.asked_question_ids(sid) == {q[0], q[1], q[3]}, "asked marks saved")

        # Star, undo, restore and edit the last note.
        # (writes run in the writer thread: wait for each to land, however slow the machine)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: store.last_note(sid).starred, "the star saved")
        await until(pilot, lambda: "★" in log_text(app).splitlines()[-1], "the star drawn")
        await pilot.press("ctrl+z")
        await until(pilot, lambda: store.last_note(sid).text == "asked who else is involved", "the undo saved")
        assert "Works with the controller" not in log_text(app)
        await pilot.press("ctrl+y")
        await until(pilot, lambda: store.last_note(sid).text == "Works with the controller", "the restore saved")
        assert "Works with the controller" in log_text(app)
        await paste(pilot, "half a thought")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert input_text(app) == "Works with the controller #team"
        await pilot.press("ctrl+u")
        await type_note(pilot, '"Works with the CFO" #team #finance')
        await until(pilot, lambda: store.last_note(sid).text == "Works with the CFO", "the edit saved")
        edited = store.last_note(sid)
        assert (edited.text, edited.kind, sorted(edited.tags)) == ("Works with the CFO", "quote", ["finance", "team"])
        assert "“Works with the CFO” #finance #team" in log_text(app) or "“Works with the CFO” #team #finance" in log_text(app)
        assert input_text(app) == "half a thought", "the text put aside for the edit comes back"

        # End: the confirmation counts what was skipped; the pending text becomes a last note.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question").content)
        assert "3 of 6 questions were not asked" in question
        assert "How long did it take?" in question and "Who else should I talk to?" in question
        assert "hardest" not in question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    session = store.get_session(sid)
    assert session.status == "done" and session.ended_at
    assert store.last_note(sid).text == "half a thought"
    assert store.get_draft(sid) is None


async def test_ctrl_j_makes_a_new_line_and_blank_enter_saves_nothing(store: Store):
    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "space", "enter")
        assert store.notes_for_session(sid) == []
        await pilot.press("backspace", *"one", "ctrl+j", *"two", "enter")
        await pilot.pause()
    assert [n.text for n in store.notes_for_session(sid)] == ["one\ntwo"]


async def test_draft_is_saved_while_typing_and_restored_on_return(store: Store):
    sid = new_session(store)
    q = question_ids(store, sid)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await paste(pilot, "They re-key every invoice")
        await until(pilot, lambda: store.get_draft(sid), "the draft, kept once typing pauses")
        draft = store.get_draft(sid)
        assert (draft.text, draft.question_id) == ("They re-key every invoice", q[0])
        await paste(pilot, " by hand")
        await pilot.press("ctrl+down")  # a question change saves at once
        draft = store.get_draft(sid)
        assert (draft.text, draft.question_id) == ("They re-key every invoice by hand", q[1])
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert input_text(app) == "They re-key every invoice by hand"
        assert any("restored" in n.message for n in app._notifications)
        assert store.get_session(sid).current_question_id == q[1]
        await pilot.press("enter")
        await pilot.pause()
    assert [(n.text, n.question_id) for n in store.notes_for_session(sid)] == [("They re-key every invoice by hand", q[1])]
    assert store.get_draft(sid) is None


async def saved(pilot) -> None:
    """Wait until the writer thread has done every queued write (and a stuck one was tried again)."""
    pilot.app.screen.writes.flush_now()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_failed_save_keeps_the_note_on_screen_and_saves_it_in_order_later(
    store: Store, monkeypatch: pytest.MonkeyPatch
):
    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        real_add = store.add_note

        def disk_full(*args, **kwargs):
            raise StoreError(f"could not save: disk full ({store.path})")

        monkeypatch.setattr(store, "add_note", disk_full)
        await type_note(pilot, "Nothing is lost")
        await saved(pilot)
        assert input_text(app) == "", "the box is free for the next note at once"
        assert "Nothing is lost  saving…" in log_text(app)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Not saved yet: Could not save: disk full") for m in messages), messages
        await type_note(pilot, "Typed while it could not save")
        await saved(pilot)
        assert "Typed while it could not save  saving…" in log_text(app)
        assert sum("Not saved yet" in n.message for n in app._notifications) == 1, "said once, not per retry"
        monkeypatch.setattr(store, "add_note", real_add)
        await saved(pilot)
        assert "saving…" not in log_text(app)
        assert "Saved: every note you entered is on disk now." in [n.message for n in app._notifications]
    assert [n.text for n in store.notes_for_session(sid)] == ["Nothing is lost", "Typed while it could not save"]


async def test_after_a_failed_save_routine_drafts_back_off(store: Store, monkeypatch: pytest.MonkeyPatch):
    """While a save fails, routine drafts are not queued behind it again and again; forced ones still are."""
    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        drafts: list[str] = []
        monkeypatch.setattr(store, "save_draft", lambda session_id, text, question_id=None: drafts.append(text))
        screen._save_failed(StoreError("locked"))
        screen._keep_draft("kept while locked")
        await saved(pilot)
        assert drafts == []
        screen._keep_draft("kept while locked", force=True)
        await saved(pilot)
        assert drafts == ["kept while locked"]
        pacer = screen.composer.pacer
        monkeypatch.setattr(pacer, "_failed_at", pacer._failed_at - 60)
        screen._keep_draft("kept while locked")
        await saved(pilot)
        assert drafts == ["kept while locked", "kept while locked"]


async def test_highlights_drawn_and_probe_suggested_then_dismissed(store: Store):
    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_note(pilot, "The export is painful")
        await app.workers.wait_for_complete()
        await pilot.pause()
        note = store.last_note(sid)
        assert [(h.label, h.text, h.model_version) for h in note.highlights] == [("problem", "painful", "fake-1")]
        screen = app.screen
        assert str(screen.query_one("#live-highlighter").content) == "highlighter: ready"
        tip = screen.query_one("#live-tip")
        assert tip.display and "When did that last happen?" in str(tip.content)
        logged = screen.query_one(NoteLog).notes[-1]
        assert logged.highlights and logged.highlights[0].label == "problem"
        await pilot.press("ctrl+d")
        assert not tip.display
        assert input_text(app) == "", "ctrl+d hid the tip and did not edit the note box"

        await pilot.press("ctrl+e", "ctrl+u")
        await type_note(pilot, "I wish it exported to Excel")
        await app.workers.wait_for_complete()
        await pilot.pause()
        note = store.last_note(sid)
        assert note.text == "I wish it exported to Excel"
        assert [h.label for h in note.highlights] == ["feature_request"]
        assert "What would that let you do?" in str(tip.content) or "How do you handle it today?" in str(tip.content)


async def test_the_interviewers_own_notes_get_no_suggestions(store: Store):
    """"i:" marks what the interviewer said: a pleasantry or a prompt is not the customer's words."""
    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_note(pilot, "i: Sorry the last call was so painful to book")
        await app.workers.wait_for_complete()
        await pilot.pause()
        asked = store.last_note(sid)
        assert asked.speaker == "interviewer" and asked.highlights == []
        assert not app.screen.query_one("#live-tip").display
        await type_note(pilot, "The export is painful")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [h.label for h in store.last_note(sid).highlights] == ["problem"]
        # turning a participant's note into the interviewer's takes its suggestions away
        await pilot.press("ctrl+e", "ctrl+u")  # edit the last note
        await type_note(pilot, "i: The export is painful")
        await app.workers.wait_for_complete()
        await pilot.pause()
        edited = store.last_note(sid)
        assert edited.speaker == "interviewer" and edited.highlights == []


async def test_narrow_terminal_hides_outline_until_asked(store: Store):
    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        outline = app.screen.query_one("#live-outline")
        assert not outline.display
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert outline.display
        await type_note(pilot, "still typing into the note box")
    assert [n.text for n in store.notes_for_session(sid)] == ["still typing into the note box"]


async def test_pause_stops_the_clock(store: Store, monkeypatch: pytest.MonkeyPatch):
    from datetime import timedelta

    from interview.widgets import session_clock

    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        clock = app.screen.query_one(session_clock.SessionClock)
        t0 = session_clock.now()
        monkeypatch.setattr(session_clock, "now", lambda: t0)
        before = clock.elapsed()
        await pilot.press("ctrl+t")
        monkeypatch.setattr(session_clock, "now", lambda: t0 + timedelta(minutes=5))
        assert clock.elapsed() == pytest.approx(before)
        assert "paused" in str(clock.clock_text())
        await pilot.press("ctrl+t")
        monkeypatch.setattr(session_clock, "now", lambda: t0 + timedelta(minutes=6))
        assert clock.elapsed() == pytest.approx(before + 60)
    assert store.get_session(sid).paused_seconds == pytest.approx(300, abs=0.01)

    # Resumed later (after a crash, say), the clock still leaves the five minutes out.
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        clock = app.screen.query_one(session_clock.SessionClock)
        assert clock.elapsed() == pytest.approx(before + 60)
        await pilot.press("ctrl+t")  # paused when the session ends: that pause counts too
        monkeypatch.setattr(session_clock, "now", lambda: t0 + timedelta(minutes=9))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert store.get_session(sid).paused_seconds == pytest.approx(480, abs=0.01)
    assert store.get_session(sid).status == "done"


async def test_ctrl_q_asks_before_ending_and_n_keeps_going(store: Store):
    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "6 of 6 questions were not asked" in str(app.screen.query_one("#confirm-question").content)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen) and app.is_running
    assert store.get_session(sid).status == "live"


def test_app_and_live_screen_do_not_import_spacy():
    code = "import sys, interview.app, interview.screens.live; assert 'spacy' not in sys.modules, 'spacy imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_guide_position_moves_by_question_and_section():
    from dataclasses import replace

    from interview.guides.position import GuidePosition
    from interview.models import Guide, Section

    base = parse_guide(GUIDE, name="g")
    guide = replace(base, sections=base.sections + (Section(id="wrap", title="Wrap-up", notes=("Thank them.",)),))
    ids = [q.id for _, q in guide.questions()]
    where = GuidePosition(guide, ids[3])
    assert (where.number(), where.total, where.where()) == (4, 6, "Q4")
    assert where.section_step(-1) == 0 and where.section_step(1) == 5
    assert where.go(where.section_step(1)) and where.section_step(1) == 6
    assert where.go(6) and where.question is None and where.where() == "Wrap-up"
    assert where.step(1) is None and where.section_step(1) is None
    assert GuidePosition(guide, "no-such-id").index == 0
    empty = GuidePosition(Guide(name="e", title="t"))
    assert (empty.question, empty.section, empty.where(), empty.step(1)) == (None, None, "session", None)


def burst(app: InterviewApp, *keys: str) -> None:
    """Keys arriving in one read from the terminal (tmux send-keys, a fast typist): sent without waiting."""
    for key in keys:
        name = {" ": "space", "\n": "enter"}.get(key, key)
        event = events.Key(name, key if key != "\n" else "\r")
        event.set_sender(app)
        app._driver.send_message(event)


async def test_a_burst_of_keys_saves_each_note_exactly_as_it_was_at_enter(store: Store):
    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, *"burst first\nburst second\nthird", "enter", *"still typing")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert input_text(app) == "still typing"
        assert "saving…" not in log_text(app)
    assert [n.text for n in store.notes_for_session(sid)] == ["burst first", "burst second", "third"]


async def test_ending_offers_the_review_as_well_as_home(store: Store):
    """Issue 17, item 10: after ending, most people want the review next; r goes there."""
    from interview.screens.review import ReviewScreen

    sid = new_session(store)
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_note(pilot, "The export is painful")
        await pilot.press("escape")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question").content)
        assert "5 of 6 questions were not asked" in question
        assert live._unasked_sentence(0, 13) == "All 13 questions were asked."
        assert live._unasked_sentence(1, 13) == "1 of 13 questions was not asked."
        assert "End and review (r)" in str(app.screen.query_one("#confirm-also").label)
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.session_id == sid
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert store.get_session(sid).status == "done"


@pytest.mark.parametrize("snapshot", ['{"name": "month-end", "sections": 7}', '{"name": "month-end", "sections": [{}]}'])
async def test_a_damaged_guide_snapshot_is_said_and_notes_are_still_taken(store: Store, snapshot: str):
    sid = new_session(store)
    with store.conn:
        store.conn.execute("UPDATE sessions SET guide_json = ? WHERE id = ?", (snapshot, sid))
    app = InterviewApp(store, live_session_id=sid, highlighter=fake_highlighter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("guide cannot be read" in n.message for n in app._notifications)
        await type_note(pilot, "the export breaks every month")
    assert [n.text for n in store.notes_for_session(sid)] == ["the export breaks every month"]
