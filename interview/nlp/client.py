"""The app's handle on the NLP worker process (worker.py): analyse notes and lint guides there.

Calls block until the answer comes back, so the app makes them from worker threads;
while one waits on the pipe it holds no GIL and the UI thread runs freely. One worker
serves the whole app (``shared_worker``); calls take turns. If the worker dies (killed,
out of memory), the next call starts a fresh one, once; a second failure is reported.
"""

from __future__ import annotations

import atexit
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview.nlp.errors import PipelineError

PACKAGE_HOME = Path(__file__).resolve().parents[2]  # the folder that holds the interview package

if TYPE_CHECKING:
    from interview.guides.lint import Finding
    from interview.models import Guide, Highlight


class NlpWorker:
    """A lazily started ``python -m interview.nlp.worker`` and its pipes."""

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command or [sys.executable, "-m", "interview.nlp.worker"]
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.version = ""

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> str:
        """Start the worker if it is not running and wait for its pipeline; returns its version."""
        with self._lock:
            self._ensure_started()
            return self.version

    def analyze(self, text: str) -> list[Highlight]:
        """The suggested highlights of one note."""
        return self._call("analyze", text)

    def lint(self, guide: Guide) -> list[Finding]:
        """The linter's findings for a guide."""
        return self._call("lint", guide)

    def close(self) -> None:
        """Close its stdin (the worker exits on its own) and reap it."""
        with self._lock:
            self._stop()

    def _call(self, op: str, argument: Any) -> Any:
        with self._lock:
            for attempt in (1, 2):
                self._ensure_started()
                try:
                    return self._exchange(op, argument)
                except (OSError, EOFError, pickle.UnpicklingError) as error:
                    self._stop()
                    if attempt == 2:
                        raise PipelineError(f"The NLP worker stopped twice in a row ({type(error).__name__}).") from error
        raise AssertionError("unreachable")

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._stop()
        process = subprocess.Popen(
            self._command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # the app owns the terminal: a stray warning would scribble on it
            # `python -m` looks in its working directory first: run it where this very
            # package lives, so a folder of the user's that happens to be called
            # "interview" cannot stand in for it.
            cwd=PACKAGE_HOME,
        )
        self._process = process
        try:
            status, value = pickle.load(process.stdout)  # type: ignore[arg-type]
        except (OSError, EOFError, pickle.UnpicklingError) as error:
            self._stop()
            raise PipelineError(f"The NLP worker did not start ({type(error).__name__}).") from error
        if status != "ok":
            self._stop()
            raise PipelineError(str(value))
        self.version = str(value)

    def _exchange(self, op: str, argument: Any) -> Any:
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        pickle.dump((op, argument), process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        process.stdin.flush()
        status, value = pickle.load(process.stdout)
        if status != "ok":
            raise PipelineError(str(value))
        return value

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_shared: NlpWorker | None = None
_shared_lock = threading.Lock()


def shared_worker() -> NlpWorker:
    """The one worker process of this app, stopped when the app's process exits."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = NlpWorker()
            atexit.register(_shared.close)
        return _shared
