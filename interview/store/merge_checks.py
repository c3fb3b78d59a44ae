"""Reading another database's rows for a merge, and refusing any row our readers could not use.

SQLite stores any value in any column, so a file from elsewhere can hold a BLOB
where a note's text belongs, ``'abc'`` as a time offset, JSON that does not parse,
a time in the year 9999 (which would win every "newer" comparison) or a tag link
to a tag that is not there. Every reader assumes such rows never exist, so they
are refused here, before the write lock is taken, naming the table, the row and
the column. Only real tables are read: a view can compute rows forever.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from interview.store.core import StoreError, _explain

__all__ = ["Incoming", "IncomingTable", "read_incoming"]

# Columns whose text must be a JSON object (the guide snapshot, the filled-in variables).
_JSON_OBJECTS = {("sessions", "guide_json"), ("sessions", "variables_json")}
# What the schema's CHECK constraints allow, checked here so a refusal can name the row.
_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("sessions", "kind"): ("interview", "co-creation"),
    ("sessions", "status"): ("planned", "live", "done"),
    ("sessions", "consent_scope"): ("notes-only", "internal", "external"),
    ("notes", "speaker"): ("interviewer", "participant", "observer"),
    ("notes", "kind"): ("note", "quote", "observation", "idea"),
    ("highlights", "label"): ("problem", "emotion", "workaround", "need", "feature_request"),
    ("highlights", "source"): ("auto", "manual"),
    ("highlights", "status"): ("suggested", "accepted", "rejected"),
    ("themes", "named_by"): ("engine", "researcher"),
    ("theme_statements", "placed_by"): ("engine", "researcher"),
}
_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("ideas", "impact"): (1, 5), ("ideas", "effort"): (1, 5), ("sessions", "paused_seconds"): (0, math.inf),
    ("highlights", "start"): (0, math.inf), ("highlights", "end"): (0, math.inf),
    ("notes", "offset_seconds"): (-math.inf, math.inf),
    ("themes", "pinned"): (0, 1), ("themes", "insight"): (0, 1),
}
_CLOCK_SKEW = timedelta(days=1)  # laptops' clocks disagree a little; a year-9999 "edit" is not skew


@dataclass
class IncomingTable:
    """One table's rows from the other file, in the columns both files share."""

    cols: list[str]
    rows: list[tuple] = field(default_factory=list)


@dataclass
class Incoming:
    """Everything a merge will bring in, read and checked before anything is written."""

    tables: dict[str, IncomingTable] = field(default_factory=dict)

    def get(self, table: str) -> IncomingTable | None:
        return self.tables.get(table)


def read_incoming(source: sqlite3.Connection, ours: sqlite3.Connection, other: Path,
                  tables: tuple[tuple[str, tuple[str, ...]], ...], *, seconds: float) -> Incoming:
    """Read and check every merged table of ``source`` (tables are (name, key columns)).

    Raises StoreError naming ``other`` (never our file) for a view, an unreadable
    file, or the first row that breaks a rule. Stops after ``seconds``.
    """
    deadline = time.monotonic() + seconds
    source.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    incoming = Incoming()
    try:
        kinds = dict(source.execute("SELECT name, type FROM sqlite_master"))
        for table, keys in tables:
            kind = kinds.get(table)
            if kind is None:
                continue  # an older schema without this table
            if kind != "table":
                raise StoreError(f"{other} is not an interview database we can merge: '{table}' is a {kind}, "
                                 "not a table; nothing was merged")
            incoming.tables[table] = _read_table(source, ours, table, keys, other)
    except sqlite3.OperationalError as error:
        if "interrupted" in str(error):
            raise StoreError(f"reading {other} took more than {seconds:g} s; nothing was merged") from None
        raise StoreError(_explain(error, other) + "; nothing was merged") from None
    except sqlite3.Error as error:
        raise StoreError(_explain(error, other) + "; nothing was merged") from None
    finally:
        source.set_progress_handler(None, 0)
    _check_links(incoming, ours, other)
    return incoming


def _read_table(source: sqlite3.Connection, ours: sqlite3.Connection, table: str, keys: tuple[str, ...],
                other: Path) -> IncomingTable:
    spec = {r[1]: (r[2].upper(), bool(r[3])) for r in ours.execute(f"PRAGMA table_info({table})")}
    theirs = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
    cols = [c for c in spec if c in theirs]
    names = ", ".join(f'"{c}"' for c in cols)
    order = "created_at, rowid" if "created_at" in cols else "rowid"
    result = IncomingTable(cols)
    seen: set[tuple] = set()
    now = datetime.now(timezone.utc)
    for row in source.execute(f"SELECT {names} FROM {table} ORDER BY {order}"):
        values = dict(zip(cols, row))
        row_id = "/".join(str(values.get(k))[:40] for k in keys)
        for col, value in values.items():
            problem = _problem(table, col, value, *spec[col], now)
            if problem:
                raise StoreError(f"{other} has a damaged row: {table} {row_id}, column {col}: {problem}; "
                                 "nothing was merged")
        key = tuple(values.get(k) for k in keys)
        if key in seen:
            raise StoreError(f"{other} has a damaged row: {table} {row_id} appears twice; nothing was merged")
        seen.add(key)
        if table == "highlights" and values.get("end") is not None and values.get("start") is not None \
                and values["end"] < values["start"]:
            raise StoreError(f"{other} has a damaged row: highlights {row_id}, column end: it ends before it "
                             "starts; nothing was merged")
        result.rows.append(tuple(row))
    return result


def _problem(table: str, col: str, value: Any, declared: str, not_null: bool, now: datetime) -> str:
    """Why ``value`` cannot go into our ``table.col``, or "" when it can."""
    if value is None:
        return "it is empty, and it must not be" if not_null else ""
    if declared == "TEXT" and not isinstance(value, str):
        return f"{_kind(value)} where text belongs"
    if declared == "INTEGER" and (not isinstance(value, int) or isinstance(value, bool)):
        return f"{_kind(value)} where a whole number belongs"
    if declared == "REAL":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return f"{_kind(value)} where a number belongs"
        if not math.isfinite(value):
            return "not a finite number"
    if (table, col) in _CHOICES and value not in _CHOICES[table, col]:
        return f"'{str(value)[:30]}' is not one of {', '.join(_CHOICES[table, col])}"
    if (table, col) in _RANGES:
        low, high = _RANGES[table, col]
        if not low <= value <= high:
            return f"{value} is out of range"
    if (table, col) in _JSON_OBJECTS:
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):
            return "it is not valid JSON"
        if not isinstance(parsed, dict):
            return "it is JSON but not an object"
    if col.endswith("_at"):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return f"'{value[:40]}' is not an ISO-8601 time"
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        if moment > now + _CLOCK_SKEW:
            return f"'{value[:40]}' is in the future, so it would win every 'newer' comparison"
    return ""


def _kind(value: Any) -> str:
    if isinstance(value, bytes):
        return "binary data (a BLOB)"
    if isinstance(value, str):
        return f"the text '{value[:30]}'"
    return f"the number {value}"


def _check_links(incoming: Incoming, ours: sqlite3.Connection, other: Path) -> None:
    """Every reference (a note's session, a tag link's tag, ...) points at a row in one of the two files."""
    present: dict[tuple[str, str], set] = {}

    def known(table: str, column: str, value: Any) -> bool:
        if (table, column) not in present:
            data = incoming.get(table)
            index = data.cols.index(column) if data and column in data.cols else None
            present[table, column] = {row[index] for row in data.rows} if data and index is not None else set()
        if value in present[table, column]:
            return True
        return ours.execute(f'SELECT 1 FROM {table} WHERE "{column}" = ? LIMIT 1', (value,)).fetchone() is not None

    their_tags = incoming.get("tags")
    tag_ids = {row[their_tags.cols.index("id")] for row in their_tags.rows} if their_tags else set()
    for table, data in incoming.tables.items():
        links = [(r[3], r[2], r[4]) for r in ours.execute(f"PRAGMA foreign_key_list({table})")]
        for column, parent, parent_column in links:
            if column not in data.cols:
                continue
            index = data.cols.index(column)
            for row in data.rows:
                value = row[index]
                if value is None:
                    continue
                # Tags are matched by name, so a tag link must point at one of the other file's own tags.
                found = value in tag_ids if (table, parent) == ("note_tags", "tags") else known(parent, parent_column, value)
                if not found:
                    raise StoreError(f"{other} has a damaged row: {table} (column {column} = '{str(value)[:40]}') "
                                     f"points at a missing {parent} row; nothing was merged")
