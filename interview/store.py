"""The one place that speaks SQL: opening the database file safely, and every query.

Every write commits before it returns (``synchronous=FULL`` in WAL mode), so a note
the UI has shown is on disk. Failures a user can cause or meet (a file that is not
ours, a newer schema, a read-only file, a locked or full disk) become ``StoreError``
with one sentence that names the path.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sqlite3
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar


def _import_sqlite_utils():
    """Import sqlite-utils (once) without numpy and pandas.

    sqlite-utils imports them when installed (spaCy brings numpy) only to map their
    scalar types to SQLite columns; we never pass such values, and importing numpy
    costs about 0.1 s of the app's first paint (benchmarks/startup.py). Once
    sqlite-utils is loaded the names are released, so spaCy imports numpy as usual.
    """
    import sys

    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail fast
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
    return sqlite_utils


from .models import (
    Draft,
    ForgetReport,
    ParticipantSummary,
    Highlight,
    Note,
    Participant,
    RankedIdea,
    Session,
    SessionSummary,
    Tag,
)
from .models import Idea, MergeConflict, MergeResult, SearchFilters, SearchHit
from .schema import MIGRATIONS, SCHEMA_VERSION
from .spans import diff_opcodes, remap_with

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"

T = TypeVar("T")


class StoreError(Exception):
    """A database problem explained in one sentence for the user."""


def new_id() -> str:
    """A random id that stays unique when databases from several laptops are merged."""
    return uuid.uuid4().hex


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def default_db_path() -> Path:
    """``INTERVIEW_DB`` if set, else ``interview.db`` in the user's data directory."""
    env = os.environ.get("INTERVIEW_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("interview") / "interview.db"


_WRITE_REFUSED = ("SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_TRUNCATE")


def _explain(error: sqlite3.Error, path: Path) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"the database {path} is locked by another program; close it and try again"
    if "full" in text:
        return f"could not save: disk full ({path})"
    if getattr(error, "sqlite_errorname", "").startswith(_WRITE_REFUSED):
        # The OS refused the write (ENOSPC is reported as "full" above): a quota, a file-size limit, a failing disk.
        return f"could not save: disk full or failing, the system refused to write {path}"
    if "readonly" in text or "read-only" in text:
        return f"the database {path} is read-only; check its permissions"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return f"the database {path} is damaged ({error}); restore it from a backup"
    if "unable to open" in text:
        return f"cannot open the database {path}; check that its folder exists and is writable"
    return f"database error in {path}: {error}"


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Turn SQLite's exceptions into a StoreError sentence; serialise access across threads."""

    @functools.wraps(method)
    def wrapper(self: "Store", *args: Any, **kwargs: Any) -> T:
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as error:
                if self.conn.in_transaction:
                    self.conn.rollback()
                raise StoreError(_explain(error, self.path)) from error

    return wrapper


def _file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file now at ``path``: tells a deleted or swapped database apart."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _check_file(path: Path) -> bool:
    """Refuse paths we must not touch; return True when the file must be created."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    if not path.exists():
        if not path.parent.is_dir():
            raise StoreError(f"cannot create the database {path}: the folder {path.parent} does not exist")
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"cannot create the database {path}: the folder {path.parent} is not writable")
        return True
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read the database {path}: {error.strerror}") from error
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an interview database (it is not a SQLite file); nothing was changed")
    if not os.access(path, os.W_OK):
        raise StoreError(f"the database {path} is read-only; check its permissions")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"the folder {path.parent} is read-only, so the database {path} cannot be written")
    return not header


class Store:
    """An open interview database. Methods are named for what the app asks."""

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

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @functools.cached_property
    def db(self) -> Any:
        """sqlite-utils on our connection, imported on first use: reads (home's first paint) don't need it."""
        return _import_sqlite_utils().Database(self.conn, execute_plugins=False)

    def _rows(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> Iterator[dict]:
        cursor = self.conn.execute(sql, params if isinstance(params, dict) else tuple(params))
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))

    # ------------------------------------------------------------------ settings

    @_guarded
    def get_setting(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @_guarded
    def set_setting(self, key: str, value: str) -> None:
        with self._write():
            self.db["settings"].upsert({"key": key, "value": value}, pk="key")

    # ------------------------------------------------------------------ participants

    @_guarded
    def add_participant(
        self,
        name: str,
        *,
        role: str = "",
        company: str = "",
        segment: str = "",
        email: str = "",
        notes: str = "",
    ) -> Participant:
        name = name.strip()
        if not name:
            raise StoreError("a participant needs a name")
        stamp = now_iso()
        row = {
            "id": new_id(), "name": name, "role": role, "company": company, "segment": segment,
            "email": email, "notes": notes, "created_at": stamp, "updated_at": stamp,
        }
        with self._write():
            self.db["participants"].insert(row)
        return _participant(row)

    @_guarded
    def get_participant(self, participant_id: str) -> Participant | None:
        rows = list(self._rows("SELECT * FROM participants WHERE id = ?", [participant_id]))
        return _participant(rows[0]) if rows else None

    @_guarded
    def find_participants(self, text: str = "", limit: int = 20) -> list[Participant]:
        """Type-ahead: names starting with the text first, then names containing it."""
        like = text.strip().replace("%", "").replace("_", "")
        rows = self._rows(
            "SELECT * FROM participants WHERE name LIKE :contains "
            "ORDER BY name NOT LIKE :prefix, name COLLATE NOCASE LIMIT :limit",
            {"contains": f"%{like}%", "prefix": f"{like}%", "limit": limit},
        )
        return [_participant(r) for r in rows]

    @_guarded
    def participant_named(self, name: str) -> Participant | None:
        rows = list(
            self._rows("SELECT * FROM participants WHERE name = ? COLLATE NOCASE ORDER BY created_at", [name.strip()])
        )
        return _participant(rows[0]) if rows else None

    @_guarded
    def update_participant(self, participant_id: str, **fields: str) -> None:
        allowed = {"name", "role", "company", "segment", "email", "notes"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown participant fields: {sorted(unknown)}")
        with self._write():
            self.db["participants"].update(participant_id, {**fields, "updated_at": now_iso()})

    @_guarded
    def list_participants(self) -> list[ParticipantSummary]:
        rows = self._rows(
            """
            SELECT p.*,
                   (SELECT count(*) FROM sessions s WHERE s.participant_id = p.id) AS session_count,
                   (SELECT count(*) FROM notes n JOIN sessions s ON s.id = n.session_id
                     WHERE s.participant_id = p.id AND n.deleted = 0) AS note_count
            FROM participants p ORDER BY p.name COLLATE NOCASE
            """
        )
        return [ParticipantSummary(_participant(r), r["session_count"], r["note_count"]) for r in rows]

    @_guarded
    def resolve_participant(self, ref: str) -> Participant:
        """A full id, a unique id prefix, or an exact name (case-insensitive)."""
        ref = ref.strip()
        if not ref:
            raise StoreError("name a participant: an id, a unique prefix of one, or their name")
        prefix = ref.lower().replace("%", "").replace("_", "")
        rows = list(self._rows("SELECT * FROM participants WHERE id LIKE ? LIMIT 3", [f"{prefix}%"]))
        if not rows:
            rows = list(self._rows("SELECT * FROM participants WHERE name = ? COLLATE NOCASE LIMIT 3", [ref]))
        if not rows:
            raise StoreError(f"no participant matches '{ref}'")
        if len(rows) > 1 and rows[0]["id"] != prefix:
            raise StoreError(f"'{ref}' matches several participants; use their id (see `interview participants list`)")
        return _participant(rows[0])

    @_guarded
    def sessions_of_participant(self, participant_id: str) -> list[SessionSummary]:
        rows = self._rows(
            """
            SELECT s.id, s.title, s.kind, s.guide_name, s.status, s.interviewer, s.created_at,
                   s.started_at, s.ended_at, coalesce(p.name, '') AS participant_name,
                   (SELECT count(*) FROM notes n WHERE n.session_id = s.id AND n.deleted = 0) AS note_count
            FROM sessions s LEFT JOIN participants p ON p.id = s.participant_id
            WHERE s.participant_id = :p
               OR s.id IN (SELECT session_id FROM session_participants WHERE participant_id = :p)
            ORDER BY s.created_at DESC
            """,
            {"p": participant_id},
        )
        return [SessionSummary(**r) for r in rows]

    @_guarded
    def forget_participant(self, participant_id: str, *, with_notes: bool = False) -> ForgetReport:
        """Erase a participant's personal data, then rebuild the file so the text is gone from disk.

        Their name, e-mail, company and role are blanked and every verbatim mention of
        their name, e-mail or company in titles, notes, ideas and drafts is replaced.
        With ``with_notes``, the notes of their interviews and the notes, ideas and
        votes they contributed to group sessions are deleted instead. One transaction;
        then the FTS index is optimised, the database VACUUMed and the WAL truncated,
        so no page of the file or its WAL still holds the erased text.
        """
        rows = list(self._rows("SELECT * FROM participants WHERE id = ?", [participant_id]))
        if not rows:
            raise StoreError(f"participant {participant_id} does not exist")
        person = rows[0]
        report = ForgetReport(participant_id=participant_id)
        placeholder = "[forgotten participant]"
        everywhere = _identity_pattern([person["name"], person["email"], person["company"]])
        name_parts = [part for part in re.split(r"\s+", person["name"]) if len(part) >= 3]
        in_own = _identity_pattern([person["name"], person["email"], person["company"], *name_parts])
        self.conn.execute("PRAGMA secure_delete = ON")
        with self._write():
            own_sessions = [r[0] for r in self.conn.execute(
                "SELECT id FROM sessions WHERE participant_id = ?", (participant_id,))]
            report.sessions_scrubbed = len(own_sessions)
            if with_notes:
                marks = ",".join("?" * len(own_sessions))
                if own_sessions:
                    report.notes_deleted += self.conn.execute(
                        f"DELETE FROM notes WHERE session_id IN ({marks})", own_sessions).rowcount
                    self.conn.execute(f"DELETE FROM drafts WHERE session_id IN ({marks})", own_sessions)
                report.notes_deleted += self.conn.execute(
                    "DELETE FROM notes WHERE participant_id = ?", (participant_id,)).rowcount
                report.ideas_deleted = self.conn.execute(
                    "DELETE FROM ideas WHERE participant_id = ?", (participant_id,)).rowcount
                self.conn.execute("DELETE FROM votes WHERE participant_id = ?", (participant_id,))
            # Mentions by full name, e-mail or company anywhere; first or last name alone
            # only inside their own sessions, where it can only mean them.
            scrub = [
                ("sessions", "id", "title", "id"), ("notes", "id", "text", "session_id"),
                ("drafts", "session_id", "text", "session_id"), ("ideas", "id", "text", "session_id"),
                ("highlights", "id", "text", "(SELECT session_id FROM notes WHERE notes.id = note_id)"),
            ]
            own = set(own_sessions)
            for table, key, column, session_expr in scrub:
                if everywhere is None:
                    break
                for row_key, value, session_id in self.conn.execute(
                    f"SELECT {key}, {column}, {session_expr} FROM {table}"
                ).fetchall():
                    pattern = in_own if session_id in own else everywhere
                    cleaned, count = pattern.subn(placeholder, value or "")
                    if count:
                        report.mentions_replaced += count
                        self.conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (cleaned, row_key))
            self.conn.execute(
                "UPDATE participants SET name = ?, email = '', company = '', role = '', notes = '', updated_at = ? "
                "WHERE id = ?",
                (placeholder, now_iso(), participant_id),
            )
            self.conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")
        self.conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')")
        self.conn.commit()
        with self.db.ensure_autocommit_on():
            self.conn.execute("VACUUM")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return report

    @_guarded
    def backup_to(self, target: str | Path) -> Path:
        """A consistent copy through SQLite's online backup API, safe while the app is writing."""
        target = Path(target)
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        copy = sqlite3.connect(str(target))
        try:
            self.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        return target

    # ------------------------------------------------------------------ sessions

    @_guarded
    def create_session(
        self,
        *,
        title: str,
        guide: dict[str, Any] | None = None,
        guide_name: str = "",
        guide_hash: str = "",
        kind: str = "interview",
        participant_id: str | None = None,
        interviewer: str = "",
        variables: dict[str, str] | None = None,
        consent_given: bool = False,
        consent_scope: str = "internal",
    ) -> Session:
        stamp = now_iso()
        row = {
            "id": new_id(), "kind": kind, "title": title, "guide_name": guide_name,
            "guide_json": json.dumps(guide or {}, ensure_ascii=False), "guide_hash": guide_hash,
            "participant_id": participant_id, "interviewer": interviewer, "status": "planned",
            "consent_given": int(consent_given), "consent_at": stamp if consent_given else None,
            "consent_scope": consent_scope, "variables_json": json.dumps(variables or {}, ensure_ascii=False),
            "started_at": None, "ended_at": None, "current_question_id": None,
            "created_at": stamp, "updated_at": stamp,
        }
        with self._write():
            self.db["sessions"].insert(row)
        return _session(row)

    @_guarded
    def get_session(self, session_id: str) -> Session | None:
        rows = list(self._rows("SELECT * FROM sessions WHERE id = ?", [session_id]))
        return _session(rows[0]) if rows else None

    @_guarded
    def resolve_session(self, ref: str) -> Session:
        """A full id, a unique prefix of one, or ``last`` (the newest session)."""
        ref = ref.strip()
        if not ref:
            raise StoreError("name a session: a full id, a unique prefix of one, or 'last'")
        if ref == "last":
            rows = list(self._rows("SELECT * FROM sessions ORDER BY created_at DESC, rowid DESC LIMIT 1"))
            if not rows:
                raise StoreError(f"there are no sessions yet in {self.path}")
            return _session(rows[0])
        prefix = ref.lower().replace("%", "").replace("_", "")
        rows = list(self._rows("SELECT * FROM sessions WHERE id LIKE ? LIMIT 3", [f"{prefix}%"]))
        if not rows:
            raise StoreError(f"no session matches '{ref}'")
        if len(rows) > 1 and rows[0]["id"] != prefix:
            raise StoreError(f"'{ref}' matches several sessions; type more of the id")
        return _session(rows[0])

    @_guarded
    def session_guide(self, session_id: str) -> dict[str, Any]:
        """The guide snapshot taken when the session was created (the guide file may have changed since)."""
        row = self.conn.execute("SELECT guide_json FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return json.loads(row[0]) if row else {}

    @_guarded
    def list_sessions(self, *, limit: int = 200, offset: int = 0, text: str = "") -> list[SessionSummary]:
        """Newest first; ``text`` filters on title, participant, guide and status."""
        where, params = "", {"limit": limit, "offset": offset}
        if text.strip():
            where = (
                "WHERE s.title LIKE :t OR p.name LIKE :t OR s.guide_name LIKE :t "
                "OR s.status LIKE :t OR s.interviewer LIKE :t OR p.company LIKE :t"
            )
            params["t"] = f"%{text.strip()}%"
        rows = self._rows(
            f"""
            SELECT s.id, s.title, s.kind, s.guide_name, s.status, s.interviewer, s.created_at,
                   s.started_at, s.ended_at, coalesce(p.name, '') AS participant_name,
                   (SELECT count(*) FROM notes n WHERE n.session_id = s.id AND n.deleted = 0) AS note_count
            FROM sessions s LEFT JOIN participants p ON p.id = s.participant_id
            {where}
            ORDER BY s.created_at DESC, s.rowid DESC
            LIMIT :limit OFFSET :offset
            """,
            params,
        )
        return [SessionSummary(**r) for r in rows]

    @_guarded
    def session_ids(self) -> list[str]:
        """Every session id, oldest first (for bulk work such as re-analysis)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM sessions ORDER BY created_at, rowid")]

    @_guarded
    def count_sessions(self) -> int:
        return self.conn.execute("SELECT count(*) FROM sessions").fetchone()[0]

    @_guarded
    def count_notes(self, session_id: str) -> int:
        """Notes kept (not deleted) in one session: the resume prompt says how much is at stake."""
        sql = "SELECT count(*) FROM notes WHERE session_id = ? AND deleted = 0"
        return self.conn.execute(sql, (session_id,)).fetchone()[0]

    @_guarded
    def start_session(self, session_id: str) -> Session:
        """Mark the session live; the first start sets the clock's zero."""
        stamp = now_iso()
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET status = 'live', started_at = coalesce(started_at, ?), "
                "ended_at = NULL, updated_at = ? WHERE id = ?",
                (stamp, stamp, session_id),
            )
        return self._require_session(session_id)

    @_guarded
    def end_session(self, session_id: str) -> Session:
        stamp = now_iso()
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET status = 'done', ended_at = ?, updated_at = ? WHERE id = ?",
                (stamp, stamp, session_id),
            )
            self.conn.execute("DELETE FROM drafts WHERE session_id = ?", (session_id,))
        return self._require_session(session_id)

    @_guarded
    def give_consent(self, session_id: str, scope: str = "internal") -> Session:
        stamp = now_iso()
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET consent_given = 1, consent_at = ?, consent_scope = ?, updated_at = ? "
                "WHERE id = ?",
                (stamp, scope, stamp, session_id),
            )
        return self._require_session(session_id)

    @_guarded
    def update_session(self, session_id: str, **fields: Any) -> Session:
        allowed = {"title", "interviewer", "participant_id", "guide_name", "consent_scope", "status"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown session fields: {sorted(unknown)}")
        with self._write():
            self.db["sessions"].update(session_id, {**fields, "updated_at": now_iso()})
        return self._require_session(session_id)

    @_guarded
    def set_current_question(self, session_id: str, question_id: str | None) -> None:
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET current_question_id = ? WHERE id = ?", (question_id, session_id)
            )

    @_guarded
    def delete_session(self, session_id: str) -> None:
        with self._write():
            self.conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    @_guarded
    def live_sessions(self) -> list[Session]:
        """Sessions left live, e.g. by a crash: the app offers to resume them."""
        return [_session(r) for r in self._rows("SELECT * FROM sessions WHERE status = 'live' ORDER BY created_at DESC")]

    def _require_session(self, session_id: str) -> Session:
        rows = list(self._rows("SELECT * FROM sessions WHERE id = ?", [session_id]))
        if not rows:
            raise StoreError(f"session {session_id} no longer exists")
        return _session(rows[0])

    # ------------------------------------------------------------------ asked questions

    @_guarded
    def mark_asked(self, session_id: str, question_id: str, asked: bool = True) -> None:
        with self._write():
            if asked:
                self.conn.execute(
                    "INSERT OR IGNORE INTO asked_questions (session_id, question_id, asked_at) VALUES (?, ?, ?)",
                    (session_id, question_id, now_iso()),
                )
            else:
                self.conn.execute(
                    "DELETE FROM asked_questions WHERE session_id = ? AND question_id = ?", (session_id, question_id)
                )

    @_guarded
    def asked_question_ids(self, session_id: str) -> set[str]:
        """Questions marked as asked, or with at least one note under them."""
        rows = self.conn.execute(
            "SELECT question_id FROM asked_questions WHERE session_id = :s UNION "
            "SELECT question_id FROM notes WHERE session_id = :s AND deleted = 0 AND question_id IS NOT NULL",
            {"s": session_id},
        )
        return {r[0] for r in rows}

    # ------------------------------------------------------------------ notes

    @_guarded
    def add_note(
        self,
        session_id: str,
        text: str,
        *,
        question_id: str | None = None,
        speaker: str = "interviewer",
        kind: str = "note",
        offset_seconds: float = 0.0,
        tags: Iterable[str] = (),
        participant_id: str | None = None,
        clear_draft: bool = True,
    ) -> Note:
        """Commit the note (and its tags) before returning: the caller may then show it."""
        if not text.strip():
            raise StoreError("an empty note was not saved")
        stamp = now_iso()
        row = {
            "id": new_id(), "session_id": session_id, "question_id": question_id,
            "offset_seconds": round(float(offset_seconds), 3), "speaker": speaker, "kind": kind, "text": text,
            "starred": 0, "deleted": 0, "created_at": stamp, "updated_at": stamp, "participant_id": participant_id,
        }
        tag_names = _unique_names(tags)
        with self._write():
            self.db["notes"].insert(row)
            for name in tag_names:
                self._attach_tag(row["id"], name)
            if clear_draft:
                self.conn.execute("DELETE FROM drafts WHERE session_id = ?", (session_id,))
        note = _note(row)
        note.tags = tag_names
        return note

    @_guarded
    def import_session(
        self,
        *,
        title: str,
        participant_name: str,
        notes: Iterable[Note],
        interviewer: str = "",
        guide: dict[str, Any] | None = None,
        guide_name: str = "",
        guide_hash: str = "",
        started_at: str | None = None,
        ended_at: str | None = None,
        model_version: str = "",
    ) -> Session:
        """A finished session from a transcript, all or nothing in one transaction.

        The participant is found by name (case-insensitive) or added; each note keeps
        its speaker, offset, question, ``created_at`` and automatic highlights.
        """
        stamp = now_iso()
        with self._write():
            person = self.conn.execute(
                "SELECT id FROM participants WHERE name = ? COLLATE NOCASE ORDER BY created_at LIMIT 1",
                (participant_name.strip(),),
            ).fetchone()
            participant_id = person[0] if person else new_id()
            if not person:
                self.db["participants"].insert({
                    "id": participant_id, "name": participant_name.strip(), "role": "", "company": "", "segment": "",
                    "email": "", "notes": "", "created_at": stamp, "updated_at": stamp,
                })
            session = {
                "id": new_id(), "kind": "interview", "title": title, "guide_name": guide_name,
                "guide_json": json.dumps(guide or {}, ensure_ascii=False), "guide_hash": guide_hash,
                "participant_id": participant_id, "interviewer": interviewer, "status": "done",
                "consent_given": 0, "consent_at": None, "consent_scope": "internal", "variables_json": "{}",
                "started_at": started_at or stamp, "ended_at": ended_at or started_at or stamp,
                "current_question_id": None, "created_at": stamp, "updated_at": stamp,
            }
            self.db["sessions"].insert(session)
            rows, spans = [], []
            for note in notes:
                note_id = new_id()
                rows.append({
                    "id": note_id, "session_id": session["id"], "question_id": note.question_id,
                    "offset_seconds": round(float(note.offset_seconds), 3), "speaker": note.speaker,
                    "kind": note.kind, "text": note.text, "starred": 0, "deleted": 0,
                    "created_at": note.created_at or stamp, "updated_at": stamp,
                    "participant_id": participant_id if note.speaker == "participant" else None,
                })
                spans += [{
                    "id": new_id(), "note_id": note_id, "start": h.start, "end": h.end, "label": h.label,
                    "kind": h.kind, "text": h.text, "rule": h.rule, "source": "auto", "status": "suggested",
                    "model_version": model_version, "reviewer": "", "created_at": stamp, "updated_at": stamp,
                } for h in note.highlights]
            if not rows:
                raise StoreError("the transcript has no utterances to import")
            self.db["notes"].insert_all(rows, batch_size=500)
            if spans:
                self.db["highlights"].insert_all(spans, batch_size=500)
        return _session(session)

    @_guarded
    def get_note(self, note_id: str) -> Note | None:
        rows = list(self._rows("SELECT * FROM notes WHERE id = ?", [note_id]))
        if not rows:
            return None
        return self._with_details([_note(rows[0])])[0]

    @_guarded
    def notes_for_session(self, session_id: str, *, include_deleted: bool = False) -> list[Note]:
        """The session's notes in the order taken, with their tags and highlights."""
        sql = "SELECT * FROM notes WHERE session_id = ?"
        if not include_deleted:
            sql += " AND deleted = 0"
        notes = [_note(r) for r in self._rows(sql + " ORDER BY created_at, rowid", [session_id])]
        return self._with_details(notes)

    @_guarded
    def last_note(self, session_id: str, *, include_deleted: bool = False) -> Note | None:
        sql = "SELECT * FROM notes WHERE session_id = ?"
        if not include_deleted:
            sql += " AND deleted = 0"
        rows = list(self._rows(sql + " ORDER BY created_at DESC, rowid DESC LIMIT 1", [session_id]))
        return self._with_details([_note(rows[0])])[0] if rows else None

    @_guarded
    def last_deleted_note(self, session_id: str) -> Note | None:
        rows = list(
            self._rows(
                "SELECT * FROM notes WHERE session_id = ? AND deleted = 1 ORDER BY updated_at DESC, rowid DESC LIMIT 1",
                [session_id],
            )
        )
        return _note(rows[0]) if rows else None

    @_guarded
    def update_note_text(self, note_id: str, text: str) -> Note:
        if not text.strip():
            raise StoreError("a note cannot be empty; delete it instead")
        with self._write():
            self.conn.execute("UPDATE notes SET text = ?, updated_at = ? WHERE id = ?", (text, now_iso(), note_id))
        return self._require_note(note_id)

    @_guarded
    def set_starred(self, note_id: str, starred: bool) -> None:
        with self._write():
            self.conn.execute(
                "UPDATE notes SET starred = ?, updated_at = ? WHERE id = ?", (int(starred), now_iso(), note_id)
            )

    @_guarded
    def set_deleted(self, note_id: str, deleted: bool) -> None:
        """Soft delete (undo) or restore; nothing is erased, so undo can always be undone."""
        with self._write():
            self.conn.execute(
                "UPDATE notes SET deleted = ?, updated_at = ? WHERE id = ?", (int(deleted), now_iso(), note_id)
            )

    def _require_note(self, note_id: str) -> Note:
        rows = list(self._rows("SELECT * FROM notes WHERE id = ?", [note_id]))
        if not rows:
            raise StoreError(f"note {note_id} no longer exists")
        return self._with_details([_note(rows[0])])[0]

    def _with_details(self, notes: list[Note]) -> list[Note]:
        if not notes:
            return notes
        by_id = {n.id: n for n in notes}
        ids = list(by_id)
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT nt.note_id, t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id "
                f"WHERE nt.note_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
                chunk,
            ):
                by_id[row["note_id"]].tags.append(row["name"])
            for row in self._rows(
                f'SELECT * FROM highlights WHERE note_id IN ({marks}) ORDER BY start, "end"', chunk
            ):
                by_id[row["note_id"]].highlights.append(_highlight(row))
        return notes

    # ------------------------------------------------------------------ tags

    def _attach_tag(self, note_id: str, name: str) -> None:
        row = self.conn.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
        tag_id = row[0] if row else new_id()
        if not row:
            self.conn.execute(
                "INSERT INTO tags (id, name, color, created_at) VALUES (?, ?, '', ?)", (tag_id, name, now_iso())
            )
        self.conn.execute("INSERT OR IGNORE INTO note_tags (note_id, tag_id) VALUES (?, ?)", (note_id, tag_id))

    @_guarded
    def tag_note(self, note_id: str, name: str) -> None:
        names = _unique_names([name])
        if not names:
            raise StoreError("a tag needs a name")
        with self._write():
            self._attach_tag(note_id, names[0])

    @_guarded
    def untag_note(self, note_id: str, name: str) -> None:
        with self._write():
            self.conn.execute(
                "DELETE FROM note_tags WHERE note_id = ? AND tag_id IN "
                "(SELECT id FROM tags WHERE name = ? COLLATE NOCASE)",
                (note_id, name),
            )

    @_guarded
    def list_tags(self) -> list[Tag]:
        """Every tag with its count of notes not deleted.

        Counted from the tag index, minus the few deleted notes found by one scan of
        notes: joining each tagged note by id costs ~0.5 s at 100,000 notes, this ~50 ms.
        """
        rows = self._rows(
            "SELECT t.id, t.name, t.color, "
            "(SELECT count(*) FROM note_tags nt WHERE nt.tag_id = t.id) - coalesce(d.gone, 0) AS note_count "
            "FROM tags t LEFT JOIN (SELECT nt.tag_id, count(*) AS gone FROM notes n "
            "CROSS JOIN note_tags nt ON nt.note_id = n.id WHERE n.deleted = 1 GROUP BY nt.tag_id) d "
            "ON d.tag_id = t.id ORDER BY t.name COLLATE NOCASE"
        )
        return [Tag(**r) for r in rows]

    @_guarded
    def tag_colors(self) -> dict[str, str]:
        """Colours of the tags that have one, by lower-cased name: cheap enough to ask on every redraw."""
        return {r[0].lower(): r[1] for r in self.conn.execute("SELECT name, color FROM tags WHERE color != ''")}

    @_guarded
    def tag_named(self, name: str) -> Tag | None:
        rows = list(self._rows(
            "SELECT t.id, t.name, t.color, (SELECT count(*) FROM note_tags nt JOIN notes n ON n.id = nt.note_id "
            "WHERE nt.tag_id = t.id AND n.deleted = 0) AS note_count FROM tags t WHERE t.name = ? COLLATE NOCASE",
            [name.strip().lstrip("#").strip()],
        ))
        return Tag(**rows[0]) if rows else None

    def _require_tag(self, name: str) -> dict:
        row = self.conn.execute(
            "SELECT id, name FROM tags WHERE name = ? COLLATE NOCASE", (name.strip().lstrip("#").strip(),)
        ).fetchone()
        if not row:
            raise StoreError(f"there is no tag named '{name}'")
        return {"id": row[0], "name": row[1]}

    @_guarded
    def rename_tag(self, old: str, new: str) -> Tag:
        """Rename everywhere at once; a name already taken by another tag asks for a merge instead."""
        names = _unique_names([new])
        if not names:
            raise StoreError("a tag needs a name")
        tag = self._require_tag(old)
        clash = self.conn.execute(
            "SELECT name FROM tags WHERE name = ? COLLATE NOCASE AND id != ?", (names[0], tag["id"])
        ).fetchone()
        if clash:
            raise StoreError(f"a tag named '{clash[0]}' already exists; merge the two tags instead")
        with self._write():
            self.conn.execute("UPDATE tags SET name = ? WHERE id = ?", (names[0], tag["id"]))
        return self.tag_named(names[0])

    @_guarded
    def merge_tags(self, source: str, into: str) -> int:
        """Move every note of ``source`` to ``into`` and drop ``source``; returns the notes moved."""
        src, dst = self._require_tag(source), self._require_tag(into)
        if src["id"] == dst["id"]:
            raise StoreError("pick two different tags to merge")
        with self._write():
            moved = self.conn.execute("SELECT count(*) FROM note_tags WHERE tag_id = ?", (src["id"],)).fetchone()[0]
            self.conn.execute(
                "INSERT OR IGNORE INTO note_tags (note_id, tag_id) SELECT note_id, ? FROM note_tags WHERE tag_id = ?",
                (dst["id"], src["id"]),
            )
            self.conn.execute("DELETE FROM tags WHERE id = ?", (src["id"],))
        return moved

    @_guarded
    def set_tag_color(self, name: str, color: str) -> None:
        tag = self._require_tag(name)
        with self._write():
            self.conn.execute("UPDATE tags SET color = ? WHERE id = ?", (color, tag["id"]))

    @_guarded
    def delete_tag(self, name: str) -> int:
        """Remove the tag from every note (the notes stay); returns how many notes lost it."""
        tag = self._require_tag(name)
        with self._write():
            count = self.conn.execute("SELECT count(*) FROM note_tags WHERE tag_id = ?", (tag["id"],)).fetchone()[0]
            self.conn.execute("DELETE FROM tags WHERE id = ?", (tag["id"],))
        return count

    # ------------------------------------------------------------------ highlights

    @_guarded
    def replace_auto_highlights(self, note_id: str, highlights: Iterable[Highlight], model_version: str) -> None:
        """Store fresh suggestions for a note, keeping a reviewer's decision on any unchanged span.

        Manual highlights are never touched; an automatic span the reviewer accepted or
        rejected keeps that status when the pipeline finds the same span and label again.
        """
        with self._write(fsync=False):
            self._replace_auto(note_id, highlights, model_version)

    @_guarded
    def replace_auto_highlights_many(
        self, items: Iterable[tuple[str, Iterable[Highlight]]], model_version: str
    ) -> None:
        """The same for many notes in one transaction: bulk re-analysis pays one fsync, not thousands."""
        with self._write(fsync=False):
            for note_id, highlights in items:
                self._replace_auto(note_id, highlights, model_version)

    def _replace_auto(self, note_id: str, highlights: Iterable[Highlight], model_version: str) -> None:
        stamp = now_iso()
        decided = {
            (r["start"], r["end"], r["label"]): r
            for r in self._rows(
                "SELECT * FROM highlights WHERE note_id = ? AND source = 'auto' AND status != 'suggested'",
                [note_id],
            )
        }
        self.conn.execute("DELETE FROM highlights WHERE note_id = ? AND source = 'auto'", (note_id,))
        rows = []
        for h in highlights:
            previous = decided.get((h.start, h.end, h.label))
            rows.append({
                "id": new_id(), "note_id": note_id, "start": h.start, "end": h.end, "label": h.label,
                "kind": h.kind, "text": h.text, "rule": h.rule, "source": "auto",
                "status": previous["status"] if previous else "suggested",
                "model_version": model_version, "reviewer": previous["reviewer"] if previous else "",
                "created_at": stamp, "updated_at": stamp,
            })
        if rows:
            self.db["highlights"].insert_all(rows)

    @_guarded
    def add_manual_highlight(self, note_id: str, highlight: Highlight, reviewer: str = "") -> Highlight:
        stamp = now_iso()
        row = {
            "id": new_id(), "note_id": note_id, "start": highlight.start, "end": highlight.end,
            "label": highlight.label, "kind": highlight.kind, "text": highlight.text, "rule": "manual",
            "source": "manual", "status": "accepted", "model_version": "", "reviewer": reviewer,
            "created_at": stamp, "updated_at": stamp,
        }
        with self._write():
            self.db["highlights"].insert(row)
        return _highlight(row)

    @_guarded
    def set_highlight_status(self, highlight_id: str, status: str, reviewer: str = "") -> None:
        with self._write():
            self.conn.execute(
                "UPDATE highlights SET status = ?, reviewer = ?, updated_at = ? WHERE id = ?",
                (status, reviewer, now_iso(), highlight_id),
            )

    # ------------------------------------------------------------------ review

    @_guarded
    def accept_suggestions(self, note_id: str, reviewer: str = "") -> list[str]:
        """Accept every open suggestion of one note; returns the ids changed (for undo)."""
        with self._write():
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM highlights WHERE note_id = ? AND status = 'suggested'", (note_id,)
            )]
            self.conn.execute(
                "UPDATE highlights SET status = 'accepted', reviewer = ?, updated_at = ? "
                "WHERE note_id = ? AND status = 'suggested'",
                (reviewer, now_iso(), note_id),
            )
        return ids

    @_guarded
    def delete_highlight(self, highlight_id: str) -> None:
        with self._write():
            self.conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))

    @_guarded
    def edit_note_text(self, note_id: str, text: str) -> Note:
        """Change a note's text, carrying its highlights (and the decisions on them) along.

        Spans whose words are untouched move with the edit; an edited automatic span is
        dropped (re-analysis suggests it afresh); an edited manual span stretches with it.
        """
        if not text.strip():
            raise StoreError("a note cannot be empty; delete it instead")
        note = self._require_note(note_id)
        opcodes = diff_opcodes(note.text, text)
        stamp = now_iso()
        with self._write():
            self.conn.execute("UPDATE notes SET text = ?, updated_at = ? WHERE id = ?", (text, stamp, note_id))
            for h in note.highlights:
                span = remap_with(opcodes, note.text, h.start, h.end, keep_changed=h.source == "manual")
                if span is None:
                    self.conn.execute("DELETE FROM highlights WHERE id = ?", (h.id,))
                elif span != (h.start, h.end) or text[span[0]:span[1]] != h.text:
                    self.conn.execute(
                        'UPDATE highlights SET start = ?, "end" = ?, text = ?, updated_at = ? WHERE id = ?',
                        (span[0], span[1], text[span[0]:span[1]], stamp, h.id),
                    )
        return self._require_note(note_id)

    @_guarded
    def restore_note_text(self, note_id: str, text: str, highlights: Iterable[Highlight]) -> Note:
        """Put a note back exactly as it was (text and every highlight): undo of an edit."""
        stamp = now_iso()
        with self._write():
            self.conn.execute("UPDATE notes SET text = ?, updated_at = ? WHERE id = ?", (text, stamp, note_id))
            self.conn.execute("DELETE FROM highlights WHERE note_id = ?", (note_id,))
            rows = [{
                "id": h.id or new_id(), "note_id": note_id, "start": h.start, "end": h.end, "label": h.label,
                "kind": h.kind, "text": h.text, "rule": h.rule, "source": h.source, "status": h.status,
                "model_version": h.model_version, "reviewer": h.reviewer, "created_at": stamp, "updated_at": stamp,
            } for h in highlights]
            if rows:
                self.db["highlights"].insert_all(rows)
        return self._require_note(note_id)

    @_guarded
    def revise_note(self, note_id: str, text: str, *, kind: str, speaker: str, tags: Iterable[str]) -> Note:
        """The live screen's edit of a note in one commit: text (highlights carried), kind, speaker, tags."""
        with self._write():
            self.edit_note_text(note_id, text)
            self.conn.execute(
                "UPDATE notes SET kind = ?, speaker = ? WHERE id = ?", (kind, speaker, note_id)
            )
            self.conn.execute("DELETE FROM note_tags WHERE note_id = ?", (note_id,))
            for name in _unique_names(tags):
                self._attach_tag(note_id, name)
        return self._require_note(note_id)

    @_guarded
    def set_session_times(self, session_id: str, started_at: str | None, ended_at: str | None) -> Session:
        """Correct when a session ran (ISO-8601 UTC), e.g. a forgotten stop; its duration follows."""
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET started_at = ?, ended_at = ?, updated_at = ? WHERE id = ?",
                (started_at, ended_at, now_iso(), session_id),
            )
        return self._require_session(session_id)

    @_guarded
    def set_consent(self, session_id: str, given: bool, scope: str = "internal") -> Session:
        """Record consent as the reviewer corrects it; withdrawing it clears the time it was given."""
        stamp = now_iso()
        with self._write():
            self.conn.execute(
                "UPDATE sessions SET consent_given = ?, consent_scope = ?, "
                "consent_at = CASE WHEN ? THEN coalesce(consent_at, ?) ELSE NULL END, updated_at = ? WHERE id = ?",
                (int(given), scope, int(given), stamp, stamp, session_id),
            )
        return self._require_session(session_id)

    # ------------------------------------------------------------------ drafts

    @_guarded
    def save_draft(self, session_id: str, text: str, question_id: str | None = None) -> None:
        """Keep the text being typed so a crash loses at most the last two seconds."""
        with self._write(fsync=False):
            if text.strip():
                self.db["drafts"].upsert(
                    {"session_id": session_id, "text": text, "question_id": question_id, "updated_at": now_iso()},
                    pk="session_id",
                )
            else:
                self.conn.execute("DELETE FROM drafts WHERE session_id = ?", (session_id,))

    @_guarded
    def get_draft(self, session_id: str) -> Draft | None:
        rows = list(self._rows("SELECT * FROM drafts WHERE session_id = ?", [session_id]))
        return Draft(**rows[0]) if rows else None

    # ------------------------------------------------------------------ search

    @_guarded
    def notes_matching(
        self,
        match: str = "",
        *,
        exclude: str = "",
        filters: SearchFilters | None = None,
        limit: int = 200,
    ) -> list[SearchHit]:
        """Notes across all sessions for the search screen and `interview search`.

        ``match`` and ``exclude`` are FTS5 queries (build them with
        ``interview.search_query.parse_search``); with no ``match`` the newest notes that
        pass the filters come first. Filters narrow by tag, highlight label or emotion
        kind (not rejected), guide, participant, segment and session date.
        """
        f = filters or SearchFilters()
        where = ["n.deleted = 0"]
        params: dict[str, Any] = {"limit": limit}
        if f.tag:
            where.append(
                "n.id IN (SELECT nt.note_id FROM note_tags nt JOIN tags t ON t.id = nt.tag_id "
                "WHERE t.name = :tag COLLATE NOCASE)"
            )
            params["tag"] = f.tag
        if f.label or f.kind:
            cond = ["h.status != 'rejected'"]
            if f.label:
                cond.append("h.label = :label")
                params["label"] = f.label
            if f.kind:
                cond.append("h.kind = :kind")
                params["kind"] = f.kind
            where.append(f"n.id IN (SELECT h.note_id FROM highlights h WHERE {' AND '.join(cond)})")
        for name, column in (("guide", "s.guide_name"), ("participant", "p.name"), ("segment", "p.segment")):
            value = getattr(f, name)
            if value:
                where.append(f"{column} LIKE :{name}")
                params[name] = f"%{value.replace('%', '').replace('_', '')}%"
        if f.since:
            where.append("substr(coalesce(s.started_at, s.created_at), 1, 10) >= :since")
            params["since"] = f.since
        if f.until:
            where.append("substr(coalesce(s.started_at, s.created_at), 1, 10) <= :until")
            params["until"] = f.until
        if exclude:
            where.append("n.rowid NOT IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH :exclude)")
            params["exclude"] = exclude
        columns = (
            "n.*, s.title AS session_title, coalesce(s.started_at, s.created_at) AS session_date, "
            "s.guide_name AS guide_name, coalesce(p.name, '') AS participant_name"
        )
        people = "JOIN sessions s ON s.id = n.session_id LEFT JOIN participants p ON p.id = coalesce(n.participant_id, s.participant_id)"
        if match:
            params["match"] = match
            sql = (
                f"SELECT {columns}, snippet(notes_fts, 0, '[', ']', '…', 16) AS snippet FROM notes_fts "
                f"JOIN notes n ON n.rowid = notes_fts.rowid {people} "
                f"WHERE notes_fts MATCH :match AND {' AND '.join(where)} ORDER BY rank LIMIT :limit"
            )
        else:
            sql = (
                f"SELECT {columns}, CASE WHEN length(n.text) > 200 THEN substr(n.text, 1, 200) || '…' "
                f"ELSE n.text END AS snippet FROM notes n {people} "
                f"WHERE {' AND '.join(where)} ORDER BY n.created_at DESC, n.rowid DESC LIMIT :limit"
            )
        try:
            rows = list(self._rows(sql, params))
        except sqlite3.OperationalError as error:
            if not (match or exclude) or any(w in str(error).lower() for w in ("locked", "busy", "disk", "i/o")):
                raise
            raise StoreError(f"the search could not be understood ({error}); put odd characters in quotes") from None
        hits, notes = [], []
        for row in rows:
            extra = {k: row.pop(k) for k in ("session_title", "session_date", "guide_name", "participant_name", "snippet")}
            note = _note(row)
            notes.append(note)
            hits.append(SearchHit(note=note, **extra))
        self._with_details(notes)
        return hits

    @_guarded
    def search_notes(self, query: str, *, limit: int = 50) -> list[tuple[Note, str]]:
        """Full-text search over every session's notes; returns notes with a marked-up snippet."""
        rows = self._rows(
            "SELECT n.*, snippet(notes_fts, 0, '[', ']', '…', 12) AS snippet FROM notes_fts "
            "JOIN notes n ON n.rowid = notes_fts.rowid WHERE notes_fts MATCH ? AND n.deleted = 0 "
            "ORDER BY rank LIMIT ?",
            [query, limit],
        )
        results = []
        for row in rows:
            snippet = row.pop("snippet")
            results.append((_note(row), snippet))
        return results


    # ------------------------------------------------------------------ exports

    @_guarded
    def ranked_ideas(self, session_id: str) -> list[RankedIdea]:
        """A co-creation session's ideas, most votes first (ties: oldest first), with who proposed each."""
        rows = self._rows(
            "SELECT i.id, i.text, i.participant_id, i.theme, i.section_id, i.created_at, "
            "coalesce(p.name, '') AS proposer, "
            "(SELECT count(*) FROM votes v WHERE v.idea_id = i.id) AS votes "
            "FROM ideas i LEFT JOIN participants p ON p.id = i.participant_id "
            "WHERE i.session_id = ? AND i.deleted = 0 ORDER BY votes DESC, i.created_at, i.rowid",
            [session_id],
        )
        return [RankedIdea(**r) for r in rows]

    @_guarded
    def session_people(self, session_id: str) -> list[Participant]:
        """Everyone who took part: the session's participant, co-creation participants by number, note speakers."""
        rows = self._rows(
            "SELECT p.*, 0 AS rank, 0 AS number FROM participants p JOIN sessions s ON s.participant_id = p.id "
            "WHERE s.id = :s UNION "
            "SELECT p.*, 1, sp.number FROM participants p JOIN session_participants sp ON sp.participant_id = p.id "
            "WHERE sp.session_id = :s UNION "
            "SELECT p.*, 2, 0 FROM participants p WHERE p.id IN "
            "(SELECT participant_id FROM notes WHERE session_id = :s AND participant_id IS NOT NULL) "
            "ORDER BY rank, number, created_at",
            {"s": session_id},
        )
        people: dict[str, Participant] = {}
        for row in rows:
            people.setdefault(row["id"], _participant(row))
        return list(people.values())

    @_guarded
    def sessions_for_report(
        self,
        *,
        guide: str | None = None,
        tag: str | None = None,
        segment: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Session]:
        """Sessions with notes that match every given filter, oldest first: what a synthesis reads.

        ``since``/``until`` are inclusive YYYY-MM-DD dates of the session start; ``segment``
        matches the session's participant or any co-creation participant.
        """
        where = ["EXISTS (SELECT 1 FROM notes n WHERE n.session_id = s.id AND n.deleted = 0)"]
        params: dict[str, Any] = {}
        if guide:
            where.append("s.guide_name = :guide COLLATE NOCASE")
            params["guide"] = guide
        if tag:
            where.append(
                "EXISTS (SELECT 1 FROM notes n JOIN note_tags nt ON nt.note_id = n.id JOIN tags t ON t.id = nt.tag_id "
                "WHERE n.session_id = s.id AND n.deleted = 0 AND t.name = :tag COLLATE NOCASE)"
            )
            params["tag"] = tag.strip().lstrip("#")
        if segment:
            where.append(
                "EXISTS (SELECT 1 FROM participants p WHERE p.segment = :segment COLLATE NOCASE AND "
                "(p.id = s.participant_id OR p.id IN "
                "(SELECT participant_id FROM session_participants WHERE session_id = s.id)))"
            )
            params["segment"] = segment
        if since:
            where.append("substr(coalesce(s.started_at, s.created_at), 1, 10) >= :since")
            params["since"] = since
        if until:
            where.append("substr(coalesce(s.started_at, s.created_at), 1, 10) <= :until")
            params["until"] = until
        rows = self._rows(
            f"SELECT s.* FROM sessions s WHERE {' AND '.join(where)} "
            "ORDER BY coalesce(s.started_at, s.created_at), s.rowid",
            params,
        )
        return [_session(r) for r in rows]


    # ------------------------------------------------------------------ co-creation workshops

    @_guarded
    def add_session_participant(self, session_id: str, participant_id: str) -> int:
        """Seat a participant in a workshop; returns their number key (1, 2, ...), unchanged if already seated."""
        self._require_session(session_id)
        found = self.conn.execute(
            "SELECT number FROM session_participants WHERE session_id = ? AND participant_id = ?",
            (session_id, participant_id),
        ).fetchone()
        if found:
            return found[0]
        with self._write():
            number = self.conn.execute(
                "SELECT coalesce(max(number), 0) + 1 FROM session_participants WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            self.conn.execute(
                "INSERT INTO session_participants (session_id, participant_id, number) VALUES (?, ?, ?)",
                (session_id, participant_id, number),
            )
        return number

    @_guarded
    def session_participants(self, session_id: str) -> list[tuple[int, Participant]]:
        """A workshop's participants with their number keys, in number order."""
        rows = self._rows(
            "SELECT p.*, sp.number FROM session_participants sp JOIN participants p ON p.id = sp.participant_id "
            "WHERE sp.session_id = ? ORDER BY sp.number",
            [session_id],
        )
        return [(r["number"], _participant(r)) for r in rows]

    @_guarded
    def add_idea(
        self,
        session_id: str,
        text: str,
        *,
        participant_id: str | None = None,
        builds_on: str | None = None,
        section_id: str | None = None,
    ) -> Idea:
        """Commit the idea before returning, like a note: what the screen lists is on disk."""
        if not text.strip():
            raise StoreError("an empty idea was not saved")
        self._require_session(session_id)
        stamp = now_iso()
        row = {
            "id": new_id(), "session_id": session_id, "section_id": section_id, "text": text.strip(),
            "participant_id": participant_id, "builds_on": builds_on, "theme": "", "impact": None,
            "effort": None, "deleted": 0, "created_at": stamp, "updated_at": stamp,
        }
        with self._write():
            self.db["ideas"].insert(row)
        return self._ideas("i.id = ?", [row["id"]], session_id)[0]

    @_guarded
    def get_idea(self, idea_id: str) -> Idea | None:
        row = self.conn.execute("SELECT session_id FROM ideas WHERE id = ?", (idea_id,)).fetchone()
        found = self._ideas("i.id = ?", [idea_id], row[0]) if row else []
        return found[0] if found else None

    @_guarded
    def ideas_for_session(self, session_id: str, *, include_deleted: bool = False) -> list[Idea]:
        """A workshop's ideas in the order they were captured, with proposer and vote count."""
        return self._ideas("1" if include_deleted else "i.deleted = 0", [], session_id)

    def _ideas(self, where: str, params: list[Any], session_id: str) -> list[Idea]:
        rows = self._rows(
            "SELECT i.*, coalesce(p.name, '') AS proposer, "
            "(SELECT count(*) FROM votes v WHERE v.idea_id = i.id) AS votes FROM "
            "(SELECT *, row_number() OVER (ORDER BY created_at, rowid) AS number FROM ideas WHERE session_id = ?) i "
            f"LEFT JOIN participants p ON p.id = i.participant_id WHERE {where} ORDER BY i.number",
            [session_id, *params],
        )
        return [
            Idea(id=r["id"], session_id=r["session_id"], text=r["text"], number=r["number"],
                 participant_id=r["participant_id"], proposer=r["proposer"], builds_on=r["builds_on"],
                 theme=r["theme"], impact=r["impact"], effort=r["effort"], votes=r["votes"],
                 section_id=r["section_id"], deleted=bool(r["deleted"]), created_at=r["created_at"])
            for r in rows
        ]

    def _update_idea(self, idea_id: str, **fields: Any) -> None:
        with self._write():
            changed = self.conn.execute(
                f"UPDATE ideas SET {', '.join(f'{k} = :{k}' for k in fields)}, updated_at = :stamp WHERE id = :id",
                {**fields, "stamp": now_iso(), "id": idea_id},
            ).rowcount
        if not changed:
            raise StoreError(f"idea {idea_id} no longer exists")

    @_guarded
    def set_idea_theme(self, idea_id: str, theme: str) -> None:
        """Put an idea in a theme (clustering); an empty name takes it out of any theme."""
        self._update_idea(idea_id, theme=" ".join(theme.split()))

    @_guarded
    def rename_theme(self, session_id: str, old: str, new: str) -> int:
        """Rename a theme on every idea of the session; returns how many ideas moved."""
        new = " ".join(new.split())
        if not new:
            raise StoreError("a theme needs a name")
        with self._write():
            return self.conn.execute(
                "UPDATE ideas SET theme = ?, updated_at = ? WHERE session_id = ? AND theme = ?",
                (new, now_iso(), session_id, old),
            ).rowcount

    @_guarded
    def set_idea_proposer(self, idea_id: str, participant_id: str | None) -> None:
        """Attribute an idea after it was saved (None: anonymous)."""
        self._update_idea(idea_id, participant_id=participant_id)

    @_guarded
    def set_idea_deleted(self, idea_id: str, deleted: bool) -> None:
        """Soft delete (or restore) an idea; its number stays taken."""
        self._update_idea(idea_id, deleted=int(deleted))

    @_guarded
    def set_impact_effort(self, idea_id: str, impact: int | None, effort: int | None) -> None:
        """Place an idea on the impact x effort grid (each 1-5, None: not rated yet)."""
        for name, value in (("impact", impact), ("effort", effort)):
            if value is not None and not 1 <= value <= 5:
                raise StoreError(f"{name} must be between 1 and 5, not {value}")
        self._update_idea(idea_id, impact=impact, effort=effort)

    @_guarded
    def add_vote(self, session_id: str, idea_id: str, participant_id: str | None, *, dots: int | None = None) -> str:
        """Place one dot; with ``dots`` a participant who has used them all is refused. Returns the vote id."""
        vote_id = new_id()
        with self._write():
            if dots is not None and participant_id is not None:
                used = self.conn.execute(
                    "SELECT count(*) FROM votes WHERE session_id = ? AND participant_id = ?", (session_id, participant_id)
                ).fetchone()[0]
                if used >= dots:
                    raise StoreError(f"no dots left: each participant has {dots}")
            self.conn.execute(
                "INSERT INTO votes (id, session_id, idea_id, participant_id, created_at) VALUES (?, ?, ?, ?, ?)",
                (vote_id, session_id, idea_id, participant_id, now_iso()),
            )
        return vote_id

    @_guarded
    def undo_vote(self, session_id: str, participant_id: str | None = None) -> str | None:
        """Take back the newest dot (of one participant, if given); returns its idea id, None if none left."""
        where, params = "session_id = ?", [session_id]
        if participant_id is not None:
            where, params = where + " AND participant_id = ?", params + [participant_id]
        with self._write():
            row = self.conn.execute(
                f"SELECT id, idea_id FROM votes WHERE {where} ORDER BY created_at DESC, rowid DESC LIMIT 1", params
            ).fetchone()
            if row:
                self.conn.execute("DELETE FROM votes WHERE id = ?", (row[0],))
        return row[1] if row else None

    @_guarded
    def dots_used(self, session_id: str) -> dict[str, int]:
        """Votes placed so far per participant id (anonymous votes are not counted)."""
        rows = self.conn.execute(
            "SELECT participant_id, count(*) FROM votes WHERE session_id = ? AND participant_id IS NOT NULL "
            "GROUP BY participant_id",
            (session_id,),
        )
        return {r[0]: r[1] for r in rows}


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
                for table, keys, stamped in self._MERGED_TABLES:
                    self._merge_table(source, table, keys, stamped, result)
                self._merge_tags(source, result)
                if dry_run:
                    raise _DryRun()
        except _DryRun:
            pass
        finally:
            source.close()
        return result

    def _merge_table(self, source: sqlite3.Connection, table: str, keys: tuple[str, ...], stamped: bool,
                     result: MergeResult) -> None:
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

    def _merge_tags(self, source: sqlite3.Connection, result: MergeResult) -> None:
        same: dict[str, str] = {}
        added = 0
        for tag_id, name, color, created_at in source.execute(
            "SELECT id, name, color, created_at FROM tags ORDER BY created_at, rowid"
        ):
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
            linked += self.conn.execute(
                "INSERT OR IGNORE INTO note_tags (note_id, tag_id) VALUES (?, ?)", (note_id, same[tag_id])
            ).rowcount
        result.added["tags"], result.added["note_tags"] = added, linked


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


# ---------------------------------------------------------------------- row -> dataclass


def _participant(row: dict) -> Participant:
    return Participant(**{k: row[k] for k in ("id", "name", "role", "company", "segment", "email", "notes", "created_at")})


def _session(row: dict) -> Session:
    return Session(
        id=row["id"], title=row["title"], kind=row["kind"], guide_name=row["guide_name"],
        guide_hash=row["guide_hash"], participant_id=row["participant_id"], interviewer=row["interviewer"],
        status=row["status"], consent_given=bool(row["consent_given"]), consent_at=row["consent_at"],
        consent_scope=row.get("consent_scope") or "internal", started_at=row["started_at"],
        ended_at=row["ended_at"], created_at=row["created_at"],
        variables=json.loads(row.get("variables_json") or "{}"),
        current_question_id=row.get("current_question_id"),
    )


def _note(row: dict) -> Note:
    return Note(
        id=row["id"], session_id=row["session_id"], text=row["text"], question_id=row["question_id"],
        offset_seconds=row["offset_seconds"], speaker=row["speaker"], kind=row["kind"],
        starred=bool(row["starred"]), deleted=bool(row["deleted"]), created_at=row["created_at"],
        updated_at=row["updated_at"], participant_id=row.get("participant_id"),
    )


def _highlight(row: dict) -> Highlight:
    return Highlight(
        start=row["start"], end=row["end"], label=row["label"], kind=row["kind"], text=row["text"],
        rule=row["rule"], id=row["id"], note_id=row["note_id"], source=row["source"], status=row["status"],
        model_version=row["model_version"], reviewer=row["reviewer"],
    )


def _unique_names(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        clean = name.strip().lstrip("#").strip()
        if clean and clean.lower() not in seen:
            seen[clean.lower()] = clean
    return list(seen.values())


def _identity_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive matches of any of the terms, longest first."""
    clean = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not clean:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in clean) + r")(?!\w)", re.IGNORECASE)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
