"""When the text being typed is due to be kept as a draft: the one timing rule for every note box.

Due ``DRAFT_DELAY`` after the last keystroke, and at least every ``DRAFT_DELAY`` during a
long burst of typing (so a crash loses two seconds at most, however fast someone types);
after a failed save, routine drafts pause ``DRAFT_BACKOFF_SECONDS`` instead of queueing
behind the write the database refuses. The live screen's note box (``NoteComposer``)
and the co-creation screen's boxes both use it; it never touches the database.
"""

from __future__ import annotations

import time
from typing import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer

DRAFT_DELAY = 2.0  # seconds; the longest typed text goes without being kept
DRAFT_BACKOFF_SECONDS = 10.0  # after a failed save, routine draft saves pause this long


class DraftPacer:
    """Calls ``due`` when a draft should be kept; ``owner`` runs the timer (a widget or screen)."""

    def __init__(self, owner: MessagePump, due: Callable[[], None]) -> None:
        self._owner = owner
        self._due = due
        self._timer: Timer | None = None
        self._unkept_since: float | None = None
        self._failed_at = float("-inf")

    def typed(self) -> None:
        """A key changed the text: due after a pause, or now if the text has gone unkept too long."""
        now = time.monotonic()
        if self._unkept_since is None:
            self._unkept_since = now
        elif now - self._unkept_since >= DRAFT_DELAY:
            self._due()  # a long burst of typing is kept every couple of seconds too
            return
        self.stop()
        self._timer = self._owner.set_timer(DRAFT_DELAY, self._due)

    def kept(self) -> None:
        """A draft is being kept now: the burst clock starts again at the next key."""
        self._unkept_since = None

    def stop(self) -> None:
        """Nothing is waiting to be kept (the text was sent as a note): no draft is due."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def sent(self) -> None:
        """The text left the box as a note or idea: no draft is due until the next key."""
        self._unkept_since = None
        self.stop()

    def save_failed(self) -> None:
        """A write failed (locked or full disk): routine drafts back off for a while."""
        self._failed_at = time.monotonic()

    @property
    def backing_off(self) -> bool:
        """True shortly after a failed save: the text is safe in the box; another attempt would only queue."""
        return time.monotonic() - self._failed_at < DRAFT_BACKOFF_SECONDS
