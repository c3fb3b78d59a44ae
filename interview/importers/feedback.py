"""Feedback files (survey answers, support tickets, app reviews) become one feedback source each.

``plan_feedback`` reads and checks the whole file before anything is written: the
mapping, every date, every row. The rule for bad input (also in docs/import.md):

* the file stops, nothing written: a file that cannot be parsed (bad quoting, a row
  with more cells than the header, a JSON line that does not parse), a column named
  with ``--text`` etc. that the file does not have, no column that looks like text, a
  cell in the date column that is not a date;
* the row is skipped and reported: a row whose text is empty;
* imported with a warning: a rating that is not a number (kept as text with the row's
  other columns), dates that could be day/month or month/day (read as month/day).

``save_feedback`` then writes one transaction per batch, analysing each batch with the
highlighter, and marks the source complete after the last: a stop in between leaves
an invisible source that the next run of the same file resumes.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from interview.importers.feedback_mapping import FIELDS, ColumnMapping, choose_mapping
from interview.importers.feedback_read import FeedbackError, FeedbackTable, read_feedback_file
from interview.importers.feedback_values import DateReader, parse_rating
from interview.models import FeedbackSource, FeedbackStatement, Highlight

if TYPE_CHECKING:
    from interview.store.feedback import FeedbackBatch

__all__ = ["FeedbackError", "FeedbackPlan", "FeedbackResult", "highlight_statements", "plan_feedback",
           "save_feedback", "BATCH_SIZE"]

BATCH_SIZE = 5000  # rows per transaction: 20 commits for 100,000 rows, a progress step each


@dataclass
class FeedbackPlan:
    """A checked file, ready to save: its statements, the rows skipped and why, warnings."""

    name: str
    file_name: str
    sha256: str
    table: FeedbackTable
    mapping: ColumnMapping
    statements: list[FeedbackStatement]
    skipped: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.table.rows)


@dataclass
class FeedbackResult:
    """What saving did: the source, and whether it was already there, resumed or replaced."""

    source: FeedbackSource
    already: bool = False
    resumed_from: int = 0  # statements already saved by an earlier, stopped run
    replaced: bool = False
    customers_created: int = 0
    highlights: int = 0


def plan_feedback(path: str | Path, given: dict[str, str | None], *, source_name: str | None = None,
                  date_format: str | None = None) -> FeedbackPlan:
    """Read, map and check every row of ``path``; FeedbackError (naming row and column) if it cannot be imported."""
    path = Path(path).expanduser()
    table, data = read_feedback_file(path)
    try:
        mapping = choose_mapping(table, given)
        plan = FeedbackPlan(
            name=(source_name or path.stem).strip(), file_name=path.name, sha256=hashlib.sha256(data).hexdigest(),
            table=table, mapping=mapping, statements=[], warnings=list(table.warnings),
        )
        _drop_implausible_guesses(plan)
        _parse_rows(plan, date_format)
    except FeedbackError as error:
        error.path, error.unit = str(path), table.unit if error.row else error.unit
        raise
    if not plan.statements:
        raise FeedbackError(f"every row's text ({mapping['text']!r}) is empty; nothing to import", path=str(path))
    return plan


def _drop_implausible_guesses(plan: FeedbackPlan) -> None:
    """A guessed date or rating column whose first cells are not dates or numbers was a wrong guess."""
    for name in ("date", "rating"):
        column = plan.mapping[name]
        if not column or name not in plan.mapping.guessed:
            continue
        values = [v for v in (cells.get(column, "").strip() for _, cells in plan.table.rows[:100]) if v]
        if name == "date":
            try:
                reader = DateReader(values)
                fine = sum(1 for v in values if _readable(reader, v))
            except ValueError:
                fine = 0
        else:
            fine = sum(parse_rating(v) is not None for v in values)
        if values and fine < 0.5 * len(values):  # mostly not dates or numbers: the header misled the guess
            plan.mapping.columns[name] = None
            plan.mapping.guessed.discard(name)
            plan.mapping.others.append(column)
            plan.warnings.append(f"column '{column}' looked like the {name} but its cells are not "
                                 f"{'dates' if name == 'date' else 'numbers'}; kept as metadata (use --{name} to choose)")


def _readable(reader: DateReader, value: str) -> bool:
    try:
        reader.read(value)
        return True
    except (ValueError, OverflowError):
        return False


def _parse_rows(plan: FeedbackPlan, date_format: str | None) -> None:
    m = plan.mapping
    text_col, date_col, rating_col = m["text"], m["date"], m["rating"]
    customer_col, email_col, segment_col = m["customer"], m["email"], m["segment"]
    reader = None
    if date_col:
        try:
            reader = DateReader([cells.get(date_col, "") for _, cells in plan.table.rows], date_format)
        except ValueError as error:
            raise FeedbackError(str(error), column=date_col) from None
        if reader.ambiguous:
            plan.warnings.append(f"dates in '{date_col}' such as 03/04/2025 were read as month/day; "
                                 "pass --date-format %d/%m/%Y if they are day/month")
    others = m.others
    not_numbers = 0
    for number, cells in plan.table.rows:
        text = (cells.get(text_col) or "").strip()
        if not text:
            plan.skipped.append((number, "empty text"))
            continue
        occurred = None
        if reader is not None:
            raw = cells.get(date_col, "")
            try:
                occurred = reader.read(raw)
            except (ValueError, OverflowError):
                hint = f" (--date-format {date_format} does not fit it)" if date_format else \
                    "; fix the cell, pass --date-format, or --date '' to import without dates"
                raise FeedbackError(f"'{raw.strip()}' is not a date{hint}", number, date_col) from None
        rating = None
        meta = {c: cells[c] for c in others if cells.get(c, "").strip()}
        if rating_col:
            raw = cells.get(rating_col, "")
            rating = parse_rating(raw)
            if rating is None and raw.strip():
                not_numbers += 1
                meta[rating_col] = raw.strip()
        customer = (cells.get(customer_col) or "").strip() if customer_col else ""
        email = (cells.get(email_col) or "").strip() if email_col else ""
        if not email and "@" in customer and " " not in customer:
            email = customer
        plan.statements.append(FeedbackStatement(
            row=number, text=text, customer=customer, email=email, occurred_at=occurred,
            segment=(cells.get(segment_col) or "").strip() if segment_col else "", rating=rating, meta=meta,
        ))
    if not_numbers:
        plan.warnings.append(f"{not_numbers} ratings in '{rating_col}' are not numbers; kept as text in the metadata")


def highlight_statements(texts: Sequence[str]) -> list[list[Highlight]]:
    """The highlighter over one batch, in process: the import's only call into the NLP pipeline."""
    from interview.nlp import analyze

    return analyze(texts)


def save_feedback(store, plan: FeedbackPlan, *, analyse: bool = True, batch_size: int | None = None,
                  progress: Callable[[int], None] | None = None) -> FeedbackResult:
    """Write the plan as a source, one transaction per batch; a no-op when the same file is already in.

    ``progress(n)`` is called with the number of statements each step saved (resumed ones first).
    A KeyboardInterrupt between or inside batches leaves the source incomplete and
    hidden; calling this again with the same file resumes after the last saved batch.
    """
    from interview.nlp import pipeline_version

    batch_size = batch_size or BATCH_SIZE
    existing = store.feedback_source_with_hash(plan.sha256)
    if existing is not None and existing.complete:
        return FeedbackResult(existing, already=True)
    same_import = existing is not None and existing.mapping == plan.mapping.as_dict() \
        and existing.name.casefold() == plan.name.casefold()
    if existing is not None and same_import:
        result = FeedbackResult(existing, resumed_from=existing.statement_count)
    else:
        if existing is not None:  # stopped earlier with another mapping or name: start again
            store.remove_feedback_source(existing)
        result = FeedbackResult(store.start_feedback_source(
            name=plan.name, file_name=plan.file_name, sha256=plan.sha256, fmt=plan.table.format,
            row_count=plan.row_count, mapping=plan.mapping.as_dict(),
        ), replaced=existing is not None)
    source = result.source
    todo = [s for s in plan.statements if s.row > source.last_row]
    if progress and result.resumed_from:
        progress(result.resumed_from)
    customers = store.customer_index(source)
    version = pipeline_version() if analyse else ""
    last_row = plan.table.rows[-1][0]

    def saved(future: Future, batch: FeedbackBatch) -> None:
        future.result()
        result.customers_created += len(batch.people)
        result.highlights += batch.highlight_count
        if progress:
            progress(len(batch.notes))

    # While one batch is written (SQLite lets go of the GIL), the next is analysed and
    # prepared. A stop (KeyboardInterrupt, in this thread) waits for the batch being
    # written to commit whole; the source stays incomplete, so nothing of it is visible.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="feedback-save") as writer:
        pending: tuple[Future, FeedbackBatch] | None = None
        for start in range(0, len(todo), batch_size):
            chunk = todo[start:start + batch_size]
            found = highlight_statements([s.text for s in chunk]) if analyse else [[] for _ in chunk]
            reach = last_row if start + batch_size >= len(todo) else chunk[-1].row
            if pending:
                saved(*pending)  # customers are matched in order: the previous batch is in first
            batch = store.feedback_batch(source, chunk, found, last_row=reach, customers=customers,
                                         model_version=version)
            pending = (writer.submit(store.add_feedback_batch, source, batch), batch)
        if pending:
            saved(*pending)
    result.source = store.complete_feedback_source(source, skipped=len(plan.skipped))
    return result


def mapping_options(text: str | None = None, customer: str | None = None, email: str | None = None,
                    date: str | None = None, segment: str | None = None, rating: str | None = None) -> dict[str, str | None]:
    """The command-line options as ``choose_mapping`` takes them ("-" or "" means: this file has none)."""
    values = dict(text=text, customer=customer, email=email, date=date, segment=segment, rating=rating)
    return {name: ("" if values[name] in ("", "-") else values[name]) for name in FIELDS}
