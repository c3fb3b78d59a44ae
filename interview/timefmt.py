"""Turning stored ISO-8601 UTC times into what people read: local dates, mm:ss, durations."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_iso(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def local_date(stamp: str | None) -> str:
    parsed = parse_iso(stamp)
    return parsed.astimezone().strftime("%Y-%m-%d %H:%M") if parsed else ""


def mmss(seconds: float) -> str:
    """Offsets from the session start, as an interviewer reads a clock: 7:05, 1:02:03."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def seconds_between(start: str | None, end: str | None) -> float | None:
    first, last = parse_iso(start), parse_iso(end)
    if not first or not last:
        return None
    return max(0.0, (last - first).total_seconds())


def duration_text(start: str | None, end: str | None) -> str:
    seconds = seconds_between(start, end)
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"
