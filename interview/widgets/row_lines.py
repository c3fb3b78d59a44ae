"""Where each row starts in a line-API scroll view whose rows take several lines each.

The live screen's note log and the review screen's note list both draw through
``render_line`` and need the same arithmetic: from every row's height, the line each
row starts on and the total; from a line on screen, the row it falls in (a bisection,
so the 1,000th note costs what the first did). How heights are measured stays with
each view: the log renders a note to count its lines, the list counts its plain text.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable

from textual.strip import Strip


class RowLines:
    """Rows' first lines and the total, laid out from their heights."""

    __slots__ = ("starts", "total")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.total = 0

    def lay_out(self, heights: Iterable[int]) -> int:
        """Lay every row out again from its height; returns the total number of lines."""
        starts, total = [], 0
        for height in heights:
            starts.append(total)
            total += height
        self.starts, self.total = starts, total
        return total

    def append(self, height: int) -> None:
        """One more row at the end (the others do not move)."""
        self.starts.append(self.total)
        self.total += height

    def row_at(self, line: int) -> int:
        """The row that ``line`` (0 = the first line of the first row) falls in."""
        return bisect_right(self.starts, line) - 1

    def strip_at(self, line: int, strips_of_row) -> Strip:
        """The strip drawn at ``line``, from the row's strips (``strips_of_row(row)``)."""
        row = self.row_at(line)
        strips = strips_of_row(row)
        return strips[min(line - self.starts[row], len(strips) - 1)]
