"""Note text with its highlights drawn in: one function the note log and review screen share."""

from __future__ import annotations

from typing import Iterable

from rich.text import Text

from interview.labels import label_style
from interview.models import Highlight


def highlighted_text(text: str, highlights: Iterable[Highlight], *, show_rejected: bool = False) -> Text:
    """A rich Text of the note; overlapping spans are layered, later (manual, accepted) on top."""
    rich_text = Text(text)
    order = {"rejected": 0, "suggested": 1, "accepted": 2}
    for h in sorted(highlights, key=lambda h: (order.get(h.status, 1), h.source == "manual")):
        if h.status == "rejected" and not show_rejected:
            continue
        start, end = max(0, h.start), min(len(text), h.end)
        if start < end:
            rich_text.stylize(label_style(h.label, h.status), start, end)
    return rich_text
