"""One scrolling engine for lists whose rows take several lines each (the live log, the review list).

A line-API ``ScrollView`` draws only the lines on screen, so opening a 300-note session or
adding the 1,000th note costs what the first did. The engine owns what both lists need
for that: every row's height at the current width and where each row starts (prefix sums,
found again by bisection), the rendered strips of the rows drawn lately, measuring every
row again when the width changes, scrolling lines into view, and (for the log) staying
pinned to the last row. A list says only how a row renders (``render_row``), optionally
how to count its lines without rendering it (``count_lines``), and what its keys do.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Callable, ClassVar, Hashable

from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class RowHeights:
    """Each row's height in lines (None: not measured at this width) and the line each row starts on."""

    __slots__ = ("heights", "starts", "total")

    def __init__(self) -> None:
        self.heights: list[int | None] = []
        self.starts: list[int] = []
        self.total = 0

    def __len__(self) -> int:
        return len(self.heights)

    def reset(self, count: int) -> None:
        """``count`` rows, none measured (each counts one line until measured)."""
        self.heights = [None] * count
        self.lay_out()

    def lay_out(self, measure: Callable[[int], int] | None = None) -> int:
        """Measure the rows without a height (``measure(row)``) and place every row; returns the total.

        Without ``measure`` an unmeasured row counts one line (a lower bound) and stays unmeasured.
        """
        starts, total = [], 0
        heights = self.heights
        for row, height in enumerate(heights):
            if height is None:
                if measure is None:
                    height = 1
                else:
                    height = heights[row] = measure(row)
            starts.append(total)
            total += height
        self.starts, self.total = starts, total
        return total

    def append(self, height: int | None) -> None:
        """One more row at the end (the others do not move); None counts one line until measured."""
        self.heights.append(height)
        self.starts.append(self.total)
        self.total += 1 if height is None else height

    def insert(self, row: int) -> None:
        """A new, unmeasured row before ``row``; ``lay_out`` places it."""
        self.heights.insert(row, None)

    def delete(self, row: int) -> None:
        """Row ``row`` is gone; ``lay_out`` closes the gap."""
        del self.heights[row]

    def forget(self, row: int) -> None:
        """Row ``row`` must be measured again."""
        if 0 <= row < len(self.heights):
            self.heights[row] = None

    def height(self, row: int) -> int:
        height = self.heights[row]
        return 1 if height is None else height

    def row_at(self, line: int) -> int | None:
        """The row that ``line`` (0 = the first line of the first row) falls in; None past either end."""
        if line < 0 or line >= self.total:
            return None
        return bisect_right(self.starts, line) - 1


class RowScrollView(ScrollView):
    """A scroll view of rows of several lines; subclasses render rows, the engine scrolls them.

    Only the rows drawn lately keep their rendered strips (``KEPT_RENDERED``): every strip
    carries its own small caches, and keeping all of a long session's made each full garbage
    collection walk hundreds of thousands of objects while the interviewer typed. Heights
    are kept for every row, so the scrollbar stays exact.
    """

    KEPT_RENDERED: ClassVar[int] = 200  # rows whose strips stay cached: several screens' worth at any height
    PIN_TO_END: ClassVar[bool] = False  # stay on the last row through layout changes unless the reader scrolls up

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._row_heights = RowHeights()
        self._rendered: LRUCache[Hashable, tuple[Hashable, list[Strip]]] = LRUCache(self.KEPT_RENDERED)
        self._width = 0  # the width rows were measured at; 0: not yet
        self._line_styles: dict[str, Style] = {}  # as of the last frame; strips carry them
        self._view_pending = False

    # ------------------------------------------------------------------ what a list says

    def row_key(self, row: int) -> Hashable:
        """What a row's strips are cached under (a note id keeps them when rows above come and go)."""
        return row

    def row_state(self, row: int) -> Hashable:
        """Anything besides the row's content that changes its drawing (e.g. the cursor on it)."""
        return None

    def render_row(self, row: int, width: int) -> list[Strip]:
        """The row's lines, each ``width`` cells wide, in its final style."""
        raise NotImplementedError

    def count_lines(self, row: int, width: int) -> int:
        """How many lines the row takes at ``width``; by default it is rendered and counted."""
        return len(self.row_strips(row))

    def empty_message(self) -> str:
        """What the list says when it has no rows."""
        return ""

    def empty_line(self, width: int) -> Strip:
        """The first line drawn when there are no rows: the message, in the list's own style."""
        return self.blank(width)

    def line_styles(self) -> dict[str, Style]:
        """The styles rows are drawn in ("" is the background); a change draws every row again."""
        return {"": self.rich_style}

    def lines_to_show(self) -> tuple[int, int] | None:
        """The lines (start, end) to bring into view after a resize, or None."""
        return None

    # ------------------------------------------------------------------ rows changing

    @property
    def measured(self) -> bool:
        """Whether rows have been measured at a width yet."""
        return self._width > 0

    @property
    def total_lines(self) -> int:
        return self._row_heights.total

    def row_start(self, row: int) -> int:
        return self._row_heights.starts[row]

    def row_height(self, row: int) -> int:
        return self._row_heights.height(row)

    def row_at(self, line: int) -> int | None:
        """The row drawn at ``line`` of the content (not of the screen); None past the end."""
        return self._row_heights.row_at(line)

    def reset_rows(self, count: int) -> None:
        """Every row is new: forget all strips and heights, and measure ``count`` rows afresh.

        Rows are measured at once when the list has a width (cheap until it is laid out).
        """
        self._rendered.clear()
        self._row_heights.reset(count)
        width = self.scrollable_content_region.width if self.is_mounted else 0
        if width > 0:
            self._width = width
        self.relayout()

    def append_row(self) -> None:
        """One more row at the end: only it is measured, the others do not move."""
        self._row_heights.append(self._measure(len(self._row_heights)) if self._width else None)
        self._set_virtual_size()
        self.refresh()

    def insert_row(self, row: int) -> None:
        """A new row before ``row``; the row after it is measured again too (it may show what came before)."""
        self._row_heights.insert(row)
        self.forget_row(row)
        self.forget_row(row + 1)
        self.relayout()

    def delete_row(self, row: int) -> None:
        """Row ``row`` is gone; call ``forget_row`` first, while its key still names it."""
        self._row_heights.delete(row)
        self.forget_row(row)  # the row after it may show what came before
        self.relayout()

    def forget_row(self, row: int) -> None:
        """The row must be rendered and measured afresh at the next layout."""
        if 0 <= row < len(self._row_heights):
            self._rendered.discard(self.row_key(row))
            self._row_heights.forget(row)

    def redraw_row(self, row: int) -> None:
        """The row changed: measure it again; only when its height changed do the rows below move."""
        self._rendered.discard(self.row_key(row))
        if not self._width:
            self.refresh()
            return
        old = self._row_heights.heights[row]  # None: forgotten, so where it starts is unknown too
        height = self._row_heights.heights[row] = self._measure(row)
        if height != old:
            self.relayout()
        else:
            self.refresh_row(row)

    def refresh_row(self, row: int | None) -> None:
        """Draw one row's lines again (its state changed); everything when rows are not measured."""
        if row is None or not self._width:
            self.refresh()
        else:
            self.refresh_lines(self._row_heights.starts[row], self._row_heights.height(row))

    def relayout(self) -> None:
        """Measure the rows that need it and place every row again."""
        self._row_heights.lay_out(self._measure if self._width else None)
        self._set_virtual_size()
        self.refresh()

    def _set_virtual_size(self) -> None:
        self.virtual_size = Size(self._width, max(self._row_heights.total, 1))

    def _measure(self, row: int) -> int:
        return max(self.count_lines(row, self._width), 1) if self._width else 1

    # ------------------------------------------------------------------ scrolling

    def scroll_to_lines(self, start: int, end: int) -> None:
        """Bring lines ``start`` to ``end`` (exclusive) into view, at once."""
        self.scroll_to_region(Region(0, start, self._width, end - start), animate=False, force=True)

    def show_wanted_lines(self) -> None:
        """Bring ``lines_to_show`` into view now, or once the rows are first measured."""
        self._view_pending = not self._width
        if self._view_pending:
            return
        lines = self.lines_to_show()
        if lines is not None:
            self.scroll_to_lines(*lines)

    def on_mount(self) -> None:
        if self.PIN_TO_END:
            # Anchored: every layout keeps the last row in view; Textual releases the anchor when the
            # reader scrolls up on purpose and restores it when they scroll back to the bottom.
            self.anchor()

    def on_resize(self) -> None:
        """A width change measures every row again; a height change keeps the wanted lines in view."""
        if not self._fit_width() and self._width and self.scrollable_content_region.width == self._width:
            self.show_wanted_lines()

    def _fit_width(self) -> bool:
        """Measure every row again if the width changed (first frame, a resize); True if it did."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return False
        resized, at_end = self._width > 0, self.scroll_y >= self.max_scroll_y
        self._width = width
        self._rendered.clear()
        self._row_heights.reset(len(self._row_heights))
        self.relayout()
        if self.PIN_TO_END and at_end:
            self.scroll_end(animate=False, immediate=False)
        if resized or self._view_pending:
            self.show_wanted_lines()
        return True

    # ------------------------------------------------------------------ drawing

    def blank(self, width: int) -> Strip:
        return Strip.blank(width, self._line_styles.get("", self.rich_style))

    def row_strips(self, row: int) -> list[Strip]:
        """The row as drawn now, from the cache when its state has not changed since."""
        key, state = self.row_key(row), self.row_state(row)
        kept = self._rendered.get(key)
        if kept is not None and kept[0] == state:
            return kept[1]
        strips = self.render_row(row, self._width)
        self._rendered.set(key, (state, strips))
        return strips

    def rendered_text(self) -> str:
        """Every row drawn at the current width, as plain text (tests hold the heights against it)."""
        if not len(self._row_heights):
            return self.empty_message()
        return "\n".join(strip.text.rstrip() for row in range(len(self._row_heights)) for strip in self.row_strips(row))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._fit_width()
        styles = self.line_styles()
        if styles != self._line_styles:  # focus or theme changed: every strip carries the old colours
            self._line_styles = styles
            self._rendered.clear()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width or self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        if not len(self._row_heights):
            return self.empty_line(width) if line == 0 else self.blank(width)
        row = self._row_heights.row_at(line) if self._width else None
        if row is None:
            return self.blank(width)
        strips = self.row_strips(row)
        return strips[min(line - self._row_heights.starts[row], len(strips) - 1)]
