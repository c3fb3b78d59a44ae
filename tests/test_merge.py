"""`interview merge`: another laptop's database comes in whole, once, with conflicts reported."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.merge import merge_database, merge_report_lines
from interview.models import Highlight
from interview.store import Store, StoreError


def laptop(path: Path) -> tuple[Store, dict[str, str]]:
    """A database with a participant, a session, tagged notes, a highlight and a co-creation idea."""
    store = Store(path)
    person = store.add_participant("Dana Smith", company="Acme")
    session = store.create_session(title="Invoicing — Dana", participant_id=person.id, interviewer="Priya")
    store.start_session(session.id)
    note = store.add_note(session.id, "The export is painful every month.", speaker="participant",
                          tags=["export", "Billing"])
    store.add_manual_highlight(note.id, Highlight(4, 10, "problem", text="export"))
    store.mark_asked(session.id, "q-last-time")
    store.end_session(session.id)
    workshop = store.create_session(title="Workshop", kind="co-creation")
    store.conn.execute(
        "INSERT INTO ideas (id, session_id, text, created_at, updated_at) VALUES ('idea1', ?, 'Auto-map codes', "
        "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')", (workshop.id,))
    store.conn.commit()
    return store, {"session": session.id, "note": note.id, "person": person.id, "workshop": workshop.id}


def test_merge_brings_everything_in_with_ids_and_twice_changes_nothing(tmp_path: Path) -> None:
    other, ids = laptop(tmp_path / "b.db")
    other.close()
    with Store(tmp_path / "a.db") as ours:
        ours.add_note(ours.create_session(title="Mine").id, "Mine", tags=["billing"])
        result = merge_database(ours, tmp_path / "b.db")
        assert result.added == {
            "participants": 1, "sessions": 2, "session_participants": 0, "notes": 1, "asked_questions": 1,
            "highlights": 1, "ideas": 1, "votes": 0, "tags": 1, "note_tags": 2,
        }
        note = ours.get_note(ids["note"])
        assert note.text == "The export is painful every month." and note.tags == ["billing", "export"]
        assert note.highlights[0].text == "export" and note.highlights[0].source == "manual"
        assert ours.get_session(ids["session"]).status == "done"
        assert ours.get_participant(ids["person"]).company == "Acme"
        assert "q-last-time" in ours.asked_question_ids(ids["session"])
        assert [t.name for t in ours.list_tags()] == ["billing", "export"]  # merged by name, ours kept
        assert ours.search_notes("painful")[0][0].id == ids["note"]  # full-text index follows
        again = merge_database(ours, tmp_path / "b.db")
        assert not again.changed and not again.conflicts
        assert merge_report_lines(again, "b.db") == ["Nothing to merge: everything in b.db is already here."]


def test_dry_run_counts_but_writes_nothing(tmp_path: Path) -> None:
    laptop(tmp_path / "b.db")[0].close()
    with Store(tmp_path / "a.db") as ours:
        result = merge_database(ours, tmp_path / "b.db", dry_run=True)
        assert result.added["notes"] == 1 and result.dry_run
        assert ours.count_sessions() == 0 and ours.list_tags() == []
        assert merge_report_lines(result)[-1] == "Dry run: nothing was changed."


def test_conflicting_edits_keep_the_newer_and_are_reported(tmp_path: Path) -> None:
    other, ids = laptop(tmp_path / "b.db")
    other.close()
    with Store(tmp_path / "a.db") as ours:
        merge_database(ours, tmp_path / "b.db")
        ours.update_note_text(ids["note"], "Ours: the export is painful.")
        time.sleep(0.01)
        with Store(tmp_path / "b.db") as theirs:
            theirs.update_note_text(ids["note"], "Theirs: the export is very painful.")
        result = merge_database(ours, tmp_path / "b.db")
        assert result.updated["notes"] == 1
        assert [(c.note_id, c.kept) for c in result.conflicts] == [(ids["note"], "theirs")]
        assert ours.get_note(ids["note"]).text == "Theirs: the export is very painful."
        time.sleep(0.01)
        ours.update_note_text(ids["note"], "Ours again, newest.")
        result = merge_database(ours, tmp_path / "b.db")
        assert result.conflicts[0].kept == "ours" and not result.changed
        assert ours.get_note(ids["note"]).text == "Ours again, newest."
        lines = merge_report_lines(result)
        assert lines[0].startswith(f"Conflict on note {ids['note'][:8]}: edited on both sides; kept ours (newer).")


def test_other_file_is_opened_read_only(tmp_path: Path) -> None:
    laptop(tmp_path / "b.db")[0].close()
    before = (tmp_path / "b.db").read_bytes()
    (tmp_path / "b.db").chmod(0o400)
    with Store(tmp_path / "a.db") as ours:
        assert merge_database(ours, tmp_path / "b.db").added["sessions"] == 2
    assert (tmp_path / "b.db").read_bytes() == before


def test_files_that_are_not_ours_are_refused(tmp_path: Path) -> None:
    (tmp_path / "text.db").write_text("hello")
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    newer = Store(tmp_path / "newer.db")
    newer.conn.execute("PRAGMA user_version = 99")
    newer.close()
    with Store(tmp_path / "a.db") as ours:
        for name, message in [
            ("text.db", "not a SQLite file"), ("other.db", "not an interview database"),
            ("newer.db", "newer version of interview"), ("missing.db", "does not exist"),
            ("a.db", "is the database in use"),
        ]:
            with pytest.raises(StoreError, match=message):
                merge_database(ours, tmp_path / name)
        assert ours.count_sessions() == 0


def test_merge_command_reports_and_is_idempotent(tmp_path: Path) -> None:
    laptop(tmp_path / "b.db")[0].close()
    runner = CliRunner()
    args = ["--db", str(tmp_path / "a.db"), "merge", str(tmp_path / "b.db")]
    dry = runner.invoke(main, args + ["--dry-run"])
    assert dry.exit_code == 0 and dry.output.startswith("Would add 1 participant, 2 sessions, 1 note")
    first = runner.invoke(main, args)
    assert first.output.startswith("Added 1 participant, 2 sessions, 1 note, 1 question marked asked, 1 highlight")
    second = runner.invoke(main, args)
    assert second.output == "Nothing to merge: everything in b.db is already here.\n"
    bad = runner.invoke(main, ["--db", str(tmp_path / "a.db"), "merge", str(tmp_path / "zzz.db")])
    assert bad.exit_code == 1 and bad.output == f"Error: {tmp_path / 'zzz.db'} does not exist\n"


def test_merge_report_counts_agree_with_their_nouns():
    """Issue 17, item 10: "Would add 1 participants"."""
    from interview.merge import merge_report_lines
    from interview.models import MergeResult

    result = MergeResult(dry_run=True)
    result.added.update({"participants": 1, "sessions": 2, "notes": 1})
    assert merge_report_lines(result)[0] == "Would add 1 participant, 2 sessions, 1 note."
