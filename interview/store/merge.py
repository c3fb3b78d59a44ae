"""Merging another laptop's database into this one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from interview.models import MergeConflict, MergeResult
from interview.schema import SCHEMA_VERSION
from interview.store.core import (
    BUSY_TIMEOUT_MS,
    SQLITE_HEADER,
    StoreError,
    _explain,
    _guarded,
    new_id,
)
from interview.store.base import StoreBase


class MergeQueries(StoreBase):
    # ------------------------------------------------------------------ merging another laptop's database

    # (table, key columns, whether rows carry updated_at); parents before children.
    _MERGED_TABLES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
        ("participants", ("id",), True),
        ("sessions", ("id",), True),
        ("session_participants", ("session_id", "participant_id"), False),
        ("notes", ("id",), True),
        ("asked_questions", ("session_id", "question_id"), False),
        ("highlights", ("id",), True),
        ("ideas", ("id",), True),
        ("votes", ("id",), False),
    )

    @_guarded
    def merge_from(self, other: str | Path, *, dry_run: bool = False) -> MergeResult:
        """Bring in another interview database's sessions, people, notes, highlights, tags and ideas.

        Ids are kept, so merging twice changes nothing. A row on both sides that differs
        keeps the newer version (``updated_at``); a note whose text differs is reported
        as a conflict. Tags are matched by name. The other file is opened read-only and
        must be an interview database no newer than ours. Drafts and settings stay
        per laptop; a row deleted here but present there comes back.
        """
        source = _open_other(Path(other).expanduser(), self.path)
        result = MergeResult(dry_run=dry_run)
        try:
            with self._write():
                self.conn.execute("PRAGMA defer_foreign_keys = ON")  # ideas may build on later ideas
                erased = dict(self.conn.execute("SELECT id, how FROM erased"))
                for table, keys, stamped in self._MERGED_TABLES:
                    self._merge_table(source, table, keys, stamped, result, erased)
                self._merge_tags(source, result, erased)
                if dry_run:
                    raise _DryRun()
        except _DryRun:
            pass
        finally:
            source.close()
        return result

    def _merge_table(self, source: sqlite3.Connection, table: str, keys: tuple[str, ...], stamped: bool,
                     result: MergeResult, erased: dict[str, str]) -> None:
        theirs = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
        cols = [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})") if r[1] in theirs]
        if not cols:
            return  # an older schema without this table
        names = ", ".join(f'"{c}"' for c in cols)
        where = " AND ".join(f'"{k}" = ?' for k in keys)
        order = "created_at, rowid" if "created_at" in cols else "rowid"
        added = updated = 0
        for row in source.execute(f"SELECT {names} FROM {table} ORDER BY {order}"):
            values = dict(zip(cols, row))
            key = [values[k] for k in keys]
            mine = self.conn.execute(f"SELECT {names} FROM {table} WHERE {where}", key).fetchone()
            if _erased_here(values, erased):
                result.erased_skipped += mine is None or tuple(mine) != tuple(row)
                continue
            if erased.get(values.get("builds_on")) == "deleted":  # builds on an idea forget deleted here
                values["builds_on"] = None
                row = tuple(values[c] for c in cols)
            if mine is None:
                self.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})", row)
                added += 1
                continue
            if not stamped or tuple(mine) == tuple(row):
                continue
            ours = dict(zip(cols, mine))
            newer = (values["updated_at"] or "") > (ours["updated_at"] or "")
            if newer:
                changes = [c for c in cols if c not in keys]
                self.conn.execute(
                    f"UPDATE {table} SET {', '.join(f'{chr(34)}{c}{chr(34)} = ?' for c in changes)} WHERE {where}",
                    [values[c] for c in changes] + key,
                )
                updated += 1
            if table == "notes" and ours["text"] != values["text"]:
                result.conflicts.append(MergeConflict(
                    note_id=values["id"], session_id=values["session_id"], kept="theirs" if newer else "ours",
                    ours=ours["text"], theirs=values["text"],
                ))
        result.added[table], result.updated[table] = added, updated

    def _merge_tags(self, source: sqlite3.Connection, result: MergeResult, erased: dict[str, str]) -> None:
        same: dict[str, str] = {}
        added = 0
        for tag_id, name, color, created_at in source.execute(
            "SELECT id, name, color, created_at FROM tags ORDER BY created_at, rowid"
        ):
            if tag_id in erased:  # a tag named after someone forgotten here
                result.erased_skipped += 1
                continue
            mine = self.conn.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
            if mine:
                same[tag_id] = mine[0]
                continue
            taken = self.conn.execute("SELECT 1 FROM tags WHERE id = ?", (tag_id,)).fetchone()
            same[tag_id] = new_id() if taken else tag_id
            self.conn.execute(
                "INSERT INTO tags (id, name, color, created_at) VALUES (?, ?, ?, ?)",
                (same[tag_id], name, color, created_at),
            )
            added += 1
        linked = 0
        for note_id, tag_id in source.execute("SELECT note_id, tag_id FROM note_tags ORDER BY rowid"):
            if note_id in erased or tag_id not in same:
                continue
            linked += self.conn.execute(
                "INSERT OR IGNORE INTO note_tags (note_id, tag_id) VALUES (?, ?)", (note_id, same[tag_id])
            ).rowcount
        result.added["tags"], result.added["note_tags"] = added, linked


def _erased_here(values: dict, erased: dict[str, str]) -> bool:
    """A row `participants forget` deleted or rewrote here, or one hanging off such a row: ours stands.

    Without this a copy made before the forget would bring the erased notes back, and print
    their text in conflict lines. A participant recorded 'deleted' had their contributions
    deleted (--with-notes): notes, ideas and votes of theirs stay out too.
    """
    if any(values.get(column) in erased for column in ("id", "note_id", "idea_id")):
        return True
    return erased.get(values.get("participant_id")) == "deleted"


class _DryRun(Exception):
    """Raised inside a merge's transaction to roll it back after counting."""


def _open_other(path: Path, ours: Path) -> sqlite3.Connection:
    """Another interview database, read-only, after the checks our own file gets."""
    if not path.exists():
        raise StoreError(f"{path} does not exist")
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    if ours.exists() and path.resolve() == ours.resolve():
        raise StoreError(f"{path} is the database in use; merge another laptop's file into it")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an interview database (it is not a SQLite file)")
    from urllib.parse import quote

    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as error:
        raise StoreError(_explain(error, path)) from None
    problem = ""
    if version > SCHEMA_VERSION:
        problem = (f"{path} was written by a newer version of interview (schema {version}, this version knows "
                   f"up to {SCHEMA_VERSION}); upgrade interview before merging it")
    elif version < 1 or not {"participants", "sessions", "notes", "highlights", "tags", "note_tags"} <= tables:
        problem = f"{path} is a SQLite file but not an interview database"
    elif check != "ok":
        problem = f"the database {path} is damaged ({check}); nothing was merged"
    if problem:
        conn.close()
        raise StoreError(problem)
    return conn
