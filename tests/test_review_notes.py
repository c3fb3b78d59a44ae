"""The review's note list on its own: moving, clicking, and heights that stay exact."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from rich._wrap import divide_line
from textual.app import App, ComposeResult

from interview.models import Guide, Highlight, Note, Question, Section
from interview.note_filter import NoteFilter
from interview.widgets.line_count import single_cell_lines
from interview.widgets.review_notes import NoteList

GUIDE = Guide(name="g", title="Guide", sections=(
    Section(id="s1", title="Warm-up", questions=(Question(id="q1", text="Tell me about your role."),)),
    Section(id="s2", title="The last time", questions=(
        Question(id="q2", text="Tell me about the last time you closed the books."),
        Question(id="q3", text="How do you handle reconciliation today?"))),
))

ODD_TEXTS = [  # what makes word wrapping go wrong: long words, wide and zero-width characters, tabs, CR
    "See https://example.com/a/very/long/path/that/does/not/fit/on/one/line/of/the/list/at/all for details.",
    "The 会計システム export takes 三日 every month and nobody knows why it is so slow now.",
    "Tab\tseparated\tvalues\tare\twhat\tthe\tbank\tsends\tus.",
    "Line one of a pasted email\r\nline two\r\n\r\nand the sign-off.",
    "Combining accents: cafe\u0301 cre\u0300me bru\u0302le\u0301e, and an emoji 🎉 at the end 🎉",
    "   Leading spaces and trailing spaces      ",
    "",
]


def note(i: int, question: str | None = "q1", text: str | None = None, **extra) -> Note:
    words = " ".join(["invoice", "export", "bank"][i % 3] for _ in range(i % 25))
    return Note(id=f"n{i:04d}", session_id="s", text=f"note {i} {words}".strip() if text is None else text,
                question_id=question, offset_seconds=i * 20.0, speaker="participant", **extra)


def sample(count: int = 40) -> list[Note]:
    notes = [note(i, ["q1", "q2", "q3", None][i % 4], tags=["risk"] if i % 5 == 0 else []) for i in range(count)]
    notes += [note(count + j, "q2", text, starred=j % 2 == 0) for j, text in enumerate(ODD_TEXTS)]
    return notes


class ListApp(App[None]):
    def __init__(self, notes: list[Note], **load) -> None:
        super().__init__()
        self._notes, self._load = notes, load
        self.moves = 0

    def on_note_list_moved(self) -> None:
        self.moves += 1

    def compose(self) -> ComposeResult:
        yield NoteList()

    def on_mount(self) -> None:
        view = self.query_one(NoteList)
        view.load(self._notes, GUIDE, **self._load)
        view.focus()


def visible_text(view: NoteList) -> str:
    return "\n".join(view.render_line(y).text.rstrip() for y in range(view.scrollable_content_region.height))


def assert_cursor_in_view(view: NoteList) -> None:
    """The cursor's note is drawn in the cursor colour somewhere on screen."""
    cursor = view.get_visual_style("note-list--cursor").rich_style.bgcolor
    drawn = [y for y in range(view.scrollable_content_region.height)
             if any(seg.style and seg.style.bgcolor == cursor for seg in view.render_line(y))]
    assert drawn, "the cursor is off screen"


# ---------------------------------------------------------------------- moving


async def test_keys_move_between_notes_and_skip_headings():
    notes = sample(12)
    async with ListApp(notes).run_test(size=(80, 20)) as pilot:
        view = pilot.app.query_one(NoteList)
        order = view.shown_note_ids
        assert view.current_note_id == order[0] == "n0000"  # the first row is a heading, the cursor is below it
        await pilot.press("j", "j", "down")
        assert view.current_note_id == order[3]
        await pilot.press("k", "up")
        assert view.current_note_id == order[1]
        await pilot.press("end")
        assert view.current_note_id == order[-1]
        await pilot.press("home")
        assert view.current_note_id == order[0]
        await pilot.press("k")  # wraps round, as the option list did
        assert view.current_note_id == order[-1]
        assert [n for n in order if view.notes[n].question_id is None] == order[-3:]  # notes off the guide come last
        assert "Other notes" in view.rendered_text()


async def test_page_keys_move_a_screenful_and_keep_the_cursor_in_view():
    async with ListApp(sample(120)).run_test(size=(80, 20)) as pilot:
        view = pilot.app.query_one(NoteList)
        order = view.shown_note_ids
        await pilot.press("pagedown")
        first_page = order.index(view.current_note_id)
        assert 3 <= first_page < 20 and view.scroll_offset.y > 0
        assert_cursor_in_view(view)
        await pilot.press("pagedown", "pagedown")
        assert order.index(view.current_note_id) > first_page
        assert_cursor_in_view(view)
        await pilot.press("pageup", "pageup", "pageup")
        assert view.current_note_id == order[0] and view.scroll_offset.y == 0


async def test_a_click_selects_the_note_under_the_pointer_and_a_heading_click_does_nothing():
    async with ListApp(sample(12)).run_test(size=(80, 20)) as pilot:
        view = pilot.app.query_one(NoteList)
        await pilot.pause()
        moves = pilot.app.moves
        lines = visible_text(view).splitlines()
        target = lines.index("01:20 P   note 4 export export export export")
        await pilot.click(NoteList, offset=(5, target))
        await pilot.pause()
        assert view.current_note_id == "n0004" and pilot.app.moves == moves + 1
        await pilot.click(NoteList, offset=(5, 0))  # "Warm-up"
        assert view.current_note_id == "n0004"


async def test_tab_picks_highlights_and_a_decision_keeps_the_pick():
    spans = [Highlight(start=8, end=14, label="problem", id="h1"), Highlight(start=15, end=19, label="need", id="h2")]
    notes = [note(0, text="the bank export fails", highlights=spans), note(1)]
    async with ListApp(notes).run_test(size=(80, 20)) as pilot:
        view = pilot.app.query_one(NoteList)
        await pilot.press("tab", "tab")
        assert view.focused_highlight.id == "h2"
        decided = [spans[0], replace(spans[1], status="accepted")]
        view.update_note(replace(notes[0], highlights=decided))
        assert view.focused_highlight.id == "h2"
        await pilot.press("j")
        assert view.highlight_index is None


async def test_what_is_drawn_is_what_a_fresh_render_draws_after_picks_and_decisions():
    """Kept strips never outlive a change: the cursor's note redraws with each pick and decision."""
    spans = [Highlight(start=4, end=8, label="problem", id="h1"), Highlight(start=9, end=15, label="need", id="h2")]
    notes = [note(0, text="the bank export fails", highlights=spans), note(1)]

    def drawn_as_fresh(view: NoteList) -> None:
        for y in range(view.scrollable_content_region.height):
            row = view.row_at(view.scroll_offset.y + y)
            if row is not None:
                fresh = view.render_row(row, view.scrollable_content_region.width)
                assert view.render_line(y) == fresh[view.scroll_offset.y + y - view.row_start(row)], y

    async with ListApp(notes).run_test(size=(80, 20)) as pilot:
        view = pilot.app.query_one(NoteList)
        await pilot.press("tab", "tab")  # h2 picked
        drawn_as_fresh(view)
        view.update_note(replace(notes[0], highlights=[replace(spans[0], status="accepted"), spans[1]]))
        drawn_as_fresh(view)
        await pilot.press("shift+tab")  # back to h1, now accepted
        drawn_as_fresh(view)
        await pilot.press("j", "k")
        drawn_as_fresh(view)
        assert view.highlight_index is None


# ---------------------------------------------------------------------- heights


async def test_heights_stay_exact_through_resizes():
    async with ListApp(sample(60)).run_test(size=(100, 30)) as pilot:
        view = pilot.app.query_one(NoteList)
        for width, height in [(100, 30), (61, 20), (33, 12), (140, 40)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            lines = view.rendered_text().splitlines()
            assert view.virtual_size.height == len(lines), width
            view.scroll_end(animate=False)
            await pilot.pause()
            assert visible_text(view).splitlines()[-1] == lines[-1]  # the bottom row drawn is the last one rendered


async def test_a_note_that_grows_by_a_line_is_measured_again():
    notes = sample(30)
    async with ListApp(notes).run_test(size=(80, 24)) as pilot:
        view = pilot.app.query_one(NoteList)
        await pilot.pause()
        before = view.virtual_size.height
        grown = replace(notes[1], text=notes[1].text + " and then" + " more words" * 8)
        view.update_note(grown)
        await pilot.pause()
        lines = view.rendered_text().splitlines()
        assert view.virtual_size.height == len(lines) == before + 1
        assert "more words" in visible_text(view)


# ---------------------------------------------------------------------- what is shown


async def test_a_filter_that_leaves_nothing_says_so():
    async with ListApp(sample(10)).run_test(size=(80, 20)) as pilot:
        view = pilot.app.query_one(NoteList)
        view.note_filter = NoteFilter(starred=True, tag="nothing-has-this")
        view.rebuild()
        await pilot.pause()
        assert view.note_count == 0 and view.current_note is None
        assert visible_text(view).splitlines()[0].strip() == "No note matches this filter."
        await pilot.press("j", "pagedown", "tab")  # nothing to move to, and no error
        view.note_filter = NoteFilter()
        view.rebuild()
        await pilot.pause()
        assert view.note_count == 10 + len(ODD_TEXTS) and view.current_note_id == "n0000"


async def test_an_empty_session_says_so():
    async with ListApp([]).run_test(size=(80, 20)) as pilot:
        view = pilot.app.query_one(NoteList)
        await pilot.pause()
        assert view.note_count == 0
        assert visible_text(view).splitlines()[0].strip() == "This session has no notes."


async def test_300_notes_with_the_cursor_at_the_end_show_the_last_note():
    notes = [note(i, ["q1", "q2", "q3"][i * 3 // 300]) for i in range(300)]
    async with ListApp(notes).run_test(size=(120, 40)) as pilot:
        view = pilot.app.query_one(NoteList)
        await pilot.press("end")
        await pilot.pause()
        assert view.current_note_id == "n0299"
        assert "1:39:40 P   note 299" in visible_text(view)
        assert_cursor_in_view(view)
        assert view.scroll_offset.y == view.max_scroll_y


async def test_opening_on_a_note_far_down_shows_it_in_the_first_frame():
    notes = [note(i) for i in range(300)]
    async with ListApp(notes, focus_note="n0250").run_test(size=(80, 24)) as pilot:
        view = pilot.app.query_one(NoteList)
        assert view.current_note_id == "n0250"
        assert "1:23:20 P   note 250" in visible_text(view)
        assert view.select_note("n0010") and view.current_note_id == "n0010"
        await pilot.pause()
        assert "03:20 P   note 10" in visible_text(view)
        assert not view.select_note("no-such-note")


@given(st.text(alphabet="ab x", max_size=60), st.integers(min_value=1, max_value=20))
def test_line_counting_agrees_with_rich(text: str, width: int):
    assert single_cell_lines(text, width) == len(divide_line(text, width)) + 1
