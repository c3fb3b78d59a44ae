"""`interview import`: a transcript becomes a finished, analysed session; roles, questions, coaching, atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.guides import fill_variables, resolve_guide
from interview.importers.coaching import coaching_for_session
from interview.importers.cues import Cue, TranscriptError
from interview.importers.speakers import assign_roles, attach_questions, parse_speaker_map
from interview.importers.transcript import ImportOptions, import_transcript, parse_when
from interview.store import Store, StoreError

DATA = Path(__file__).parent / "data" / "transcripts"


@pytest.fixture(autouse=True)
def _no_user_guides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))


def run(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def test_import_creates_a_done_session_with_one_note_per_turn_and_highlights(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = run(db, "import", str(DATA / "meet.vtt"), "--guide", "problem-discovery", "--date", "2025-03-31T14:00Z")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        session = store.resolve_session("last")
        notes = store.notes_for_session(session.id)
        person = store.get_participant(session.participant_id)
    assert session.status == "done" and session.guide_name == "problem-discovery"
    assert session.title == "Problem discovery — Dana Smith"
    assert session.started_at.startswith("2025-03-31T14:00:00") and session.ended_at.startswith("2025-03-31T14:01:19")
    assert person.name == "Dana Smith" and session.interviewer == "Priya Raman"
    assert len(notes) == 12
    assert [n.speaker for n in notes[:2]] == ["interviewer", "participant"]
    assert notes[3].offset_seconds == 16.48 and notes[3].kind == "quote"
    assert notes[3].participant_id == person.id
    frustration = [h for n in notes for h in n.highlights if h.kind == "frustration"]
    assert frustration and frustration[0].status == "suggested" and frustration[0].source == "auto"
    assert "Imported 12 notes from a vtt transcript" in result.output
    assert "Speakers: Dana Smith = participant, Priya Raman = interviewer." in result.output


def test_import_prints_coaching_for_the_questions_actually_asked(tmp_path: Path) -> None:
    result = run(tmp_path / "x.db", "import", str(DATA / "zoom.vtt"))
    assert result.exit_code == 0, result.output
    assert "Talk ratio 0.48 (53 interviewer words / 111 participant words)" in result.output
    assert "3 of 5 questions asked could be better: 1 leading, 1 hypothetical, 1 closed." in result.output
    assert "00:31  leading-question: \"Don't you think the export is painful?\"" in result.output
    assert "00:54  hypothetical:" in result.output and "00:43  closed-question:" in result.output


def test_coaching_for_session_is_callable_on_a_stored_session(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        result = import_transcript(store, DATA / "teams.vtt", analyse=False)
        coaching = coaching_for_session(store, result.session.id)
    assert coaching.questions_asked == 5
    assert [q.rule for q in coaching.flagged] == ["leading-question", "closed-question", "hypothetical"]
    assert coaching.flagged[0].note_id and coaching.flagged[0].offset_seconds == 31.5
    assert round(coaching.talk_ratio, 2) == 0.48


def test_guide_questions_are_attached_by_shared_words() -> None:
    guide = fill_variables(resolve_guide("problem-discovery"), {})
    turns = [
        ("interviewer", "Thanks for making the time today."),
        ("participant", "Happy to."),
        ("interviewer", "Tell me about the last time you sent invoices."),
        ("participant", "Last Friday."),
        ("interviewer", "Don't you think that is painful?"),
        ("participant", "It is."),
        ("interviewer", "So how long did that take you last time?"),
    ]
    ids = attach_questions(turns, guide)
    last_time = guide.find_question(ids[2])[1].text
    assert ids[:2] == [None, None]
    assert last_time.startswith("Tell me about the last time you had to deal with")
    assert ids[3] == ids[4] == ids[5] == ids[2]  # answers and an unmatched question stay with it
    assert guide.find_question(ids[6])[1].text == "How much time did that last episode take you?"
    assert attach_questions(turns, None) == [None] * 7


def test_without_a_guide_notes_have_no_question(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        session = import_transcript(store, DATA / "zoom.srt", analyse=False).session
        assert {n.question_id for n in store.notes_for_session(session.id)} == {None}
        assert session.title == "Transcript — Dana Smith" and store.session_guide(session.id) == {}


def test_participant_is_who_talks_most_unless_the_map_says_otherwise() -> None:
    cues = [Cue(0, 1, "A", "short question?"), Cue(1, 2, "B", "a much longer answer with many words in it")]
    assert assign_roles(cues) == {"B": "participant", "A": "interviewer"}
    assert assign_roles(cues, {"a": "participant"}) == {"A": "participant", "B": "interviewer"}
    assert assign_roles(cues, {"A": "observer"}) == {"A": "observer", "B": "participant"}
    assert assign_roles(cues, interviewer="B") == {"B": "interviewer", "A": "participant"}
    with pytest.raises(TranscriptError, match="'C', who does not speak; speakers are 'A', 'B'"):
        assign_roles(cues, {"C": "participant"})


def test_speaker_map_option_and_names(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = run(db, "import", str(DATA / "otter.txt"), "--speaker-map", "Speaker 2=interviewer",
                 "--participant", "Sam Jones", "--interviewer", "Priya", "--title", "Odd one")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        session = store.resolve_session("last")
        notes = store.notes_for_session(session.id)
        assert store.get_participant(session.participant_id).name == "Sam Jones"
    assert session.title == "Odd one" and session.interviewer == "Priya"
    assert notes[0].speaker == "participant" and notes[1].speaker == "interviewer"


def test_participant_is_reused_by_name(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        known = store.add_participant("dana smith", company="Acme")
        session = import_transcript(store, DATA / "teams.vtt", analyse=False).session
        assert session.participant_id == known.id


@pytest.mark.parametrize("value, message", [
    ("Speaker 1", "should look like 'Speaker 1=participant'"),
    ("Speaker 1=boss", "'boss' in --speaker-map is not a role"),
])
def test_bad_speaker_map(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_speaker_map(value)


def test_bad_options_and_files_get_one_sentence_and_write_nothing(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>Hi?</v>\n\n00:00:0x.000 --> 00:00:04.000\n<v B>Yo</v>\n")
    cases = [
        (["import", str(bad)], f"Error: {bad}, line 6: bad timestamp '00:00:0x.000'"),
        (["import", str(tmp_path / "none.vtt")], "does not exist"),
        (["import", str(DATA / "zoom.vtt"), "--date", "last tuesday"], "--date must look like 2025-03-31"),
        (["import", str(DATA / "zoom.vtt"), "--guide", "nope"], "unknown guide 'nope'"),
        (["import", str(DATA / "zoom.vtt"), "--speaker-map", "Nobody=participant"], "'Nobody', who does not speak"),
    ]
    for args, message in cases:
        result = run(db, *args)
        assert result.exit_code != 0 and message in result.output, result.output
        assert "Traceback" not in result.output
    with Store(db) as store:
        assert store.session_ids() == []


def test_a_failure_while_saving_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from interview.importers import transcript as module

    with Store(tmp_path / "x.db") as store:
        plan = module.plan_import(module.read_transcript(DATA / "zoom.vtt"), ImportOptions())
        plan.notes[5].speaker = "narrator"  # violates the schema's CHECK halfway through the insert
        with pytest.raises(StoreError):
            module.save_plan(store, plan)
        assert store.session_ids() == []
        assert store.find_participants("") == []


def test_untimed_lines_keep_the_last_time(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("[00:01:00] Ana: First question?\nBo: An answer.\nAna: Next?\n[00:02:30] Bo: Later answer, longer.\n")
    with Store(tmp_path / "x.db") as store:
        session = import_transcript(store, path, analyse=False).session
        assert [n.offset_seconds for n in store.notes_for_session(session.id)] == [60, 60, 60, 150]


def test_parse_when() -> None:
    assert parse_when("2025-03-31T14:00Z").isoformat() == "2025-03-31T14:00:00+00:00"
    assert parse_when("2025-03-31").tzinfo is not None
    with pytest.raises(ValueError):
        parse_when("31/03/2025")


FIRST_DAY = """\
[00:00:01] Sam: Thanks for joining, Priya. Tell me about your role.
[00:00:06] Priya: I run billing for a team of six.
[00:00:12] Sam: Where does the month-end close fit into your work?
[00:00:18] Priya: It eats the last three days of every month.
[00:00:25] Sam: Walk me through what you did, step by step.
[00:00:31] Priya: I exported the invoices and fixed the codes by hand.
"""


def test_import_takes_company_consent_scope_and_variables_and_matches_questions_said_word_for_word(tmp_path: Path):
    """Issue 17, item 5: imported sessions had the default variable, no consent, and a missed question."""
    transcript = tmp_path / "call.txt"
    transcript.write_text(FIRST_DAY, encoding="utf-8")
    db = tmp_path / "x.db"
    result = run(db, "import", str(transcript), "--guide", "problem-discovery", "--participant", "Priya",
                 "--interviewer", "Sam", "--company", "Acme", "--consent", "--scope", "external",
                 "--var", "topic=the month-end close", "--no-analyse")
    assert result.exit_code == 0, result.output
    assert "3 of 13 questions matched" in result.output
    with Store(db) as store:
        session = store.resolve_session("last")
        person = store.get_participant(session.participant_id)
        guide = store.session_guide(session.id)
        notes = store.notes_for_session(session.id)
    assert (person.company, session.consent_given, session.consent_scope) == ("Acme", True, "external")
    assert session.consent_at and session.variables == {"topic": "the month-end close"}
    questions = {q["id"]: q["text"] for s in guide["sections"] for q in s["questions"]}
    assert "Where does the month-end close fit into your work?" in questions.values()
    assert questions[notes[0].question_id] == "Tell me about your role."
    assert questions[notes[2].question_id] == "Where does the month-end close fit into your work?"


@pytest.mark.parametrize("args, message", [
    (["--var", "topic"], "--var 'topic' must look like name=value"),
    (["--var", "colour=red"], "has no variable colour"),
    (["--scope", "public"], "Invalid value for '--scope'"),
])
def test_import_options_refuse_bad_values_in_one_sentence(tmp_path: Path, args, message):
    transcript = tmp_path / "call.txt"
    transcript.write_text(FIRST_DAY, encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "import", str(transcript), "--guide",
                                       "problem-discovery", "--no-analyse", *args])
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    with Store(tmp_path / "x.db") as store:
        assert store.list_sessions() == []
