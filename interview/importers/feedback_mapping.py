"""Which column holds what: the user's ``--text/--customer/...`` choices, else guesses from the header.

A guess looks first for the names export tools use (``Comment``, ``Requester email``,
``Submitted at``, ``NPS``), then for words in longer headers (survey questions such as
"What is the main reason for your score?"), and for the text, at last, for the column
with the longest prose. A named column that does not exist stops the import with the
list of columns there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interview.importers.feedback_read import FeedbackError, FeedbackTable

__all__ = ["FIELDS", "ColumnMapping", "choose_mapping"]

FIELDS: tuple[str, ...] = ("text", "customer", "email", "date", "segment", "rating")
OPTION = {name: f"--{name}" for name in FIELDS}

# Exact header names (normalised), best first; then words that may appear in a longer header.
_NAMES: dict[str, tuple[str, ...]] = {
    "email": ("email", "e mail", "email address", "requester email", "customer email", "user email", "contact email",
              "respondent email", "author email", "user.email", "customer.email", "requester.email", "author.email"),
    "text": ("text", "feedback", "comment", "comments", "verbatim", "review", "review text", "body", "message",
             "description", "content", "response", "answer", "feedback text", "comment body", "ticket description",
             "what could we improve", "details"),
    "customer": ("customer", "customer name", "name", "full name", "requester", "requester name", "user", "user name",
                 "username", "author", "author name", "reviewer", "reviewer name", "respondent", "contact",
                 "contact name", "client", "user.name", "customer.name", "requester.name", "author.name"),
    "date": ("date", "created", "created at", "created_at", "timestamp", "submitted at", "date submitted", "submitted",
             "submission date", "created date", "review date", "date created", "time", "start date", "end date",
             "updated at"),
    "segment": ("segment", "customer segment", "plan", "tier", "plan name", "customer type", "account type",
                "subscription", "pricing plan", "company size", "user.plan", "customer.plan", "customer.segment"),
    "rating": ("rating", "score", "stars", "star rating", "nps", "nps score", "csat", "satisfaction",
               "satisfaction rating", "satisfaction score"),
}
_WORDS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e mail"),
    "text": ("comment", "feedback", "review", "message", "description", "verbatim", "why", "reason", "improve",
             "tell us", "text", "body"),
    "customer": ("customer", "requester", "respondent", "reviewer", "author", "name"),
    "date": ("date", "created", "submitted", "timestamp", "time"),
    "segment": ("segment", "plan", "tier"),
    "rating": ("rating", "score", "nps", "csat", "stars", "recommend", "satisfied", "satisfaction"),
}
_NOT_CUSTOMER = ("company", "product", "file", "app", "plan", "organization", "organisation", "account")


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^\w.@]+", " ", header.casefold().replace("_", " ")).split())


@dataclass
class ColumnMapping:
    """Column per field (None: not in this file), which were guessed, and the other columns (kept as metadata)."""

    columns: dict[str, str | None]
    guessed: set[str] = field(default_factory=set)
    others: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> str | None:
        return self.columns.get(name)

    def as_dict(self) -> dict[str, str]:
        """What is stored with the source (and compared when an import resumes)."""
        return {name: column for name, column in self.columns.items() if column}


def _find(table: FeedbackTable, wanted: str, name: str) -> str:
    if wanted in table.columns:
        return wanted
    folded = [c for c in table.columns if c.casefold() == wanted.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    shown = ", ".join(f"'{c}'" for c in table.columns[:30]) + (" …" if len(table.columns) > 30 else "")
    raise FeedbackError(f"there is no column named '{wanted}' ({OPTION[name]}); the columns are: {shown}",
                        column=wanted)


def _looks_like_emails(table: FeedbackTable, column: str) -> bool:
    values = [cells.get(column, "").strip() for _, cells in table.rows[:200]]
    values = [v for v in values if v]
    return bool(values) and sum(bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", v)) for v in values) >= 0.8 * len(values)


def _prose_column(table: FeedbackTable, free: list[str]) -> str | None:
    """The column whose cells are the longest text with spaces: where people wrote."""
    best, best_length = None, 15.0
    sample = table.rows[:300]
    for column in free:
        values = [cells.get(column, "") for _, cells in sample]
        words = [v for v in values if " " in v.strip()]
        if len(words) < 0.3 * max(1, len(values)):
            continue
        length = sum(len(v) for v in words) / len(words)
        if length > best_length:
            best, best_length = column, length
    return best


def _guess(table: FeedbackTable, name: str, free: list[str]) -> str | None:
    normalised = {column: _norm(column) for column in free}
    for wanted in _NAMES[name]:
        for column, norm in normalised.items():
            if norm == wanted and (name != "customer" or not _looks_like_emails(table, column)):
                return column
    for column, norm in normalised.items():
        words = set(norm.split())
        for word in _WORDS[name]:
            if (word in words or (" " in word and word in norm)) and not (
                name == "customer" and (words & set(_NOT_CUSTOMER) or _looks_like_emails(table, column))
            ):
                return column
    if name == "email":
        return next((c for c in free if _looks_like_emails(table, c)), None)
    if name == "text":
        return _prose_column(table, free)
    return None


def choose_mapping(table: FeedbackTable, given: dict[str, str | None]) -> ColumnMapping:
    """``given[field]``: a column name, "" for "this file has none", or None to guess."""
    columns: dict[str, str | None] = {}
    guessed: set[str] = set()
    for name in FIELDS:
        wanted = given.get(name)
        if wanted:
            columns[name] = _find(table, wanted, name)
    taken = set(columns.values())
    for name in ("email", "text", "date", "rating", "customer", "segment"):
        if name in columns or given.get(name) == "":
            columns.setdefault(name, None)
            continue
        free = [c for c in table.columns if c not in taken]
        found = _guess(table, name, free)
        columns[name] = found
        if found:
            guessed.add(name)
            taken.add(found)
    if not columns.get("text"):
        shown = ", ".join(f"'{c}'" for c in table.columns[:30])
        raise FeedbackError(f"no column looks like the feedback text; name it with --text (the columns are: {shown})")
    mapped = {c for c in columns.values() if c}
    others = [c for c in table.columns if c not in mapped]
    return ColumnMapping({name: columns.get(name) for name in FIELDS}, guessed, others)
