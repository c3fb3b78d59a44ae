"""Where a workshop is (the activity on screen, each countdown): its own tables, per laptop like drafts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from interview.models import WorkshopTimer
from interview.schema import _V_WORKSHOP, MIGRATIONS, SCHEMA_VERSION
from interview.store import Store, StoreError

STAMP = "2026-01-01T10:00:00Z"


def old_database(path: Path, settings: dict[str, str]) -> None:
    """A file from before the workshop tables, its state as JSON settings rows the way the old screen wrote them."""
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:MIGRATIONS.index(_V_WORKSHOP)], start=1):
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    for n in range(1, 6):
        conn.execute("INSERT INTO sessions (id, title, kind, created_at, updated_at) VALUES (?, 'w', 'co-creation', ?, ?)",
                     (f"s{n}", STAMP, STAMP))
    conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", list(settings.items()))
    conn.execute("INSERT INTO settings (key, value) VALUES ('interviewer', 'Sam')")
    conn.commit()
    conn.close()


def test_old_json_state_moves_to_the_workshop_tables_and_leaves_settings(tmp_path: Path):
    path = tmp_path / "old.db"
    good = {"activity": 3, "timers": {
        "s-ideas": {"seconds": 1020, "used": 300.5, "running_since": "2026-03-02T09:05:00+00:00"},
        "s-vote": {"seconds": 600, "used": 0.0, "running_since": None},
    }}
    old_database(path, {"cocreation.s1": json.dumps(good)})
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        progress = store.workshop_progress("s1")
        assert store.get_setting("interviewer") == "Sam"
        left = store.conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'cocreation.%'").fetchone()[0]
    assert progress.activity == 3
    assert progress.timers == {
        "s-ideas": WorkshopTimer("s-ideas", 1020, 300.5, "2026-03-02T09:05:00+00:00"),
        "s-vote": WorkshopTimer("s-vote", 600, 0.0, None),
    }
    assert left == 0


@pytest.mark.parametrize("value", [
    "not json {",  # not JSON at all
    "[1, 2]",  # JSON, not an object
    '"text"',
    '{"activity": "two", "timers": "none"}',  # the wrong types
    '{"activity": -1, "timers": {"a": "x", "b": 5, "c": {"seconds": "ten"}, "d": {"seconds": -5}, '
    '"e": {"seconds": 60, "used": -1}, "f": {"seconds": 60, "used": "a lot"}, "g": {"used": 3}}}',
])
def test_malformed_old_state_is_skipped_and_the_migration_goes_on(tmp_path: Path, value: str):
    path = tmp_path / "old.db"
    good = {"activity": 1, "timers": {"s-a": {"seconds": 120, "used": 10, "running_since": "yesterday"}}}
    old_database(path, {"cocreation.s1": value, "cocreation.s2": json.dumps(good),
                        "cocreation.gone": json.dumps(good)})  # a session deleted since
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        bad, fine = store.workshop_progress("s1"), store.workshop_progress("s2")
        rows = store.conn.execute("SELECT count(*) FROM workshop_timers").fetchone()[0]
        left = store.conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'cocreation.%'").fetchone()[0]
    assert (bad.activity, bad.timers) == (0, {})
    # A start time that is not a time cannot be counted from: the countdown resumes paused.
    assert (fine.activity, fine.timers) == (1, {"s-a": WorkshopTimer("s-a", 120, 10, None)})
    assert rows == 1 and left == 0


def test_progress_is_saved_per_activity_and_refuses_negative_time(tmp_path: Path):
    with Store(tmp_path / "w.db") as store:
        session = store.create_session(title="Workshop", kind="co-creation")
        assert store.workshop_progress(session.id).activity == 0
        store.set_workshop_activity(session.id, 2)
        store.save_workshop_timer(session.id, WorkshopTimer("s-a", 600, 0, "2026-03-02T09:00:00+00:00"))
        store.save_workshop_timer(session.id, WorkshopTimer("s-a", 720, 65.5, None))  # paused, then extended
        with pytest.raises(StoreError, match="negative"):
            store.save_workshop_timer(session.id, WorkshopTimer("s-b", -1))
        with pytest.raises(StoreError, match="negative"):
            store.set_workshop_activity(session.id, -1)
        progress = store.workshop_progress(session.id)
        assert progress.activity == 2 and progress.timers == {"s-a": WorkshopTimer("s-a", 720, 65.5, None)}
        store.delete_session(session.id)
        assert store.conn.execute("SELECT count(*) FROM workshop_timers").fetchone()[0] == 0


def test_forget_with_notes_removes_the_countdowns_of_their_workshops(tmp_path: Path):
    with Store(tmp_path / "w.db") as store:
        ana = store.add_participant("Ana López")
        theirs = store.create_session(title="Workshop", kind="co-creation", participant_id=ana.id)
        other = store.create_session(title="Other workshop", kind="co-creation")
        for session in (theirs, other):
            store.set_workshop_activity(session.id, 1)
            store.save_workshop_timer(session.id, WorkshopTimer("s-a", 600, 30))
        store.forget_participant(ana.id, with_notes=True)
        assert store.workshop_progress(theirs.id).timers == {}
        assert store.workshop_progress(theirs.id).activity == 0
        assert store.workshop_progress(other.id).timers == {"s-a": WorkshopTimer("s-a", 600, 30)}


def test_countdowns_stay_per_laptop_in_a_merge_and_come_along_in_a_backup(tmp_path: Path):
    with Store(tmp_path / "theirs.db") as theirs:
        session = theirs.create_session(title="Workshop", kind="co-creation")
        theirs.set_workshop_activity(session.id, 4)
        theirs.save_workshop_timer(session.id, WorkshopTimer("s-a", 600, 30))
        theirs.backup_to(tmp_path / "copy.db")
    with Store(tmp_path / "copy.db") as copy:
        assert copy.workshop_progress(session.id).activity == 4
    with Store(tmp_path / "ours.db") as ours:
        ours.merge_from(tmp_path / "theirs.db")
        assert ours.get_session(session.id) is not None
        progress = ours.workshop_progress(session.id)
        assert (progress.activity, progress.timers) == (0, {})
