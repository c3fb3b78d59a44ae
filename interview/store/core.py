"""What every part of the store shares: errors, ids and times, safe file checks, row conversion."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from interview.errors import InterviewError
from interview.models import Highlight, Note, Participant, Session


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


BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"

T = TypeVar("T")


class StoreError(InterviewError):
    """A database problem explained in one sentence for the user."""

    title = "Database"


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
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> T:
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
        paused_seconds=float(row.get("paused_seconds") or 0.0),
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
        model_version=row["model_version"], reviewer=row["reviewer"], confidence=row.get("confidence"),
    )


def _highlight_row(h: Highlight, note_id: str, stamp: str, **columns: Any) -> dict:
    """The ``highlights`` row for ``h`` on a note, stamped now; ``columns`` override what ``h`` says.

    The one place the column list is written for the named-row writers; feedback's bulk
    import writes tuples in the same order for speed (``store/feedback.py``).
    """
    row = {
        "id": h.id or new_id(), "note_id": note_id, "start": h.start, "end": h.end, "label": h.label,
        "kind": h.kind, "text": h.text, "rule": h.rule, "source": h.source, "status": h.status,
        "model_version": h.model_version, "reviewer": h.reviewer, "confidence": h.confidence,
        "created_at": stamp, "updated_at": stamp,
    }
    row.update(columns)
    return row


def _unique_names(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        clean = name.strip().lstrip("#").strip()
        if clean and clean.lower() not in seen:
            seen[clean.lower()] = clean
    return list(seen.values())


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
