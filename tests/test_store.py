"""The store against real SQLite files in temporary folders."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from interview.models import Highlight
from interview.schema import MIGRATIONS, SCHEMA_VERSION
from interview.store import Store, StoreError


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "interview.db") as s:
        yield s


def _session_with_participant(store: Store):
    person = store.add_participant("Ana López", role="Controller", company="Acme Logistics", segment="mid-market")
    session = store.create_session(
        title="Closing the books", guide={"name": "problem-discovery"}, guide_name="problem-discovery",
        participant_id=person.id, interviewer="Sam",
    )
    return person, session


def test_new_file_is_owner_only_wal_and_current_schema(tmp_path: Path):
    path = tmp_path / "fresh.db"
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_session_note_roundtrip_survives_reopen(tmp_path: Path):
    path = tmp_path / "interview.db"
    with Store(path) as store:
        person, session = _session_with_participant(store)
        store.start_session(session.id)
        note = store.add_note(session.id, "We lose half a day every month #closing", question_id="q-1",
                              speaker="participant", kind="quote", offset_seconds=65.4, tags=["closing", "#Closing"])
        store.set_starred(note.id, True)
    with Store(path) as store:
        notes = store.notes_for_session(session.id)
        assert [n.text for n in notes] == ["We lose half a day every month #closing"]
        assert notes[0].tags == ["closing"]
        assert notes[0].starred and notes[0].speaker == "participant" and notes[0].kind == "quote"
        assert notes[0].offset_seconds == 65.4
        assert store.get_session(session.id).status == "live"
        assert store.get_participant(person.id).company == "Acme Logistics"


def test_list_sessions_newest_first_with_counts(store: Store):
    _, first = _session_with_participant(store)
    second = store.create_session(title="Second", guide_name="churn")
    store.add_note(first.id, "one")
    store.add_note(first.id, "two")
    deleted = store.add_note(first.id, "three")
    store.set_deleted(deleted.id, True)
    rows = store.list_sessions()
    assert [r.id for r in rows] == [second.id, first.id]
    assert rows[1].note_count == 2 and rows[1].participant_name == "Ana López"
    assert [r.id for r in store.list_sessions(text="ana")] == [first.id]
    assert store.list_sessions(limit=1)[0].id == second.id


def test_resolve_session_by_id_prefix_and_last(store: Store):
    _, first = _session_with_participant(store)
    second = store.create_session(title="Second")
    assert store.resolve_session(first.id).id == first.id
    assert store.resolve_session(second.id[:10]).id == second.id
    assert store.resolve_session("last").id == second.id
    with pytest.raises(StoreError, match="no session matches"):
        store.resolve_session("zzzz")
    with pytest.raises(StoreError, match="name a session"):
        store.resolve_session(" ")
    for suffix in ("1", "2"):
        store.conn.execute(
            "INSERT INTO sessions (id, title, created_at, updated_at) VALUES (?, 't', '2025-01-01', '2025-01-01')",
            (f"abcd{suffix}",),
        )
    store.conn.commit()
    with pytest.raises(StoreError, match=r"several sessions: abcd\d \(t\), abcd\d \(t\); type more"):
        store.resolve_session("abcd")
    assert store.resolve_session("abcd2").id == "abcd2"
    with pytest.raises(StoreError, match="too short to name a session: give at least 4 characters"):
        store.resolve_session("a")  # issue 17: `export 0` took whichever session started with 0


def test_resolve_last_on_empty_database(store: Store):
    with pytest.raises(StoreError, match="no sessions yet"):
        store.resolve_session("last")


def test_lifecycle_consent_end_clears_draft(store: Store):
    _, session = _session_with_participant(store)
    assert not session.consent_given
    store.give_consent(session.id, "external")
    started = store.start_session(session.id)
    assert started.status == "live" and started.started_at
    store.save_draft(session.id, "half typed", "q-2")
    assert store.get_draft(session.id).text == "half typed"
    ended = store.end_session(session.id)
    assert ended.status == "done" and ended.ended_at and ended.consent_given and ended.consent_scope == "external"
    assert store.get_draft(session.id) is None
    assert store.live_sessions() == []


def test_adding_a_note_clears_the_draft_in_the_same_commit(store: Store):
    _, session = _session_with_participant(store)
    store.save_draft(session.id, "typing…")
    store.add_note(session.id, "typing… done")
    assert store.get_draft(session.id) is None


def test_undo_and_restore_last_note(store: Store):
    _, session = _session_with_participant(store)
    store.add_note(session.id, "first")
    last = store.add_note(session.id, "second")
    store.set_deleted(last.id, True)
    assert store.last_note(session.id).text == "first"
    assert store.last_deleted_note(session.id).id == last.id
    store.set_deleted(last.id, False)
    assert store.last_note(session.id).id == last.id


def test_asked_questions_from_notes_and_marks(store: Store):
    _, session = _session_with_participant(store)
    store.add_note(session.id, "answer", question_id="q-a")
    store.mark_asked(session.id, "q-b")
    assert store.asked_question_ids(session.id) == {"q-a", "q-b"}
    store.mark_asked(session.id, "q-b", asked=False)
    assert store.asked_question_ids(session.id) == {"q-a"}


def test_empty_note_is_refused(store: Store):
    _, session = _session_with_participant(store)
    with pytest.raises(StoreError, match="empty"):
        store.add_note(session.id, "   ")


def test_fts_search_follows_edits_and_deletes(store: Store):
    _, session = _session_with_participant(store)
    note = store.add_note(session.id, "Reconciling the warehouse counts takes forever")
    assert [h.note.id for h in store.notes_matching("warehouse")] == [note.id]
    store.edit_note_text(note.id, "Approvals are a nightmare")
    assert store.notes_matching("warehouse") == []
    hits = store.notes_matching("nightmare")
    assert hits and "[nightmare]" in hits[0].snippet
    store.delete_session(session.id)
    assert store.notes_matching("nightmare") == []


def test_tags_are_case_insensitive_and_counted(store: Store):
    _, session = _session_with_participant(store)
    a = store.add_note(session.id, "a", tags=["Billing"])
    store.add_note(session.id, "b", tags=["billing", "slow"])
    store.untag_note(a.id, "BILLING")
    counts = {t.name: t.note_count for t in store.list_tags()}
    assert counts == {"Billing": 1, "slow": 1}


def test_reanalysis_keeps_reviewer_decisions(store: Store):
    _, session = _session_with_participant(store)
    note = store.add_note(session.id, "It takes forever and I hate it")
    first = [Highlight(0, 16, "problem", rule="takes-forever"), Highlight(21, 30, "emotion", "frustration")]
    store.replace_auto_highlights(note.id, first, "v1")
    stored = {h.label: h for h in store.get_note(note.id).highlights}
    store.set_highlight_status(stored["problem"].id, "accepted", reviewer="Kim")
    store.set_highlight_status(stored["emotion"].id, "rejected", reviewer="Kim")
    manual = store.add_manual_highlight(note.id, Highlight(3, 8, "need"), reviewer="Kim")
    store.replace_auto_highlights(note.id, [Highlight(0, 16, "problem"), Highlight(21, 25, "emotion", "frustration")], "v2")
    after = store.get_note(note.id).highlights
    by_span = {(h.start, h.end, h.label): h for h in after}
    assert by_span[(0, 16, "problem")].status == "accepted" and by_span[(0, 16, "problem")].model_version == "v2"
    assert by_span[(21, 25, "emotion")].status == "suggested"
    assert by_span[(3, 8, "need")].id == manual.id and by_span[(3, 8, "need")].source == "manual"
    assert (21, 30, "emotion") not in by_span


def test_settings_remember_values(store: Store):
    assert store.get_setting("interviewer", "nobody") == "nobody"
    store.set_setting("interviewer", "Sam")
    store.set_setting("interviewer", "Kim")
    assert store.get_setting("interviewer") == "Kim"


def test_participant_typeahead_prefers_prefix(store: Store):
    for name in ("Maria Chen", "Anna Maria Ruiz", "Bob"):
        store.add_participant(name)
    assert [p.name for p in store.find_participants("mar")] == ["Maria Chen", "Anna Maria Ruiz"]
    assert store.participant_named("bob").name == "Bob"
    with pytest.raises(StoreError):
        store.add_participant("  ")


# ---------------------------------------------------------------------- files we must refuse


def test_not_a_sqlite_file_is_refused_and_untouched(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an interview database"):
        Store(path)
    assert path.read_bytes() == before


def test_corrupt_database_is_refused(tmp_path: Path):
    path = tmp_path / "broken.db"
    with Store(path) as store:
        _, session = _session_with_participant(store)
        for i in range(200):
            store.add_note(session.id, f"note number {i} " * 20)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 6)):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=str(path)):
        Store(path)


def test_newer_schema_is_refused_and_untouched(tmp_path: Path):
    path = tmp_path / "future.db"
    with Store(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version of interview"):
        Store(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not an interview database"):
        Store(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_is_refused(tmp_path: Path):
    path = tmp_path / "ro.db"
    with Store(path):
        pass
    path.chmod(0o400)
    with pytest.raises(StoreError, match="read-only"):
        Store(path)


def test_read_only_file_is_refused_even_as_root(tmp_path: Path, monkeypatch):
    """Root can write anything, so the permission check is exercised through os.access."""
    path = tmp_path / "ro.db"
    with Store(path):
        pass
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path and mode == os.W_OK else real_access(p, mode))
    with pytest.raises(StoreError, match="read-only"):
        Store(path)


def test_missing_folder_and_directory_paths(tmp_path: Path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nowhere" / "x.db")
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)
    with Store(tmp_path / "made" / "x.db", create_dirs=True) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_migration_from_version_1_keeps_data(tmp_path: Path):
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('s1', 'Old session', '2025-01-01T00:00:00Z', "
        "'2025-01-01T00:00:00Z')"
    )
    conn.execute(
        "INSERT INTO notes (id, session_id, text, created_at, updated_at) VALUES ('n1', 's1', 'old note text', "
        "'2025-01-01T00:00:01Z', '2025-01-01T00:00:01Z')"
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        session = store.get_session("s1")
        assert session.title == "Old session" and session.consent_scope == "internal"
        assert session.paused_seconds == 0.0
        store.set_paused_seconds("s1", 90.5)
        assert store.get_session("s1").paused_seconds == 90.5
        with pytest.raises(StoreError, match="cannot be negative"):
            store.set_paused_seconds("s1", -1)
        assert [n.text for n in store.notes_for_session("s1")] == ["old note text"]
        assert [h.note.id for h in store.notes_matching("old")] == ["n1"]
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(ideas)")}
        assert {"text", "builds_on", "impact", "effort"} <= columns


def test_two_processes_writing_at_once(tmp_path: Path):
    path = tmp_path / "shared.db"
    with Store(path) as store:
        session = store.create_session(title="Shared")
    script = textwrap.dedent(
        f"""
        import sys
        from interview.store import Store
        store = Store({str(path)!r})
        for i in range(150):
            store.add_note({session.id!r}, f"{{sys.argv[1]}} {{i}}")
        store.close()
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, name], stderr=subprocess.PIPE, env=env)
        for name in ("alpha", "beta")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert b"locked" not in err
    with Store(path) as store:
        texts = [n.text for n in store.notes_for_session(session.id)]
    assert len(texts) == 300
    assert sum(t.startswith("alpha") for t in texts) == 150


def test_locked_database_becomes_one_sentence(tmp_path: Path):
    path = tmp_path / "locked.db"
    with Store(path) as store:
        session = store.create_session(title="x")
        store.conn.execute("PRAGMA busy_timeout = 100")
        blocker = sqlite3.connect(path)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreError, match="locked by another program"):
                store.add_note(session.id, "will wait then fail")
        finally:
            blocker.rollback()
            blocker.close()
        store.add_note(session.id, "saved once the lock is gone")
        assert [n.text for n in store.notes_for_session(session.id)] == ["saved once the lock is gone"]


def test_drafts_and_suggestions_skip_fsync_but_notes_do_not(tmp_path: Path):
    with Store(tmp_path / "sync.db") as store:
        session = store.create_session(title="sync")
        seen: list[int] = []
        store.conn.set_trace_callback(
            lambda sql: seen.append(store.conn.execute("PRAGMA synchronous").fetchone()[0]) if sql == "COMMIT" else None
        )
        store.save_draft(session.id, "typing")
        note = store.add_note(session.id, "saved")
        store.replace_auto_highlights(note.id, [Highlight(0, 5, "problem")], "v")
        store.conn.set_trace_callback(None)
        assert seen == [1, 2, 1]  # NORMAL, FULL, NORMAL
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
