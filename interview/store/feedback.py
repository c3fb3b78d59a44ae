"""Feedback sources: imported survey answers, tickets and reviews, stored as notes of a hidden session.

Each source owns one session-like row (``sessions.id = feedback_sources.session_id``)
whose notes are its statements, so highlights, tags, full-text search and theme
evidence need nothing new. Readers of interviews leave these sessions out with
:data:`FEEDBACK_SESSIONS`; readers that may show feedback (search) leave out only
unfinished imports with :data:`UNFINISHED_FEEDBACK`. A source is written one batch per
transaction and marked complete only after its last batch, so a stopped import is
never visible and resumes from ``last_row``.
"""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from interview.models import FeedbackOrigin, FeedbackSource, FeedbackStatement, Highlight, Note
from interview.store.base import StoreBase
from interview.store.core import StoreError, _chunks, _guarded, _note, new_id, now_iso

# Sub-queries for other stores' WHERE clauses: `s.id NOT IN FEEDBACK_SESSIONS`.
FEEDBACK_SESSIONS = "(SELECT session_id FROM feedback_sources)"
UNFINISHED_FEEDBACK = "(SELECT session_id FROM feedback_sources WHERE status != 'complete')"
TITLE_PREFIX = "Feedback: "


def name_key(name: str) -> str:
    """A person's name as matching sees it: accents, case and spacing ignored ("José  Pérez" = "jose perez")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@dataclass
class CustomerIndex:
    """Existing participants by e-mail and by name key, loaded once per import and kept up to date."""

    by_email: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    email_of: dict[str, str] = field(default_factory=dict)  # participant id -> e-mail ('' if none)
    import_made: set[str] = field(default_factory=set)  # created by some feedback import
    linked: set[str] = field(default_factory=set)  # already linked to the source being imported

    def find(self, name: str, email: str) -> str | None:
        """E-mail first; then the name, unless both the row and the person found have (other) e-mails."""
        email = email.strip().lower()
        if email and email in self.by_email:
            return self.by_email[email]
        key = name_key(name)
        found = self.by_name.get(key) if key else None
        if found and (not email or not self.email_of.get(found)):
            return found
        return None

    def add(self, participant_id: str, name: str, email: str) -> None:
        email = email.strip().lower()
        if email:
            self.by_email.setdefault(email, participant_id)
        key = name_key(name)
        if key:
            self.by_name.setdefault(key, participant_id)
        self.email_of[participant_id] = email


@dataclass
class FeedbackBatch:
    """The rows of one batch, ready for one transaction."""

    last_row: int
    people: list[tuple] = field(default_factory=list)
    links: list[tuple] = field(default_factory=list)
    notes: list[tuple] = field(default_factory=list)
    items: list[tuple] = field(default_factory=list)
    spans: list[tuple] = field(default_factory=list)

    @property
    def highlight_count(self) -> int:
        return len(self.spans)


IMPORT_CACHE_KIB = 65536


def _fresh_ids(count: int) -> Iterator[str]:
    """``count`` random version-4 UUIDs as hex, as ``new_id`` makes them, at a fifth of the cost."""
    raw = bytearray(os.urandom(16 * count))
    for offset in range(0, 16 * count, 16):
        raw[offset + 6] = (raw[offset + 6] & 0x0F) | 0x40
        raw[offset + 8] = (raw[offset + 8] & 0x3F) | 0x80
        yield raw[offset:offset + 16].hex()


def _source(row: dict) -> FeedbackSource:
    return FeedbackSource(
        id=row["id"], session_id=row["session_id"], name=row["name"], file_name=row["file_name"],
        file_sha256=row["file_sha256"], format=row["format"], row_count=row["row_count"],
        last_row=row["last_row"], statement_count=row["statement_count"], skipped_count=row["skipped_count"],
        mapping=json.loads(row["mapping_json"] or "{}"), status=row["status"], created_at=row["created_at"],
        completed_at=row["completed_at"], customer_count=row.get("customer_count") or 0,
    )


class FeedbackQueries(StoreBase):
    # ------------------------------------------------------------------ sources

    @_guarded
    def feedback_sources(self) -> list[FeedbackSource]:
        """Every source, oldest first, with how many distinct customers its statements have."""
        rows = self._rows(
            "SELECT f.*, (SELECT count(DISTINCT n.participant_id) FROM notes n "
            "WHERE n.session_id = f.session_id AND n.deleted = 0) AS customer_count "
            "FROM feedback_sources f ORDER BY f.created_at, f.rowid"
        )
        return [_source(r) for r in rows]

    @_guarded
    def feedback_source_with_hash(self, sha256: str) -> FeedbackSource | None:
        rows = list(self._rows("SELECT * FROM feedback_sources WHERE file_sha256 = ? ORDER BY created_at", [sha256]))
        return _source(rows[0]) if rows else None

    @_guarded
    def feedback_source_of_session(self, session_id: str) -> FeedbackSource | None:
        """The source whose statements live in this session, or None for an interview."""
        rows = list(self._rows("SELECT * FROM feedback_sources WHERE session_id = ?", [session_id]))
        return _source(rows[0]) if rows else None

    @_guarded
    def feedback_source_named(self, name: str) -> FeedbackSource | None:
        rows = list(self._rows("SELECT * FROM feedback_sources WHERE name = ? COLLATE NOCASE", [name.strip()]))
        return _source(rows[0]) if rows else None

    @_guarded
    def start_feedback_source(
        self, *, name: str, file_name: str, sha256: str, fmt: str, row_count: int, mapping: dict[str, str],
    ) -> FeedbackSource:
        """The source and its hidden session, committed as 'importing' (invisible until completed)."""
        name = name.strip()
        if not name:
            raise StoreError("a feedback source needs a name")
        if self.feedback_source_named(name) is not None:
            raise StoreError(f"a feedback source named '{name}' already exists; choose another --source name "
                             "or remove it with `interview sources remove`")
        stamp = now_iso()
        session = {
            "id": new_id(), "kind": "interview", "title": TITLE_PREFIX + name, "guide_name": "",
            "guide_json": "{}", "guide_hash": "", "participant_id": None, "interviewer": "", "status": "done",
            "consent_given": 0, "consent_at": None, "consent_scope": "internal", "variables_json": "{}",
            "started_at": stamp, "ended_at": stamp, "current_question_id": None,
            "created_at": stamp, "updated_at": stamp,
        }
        source = {
            "id": new_id(), "session_id": session["id"], "name": name, "file_name": file_name,
            "file_sha256": sha256, "format": fmt, "row_count": row_count, "last_row": 0, "statement_count": 0,
            "skipped_count": 0, "mapping_json": json.dumps(mapping, ensure_ascii=False, sort_keys=True),
            "status": "importing", "created_at": stamp, "updated_at": stamp, "completed_at": None,
        }
        with self._write():
            self.db["sessions"].insert(session)
            self.db["feedback_sources"].insert(source)
        return _source(source)

    @_guarded
    def customer_index(self, source: FeedbackSource | None = None) -> CustomerIndex:
        """Every participant by e-mail and name key (oldest wins), for matching a file's customers.

        Also which of them feedback imports created (and which ``source`` already links), so
        removing sources removes the people only they brought in, whichever source goes last.
        """
        index = CustomerIndex()
        for pid, name, email in self.conn.execute("SELECT id, name, email FROM participants ORDER BY created_at, rowid"):
            index.add(pid, name, email or "")
        for pid, source_id in self.conn.execute("SELECT participant_id, source_id FROM feedback_customers"):
            index.import_made.add(pid)
            if source is not None and source_id == source.id:
                index.linked.add(pid)
        return index

    @staticmethod
    def feedback_batch(
        source: FeedbackSource,
        statements: Sequence[FeedbackStatement],
        highlights: Sequence[Sequence[Highlight]],
        *,
        last_row: int,
        customers: CustomerIndex,
        model_version: str = "",
    ) -> FeedbackBatch:
        """The rows one batch will write, customers matched or made; no SQL, so it can run beside a write.

        ``last_row`` is the file row (or line) this batch reaches, skipped rows included, so a
        stopped import resumes after it. ``customers`` learns the people it creates (a batch
        that then fails to write ends the import; the next run reloads the index).
        """
        stamp = now_iso()
        batch = FeedbackBatch(last_row=last_row)
        ids = _fresh_ids(len(statements) + sum(len(found) for found in highlights))
        for statement, found in zip(statements, highlights, strict=True):
            participant_id = None
            name, email = statement.customer.strip(), statement.email.strip()
            if name or email:
                participant_id = customers.find(name, email)
                if participant_id is None:
                    participant_id = new_id()
                    customers.add(participant_id, name, email)
                    customers.import_made.add(participant_id)
                    batch.people.append((participant_id, name or email, statement.segment, email, stamp, stamp))
                if participant_id in customers.import_made and participant_id not in customers.linked:
                    customers.linked.add(participant_id)
                    batch.links.append((source.id, participant_id))
            note_id = next(ids)
            batch.notes.append((note_id, source.session_id, statement.text, statement.occurred_at or stamp, stamp,
                                participant_id))
            batch.items.append((note_id, source.id, statement.row, statement.occurred_at, statement.rating,
                                statement.segment,
                                json.dumps(statement.meta, ensure_ascii=False) if statement.meta else "{}"))
            batch.spans.extend((next(ids), note_id, h.start, h.end, h.label, h.kind, h.text, h.rule, model_version,
                                stamp, stamp) for h in found)
        return batch

    @_guarded
    def add_feedback_batch(self, source: FeedbackSource, batch: FeedbackBatch) -> None:
        """One transaction: the batch's new customers, statements (as notes), rows, highlights and progress.

        It skips the fsync (the source is not visible until ``complete_feedback_source``,
        which syncs), and a larger page cache for the import keeps the random-id indexes
        in memory: a third less CPU per row (benchmarks/feedback_import.py).
        """
        self.conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        with self._write(fsync=False):
            if batch.people:
                self.conn.executemany(
                    "INSERT INTO participants (id, name, segment, email, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)", batch.people)
            if batch.links:
                self.conn.executemany("INSERT OR IGNORE INTO feedback_customers VALUES (?, ?)", batch.links)
            self.conn.executemany(
                "INSERT INTO notes (id, session_id, speaker, kind, text, created_at, updated_at, participant_id) "
                "VALUES (?, ?, 'participant', 'quote', ?, ?, ?, ?)", batch.notes)
            self.conn.executemany(
                "INSERT INTO feedback_items (note_id, source_id, row_number, occurred_at, rating, segment, meta_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", batch.items)
            if batch.spans:
                self.conn.executemany(
                    'INSERT INTO highlights (id, note_id, start, "end", label, kind, text, rule, model_version, '
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch.spans)
            self.conn.execute(
                "UPDATE feedback_sources SET last_row = ?, statement_count = statement_count + ?, updated_at = ? "
                "WHERE id = ?", (batch.last_row, len(batch.notes), now_iso(), source.id))
        source.last_row = batch.last_row
        source.statement_count += len(batch.notes)

    @_guarded
    def complete_feedback_source(self, source: FeedbackSource, *, skipped: int) -> FeedbackSource:
        """Mark the source complete (readers see it from now on) and date its session by its rows."""
        stamp = now_iso()
        with self._write():
            first, last = self.conn.execute(
                "SELECT min(occurred_at), max(occurred_at) FROM feedback_items WHERE source_id = ?", (source.id,)
            ).fetchone()
            self.conn.execute(
                "UPDATE feedback_sources SET status = 'complete', skipped_count = ?, completed_at = ?, updated_at = ? "
                "WHERE id = ?", (skipped, stamp, stamp, source.id))
            self.conn.execute(
                "UPDATE sessions SET started_at = ?, ended_at = ?, updated_at = ? WHERE id = ?",
                (first or stamp, last or first or stamp, stamp, source.session_id))
        return self._require_source(source.id)

    @_guarded
    def remove_feedback_source(self, source: FeedbackSource) -> tuple[int, int]:
        """Delete a source, its statements and highlights, and the customers it created that nothing else uses.

        Only people a feedback import created are candidates, and only once no note, session,
        idea or other source refers to them. Returns (statements removed, participants removed).
        One transaction.
        """
        with self._write():
            created = [r[0] for r in self.conn.execute(
                "SELECT participant_id FROM feedback_customers WHERE source_id = ?", (source.id,))]  # import-made
            statements = self.conn.execute(
                "SELECT count(*) FROM notes WHERE session_id = ?", (source.session_id,)).fetchone()[0]
            self.conn.execute("DELETE FROM sessions WHERE id = ?", (source.session_id,))  # cascades
            removed = 0
            for chunk in _chunks(created, 500):
                marks = ",".join("?" * len(chunk))
                removed += self.conn.execute(
                    f"DELETE FROM participants WHERE id IN ({marks}) "
                    "AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.participant_id = participants.id) "
                    "AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.participant_id = participants.id) "
                    "AND NOT EXISTS (SELECT 1 FROM session_participants sp WHERE sp.participant_id = participants.id) "
                    "AND NOT EXISTS (SELECT 1 FROM ideas i WHERE i.participant_id = participants.id) "
                    "AND NOT EXISTS (SELECT 1 FROM feedback_customers c WHERE c.participant_id = participants.id)",
                    chunk).rowcount
        return statements, removed

    @_guarded
    def resolve_feedback_source(self, ref: str) -> FeedbackSource:
        """A source by name (case-insensitive) or a unique prefix of its id."""
        ref = ref.strip()
        if not ref:
            raise StoreError("name a feedback source (see `interview sources list`)")
        found = self.feedback_source_named(ref)
        if found:
            return found
        prefix = ref.lower().replace("%", "").replace("_", "")
        rows = list(self._rows("SELECT * FROM feedback_sources WHERE id LIKE ? LIMIT 2", [f"{prefix}%"]))
        if len(rows) == 1:
            return _source(rows[0])
        raise StoreError(f"no feedback source is named '{ref}' (see `interview sources list`)")

    def _require_source(self, source_id: str) -> FeedbackSource:
        return _source(self._require_row("feedback_sources", source_id, "feedback source"))

    # ------------------------------------------------------------------ what themes and reports read

    @_guarded
    def feedback_origins(self, note_ids: Iterable[str]) -> dict[str, FeedbackOrigin]:
        """For the notes that are feedback statements of complete sources: their source, customer and row facts.

        Notes missing from the result are interview notes. Themes use this to count
        "N of M interviewees · K tickets" and to filter evidence by source and segment.
        """
        ids = list(note_ids)
        origins: dict[str, FeedbackOrigin] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                "SELECT i.note_id, i.source_id, f.name AS source_name, n.participant_id, "
                "CASE WHEN i.segment != '' THEN i.segment ELSE coalesce(p.segment, '') END AS segment, "
                "i.rating, i.occurred_at FROM feedback_items i "
                "JOIN feedback_sources f ON f.id = i.source_id AND f.status = 'complete' "
                "JOIN notes n ON n.id = i.note_id LEFT JOIN participants p ON p.id = n.participant_id "
                f"WHERE i.note_id IN ({marks})", chunk,
            ):
                origins[row["note_id"]] = FeedbackOrigin(**row)
        return origins

    @_guarded
    def feedback_notes(self, *, sources: Sequence[str] = (), segment: str = "", since: str = "",
                       until: str = "") -> list[Note]:
        """Statements of complete sources (notes with their highlights), oldest first: what themes read.

        ``sources`` are source names (case-insensitive; all when empty); ``segment`` matches the
        row's segment, else its customer's; ``since``/``until`` are inclusive YYYY-MM-DD dates of
        the rows (rows without a date pass).
        """
        where = ["f.status = 'complete'", "n.deleted = 0"]
        params: list[object] = []
        if sources:
            where.append(f"f.name COLLATE NOCASE IN ({','.join('?' * len(sources))})")
            params += list(sources)
        if segment:
            where.append("(CASE WHEN i.segment != '' THEN i.segment ELSE coalesce(p.segment, '') END) = ? COLLATE NOCASE")
            params.append(segment)
        if since:
            where.append("(i.occurred_at IS NULL OR substr(i.occurred_at, 1, 10) >= ?)")
            params.append(since)
        if until:
            where.append("(i.occurred_at IS NULL OR substr(i.occurred_at, 1, 10) <= ?)")
            params.append(until)
        rows = self._rows(
            "SELECT n.* FROM feedback_items i JOIN feedback_sources f ON f.id = i.source_id "
            "JOIN notes n ON n.id = i.note_id LEFT JOIN participants p ON p.id = n.participant_id "
            f"WHERE {' AND '.join(where)} ORDER BY n.created_at, n.rowid", params,
        )
        return self._with_details([_note(r) for r in rows])  # type: ignore[attr-defined]  # NoteQueries, in Store

    @_guarded
    def feedback_meta(self, note_id: str) -> dict:
        """The row's other columns as imported (empty for an interview note)."""
        row = self.conn.execute("SELECT meta_json FROM feedback_items WHERE note_id = ?", (note_id,)).fetchone()
        return json.loads(row[0]) if row else {}
