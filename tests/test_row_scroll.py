"""The one scrolling engine both note lists use: heights, lookup, the strip cache and pinning."""

from __future__ import annotations

from typing import ClassVar, Hashable

from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip

from interview.widgets.row_scroll import RowHeights, RowScrollView

# ---------------------------------------------------------------------- the height index


def test_rows_of_several_lines_are_found_by_any_of_their_lines() -> None:
    rows = RowHeights()
    rows.heights = [2, 1, 3]
    assert rows.lay_out() == 6
    assert rows.starts == [0, 2, 3]
    assert [rows.row_at(line) for line in range(6)] == [0, 0, 1, 2, 2, 2]
    assert rows.row_at(-1) is None and rows.row_at(6) is None
    rows.append(4)
    assert rows.total == 10 and rows.row_at(9) == 3


def test_unmeasured_rows_count_one_line_until_measured() -> None:
    rows = RowHeights()
    rows.reset(3)
    assert rows.total == 3 and rows.heights == [None, None, None]
    measured: list[int] = []
    assert rows.lay_out(lambda row: measured.append(row) or row + 1) == 6
    assert measured == [0, 1, 2] and rows.starts == [0, 1, 3]
    rows.forget(1)
    rows.lay_out(lambda row: measured.append(row) or 5)
    assert measured[3:] == [1], "only the forgotten row is measured again"
    assert rows.starts == [0, 1, 6] and rows.total == 9


def test_inserting_and_deleting_rows_moves_the_rows_below() -> None:
    rows = RowHeights()
    rows.heights = [1, 2, 3]
    rows.lay_out()
    rows.insert(1)
    rows.lay_out(lambda row: 4)
    assert rows.heights == [1, 4, 2, 3] and rows.starts == [0, 1, 5, 7]
    rows.delete(0)
    rows.lay_out()
    assert rows.starts == [0, 4, 6] and rows.total == 9
    assert rows.row_at(5) == 1


# ---------------------------------------------------------------------- the widget


class Lines(RowScrollView):
    """Row n is n % 4 + 1 lines of 'row n.k'; counts how often rows are rendered."""

    KEPT_RENDERED: ClassVar[int] = 20

    def __init__(self, count: int, *, pin: bool = False) -> None:
        super().__init__()
        self.PIN_TO_END = pin
        self.words = [f"row{n} " * (n % 4 + 1) * 2 for n in range(count)]
        self.renders = 0
        self.picked: int | None = None

    def on_mount(self) -> None:
        self.reset_rows(len(self.words))

    def row_state(self, row: int) -> Hashable:
        return "picked" if row == self.picked else None

    def render_row(self, row: int, width: int) -> list[Strip]:
        self.renders += 1
        console = self.app.console
        text = Text(self.words[row], style="bold" if row == self.picked else "")
        return [Strip(line, width) for line in console.render_lines(text, console.options.update_width(width), pad=True)]


class LinesApp(App[None]):
    def __init__(self, count: int, pin: bool = False) -> None:
        super().__init__()
        self.count, self.pin = count, pin

    def compose(self) -> ComposeResult:
        yield Lines(self.count, pin=self.pin)


def screen_text(view: Lines) -> list[str]:
    return [view.render_line(y).text.rstrip() for y in range(view.scrollable_content_region.height)]


async def test_a_long_list_keeps_heights_for_every_row_but_strips_for_few():
    async with LinesApp(500).run_test(size=(40, 10)) as pilot:
        view = pilot.app.query_one(Lines)
        await pilot.pause()
        assert view.virtual_size.height == len(view.rendered_text().splitlines())
        assert len(view._rendered) <= view.KEPT_RENDERED
        view.scroll_to(y=view.row_start(250), animate=False)
        await pilot.pause()
        assert screen_text(view)[0].startswith("row250 ")
        renders = view.renders
        view.refresh()
        await pilot.pause()
        assert screen_text(view)[0].startswith("row250 ") and view.renders == renders, "kept rows are not drawn again"


async def test_a_row_in_another_state_draws_again_and_a_changed_height_moves_the_rows_below():
    async with LinesApp(10).run_test(size=(40, 10)) as pilot:
        view = pilot.app.query_one(Lines)
        await pilot.pause()
        screen_text(view)
        renders = view.renders
        view.picked = 0
        view.refresh_row(0)
        assert screen_text(view)[0] and view.renders == renders + 1
        below = view.row_start(2)
        view.words[1] = "grown " * 30
        view.redraw_row(1)
        assert view.row_start(2) > below
        assert view.virtual_size.height == len(view.rendered_text().splitlines())


async def test_a_narrower_list_measures_every_row_again():
    async with LinesApp(100).run_test(size=(60, 10)) as pilot:
        view = pilot.app.query_one(Lines)
        await pilot.pause()
        wide = view.total_lines
        await pilot.resize_terminal(20, 10)
        await pilot.pause()
        assert view.total_lines > wide
        assert view.virtual_size.height == len(view.rendered_text().splitlines())


async def test_a_pinned_list_stays_on_its_last_row_unless_the_reader_scrolled_up():
    async with LinesApp(200, pin=True).run_test(size=(60, 12)) as pilot:
        view = pilot.app.query_one(Lines)
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.resize_terminal(25, 12)  # every row wraps again: the end moves
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        assert screen_text(view)[-1].startswith("row199")
        view.scroll_to(y=10, animate=False)  # the reader scrolls up
        await pilot.pause()
        await pilot.resize_terminal(25, 8)
        await pilot.pause()
        assert view.scroll_y == 10, "the list did not yank the reader back down"


async def test_an_unpinned_list_stays_where_it_was():
    async with LinesApp(200).run_test(size=(60, 12)) as pilot:
        view = pilot.app.query_one(Lines)
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.resize_terminal(25, 12)
        await pilot.pause()
        assert view.scroll_y == 0 and screen_text(view)[0].startswith("row0")


async def test_an_empty_list_draws_its_message_line_and_blanks():
    async with LinesApp(0).run_test(size=(40, 5)) as pilot:
        view = pilot.app.query_one(Lines)
        await pilot.pause()
        assert view.rendered_text() == "" and view.row_at(0) is None
        assert screen_text(view) == [""] * 5
