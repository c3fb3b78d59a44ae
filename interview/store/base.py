"""The open database: checking the file, migrating it, transactions, and settings."""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterable, Iterator

from interview.schema import MIGRATIONS, SCHEMA_VERSION
from interview.store.core import (
    BUSY_TIMEOUT_MS,
    StoreError,
    _check_file,
    _explain,
    _file_identity,
    _guarded,
    _import_sqlite_utils,
    now_iso,
)


class StoreBase:
    """The connection and its rules; the query mixins build on it."""


    def __init__(self, path: str | Path, *, create_dirs: bool = False) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.RLock()
        try:
            if create_dirs:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if _check_file(self.path):
                # Owner-only from the first byte: interview notes are personal data.
                fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
        except OSError as error:
            raise StoreError(f"cannot create the database {self.path}: {error.strerror or error}") from None
        try:
            self.conn = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StoreError(_explain(error, self.path)) from error
        self._identity = _file_identity(self.path)
        try:
            self._prepare()
        except sqlite3.Error as error:
            self.conn.close()
            raise StoreError(_explain(error, self.path)) from error
        except StoreError:
            self.conn.close()
            raise

    # ------------------------------------------------------------------ lifecycle

    def _prepare(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version of interview (schema {version}, "
                f"this version knows up to {SCHEMA_VERSION}); upgrade interview to open it"
            )
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"the database {self.path} is damaged ({check}); restore it from a backup")
        if version == 0 and conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]:
            raise StoreError(f"{self.path} is a SQLite file but not an interview database; nothing was changed")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            with self.db.ensure_autocommit_on():
                conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        self._migrate(version)

    def _migrate(self, version: int) -> None:
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            try:
                self.conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.rollback()
                raise

    @contextlib.contextmanager
    def _write(self, *, fsync: bool = True) -> Iterator[None]:
        """A write transaction that takes the write lock up front.

        A deferred BEGIN that reads first (sqlite-utils introspects the table) and then
        writes can fail at once with "database is locked" when another process wrote in
        between; BEGIN IMMEDIATE waits for the lock under the busy timeout instead.

        ``fsync=False`` is for data that can be rebuilt or that only needs to survive
        the app being killed (drafts, highlight suggestions): the commit skips the
        fsync (synchronous=NORMAL), so it cannot hold up the next note's save behind a
        disk flush. It still survives a crash of the app; after a power cut it is on
        disk as soon as the next note is saved, which syncs the whole WAL.
        """
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        if _file_identity(self.path) != self._identity:
            # SQLite would go on writing to the unlinked or replaced file, and every note would vanish on exit.
            raise StoreError(
                f"the database {self.path} was deleted or replaced while interview was running; "
                "nothing more can be saved to it, so restart interview"
            )
        if not fsync:
            self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.rollback()
                raise
            self.conn.execute("COMMIT")
        finally:
            if not fsync:
                self.conn.execute("PRAGMA synchronous = FULL")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> "StoreBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @functools.cached_property
    def db(self) -> Any:
        """sqlite-utils on our connection, imported on first use: reads (home's first paint) don't need it."""
        return _import_sqlite_utils().Database(self.conn, execute_plugins=False)

    def _rows(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> Iterator[dict]:
        """Rows as dicts, as sqlite-utils' ``db.query`` gives them, without importing sqlite-utils.

        Reads run before the first paint; importing sqlite_utils there cost 170-270 ms
        (``python -X importtime -c "import sqlite_utils"``, three runs), so writes use
        ``self.db`` and reads use this.
        """
        cursor = self.conn.execute(sql, params if isinstance(params, dict) else tuple(params))
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))

    def _by_id(self, table: str, row_id: str) -> dict | None:
        """One row of ``table`` (a name from this package, never user text) by its id, or None."""
        rows = list(self._rows(f"SELECT * FROM {table} WHERE id = ?", [row_id]))
        return rows[0] if rows else None

    def _require_row(self, table: str, row_id: str, what: str) -> dict:
        """The row, or StoreError "<what> <id> no longer exists" (it was deleted under the caller)."""
        row = self._by_id(table, row_id)
        if row is None:
            raise StoreError(f"{what} {row_id} no longer exists")
        return row

    def _update_fields(self, table: str, row_id: str, fields: dict[str, Any], allowed: set[str], what: str) -> None:
        """Set ``fields`` of one row and stamp ``updated_at``; a name outside ``allowed`` is a caller's
        bug (a ValueError), so user text never names a column."""
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown {what} fields: {sorted(unknown)}")
        with self._write():
            self.db[table].update(row_id, {**fields, "updated_at": now_iso()})

    # ------------------------------------------------------------------ settings

    @_guarded
    def get_setting(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @_guarded
    def set_setting(self, key: str, value: str) -> None:
        with self._write():
            self.db["settings"].upsert({"key": key, "value": value}, pk="key")
