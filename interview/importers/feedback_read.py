"""Reading feedback exports into a table of named cells: CSV (any common delimiter) and JSON Lines.

Survey tools write CSV with a UTF-8 BOM, quoted cells that span lines and long
questions as headers; support desks write comma or semicolon CSV with ISO dates;
app-review and ticket APIs give JSON Lines with nested objects (flattened here to
``user.email``-style columns). Anything that makes the file untrustworthy (bad
quoting, a row with more cells than the header, a JSON line that does not parse)
raises :class:`FeedbackError` naming the row; nothing is guessed around it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from interview.regular_files import FileKindError, read_user_file

__all__ = ["FEEDBACK_SUFFIXES", "FeedbackError", "FeedbackTable", "is_feedback_file", "read_feedback_file",
           "parse_feedback_bytes"]

FEEDBACK_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".xlsx", ".xls")
MAX_BYTES = 500_000_000
_DELIMITERS = (",", ";", "\t", "|")


class FeedbackError(Exception):
    """A feedback file that cannot be imported, in one sentence naming the row and column."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None, *,
                 unit: str = "row", path: str | None = None) -> None:
        self.message, self.row, self.column, self.unit, self.path = message, row, column, unit, path
        super().__init__(message)

    def __str__(self) -> str:
        where = [self.path or "the feedback file"]
        if self.row:
            where.append(f"{self.unit} {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class FeedbackTable:
    """A file's columns and rows; ``rows`` pairs each row's number as the user sees it with its cells.

    For CSV the number is the spreadsheet row (the header is row 1); for JSON Lines, the line.
    """

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    format: str
    unit: str = "row"
    delimiter: str = ""
    warnings: list[str] = field(default_factory=list)


def is_feedback_file(path: Path) -> bool:
    """Feedback files are told apart from transcripts by their extension."""
    return path.suffix.lower() in FEEDBACK_SUFFIXES


def read_feedback_file(path: str | Path) -> tuple[FeedbackTable, bytes]:
    """The parsed table and the raw bytes (hashed to recognise a re-import); FeedbackError names the file."""
    path = Path(path).expanduser()
    try:
        data = read_user_file(path, limit=MAX_BYTES, what="feedback", too_large="split it into several files")
    except FileKindError as error:
        raise FeedbackError(str(error), path=str(path)) from None
    try:
        return parse_feedback_bytes(data, path.suffix), data
    except FeedbackError as error:
        error.path = str(path)
        raise


def parse_feedback_bytes(data: bytes, suffix: str) -> FeedbackTable:
    suffix = suffix.lower()
    if suffix in (".xlsx", ".xls") or data.startswith(b"PK\x03\x04"):
        raise FeedbackError("Excel workbooks are not read directly; save the sheet as 'CSV UTF-8' "
                            "(File > Save As) and import the .csv")
    text, warnings = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # also inside quoted multi-line cells
    if suffix in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith(("{", "[")):
        table = _read_json(text)
    else:
        table = _read_csv(text, tab=suffix == ".tsv")
    table.warnings[:0] = warnings
    if not table.rows:
        raise FeedbackError("has a header but no rows" if table.columns else "is empty")
    return table


def _decode(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252 with a warning (old Excel 'CSV' files)."""
    if not data.strip():
        raise FeedbackError("is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").lstrip("\ufeff"), []
        except UnicodeDecodeError as error:
            raise FeedbackError(f"says it is UTF-16 but is not ({error.reason})") from None
    if b"\x00" in data[:8192]:
        raise FeedbackError("is a binary file, not CSV or JSON Lines")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), ["the file is not UTF-8; read it as Windows-1252"]


def _header_names(cells: list[str]) -> list[str]:
    """Trimmed header names; blanks become 'column N' and repeats get ' (2)', so every cell has a name."""
    names: list[str] = []
    seen: set[str] = set()
    for number, cell in enumerate(cells, start=1):
        name = " ".join(cell.replace("\ufeff", "").split()) or f"column {number}"
        base, n = name, 2
        while name.casefold() in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name.casefold())
        names.append(name)
    return names


def _read_csv(text: str, *, tab: bool = False) -> FeedbackTable:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if tab else max(_DELIMITERS, key=lambda d: (first_line.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = enumerate(reader, start=1)
    number = 0  # the last record read whole; an error is in the next
    try:
        header: list[str] = []
        for number, header in records:
            if any(c.strip() for c in header):
                break
        columns = _header_names(header)
        rows: list[tuple[int, dict[str, str]]] = []
        width = len(columns)
        for number, cells in records:
            if not any(c.strip() for c in cells):
                continue  # a blank line
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                raise FeedbackError(f"has {len(cells)} cells but the header has {width}; "
                                    "a quote or a delimiter is probably missing", number)
            rows.append((number, dict(zip(columns, cells))))
    except csv.Error as error:
        raise FeedbackError(f"is not valid CSV ({error}); is a quote left open?", number + 1) from None
    return FeedbackTable(columns, rows, "csv", "row", delimiter)


def _flatten(value: object, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}" if prefix else str(key), out)
    elif value is None:
        out[prefix] = ""
    elif isinstance(value, bool):
        out[prefix] = "true" if value else "false"
    elif isinstance(value, (list, tuple)):
        out[prefix] = json.dumps(value, ensure_ascii=False)
    else:
        out[prefix] = str(value)


def _read_json(text: str) -> FeedbackTable:
    """JSON Lines (one object a line), or one JSON array of objects."""
    items: list[tuple[int, object]] = []
    unit = "line"
    if text.lstrip().startswith("["):
        try:
            array = json.loads(text)
        except json.JSONDecodeError as error:
            raise FeedbackError(f"is not valid JSON ({error.msg})", error.lineno, unit="line") from None
        if not isinstance(array, list):
            raise FeedbackError("is a JSON value but not a list of objects")
        items, unit = list(enumerate(array, start=1)), "item"
    else:
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                items.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                raise FeedbackError(f"is not valid JSON ({error.msg} at character {error.colno})", number,
                                    unit="line") from None
    columns: dict[str, None] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    for number, item in items:
        if not isinstance(item, dict):
            raise FeedbackError(f"is a JSON {type(item).__name__}, not an object with named fields", number, unit=unit)
        cells: dict[str, str] = {}
        _flatten(item, "", cells)
        for key in cells:
            columns.setdefault(key, None)
        rows.append((number, cells))
    return FeedbackTable(list(columns), rows, "jsonl" if unit == "line" else "json", unit)
