"""Merging another laptop's database into this one."""

from __future__ import annotations

import contextlib
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any, Iterator

from interview.models import MergeConflict, MergeResult
from interview.regular_files import kind_of
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
from interview.store.merge_checks import Incoming, read_incoming


class MergeQueries(StoreBase):
    # ------------------------------------------------------------------ merging another laptop's database

    # (table, key columns, whether rows carry updated_at); parents before children.
    _MERGED_TABLES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
        ("participants", ("id",), True),
        ("sessions", ("id",), True),
        ("feedback_sources", ("id",), True),
        ("feedback_customers", ("source_id", "participant_id"), False),
        ("session_participants", ("session_id", "participant_id"), False),
        ("notes", ("id",), True),
        ("feedback_items", ("note_id",), False),
        ("asked_questions", ("session_id", "question_id"), False),
        ("highlights", ("id",), True),
        ("ideas", ("id",), True),
        ("votes", ("id",), False),
        ("themes", ("id",), True),  # the synthesis board: a researcher's names, pins and takeaways
        ("theme_statements", ("highlight_id",), True),  # where each statement sits; the newer placement wins
    )

    # Tables read from the other file: the merged ones, then tags and tag links (matched by name).
    _READ_TABLES: tuple[tuple[str, tuple[str, ...]], ...] = tuple((t, k) for t, k, _ in _MERGED_TABLES) + (
        ("tags", ("id",)), ("note_tags", ("note_id", "tag_id")),
    )
    # Columns a person edits: when both files changed one differently, the merge says so.
    _CONFLICT_COLUMNS: dict[str, tuple[str, ...]] = {
        "participants": ("name", "role", "company", "segment", "email", "notes"),
        "sessions": ("title",),
        "notes": ("text",),
    }
    # Reading the other file stops after MERGE_READ_SECONDS (it holds no lock of ours); writing
    # stops after MERGE_LOCK_SECONDS, which bounds how long a merge can keep the app from saving
    # (10,000 notes take about 0.7 s under the lock, 0.3 s to read and check).
    MERGE_READ_SECONDS: float = 120.0
    MERGE_LOCK_SECONDS: float = 30.0

    @_guarded
    def merge_from(self, other: str | Path, *, dry_run: bool = False) -> MergeResult:
        """Bring in another interview database's sessions, people, notes, highlights, tags, ideas and themes.

        Ids are kept, so merging twice changes nothing. A row on both sides that differs
        keeps the newer version (``updated_at``); a note, participant or session title
        edited differently on both sides is reported as a conflict. Tags are matched by
        name. The other file is opened read-only, must be an interview database no newer
        than ours, and every row is checked (types, JSON, links, times) before the write
        lock is taken; one bad row refuses the file. Drafts, settings and where a workshop
        is (``workshop_progress``, ``workshop_timers``) stay per laptop, as each laptop runs its
        own countdowns; a row deleted here but present there comes back.
        """
        path = Path(other).expanduser()
        source = _open_other(path, self.path)
        try:
            incoming = read_incoming(source, self.conn, path, self._READ_TABLES, seconds=self.MERGE_READ_SECONDS)
        finally:
            source.close()
        result = MergeResult(dry_run=dry_run)
        try:
            with self._write():
                self._merge_deadline = _Deadline(self.MERGE_LOCK_SECONDS)  # counted from taking the lock
                with _time_limit(self.conn, self._merge_deadline):
                    self.conn.execute("PRAGMA defer_foreign_keys = ON")  # ideas may build on later ideas
                    erased = dict(self.conn.execute("SELECT id, how FROM erased"))
                    for table, keys, stamped in self._MERGED_TABLES:
                        self._merge_table(incoming, table, keys, stamped, result, erased)
                    self._merge_tags(incoming, result, erased)
                    if dry_run:
                        raise _DryRun()
        except _DryRun:
            pass
        except sqlite3.IntegrityError as error:
            # A rule of our schema the checks above do not know: the other file's rows are at fault.
            if self.conn.in_transaction:
                self.conn.rollback()
            raise StoreError(f"{path} has rows this database cannot take ({error}); nothing was merged") from None
        except sqlite3.OperationalError as error:
            if "interrupted" not in str(error):
                raise
            if self.conn.in_transaction:
                self.conn.rollback()
            raise StoreError(f"merging {path} held the database for more than {self.MERGE_LOCK_SECONDS:g} s, so it "
                             "was stopped; nothing was merged") from None
        return result

    def _merge_table(self, incoming: Incoming, table: str, keys: tuple[str, ...], stamped: bool,
                     result: MergeResult, erased: dict[str, str]) -> None:
        data = incoming.get(table)
        if data is None or not data.cols:
            return  # an older schema without this table
        cols = data.cols
        names = ", ".join(f'"{c}"' for c in cols)
        where = " AND ".join(f'"{k}" = ?' for k in keys)
        added = updated = 0
        for row in data.rows:
            self._merge_deadline.check()
            values = dict(zip(cols, row))
            key = [values[k] for k in keys]
            mine = self.conn.execute(f"SELECT {names} FROM {table} WHERE {where}", key).fetchone()
            if _erased_here(values, erased):
                result.erased_skipped += mine is None or tuple(mine) != tuple(row)
                continue
            if erased.get(values.get("builds_on")) == "deleted":  # builds on an idea forget deleted here
                values["builds_on"] = None
                row = tuple(values[c] for c in cols)
            if table == "feedback_sources" and "name" in values:
                row = self._free_source_name(values, cols, result)
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
            result.conflicts.extend(_conflicts(table, self._CONFLICT_COLUMNS.get(table, ()), ours, values, newer))
        result.added[table], result.updated[table] = added, updated

    def _free_source_name(self, values: dict[str, Any], cols: tuple[str, ...], result: MergeResult) -> tuple:
        """The incoming source's row, renamed "name (2)", "name (3)" ... when another source here has its name.

        Two laptops that each imported their own "survey.csv" are two sources (names are unique
        here, ignoring case); the merge keeps both rather than refusing the file.
        """
        name = values["name"]
        taken = {r[0].casefold() for r in self.conn.execute(
            "SELECT name FROM feedback_sources WHERE id != ?", (values["id"],))}
        if name.casefold() in taken:
            n = 2
            while f"{name} ({n})".casefold() in taken:
                n += 1
            values["name"] = f"{name} ({n})"
            result.renamed_sources.append((name, values["name"]))
        return tuple(values[c] for c in cols)

    def _merge_tags(self, incoming: Incoming, result: MergeResult, erased: dict[str, str]) -> None:
        same: dict[str, str] = {}
        added = 0
        tags = incoming.get("tags")
        for row in tags.rows if tags else ():
            self._merge_deadline.check()
            tag = dict(zip(tags.cols, row))  # type: ignore[union-attr]
            tag_id, name = tag["id"], tag["name"]
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
                (same[tag_id], name, tag.get("color") or "", tag["created_at"]),
            )
            added += 1
        linked = 0
        links = incoming.get("note_tags")
        for row in links.rows if links else ():
            self._merge_deadline.check()
            link = dict(zip(links.cols, row))  # type: ignore[union-attr]
            if link["note_id"] in erased or link["tag_id"] not in same:  # erased here by participants forget
                continue
            linked += self.conn.execute(
                "INSERT OR IGNORE INTO note_tags (note_id, tag_id) VALUES (?, ?)",
                (link["note_id"], same[link["tag_id"]]),  # read_incoming checked every tag_id is theirs
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


def _conflicts(table: str, columns: tuple[str, ...], ours: dict, theirs: dict, newer: bool) -> list[MergeConflict]:
    """One conflict per person-edited column that differs between the two versions of a row."""
    kind = {"participants": "participant", "sessions": "session", "notes": "note"}.get(table, table)
    session_id = theirs.get("session_id") or (theirs["id"] if table == "sessions" else "")
    return [
        MergeConflict(note_id=theirs["id"], session_id=session_id, kept="theirs" if newer else "ours",
                      ours=str(ours[column]), theirs=str(theirs[column]), kind=kind, column=column)
        for column in columns if column in ours and ours[column] != theirs[column]
    ]


class _Deadline:
    """When a merge must stop: checked between rows, and by SQLite inside a long statement."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self.at

    def check(self) -> None:
        if self.passed():
            raise sqlite3.OperationalError("interrupted")  # what SQLite raises from the progress handler


@contextlib.contextmanager
def _time_limit(conn: sqlite3.Connection, deadline: _Deadline) -> Iterator[None]:
    """Interrupt the statements on ``conn`` (OperationalError "interrupted") once the deadline has passed."""
    conn.set_progress_handler(lambda: int(deadline.passed()), 10_000)
    try:
        yield
    finally:
        conn.set_progress_handler(None, 0)


class _DryRun(Exception):
    """Raised inside a merge's transaction to roll it back after counting."""


def _open_other(path: Path, ours: Path) -> sqlite3.Connection:
    """Another interview database, read-only, after the checks our own file gets."""
    if not path.exists():
        raise StoreError(f"{path} does not exist")
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):  # opening a named pipe would wait for a writer forever
        raise StoreError(f"{path} is {kind_of(mode)}, not a database file")
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
