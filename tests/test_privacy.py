"""Participants, forgetting someone for real, and backups."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.models import Highlight
from interview.store import Store

SECRETS = ("Ana Beltrán", "ana.beltran@example.org", "Acme Freight")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Store(path) as store:
        ana = store.add_participant(SECRETS[0], email=SECRETS[1], company=SECRETS[2], role="Controller")
        bob = store.add_participant("Bob Stone", company="Northwind")
        mine = store.create_session(title=f"Problem discovery — {SECRETS[0]}", participant_id=ana.id)
        note = store.add_note(mine.id, "Beltrán said closing takes four days at Acme Freight", speaker="participant")
        store.replace_auto_highlights(note.id, [Highlight(0, 27, "problem", text="Beltrán said closing takes")], "v")
        store.add_note(mine.id, "Write to ana.beltran@example.org about the export")
        store.save_draft(mine.id, "Ana Beltrán was about to say")
        other = store.create_session(title="Churn — Bob Stone", participant_id=bob.id)
        store.add_note(other.id, "Bob mentioned Ana Beltrán recommended us")
        store.add_note(other.id, "Ana from the warehouse team is a different person")
    return path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def _raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        if extra.exists():
            data += extra.read_bytes()
    return data


def test_participants_list_and_show(db: Path):
    rows = json.loads(run("--db", str(db), "participants", "list", "--json").output)
    by_name = {r["name"]: r for r in rows}
    assert by_name[SECRETS[0]]["sessions"] == 1 and by_name[SECRETS[0]]["notes"] == 2
    shown = run("--db", str(db), "participants", "show", "ana beltrán")
    assert shown.exit_code == 0 and "Problem discovery" in shown.output and SECRETS[1] in shown.output
    missing = run("--db", str(db), "participants", "show", "nobody")
    assert missing.exit_code == 1 and "no participant matches" in missing.output


def test_forget_erases_every_trace_from_the_file(db: Path):
    assert all(s.encode() in _raw_bytes(db) for s in SECRETS)
    result = run("--db", str(db), "participants", "forget", SECRETS[0], "--yes")
    assert result.exit_code == 0, result.output
    raw = _raw_bytes(db)
    for secret in (*SECRETS, "Beltrán"):
        assert secret.encode() not in raw, secret
    with Store(db) as store:
        texts = [n.text for s in store.session_ids() for n in store.notes_for_session(s)]
        assert "Bob mentioned [forgotten participant] recommended us" in texts
        # a bare first name outside their own sessions may be someone else: left alone
        assert "Ana from the warehouse team is a different person" in texts
        assert store.search_notes("Beltrán") == []


def test_forget_with_notes_deletes_their_sessions_notes(db: Path):
    result = run("--db", str(db), "participants", "forget", SECRETS[0], "--with-notes", "--yes")
    assert result.exit_code == 0, result.output
    assert b"closing takes four days" not in _raw_bytes(db)
    with Store(db) as store:
        ana = [p for p in store.list_participants() if p.session_count == 1 and p.participant.company == ""]
        assert ana and ana[0].note_count == 0
        assert store.search_notes("closing") == []
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


def test_forget_asks_first_and_can_be_declined(db: Path):
    result = run("--db", str(db), "participants", "forget", SECRETS[0], input="n\n")
    assert result.exit_code == 1
    assert SECRETS[1].encode() in _raw_bytes(db)


def test_backup_is_a_consistent_private_copy(db: Path, tmp_path: Path):
    target = tmp_path / "copy.db"
    result = run("--db", str(db), "backup", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert (target.stat().st_mode & 0o777) == 0o600
    with Store(target) as copy:
        assert len(copy.list_sessions()) == 2
    again = run("--db", str(db), "backup", "-o", str(target))
    assert again.exit_code == 1 and "already exists" in again.output
    assert run("--db", str(db), "backup", "-o", str(target), "--force").exit_code == 0
    nowhere = run("--db", str(db), "backup", "-o", str(tmp_path / "no" / "x.db"))
    assert nowhere.exit_code == 1 and "does not exist" in nowhere.output


def test_backup_while_another_connection_writes(db: Path, tmp_path: Path):
    with Store(db) as store:
        session_id = store.session_ids()[0]
    stop = threading.Event()

    def writer() -> None:
        with Store(db) as other:
            while not stop.is_set():
                other.add_note(session_id, "written during the backup")

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for i in range(3):
            assert run("--db", str(db), "backup", "-o", str(tmp_path / f"b{i}.db")).exit_code == 0
    finally:
        stop.set()
        thread.join()
    for i in range(3):
        conn = sqlite3.connect(tmp_path / f"b{i}.db")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
