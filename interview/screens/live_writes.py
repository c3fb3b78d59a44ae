"""Store writes done one at a time and in order, off the UI thread (the live screen's, the workshop's drafts).

While another program held the write lock, every save waited out SQLite's busy
timeout (5 s) on the UI thread, so typing froze on each note and each draft. Now
the screen queues a ``Write`` and goes on; one worker thread on the app runs the
queue head first. A write that holds the user's words (``keep``: a note, an edit)
stays at the head until it commits, retried every ``RETRY_SECONDS``, so nothing
behind it overtakes it; any other write that fails is dropped. Failures reach the
app's one error path (``show_error``); results come back on the UI thread.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Callable

from textual.app import App

RETRY_SECONDS = 1.0  # between attempts at a kept write; each attempt may itself wait out the busy timeout


@dataclass(eq=False)
class Write:
    """One write: ``run`` in the writer thread, then ``done(result)`` on the UI thread."""

    run: Callable[[], Any]
    done: Callable[[Any], None] | None = None
    keep: bool = False  # the user's words: retried until committed, never dropped
    failed: Callable[[Exception], None] | None = None  # on the UI thread, after the error was shown
    after: str = ""  # what the screen does about a failure, said after the error's sentence


class WriteQueue:
    """Writes in the order they were asked for, one thread at a time, never on the UI thread."""

    def __init__(self, app: App, *, on_stuck: Callable[[Exception], Exception] | None = None) -> None:
        self.app = app
        self._writes: deque[Write] = deque()
        self._running = False
        self._stuck = False  # the head write failed and waits for a retry
        self._retry_timer: Any = None
        self._on_stuck = on_stuck

    def add(self, write: Write) -> None:
        self._writes.append(write)
        self._pump()

    @property
    def waiting(self) -> int:
        """Writes not done yet (including the one running)."""
        return len(self._writes)

    @property
    def stuck(self) -> bool:
        return self._stuck

    def _pump(self) -> None:
        if self._running or not self._writes:
            return
        self._running = True
        self.app.run_worker(self._drain, thread=True, group="store-writes", exit_on_error=False)

    def _drain(self) -> None:
        """In the worker thread: run writes until the queue is empty or the head fails."""
        try:
            while self._writes:
                write = self._writes[0]
                try:
                    result = write.run()
                except Exception as error:  # noqa: BLE001 - a bug must not lose the words either
                    self._call(self._failed, write, error)
                    return
                self._writes.popleft()
                self._call(self._succeeded, write, result)
        finally:
            self._call(self._idle)

    def _call(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback`` on the UI thread, after what was posted before it (never blocks this thread)."""
        try:
            self.app.call_later(callback, *args)
        except RuntimeError:  # the app has closed: nobody to tell
            pass

    # ------------------------------------------------------------------ back on the UI thread

    def _succeeded(self, write: Write, result: Any) -> None:
        self._stuck = False
        if write.done is not None:
            write.done(result)

    def _failed(self, write: Write, error: Exception) -> None:
        if not write.keep:
            self._writes.popleft()
        elif self._stuck:
            return  # said already; the words stay visibly unsaved and are retried
        else:
            self._stuck = True
            if self._on_stuck is not None:
                error = self._on_stuck(error)
        self.app.show_error(error, after=write.after)
        if write.failed is not None:
            write.failed(error)

    def _idle(self) -> None:
        self._running = False
        if self._stuck:
            if self._retry_timer is None:
                self._retry_timer = self.app.set_timer(RETRY_SECONDS, self._retry)
            return
        self._pump()

    def _retry(self) -> None:
        self._retry_timer = None
        self._pump()

    def flush_now(self) -> None:
        """Try the head again at once (a new note was entered)."""
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        self._pump()
