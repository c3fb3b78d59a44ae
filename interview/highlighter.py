"""The screens' one seam to ``interview.nlp``: highlight a note, lint a guide, suggest a probe.

The App creates one ``Highlighter`` and screens reach it as ``app.highlighter``; tests
hand the App a fake (``Highlighter(loader=..., linter=...)``), as Harlequin hands its
App an adapter (STYLE.md, "Harlequin's injected adapter").

spaCy never loads in the app's process: ``Highlighter.load`` starts the NLP worker
process (nlp/client.py) and waits for its pipeline, from a thread worker after first
paint, so the screen is usable while it loads. No textual here either: the screens own
the threads.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from interview.models import Guide, Highlight, Note, analysed

if TYPE_CHECKING:
    from interview.guides.lint import Finding
    from interview.store import Store

FOLLOW_UPS_FILE = Path(__file__).with_name("nlp") / "patterns" / "coaching" / "follow_ups.jsonl"


def _read_follow_ups() -> dict[str, tuple[str, ...]]:
    """The probes by label, in file order: a label with several rotates so the nudge does not repeat itself."""
    asks: dict[str, list[str]] = {}
    with open(FOLLOW_UPS_FILE, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                asks.setdefault(row["label"], []).append(row["ask"])
    return {label: tuple(options) for label, options in asks.items()}


FOLLOW_UPS: dict[str, tuple[str, ...]] = _read_follow_ups()
# A stated problem is the strongest lead, then a request (dig for the need behind it), then a feeling.
FOLLOW_UP_ORDER: tuple[str, ...] = ("problem", "feature_request", "emotion")

Analyzer = Callable[[str], list[Highlight]]
Linter = Callable[[Guide], "list[Finding]"]


def follow_up(highlights: Iterable[Highlight], turn: int = 0) -> str | None:
    """The one probe to suggest after a note with these highlights (None: nothing to follow up)."""
    labels = {h.label for h in highlights if h.status != "rejected"}
    for label in FOLLOW_UP_ORDER:
        if label in labels:
            options = FOLLOW_UPS[label]
            return options[turn % len(options)]
    return None


def _load_nlp() -> tuple[Analyzer, str]:
    from interview.nlp.client import shared_worker

    worker = shared_worker()
    version = worker.start()  # the slow part, in the worker process: spaCy and the pattern files
    return worker.analyze, version


def _lint_in_worker(guide: Guide) -> list[Finding]:
    from interview.nlp.client import shared_worker

    return shared_worker().lint(guide)  # the linter needs spaCy too: it runs beside the pipeline


class Highlighter:
    """Loads the pipeline once and analyses notes one at a time (spaCy is not re-entrant)."""

    def __init__(self, loader: Callable[[], tuple[Analyzer, str]] = _load_nlp, linter: Linter = _lint_in_worker) -> None:
        self._loader = loader
        self._linter = linter
        self._analyze: Analyzer | None = None
        self.version = ""
        self.error = ""
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._analyze is not None

    def load(self) -> bool:
        """Blocking: call from a worker thread. False (with ``error`` set) when it cannot load."""
        with self._lock:
            if self._analyze is None and not self.error:
                try:
                    self._analyze, self.version = self._loader()
                except Exception as error:  # a broken install must not take the interview down
                    self.error = f"{type(error).__name__}: {error}"
        return self._analyze is not None

    def highlight_note(self, store: "Store", note_id: str, text: str,
                       cancelled: Callable[[], bool] = lambda: False) -> tuple[Note, list[Highlight]] | None:
        """Blocking: analyse a saved note's ``text`` and store its suggestions; None when there is nothing to show.

        A note edited (or undone) while it was being analysed is skipped: that change brings
        its own analysis. Decisions on unchanged spans are kept by the store. The interviewer's
        own notes get no suggestions (``models.analysed``).
        """
        before = store.get_note(note_id)
        if before is None:
            return None
        highlights = self.analyze(text) if analysed(before.speaker) else []
        current = store.get_note(note_id)
        if not self.load() or cancelled() or current is None or current.text != text or current.speaker != before.speaker:
            return None
        store.replace_auto_highlights(note_id, highlights, self.version)
        fresh = store.get_note(note_id)
        return (fresh, highlights) if fresh is not None else None

    def analyze(self, text: str) -> list[Highlight]:
        """Blocking: the highlights of one note (an empty list until loaded)."""
        if not self.load() or self._analyze is None:
            return []
        with self._lock:
            return list(self._analyze(text))

    def lint(self, guide: Guide) -> list[Finding]:
        """Blocking: the linter's findings for a guide (it needs spaCy, so it runs where the pipeline does)."""
        return list(self._linter(guide))
