"""Cells to values: dates (as ISO-8601 UTC) and ratings (as numbers), the way export tools write them.

Dates arrive as ISO-8601 (``2025-03-31T10:15:22Z``, ``2025-03-31 10:15:22 +0000``),
US survey style (``03/31/2025 10:15:22 AM``), European style (``31.03.2025``), with a
month name (``Mar 31, 2025``) or as Unix seconds or milliseconds (JSON APIs). Whether
``03/04/2025`` is March or April is decided once per column, from the values that can
only be read one way; naive times are taken as UTC.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

__all__ = ["DateReader", "parse_rating"]

_SLASHED = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?"
    r"(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$"
)
_NAMED = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y",
          "%b %d, %Y %I:%M %p", "%B %d, %Y %I:%M %p", "%b %d, %Y %H:%M", "%d %b %Y %H:%M", "%d %B %Y %H:%M",
          "%a, %d %b %Y %H:%M:%S %z", "%a %b %d %H:%M:%S %Y")
_RATING = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)")
_UNIX = re.compile(r"\d{9,13}(\.\d+)?")


def iso_utc(moment: datetime) -> str:
    """The store's time format: milliseconds, UTC, a Z."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class DateReader:
    """Reads one column's dates; ``day_first`` is settled from the column's unambiguous values.

    ``fmt`` (a strptime format) overrides every guess.
    """

    def __init__(self, values: list[str], fmt: str | None = None) -> None:
        self.fmt = fmt
        self.day_first = False
        self.ambiguous = False
        if fmt:
            return
        day_first = month_first = False
        for value in values:
            match = _SLASHED.match(value.strip())
            if match:
                a, b = int(match.group(1)), int(match.group(2))
                day_first |= a > 12
                month_first |= b > 12
                self.ambiguous |= a <= 12 and b <= 12 and a != b
        if day_first and month_first:
            raise ValueError("mixes day/month and month/day dates; pass --date-format, e.g. %d/%m/%Y")
        self.day_first = day_first
        self.ambiguous = self.ambiguous and not (day_first or month_first)

    def read(self, value: str) -> str | None:
        """ISO-8601 UTC, None for an empty cell; ValueError when the cell is not a date."""
        value = value.strip()
        if not value:
            return None
        if self.fmt:
            return iso_utc(datetime.strptime(value, self.fmt))
        if value[0].isdigit() and value[-1].isdigit() and _UNIX.fullmatch(value):  # Unix seconds or milliseconds
            number = float(value)
            return iso_utc(datetime.fromtimestamp(number / 1000 if number > 1e11 else number, timezone.utc))
        try:
            text = value[:-4] if value.endswith((" UTC", " GMT")) else value
            if len(text) >= 8 and text[:4].isdigit():
                return iso_utc(datetime.fromisoformat(text.replace("/", "-")))
        except ValueError:
            pass
        match = _SLASHED.match(value)
        if match:
            return iso_utc(self._slashed(match))
        for fmt in _NAMED:
            try:
                return iso_utc(datetime.strptime(value, fmt))
            except ValueError:
                continue
        raise ValueError(value)

    def _slashed(self, match: re.Match[str]) -> datetime:
        a, b, year, hour, minute, second, half = match.groups()
        day, month = (int(a), int(b)) if self.day_first else (int(b), int(a))
        year_n = int(year) + (2000 if len(year) == 2 else 0)
        h = int(hour or 0)
        if half:
            if not 1 <= h <= 12:
                raise ValueError(match.group(0))
            h = h % 12 + (12 if half.lower() == "pm" else 0)
        return datetime(year_n, month, day, h, int(minute or 0), int(second or 0))


def parse_rating(value: str) -> float | None:
    """A number from '4', '4.5', '4,5', '4/5', '9 - Very likely', '★★★★☆'; None when there is none."""
    value = value.strip()
    if not value:
        return None
    if value.count("★"):
        return float(value.count("★"))
    match = _RATING.match(value)
    if not match:
        return None
    return float(match.group(1).replace(",", "."))
