"""The synthesis board: saved themes to edit by keyboard (merge, split, rename, move, pin, insight).

The themes come from the store; ``g`` lets the theme engine regroup what no
researcher has placed (in a thread worker), and every edit is a store call that
survives the next regrouping. Enter on a statement opens its session at that note.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from interview.models import StoredTheme, ThemeStatement
from interview.widgets.footer import Footer
from interview.widgets.table_cursor import item_at_cursor


class TextPrompt(ModalScreen["str | None"]):
    """One line of text (a theme name, a takeaway): enter keeps it, escape cancels."""

    CSS_PATH = "board.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._title, self._value, self._placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="board-prompt"):
            yield Static(f"[b]{escape(self._title)}[/b]")
            yield Input(self._value, placeholder=self._placeholder, id="board-text")
            yield Static("[dim]enter keeps it · esc cancels[/]")

    def on_mount(self) -> None:
        self.query_one("#board-text", Input).focus()

    @on(Input.Submitted, "#board-text")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class ThemePicker(ModalScreen["str | None"]):
    """Choose a theme from a list (type to move, enter chooses, escape cancels); dismisses with its id."""

    CSS_PATH = "board.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, themes: list[StoredTheme]) -> None:
        super().__init__()
        self._title, self._themes = title, themes

    def compose(self) -> ComposeResult:
        with Vertical(classes="board-prompt"):
            yield Static(f"[b]{escape(self._title)}[/b]")
            yield OptionList(*[Option(escape(t.name), id=t.id) for t in self._themes], id="board-picker")

    def on_mount(self) -> None:
        self.query_one("#board-picker", OptionList).focus()

    @on(OptionList.OptionSelected, "#board-picker")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class BoardScreen(Screen[None]):
    CSS_PATH = "board.tcss"
    TITLE = "Synthesis board"
    HELP = (
        "Themes of the problems stated across sessions, saved with your edits. [b]g[/b] lets the theme "
        "engine regroup every statement you have not placed yourself; your merges, splits, renames, moves, "
        "pins and insights are kept. Pinned themes (⚑) are never changed by the engine; ★ marks an insight."
    )
    BINDINGS = [
        Binding("g", "regroup", "Regroup"),
        Binding("r", "rename", "Rename"),
        Binding("m", "merge", "Merge into…"),
        Binding("s", "split", "Split off"),
        Binding("v", "move", "Move to…"),
        Binding("p", "pin", "Pin"),
        Binding("i", "insight", "Insight"),
        Binding("space", "mark", "Mark", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, group: Callable | None = None) -> None:
        super().__init__()
        self._group = group
        self.themes: list[StoredTheme] = []
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="board"):
            yield Static("Reading themes…", id="board-summary")
            yield DataTable(id="board-themes", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="board-statements", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#board-themes", DataTable).add_columns("theme", "people", "said", "feedback", "emotions")
        self.query_one("#board-statements", DataTable).add_columns("", "who", "statement")
        self.query_one("#board-themes", DataTable).focus()
        self.themes = self.app.store.list_themes()
        if self.themes:
            self._show()
        else:
            self.action_regroup()

    # ------------------------------------------------------------------ showing

    def _show(self, keep: str | None = None) -> None:
        table = self.query_one("#board-themes", DataTable)
        current = keep or (self.theme.id if self.theme else None)
        table.clear()
        people = {p for t in self.themes for p in t.participants}
        for theme in self.themes:
            mark = ("⚑" if theme.pinned else "") + ("★" if theme.insight else "")
            emotions = ", ".join(f"{k} {n}" for k, n in list(theme.emotions.items())[:2])
            table.add_row(f"{mark}{' ' if mark else ''}{theme.name}",
                          Text(f"{len(theme.participants)} of {len(people)}", justify="right"),
                          Text(str(len(theme.statements) - theme.feedback), justify="right"),
                          Text(str(theme.feedback or ""), justify="right"), emotions, key=theme.id)
        ids = [t.id for t in self.themes]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        said = sum(len(t.statements) - t.feedback for t in self.themes)
        feedback = sum(t.feedback for t in self.themes)
        self.query_one("#board-summary", Static).update(
            f"[b]{len(self.themes)} themes[/b] · {said} statements from {len(people)} interviewees"
            + (f" · {feedback} from imported feedback, counted apart" if feedback else "")
            if self.themes else "No themes yet: accept problem highlights in Review, then press g.")
        self._show_statements()

    @property
    def theme(self) -> StoredTheme | None:
        return item_at_cursor(self.query_one("#board-themes", DataTable), self.themes)

    @property
    def statement(self) -> ThemeStatement | None:
        theme = self.theme
        if not theme:
            return None
        return item_at_cursor(self.query_one("#board-statements", DataTable), theme.statements)

    def _show_statements(self) -> None:
        table = self.query_one("#board-statements", DataTable)
        table.clear()
        theme = self.theme
        if theme is None:
            return
        if theme.takeaway:
            table.border_title = f"★ {theme.takeaway}"
        else:
            table.border_title = theme.name
        for s in theme.statements:
            mark = "●" if s.highlight_id in self.marked else ("•" if s.placed_by == "researcher" else "")
            table.add_row(mark, s.participant, s.text, key=s.highlight_id)

    @on(DataTable.RowHighlighted, "#board-themes")
    def _theme_highlighted(self) -> None:
        self.marked.clear()
        self._show_statements()

    @on(DataTable.RowSelected, "#board-themes")
    def _theme_selected(self) -> None:
        self.query_one("#board-statements", DataTable).focus()

    @on(DataTable.RowSelected, "#board-statements")
    def _statement_selected(self) -> None:
        statement = self.statement
        if statement:
            from interview.screens.review import ReviewScreen

            self.app.push_screen(ReviewScreen(statement.session_id, statement.note_id))

    # ------------------------------------------------------------------ the engine

    def action_regroup(self) -> None:
        self.query_one("#board-summary", Static).update("Grouping statements…")
        self._regroup()

    @work(thread=True, exclusive=True, group="board")
    def _regroup(self) -> None:
        from interview.store import StoreError
        from interview.themes import ThemesError, group_statements

        try:
            themes = self.app.store.refresh_themes(self._group or group_statements)
        except (StoreError, ThemesError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._regrouped, themes)

    def _regrouped(self, themes: list[StoredTheme]) -> None:
        self.themes = themes
        self._show()

    def _failed(self, message: str) -> None:
        self.query_one("#board-summary", Static).update(f"[red]{escape(message)}[/]")

    # ------------------------------------------------------------------ edits

    def _edit(self, change: Callable[[], object], keep: str | None = None) -> None:
        """Run one store edit, then show the themes as saved (or the store's sentence)."""
        from interview.store import StoreError

        try:
            change()
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.marked.clear()
        self.themes = self.app.store.list_themes()
        self._show(keep)

    def _ask(self, prompt: TextPrompt | ThemePicker, change: Callable[[str], object], keep: str | None = None) -> None:
        """Show ``prompt``; unless it is cancelled, make the edit with its answer (a text, or a theme's id).

        ``keep`` is the theme to select afterwards; a ThemePicker's answer, the theme chosen, is kept instead.
        """
        def answered(answer: str | None) -> None:
            if answer is not None:
                self._edit(lambda: change(answer), answer if isinstance(prompt, ThemePicker) else keep)
        self.app.push_screen(prompt, answered)

    def action_rename(self) -> None:
        theme = self.theme
        if theme:
            self._ask(TextPrompt("Rename theme", theme.name), lambda name: self.app.store.name_theme(theme.id, name),
                      theme.id)

    def action_insight(self) -> None:
        theme = self.theme
        if theme:
            self._ask(TextPrompt("Insight: the takeaway in one line (empty: not an insight)",
                                 theme.takeaway, "Finance teams reconcile payouts by hand"),
                      lambda takeaway: self.app.store.mark_insight(theme.id, takeaway), theme.id)

    def action_pin(self) -> None:
        theme = self.theme
        if theme:
            self._edit(lambda: self.app.store.pin_theme(theme.id, not theme.pinned), theme.id)

    def action_merge(self) -> None:
        theme = self.theme
        others = [t for t in self.themes if theme and t.id != theme.id]
        if theme and others:
            self._ask(ThemePicker(f"Merge “{theme.name}” into…", others),
                      lambda into: self.app.store.merge_themes(theme.id, into))

    def action_move(self) -> None:
        theme, statement = self.theme, self.statement
        others = [t for t in self.themes if theme and t.id != theme.id]
        if statement and others:
            self._ask(ThemePicker("Move the statement to…", others),
                      lambda into: self.app.store.move_statement(statement.highlight_id, into))

    def action_mark(self) -> None:
        statement = self.statement
        if statement:
            self.marked ^= {statement.highlight_id}
            row = self.query_one("#board-statements", DataTable).cursor_row
            self._show_statements()
            self.query_one("#board-statements", DataTable).move_cursor(row=row)

    def action_split(self) -> None:
        theme, statement = self.theme, self.statement
        if not theme or not statement:
            return
        chosen = [s.highlight_id for s in theme.statements if s.highlight_id in self.marked] or [statement.highlight_id]
        count = f"{len(chosen)} statement{'s' if len(chosen) > 1 else ''}"
        self._ask(TextPrompt(f"Split {count} off into a new theme called…", "", "Theme name"),
                  lambda name: self.app.store.split_theme(theme.id, chosen, name))

    def action_back(self) -> None:
        self.app.pop_screen()
