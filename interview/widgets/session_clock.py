"""The clocks an interviewer glances at: time in the session and time in this section.

Both exclude time paused on this screen. The section clock turns amber near its
timebox and red past it, so running over is visible without reading numbers.
``now`` is the one time source, so tests can freeze it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from interview.timefmt import mmss


def now() -> datetime:
    """The wall clock in UTC (monkeypatched by tests for stable screenshots)."""
    return datetime.now(timezone.utc)


class SessionClock(Static):
    """Session time, section time against its timebox, and a pause that stops both."""

    paused: reactive[bool] = reactive(False)

    def __init__(self, started_at: datetime | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._started = started_at or now()
        self._paused_total = 0.0
        self._paused_since: datetime | None = None
        self._section_title = ""
        self._section_minutes: int | None = None
        self._section_started = self._started
        self._section_paused_at_start = 0.0

    def set_started(self, started_at: datetime) -> None:
        """The session's zero (kept across resumes): the clock counts from here."""
        self._started = started_at
        if not self._section_title:
            self._section_started = started_at
        self.tick()

    def set_paused_before(self, seconds: float) -> None:
        """Pauses from earlier visits to this session (the store keeps them): still left out."""
        self._paused_total = max(0.0, seconds)
        self.tick()

    def paused_total(self) -> float:
        """All the time paused so far, a pause in progress included."""
        return self._paused_seconds(now())

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        """Redraw the clocks (once a second, and whenever the section or pause state changes)."""
        self.update(self.clock_text())

    # ------------------------------------------------------------------ time

    def _paused_seconds(self, at: datetime) -> float:
        extra = (at - self._paused_since).total_seconds() if self._paused_since else 0.0
        return self._paused_total + extra

    def elapsed(self) -> float:
        """Seconds since the session started, without the pauses (what the note offsets use)."""
        at = now()
        return max(0.0, (at - self._started).total_seconds() - self._paused_seconds(at))

    def section_elapsed(self) -> float:
        at = now()
        paused = self._paused_seconds(at) - self._section_paused_at_start
        return max(0.0, (at - self._section_started).total_seconds() - paused)

    def section_over(self) -> bool:
        return bool(self._section_minutes) and self.section_elapsed() > self._section_minutes * 60

    def start_section(self, title: str, minutes: int | None) -> None:
        """Restart the section clock, but only when the section really changes."""
        if title == self._section_title and minutes == self._section_minutes:
            return
        self._section_title, self._section_minutes = title, minutes
        self._section_started = now()
        self._section_paused_at_start = self._paused_seconds(self._section_started)
        self.tick()

    def toggle_pause(self) -> bool:
        """Pause or resume both clocks; returns True when now paused."""
        at = now()
        if self._paused_since is None:
            self._paused_since = at
        else:
            self._paused_total += (at - self._paused_since).total_seconds()
            self._paused_since = None
        self.paused = self._paused_since is not None
        return self.paused

    # ------------------------------------------------------------------ display

    def watch_paused(self) -> None:
        self.tick()

    def clock_text(self) -> Text:
        text = Text.assemble(("⏱ ", "dim"), (mmss(self.elapsed()), "bold"))
        if self._section_title:
            section = self.section_elapsed()
            box = self._section_minutes
            style = "bold"
            if box:
                if section > box * 60:
                    style = "bold white on dark_red"
                elif section > box * 60 * 0.8:
                    style = "bold #f0b000"
            text.append("  §", style="dim")
            text.append(f" {mmss(section)}", style=style)
            if box:
                text.append(f" / {box}:00", style="dim")
        if self.paused:
            text.append("  ⏸ paused", style="bold reverse")
        return text
