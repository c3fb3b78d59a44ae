"""The row arithmetic both note lists scroll with: a line on screen finds its row and its strip."""

from __future__ import annotations

from textual.strip import Strip

from interview.widgets.row_lines import RowLines


def strips(row: int, height: int) -> list[Strip]:
    return [Strip.blank(1) for _ in range(height)]


def test_rows_of_several_lines_are_found_by_any_of_their_lines() -> None:
    rows = RowLines()
    assert rows.lay_out([2, 1, 3]) == 6
    assert rows.starts == [0, 2, 3]
    assert [rows.row_at(line) for line in range(6)] == [0, 0, 1, 2, 2, 2]
    rows.append(4)
    assert rows.total == 10 and rows.row_at(9) == 3


def test_a_row_drawn_shorter_than_laid_out_repeats_its_last_strip() -> None:
    rows = RowLines()
    rows.lay_out([3])
    drawn = [Strip.blank(1), Strip.blank(2)]
    assert rows.strip_at(2, lambda row: drawn) is drawn[-1]
