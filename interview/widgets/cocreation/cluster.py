"""Clustering: walk through the ideas and put each in a theme, or take the app's suggestions.

The theme box stays focused: up/down move through the ideas, enter files the selected
idea under the typed theme (→ completes a theme already used) and moves on to the
next idea without one. Suggestions group ideas that share a key word; ctrl+y accepts
them all, ctrl+r renames the selected idea's theme wherever it is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import DataTable, Input, Label, Static

from interview.cocreation import ThemeSuggestion, suggest_themes, themes_of
from interview.models import Idea, Section
from interview.widgets.cocreation.activity import ActivityView, IdeaTable, Request, clip

CLEAR = "-"


class ThemeSuggester(Suggester):
    """Completes a theme name already used in this session."""

    def __init__(self, view: "ClusterView") -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.view = view

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        return next((t for t in self.view.themes if t.lower().startswith(value.lower())), None)


class ClusterView(ActivityView):
    HELP = ("[b]Clustering[/b]: type a theme, enter files the selected idea (→ completes, - removes); "
            "up/down choose the idea; ctrl+s suggests themes, ctrl+y accepts them, ctrl+r renames.")
    BINDINGS = [
        Binding("up", "move(-1)", "Previous idea", show=False),
        Binding("down", "move(1)", "Next idea", show=False),
        Binding("ctrl+s", "suggest", "Suggest themes", key_display="^s", priority=True),
        Binding("ctrl+y", "accept", "Accept suggestions", key_display="^y", priority=True),
        Binding("ctrl+r", "rename", "Rename theme", key_display="^r", priority=True),
    ]

    @dataclass
    class Themed(Request):
        """Put each idea in a theme ("" takes it out): (idea id, theme) pairs."""

        themes: list[tuple[str, str]]

    @dataclass
    class Rename(Request):
        old: str
        new: str

    @dataclass
    class Suggested(Message):
        """The suggestion worker is done (within this view)."""

        suggestions: list[ThemeSuggestion]

    def __init__(self, section: Section, *, id: str | None = None) -> None:
        super().__init__(section, id=id)
        self.ideas: list[Idea] = []
        self.themes: list[str] = []
        self.suggestions: list[ThemeSuggestion] = []
        self.renaming: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="cc-cluster-body"):
            yield IdeaTable([("#", 4), ("Idea", 56), ("Theme", 18)], id="cc-cluster-table")
            with VerticalScroll(id="cc-cluster-side"):
                yield Static("", id="cc-cluster-themes")
                yield Static("", id="cc-cluster-suggestions")
        yield Label("", id="cc-cluster-prompt")
        yield Input(placeholder="Theme for the selected idea (→ completes, - removes, enter alone skips)",
                    id="cc-cluster-input", suggester=ThemeSuggester(self))

    # ------------------------------------------------------------------ what the screen calls

    def draw(self) -> None:
        table = self.query_one(IdeaTable)
        keep = table.selected_id()
        self.ideas = ideas = self.workshop.ideas
        self.themes = themes_of(ideas)
        table.refill((idea.id, (f"#{idea.number}", clip(idea.text, 56),
                                Text(idea.theme) if idea.theme else Text("—", style="dim"))) for idea in ideas)
        if keep is not None and any(i.id == keep for i in ideas):
            table.move_to(keep)
        self._side()
        self._prompt()

    def saved(self, request: Request) -> None:
        super().saved(request)
        if isinstance(request, self.Themed):
            self.next_unthemed()

    def selected(self) -> Idea | None:
        key = self.query_one(IdeaTable).selected_id()
        return next((i for i in self.ideas if i.id == key), None)

    def next_unthemed(self) -> None:
        """After filing an idea, go to the next one still without a theme (wrapping around)."""
        table = self.query_one(DataTable)
        if not self.ideas:
            return
        start = table.cursor_row
        order = self.ideas[start + 1:] + self.ideas[: start + 1]
        target = next((i for i in order if not i.theme), None)
        if target is not None:
            table.move_cursor(row=table.get_row_index(target.id))
        self._prompt()

    def _side(self) -> None:
        counts = {t: sum(1 for i in self.ideas if i.theme == t) for t in self.themes}
        left = sum(1 for i in self.ideas if not i.theme)
        text = Text("Themes\n", style="bold")
        for theme, count in counts.items():
            text.append(f"  {theme}", style="bold")
            text.append(f"  {count}\n", style="dim")
        if not counts:
            text.append("  none yet\n", style="dim")
        text.append(f"\n{left} idea{'s' if left != 1 else ''} without a theme\n", style="dim")
        self.query_one("#cc-cluster-themes", Static).update(text)
        box = self.query_one("#cc-cluster-suggestions", Static)
        if not self.suggestions:
            box.update(Text("ctrl+s suggests themes from words the ideas share", style="dim"))
            return
        numbers = {i.id: i.number for i in self.ideas}
        text = Text("Suggested (ctrl+y accepts all)\n", style="bold")
        for suggestion in self.suggestions:
            ids = " ".join(f"#{numbers[i]}" for i in suggestion.idea_ids if i in numbers)
            text.append(f"  {suggestion.name}", style="bold green")
            text.append(f"  {ids}\n")
        box.update(text)

    def _prompt(self) -> None:
        idea = self.selected()
        label = self.query_one("#cc-cluster-prompt", Label)
        if self.renaming is not None:
            label.update(f"Rename the theme “{self.renaming}” to (enter saves, esc cancels):")
        elif idea is None:
            label.update("No ideas to cluster yet: capture some in the ideas activity.")
        else:
            label.update(f"Theme for #{idea.number}: {clip(idea.text, 70)}")

    # ------------------------------------------------------------------ keys

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))
        self._prompt()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._prompt()

    def action_suggest(self) -> None:
        self.notify("Looking for shared words…")
        self._suggest(list(self.ideas))

    @work(thread=True, exclusive=True, group="themes", exit_on_error=False)
    def _suggest(self, ideas: list[Idea]) -> None:
        self.post_message(self.Suggested(suggest_themes(ideas)))

    @on(Suggested)
    def _suggested(self, event: Suggested) -> None:
        event.stop()
        self.suggestions = event.suggestions
        self._side()
        if not event.suggestions:
            self.notify("No two ideas without a theme share a key word; name the themes yourself.")

    def action_accept(self) -> None:
        if not self.suggestions:
            self.notify("No suggestions to accept: ctrl+s asks for some.")
            return
        themes = [(idea_id, s.name) for s in self.suggestions for idea_id in s.idea_ids]
        self.post_message(self.Themed(themes, said=f"{len(self.suggestions)} themes accepted: ctrl+r renames one."))
        self.suggestions = []

    def action_rename(self) -> None:
        idea = self.selected()
        if idea is None or not idea.theme:
            self.notify("Select an idea that has a theme to rename it.")
            return
        self.renaming = idea.theme
        box = self.query_one(Input)
        box.value = idea.theme
        box.cursor_position = len(box.value)
        box.focus()
        self._prompt()

    def cancel(self) -> bool:
        """Esc while renaming cancels it; returns False when there was nothing to cancel."""
        if self.renaming is None:
            return False
        self.renaming = None
        self.query_one(Input).value = ""
        self._prompt()
        return True

    @on(Input.Submitted, "#cc-cluster-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = " ".join(event.value.split())
        if self.renaming is not None:
            if value:
                self.post_message(self.Rename(self.renaming, value))
            self.renaming = None
            event.input.value = ""
            self._prompt()
            return
        idea = self.selected()
        if idea is None:
            return
        event.input.value = ""
        if not value:
            self.action_move(1)
            return
        self.post_message(self.Themed([(idea.id, "" if value == CLEAR else value)]))
