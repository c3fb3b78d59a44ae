"""The one place that speaks SQL: opening the database file safely, and every query.

Every write commits before it returns (``synchronous=FULL`` in WAL mode), so a note
the UI has shown is on disk. Failures a user can cause or meet (a file that is not
ours, a newer schema, a read-only file, a locked or full disk) become ``StoreError``
with one sentence that names the path.

``Store`` is composed of one mixin per area (``participants``, ``forget``, ``sessions``, ``notes``,
``tags``, ``highlights``, ``search``, ``reports``, ``workshops``, ``merge``, ``feedback``, ``themes``, ``backup``) on top of
``StoreBase`` (the connection, migrations and transactions in ``base``); shared helpers
and row conversion are in ``core``. Screens never import these modules: they call
``Store`` methods, named for what the app asks (STYLE.md: sqlite-utils' plain methods
that read as sentences, writes through its helpers such as ``upsert``).
"""

from __future__ import annotations

from interview.store.backup import BackupQueries
from interview.store.core import BUSY_TIMEOUT_MS, StoreError, default_db_path, new_id, now_iso
from interview.store.feedback import FeedbackQueries
from interview.store.forget import ForgetQueries
from interview.store.highlights import HighlightQueries
from interview.store.merge import MergeQueries
from interview.store.notes import NoteQueries
from interview.store.participants import ParticipantQueries
from interview.store.reports import ReportQueries
from interview.store.search import SearchQueries
from interview.store.sessions import SessionQueries
from interview.store.tags import TagQueries
from interview.store.themes import ThemeQueries
from interview.store.workshops import WorkshopQueries

__all__ = ["BUSY_TIMEOUT_MS", "Store", "StoreError", "default_db_path", "new_id", "now_iso"]


class Store(
    ParticipantQueries,
    ForgetQueries,
    SessionQueries,
    NoteQueries,
    TagQueries,
    HighlightQueries,
    SearchQueries,
    ReportQueries,
    WorkshopQueries,
    MergeQueries,
    FeedbackQueries,
    ThemeQueries,
    BackupQueries,
):
    """An open interview database. Methods are named for what the app asks."""
