"""The item under a DataTable's cursor, for screens that keep the table's rows as a list beside it."""

from __future__ import annotations

from typing import Sequence, TypeVar

from textual.widgets import DataTable

T = TypeVar("T")


def item_at_cursor(table: DataTable, items: Sequence[T]) -> T | None:
    """The item of the cursor's row; the last one while the table still shows a longer, older list; None if empty."""
    if not items:
        return None
    return items[min(table.cursor_row, len(items) - 1)]
