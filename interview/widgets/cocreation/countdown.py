"""The activity's timebox as large digits, readable across a room when the screen is shared.

It counts down while running, turns amber in the last minute and red once over;
crossing zero posts ``TimeUp`` once, so the screen can ring the bell and say so.
``now`` is the one time source, so tests can freeze it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Digits, Static

from interview.cocreation import Countdown, clock_text

SOON_SECONDS = 60


def now() -> datetime:
    """The wall clock in UTC (monkeypatched by tests for stable screenshots)."""
    return datetime.now(timezone.utc)


class ActivityCountdown(Vertical):
    """Large countdown of one timebox; the screen owns the ``Countdown`` and saves it."""

    class TimeUp(Message):
        """The timebox has just run out."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.countdown: Countdown | None = None
        self._alerted = False

    def compose(self) -> ComposeResult:
        yield Digits("", id="cc-digits")
        yield Static("", id="cc-timer-state")

    def on_mount(self) -> None:
        self.set_interval(0.5, self.tick)

    def show(self, countdown: Countdown | None) -> None:
        """Follow another activity's timebox (None: this activity has no timebox)."""
        self.countdown = countdown
        self._alerted = countdown is not None and countdown.remaining(now()) <= 0
        self.tick()

    def tick(self) -> None:
        digits = self.query_one(Digits)
        state = self.query_one("#cc-timer-state", Static)
        countdown = self.countdown
        if countdown is None:
            digits.update("--:--")
            state.update("no timebox")
            self.set_class(False, "-soon", "-over", "-paused")
            return
        left = countdown.remaining(now())
        digits.update(clock_text(left))
        over = left <= 0
        self.set_class(over, "-over")
        self.set_class(0 < left <= SOON_SECONDS, "-soon")
        self.set_class(not countdown.running, "-paused")
        if over:
            label = "time is up · ^e +2 min"
        elif countdown.running:
            label = "running · ^t pause"
        elif countdown.used:
            label = "paused · ^t resume"
        else:
            label = "ready · ^t start"
        state.update(label)
        if over and countdown.running and not self._alerted:
            self._alerted = True
            self.post_message(self.TimeUp())
        elif not over:
            self._alerted = False
