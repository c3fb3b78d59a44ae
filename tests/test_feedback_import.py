"""`interview import` of feedback files and `interview sources`, as a user runs them, checked in the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import interview.importers.feedback as feedback
from interview.cli import main
from interview.models import SearchFilters
from interview.store import Store

DATA = Path(__file__).parent / "data" / "feedback"
TRANSCRIPTS = Path(__file__).parent / "data" / "transcripts"


def run(db: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(main, ["--db", str(db), *args], input=input)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "interview.db"


def import_all(db: Path) -> None:
    for name in ("survey.csv", "support.csv", "reviews.jsonl"):
        result = run(db, "import", str(DATA / name))
        assert result.exit_code == 0, result.output


def counts(db: Path) -> dict[str, int]:
    with Store(db) as store:
        return {table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("feedback_sources", "notes", "highlights", "participants", "feedback_items")}


def test_three_exports_become_three_sources_with_statements_customers_and_highlights(db: Path) -> None:
    result = run(db, "import", str(DATA / "survey.csv"))
    assert result.exit_code == 0, result.output
    assert 'Imported 3 statements from survey.csv as feedback source "survey"' in result.output
    assert "Skipped for empty text: 1 row (row 4)." in result.output
    import_all(db)  # survey again: a no-op
    with Store(db) as store:
        sources = {s.name: s for s in store.feedback_sources()}
        assert {n: (s.row_count, s.statement_count, s.skipped_count, s.complete) for n, s in sources.items()} == {
            "survey": (4, 3, 1, True), "support": (4, 3, 1, True), "reviews": (3, 2, 1, True)}
        assert len(sources["survey"].file_sha256) == 64
        # José matched by e-mail in another case, Ana by her name without accents, Dana by e-mail
        people = sorted(p.participant.name for p in store.list_participants())
        assert people == ["Ana López", "Dana Smith", "José Pérez", "Lee Wong", "Sam K"]
        rows = store.conn.execute(
            "SELECT p.name, i.row_number, i.occurred_at, i.segment, i.rating, n.text FROM feedback_items i "
            "JOIN notes n ON n.id = i.note_id JOIN participants p ON p.id = n.participant_id "
            "WHERE i.source_id = ? ORDER BY i.row_number", (sources["support"].id,)).fetchall()
        assert [(r[0], r[1], r[2][:10], r[3], r[4]) for r in rows] == [
            ("José Pérez", 2, "2025-03-31", "Pro", None), ("Lee Wong", 3, "2025-04-01", "Enterprise", None),
            ("Ana López", 5, "2025-04-15", "Enterprise", None)]
        labels = {r[0] for r in store.conn.execute("SELECT label FROM highlights")}
        assert {"problem", "workaround"} <= labels
        assert store.feedback_meta(store.conn.execute(
            "SELECT note_id FROM feedback_items WHERE row_number = 2 AND source_id = ?",
            (sources["survey"].id,)).fetchone()[0]) == {"Respondent ID": "R_1a2b"}


def test_reimporting_the_same_file_is_a_no_op_with_a_sentence(db: Path, tmp_path: Path) -> None:
    run(db, "import", str(DATA / "survey.csv"))
    before = counts(db)
    copy = tmp_path / "renamed.csv"
    shutil.copy(DATA / "survey.csv", copy)  # same bytes, another name: still the same file
    result = run(db, "import", str(copy), "--source", "Another name")
    assert result.exit_code == 0
    assert 'renamed.csv is already imported as feedback source "survey" (3 statements); nothing to do.' in result.output
    assert counts(db) == before


def test_dry_run_shows_mapping_and_rows_and_writes_nothing(db: Path) -> None:
    result = run(db, "import", str(DATA / "survey.csv"), "--dry-run", "--source", "NPS Q1")
    assert result.exit_code == 0, result.output
    assert 'survey.csv: CSV (comma-separated), 4 rows, 8 columns; source name "NPS Q1".' in result.output
    assert "--text      What is the main reason for your score? *" in result.output
    assert "--rating    How likely are you to recommend Acme to a friend or colleague? *" in result.output
    assert "José Pérez" in result.output and "Nothing was written (dry run)." in result.output
    assert not db.exists()
    run(db, "import", str(DATA / "survey.csv"))
    again = run(db, "import", str(DATA / "survey.csv"), "--dry-run")
    assert "already imported as source \"survey\"" in again.output


@pytest.mark.parametrize("args, expected", [
    (["--text", "Comment"], "no column named 'Comment' (--text); the columns are: 'Ticket ID', 'Subject'"),
    (["--date", "Subject"], "row 2, column 'Subject': 'Export broken' is not a date"),
])
def test_bad_mapping_or_cells_stop_with_one_sentence_and_write_nothing(db: Path, args: list[str], expected: str) -> None:
    result = run(db, "import", str(DATA / "support.csv"), *args)
    assert result.exit_code == 1
    assert expected in result.output and result.output.strip().endswith("nothing was imported")
    assert "Traceback" not in result.output
    assert not db.exists() or counts(db)["notes"] == 0


def test_a_file_with_a_broken_row_writes_nothing(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "tickets.jsonl"
    bad.write_text('{"text": "slow export", "date": "2025-01-01"}\n{"text": "oops", "date": "2025-13-45"}\n')
    result = run(db, "import", str(bad))
    assert result.exit_code == 1
    assert "tickets.jsonl, line 2, column 'date': '2025-13-45' is not a date" in result.output
    assert not db.exists() or counts(db)["feedback_sources"] == 0


def test_transcript_and_feedback_options_do_not_mix(db: Path) -> None:
    wrong = run(db, "import", str(DATA / "survey.csv"), "--guide", "churn")
    assert wrong.exit_code == 2 and "--guide is for transcripts; survey.csv is a feedback file" in wrong.output
    wrong = run(db, "import", str(TRANSCRIPTS / "zoom.vtt"), "--text", "body")
    assert wrong.exit_code == 2 and "--text is for feedback files" in wrong.output


def test_transcripts_still_import_as_sessions_next_to_feedback(db: Path) -> None:
    import_all(db)
    result = run(db, "import", str(TRANSCRIPTS / "zoom.vtt"), "--no-analyse")
    assert result.exit_code == 0, result.output
    listed = run(db, "sessions", "list")
    assert listed.output.count("done") == 1 and "Feedback" not in listed.output


def test_feedback_stays_out_of_sessions_home_and_reports_but_search_finds_it_marked(db: Path) -> None:
    import_all(db)
    assert "No sessions yet" in run(db, "sessions", "list").output
    shown = run(db, "sessions", "show", "last")
    assert shown.exit_code == 1 and "no sessions yet" in shown.output
    assert run(db, "export", "last", "-o", str(db.parent / "x.docx")).exit_code == 1
    with Store(db) as store:
        assert store.list_sessions() == [] and store.session_ids() == []
        assert store.sessions_for_report() == []
        source = store.feedback_source_named("survey")
        with pytest.raises(Exception, match="no session matches"):
            store.resolve_session(source.session_id[:8])
        hits = store.notes_matching('"export"', filters=SearchFilters())
    assert {h.session_title for h in hits} == {"Feedback: survey", "Feedback: support"}
    found = run(db, "search", "export")
    assert "Feedback: survey" in found.output and "Feedback: support" in found.output


def test_feedback_origins_tell_tickets_from_interview_notes_with_source_and_segment(db: Path) -> None:
    import_all(db)
    run(db, "import", str(TRANSCRIPTS / "zoom.vtt"), "--no-analyse")
    with Store(db) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM notes")]
        origins = store.feedback_origins(ids)
        assert len(origins) == 8 and len(ids) > 8  # 8 statements; the transcript's notes are not feedback
        by_source = sorted((o.source_name, o.segment) for o in origins.values())
        assert by_source.count(("support", "Enterprise")) == 2 and ("reviews", "") in by_source
        assert all(o.participant_id for o in origins.values())


def test_ctrl_c_leaves_nothing_visible_and_the_next_run_resumes(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("comment,name,date\n" + "".join(
        f"The export keeps failing when I pick month {i % 12 + 1},Person {i % 7},2025-01-{i % 28 + 1:02d}\n"
        for i in range(25)))
    monkeypatch.setattr(feedback, "BATCH_SIZE", 10)
    real = feedback.highlight_statements
    calls = []

    def interrupted(texts):
        calls.append(len(texts))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(texts)

    monkeypatch.setattr(feedback, "highlight_statements", interrupted)
    stopped = run(db, "import", str(path))
    assert stopped.exit_code == 130
    assert "saved but hidden until the import finishes; run the same command again to resume" in stopped.output
    with Store(db) as store:
        (source,) = store.feedback_sources()
        assert not source.complete and source.statement_count == 20  # two whole batches, no half one
        assert store.notes_matching('"export"') == []
        assert store.feedback_origins(r[0] for r in store.conn.execute("SELECT id FROM notes")) == {}
    assert "stopped at 20" in run(db, "sources", "list").output

    monkeypatch.setattr(feedback, "highlight_statements", real)
    resumed = run(db, "import", str(path))
    assert resumed.exit_code == 0, resumed.output
    assert 'Imported 25 statements from many.csv as feedback source "many" (resumed).' in resumed.output
    with Store(db) as store:
        (source,) = store.feedback_sources()
        assert source.complete and source.statement_count == 25
        rows = [r[0] for r in store.conn.execute("SELECT row_number FROM feedback_items ORDER BY row_number")]
        assert rows == list(range(2, 27))
        assert store.conn.execute("SELECT count(*) FROM participants").fetchone()[0] == 7
        assert len(store.notes_matching('"export"')) == 25


def test_a_stopped_import_rerun_with_another_mapping_starts_again(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feedback, "highlight_statements", lambda texts: (_ for _ in ()).throw(KeyboardInterrupt))
    assert run(db, "import", str(DATA / "survey.csv")).exit_code == 130
    monkeypatch.undo()
    result = run(db, "import", str(DATA / "survey.csv"), "--text", "Anything else?")
    assert "was replaced" in result.output
    with Store(db) as store:
        (source,) = store.feedback_sources()
        assert source.complete and source.mapping["text"] == "Anything else?" and source.statement_count == 2


def test_sources_list_and_remove_tidy_up_statements_and_the_people_only_they_brought(db: Path) -> None:
    import_all(db)
    listed = run(db, "sources", "list")
    assert "survey" in listed.output and "support" in listed.output and "complete" in listed.output
    with Store(db) as store:
        dana = store.participant_named("Dana Smith")
        store.add_note(store.create_session(title="Interview", participant_id=dana.id).id, "We export weekly.")
    assert run(db, "sources", "remove", "SURVEY", input="n\n").exit_code == 1  # asked, and declined
    removed = run(db, "sources", "remove", "survey", "--yes")
    assert removed.exit_code == 0
    assert 'Removed feedback source "survey": 3 statements and 0 participants that only it had.' in removed.output
    run(db, "sources", "remove", "support", "--yes")
    result = run(db, "sources", "remove", "reviews", "--yes")
    assert "2 statements" in result.output
    with Store(db) as store:
        # José (created by survey, used by support) goes with the last source that used him; Dana has an interview
        assert sorted(p.participant.name for p in store.list_participants()) == ["Dana Smith"]
        assert store.conn.execute("SELECT count(*) FROM feedback_items").fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 1
    assert "No feedback sources yet" in run(db, "sources", "list").output
    missing = run(db, "sources", "remove", "nope", "--yes")
    assert missing.exit_code == 1 and "no feedback source is named 'nope'" in missing.output


def test_a_second_file_cannot_take_a_source_name_in_use(db: Path) -> None:
    run(db, "import", str(DATA / "survey.csv"), "--source", "Q1")
    clash = run(db, "import", str(DATA / "support.csv"), "--source", "q1")
    assert clash.exit_code == 1 and "a feedback source named 'q1' already exists" in clash.output
    assert counts(db)["feedback_sources"] == 1


def test_no_analyse_imports_without_highlights(db: Path) -> None:
    result = run(db, "import", str(DATA / "reviews.jsonl"), "--no-analyse")
    assert "Not analysed" in result.output and counts(db)["highlights"] == 0


def test_forgetting_a_customer_scrubs_their_name_from_the_row_metadata(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("comment,email,agent note\nslow export,lee@wong.example,Called Lee Wong back\n")
    run(db, "import", str(path), "--customer", "-")
    with Store(db) as store:
        lee = store.participant_named("lee@wong.example")
        store.update_participant(lee.id, name="Lee Wong")
        store.forget_participant(lee.id)
        (meta,) = [r[0] for r in store.conn.execute("SELECT meta_json FROM feedback_items")]
    assert "Lee Wong" not in meta and "[forgotten participant]" in meta


def test_merging_a_laptop_with_feedback_brings_the_source_still_kept_apart_from_sessions(tmp_path: Path) -> None:
    theirs, ours = tmp_path / "b.db", tmp_path / "a.db"
    import_all(theirs)
    assert run(ours, "merge", str(theirs)).exit_code == 0
    with Store(ours) as store:
        assert sorted(s.name for s in store.feedback_sources()) == ["reviews", "support", "survey"]
        assert store.list_sessions() == [] and len(store.notes_matching('"export"')) == 2
        assert store.conn.execute("SELECT count(*) FROM feedback_items").fetchone()[0] == 8
    assert "already imported" in run(ours, "import", str(DATA / "survey.csv")).output


async def test_home_lists_only_interviews_and_a_feedback_hit_in_search_does_not_open_review(db: Path) -> None:
    from interview.app import InterviewApp
    from interview.screens.search import SearchResults, SearchScreen
    from interview.widgets.session_list import SessionList

    import_all(db)
    run(db, "import", str(TRANSCRIPTS / "zoom.vtt"), "--no-analyse")
    with Store(db) as store:
        async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert pilot.app.screen.query_one(SessionList).option_count == 1  # the transcript, not the sources
            pilot.app.open_search()
            await pilot.pause()
            await pilot.press(*"screenshots")
            await pilot.pause(0.3)
            screen = pilot.app.screen
            assert isinstance(screen, SearchScreen) and len(screen.hits) == 1
            headings = [str(o.prompt) for o in screen.query_one(SearchResults).options if o.disabled]
            assert headings[0].startswith("Feedback: reviews")
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert pilot.app.screen is screen  # stayed: a notice, not a 3-statement "session" in review


def test_themes_can_read_statements_by_source_segment_and_date(db: Path) -> None:
    import_all(db)
    with Store(db) as store:
        every = store.feedback_notes()
        assert len(every) == 8 and all(n.speaker == "participant" and n.kind == "quote" for n in every)
        assert any(n.highlights for n in every)
        enterprise = store.feedback_notes(segment="enterprise")
        assert sorted(n.text[:14] for n in enterprise) == ["How do I turn ", "I'm frustrated", "The dashboard "]
        assert len(store.feedback_notes(sources=["Support", "reviews"])) == 5
        assert [n.text[:9] for n in store.feedback_notes(since="2025-04-02", until="2025-04-15")] == ["The dashb"]


def test_participants_list_leaves_feedback_only_customers_out_unless_asked(db: Path) -> None:
    import_all(db)
    with Store(db) as store:
        dana = store.participant_named("Dana Smith")
        store.create_session(title="Interview", participant_id=dana.id)
    listed = run(db, "participants", "list")
    assert "Dana Smith" in listed.output and "José Pérez" not in listed.output
    assert "… and 4 customers known only from imported feedback (--all lists them)." in listed.output
    everyone = run(db, "participants", "list", "--all")
    assert "José Pérez" in everyone.output and "known only" not in everyone.output


def test_reanalysing_everything_includes_feedback_sources(db: Path) -> None:
    """After an upgrade `sessions analyze --all` brings feedback statements' suggestions up to date too."""
    import_all(db)
    run(db, "import", str(TRANSCRIPTS / next(p.name for p in sorted(TRANSCRIPTS.glob("*.vtt")))))
    with Store(db) as store:
        before = store.conn.execute("SELECT count(*) FROM highlights").fetchone()[0]
        store.conn.execute("UPDATE highlights SET model_version = 'old'")
        store.conn.commit()
    result = run(db, "sessions", "analyze", "--all")
    assert result.exit_code == 0, result.output
    assert "in 1 session and 3 feedback sources:" in result.output
    with Store(db) as store:
        versions = {r[0] for r in store.conn.execute("SELECT model_version FROM highlights")}
        assert "old" not in versions
        assert store.conn.execute("SELECT count(*) FROM highlights").fetchone()[0] == before
