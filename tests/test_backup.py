"""`interview backup` never harms the database it copies, whatever path names it, and writes atomically."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "interview.db"
    path.parent.mkdir()
    with Store(path) as store:
        session = store.create_session(title="Kept safe")
        store.add_note(session.id, "closing takes four days")
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _notes(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT text FROM notes")]
    finally:
        conn.close()


def _same_file_forms(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Every way of naming the database itself (or its WAL) as the backup's target."""
    link = tmp_path / "link.db"
    link.symlink_to(db)
    hard = tmp_path / "hard.db"
    os.link(db, hard)
    monkeypatch.chdir(db.parent)
    return {
        "absolute": str(db),
        "relative": db.name,
        "dot-dot": f"../{db.parent.name}/./{db.name}",
        "symlink": str(link),
        "hard link": str(hard),
        "wal file": f"{db}-wal",
    }


@pytest.mark.parametrize("form", ["absolute", "relative", "dot-dot", "symlink", "hard link", "wal file"])
@pytest.mark.parametrize("force", [True, False])
def test_backup_over_the_database_itself_is_refused_and_harms_nothing(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str, force: bool
):
    target = _same_file_forms(db, tmp_path, monkeypatch)[form]
    with Store(db):  # the app is running: the WAL exists
        result = run("--db", str(db), "backup", "-o", target, *(["--force"] if force else []))
    assert result.exit_code == 1
    assert "cannot be written over the database itself" in result.output
    assert "Traceback" not in result.output
    assert _notes(db) == ["closing takes four days"]
    assert not [p.name for p in db.parent.iterdir() if p.name.endswith(".part")]


def test_backup_through_a_symlink_writes_where_it_points(db: Path, tmp_path: Path):
    real = tmp_path / "usb" / "copy.db"
    real.parent.mkdir()
    real.write_bytes(b"old copy")
    link = tmp_path / "copy-link.db"
    link.symlink_to(real)
    assert run("--db", str(db), "backup", "-o", str(link), "--force").exit_code == 0
    assert link.is_symlink() and _notes(real) == ["closing takes four days"]


def test_forced_backup_replaces_the_old_copy_in_one_rename(db: Path, tmp_path: Path):
    target = tmp_path / "copy.db"
    target.write_bytes(b"yesterday's copy")
    old_inode = target.stat().st_ino
    result = run("--db", str(db), "backup", "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert target.stat().st_ino != old_inode  # a new file renamed over it, not rewritten in place
    assert (target.stat().st_mode & 0o777) == 0o600
    assert _notes(target) == ["closing takes four days"]


def test_a_failed_backup_leaves_the_old_copy_and_no_temporary_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    target = tmp_path / "copy.db"
    target.write_bytes(b"yesterday's copy")

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = run("--db", str(db), "backup", "-o", str(target), "--force")
    assert result.exit_code == 1 and "the disk is full" in result.output
    assert target.read_bytes() == b"yesterday's copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "data"]


def test_backup_refuses_what_is_not_a_regular_file(db: Path, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("--db", str(db), "backup", "-o", str(fifo), "--force")
    assert result.exit_code == 1 and "not a regular file" in result.output
    assert fifo.exists() and not fifo.is_file()
