"""Prioritising: rate the top-voted ideas for impact and effort (1-5) and see them on a 2x2 grid.

Two key presses per idea: the first digit is its impact, the second its effort, then
the cursor moves to the next idea. i / e choose which of the two the next digit sets;
backspace clears the selected idea's rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from interview.cocreation import DEFAULT_TOP, HIGH, grid, top_for, top_ideas
from interview.models import Idea, Section
from interview.widgets.cocreation.activity import ActivityView, IdeaTable, Request, clip, digit_keys, option

GRID_ITEMS = 6  # ideas listed per quadrant before "+ n more"


def grid_table(ideas: list[Idea], width: int = 22) -> Table:
    """The impact x effort grid as a rich table: high impact on top, low effort on the left."""
    cells = grid(ideas)
    table = Table(show_lines=True, expand=True, padding=(0, 1))
    table.add_column("", width=7, style="dim")
    table.add_column(f"Low effort (1-{HIGH - 1})", ratio=1)
    table.add_column(f"High effort ({HIGH}-5)", ratio=1)

    def cell(name: str) -> Text:
        text = Text(name, style="bold")
        items = cells[name]
        for idea in items[:GRID_ITEMS]:
            text.append(f"\n#{idea.number} {clip(idea.text, width)}", style="")
            text.append(f" {idea.impact}/{idea.effort}", style="dim")
        if len(items) > GRID_ITEMS:
            text.append(f"\n+ {len(items) - GRID_ITEMS} more", style="dim")
        return text

    table.add_row("High\nimpact", cell("Quick wins"), cell("Big bets"))
    table.add_row("Low\nimpact", cell("Fill-ins"), cell("Money pits"))
    return table


class PrioritiseView(ActivityView):
    HELP = "[b]Prioritise[/b]: per idea, one digit for impact then one for effort (1-5)."
    BINDINGS = [
        *digit_keys("rate", "", range(1, 6)),
        Binding("i", "field('impact')", "Impact"),
        Binding("e", "field('effort')", "Effort"),
        Binding("backspace,delete", "clear", "Clear rating", show=False),
    ]

    @dataclass
    class Rated(Request):
        idea_id: str
        impact: int | None
        effort: int | None

    def __init__(self, section: Section, *, id: str | None = None) -> None:
        super().__init__(section, id=id)
        self.ideas: list[Idea] = []
        self.field = "impact"

    def compose(self) -> ComposeResult:
        yield Static("", id="cc-prio-help")
        with Horizontal(id="cc-prio-body"):
            yield IdeaTable([("#", 4), ("Idea", 30), ("Dots", 4), ("Impact", 6), ("Effort", 6)], id="cc-prio-table")
            yield Static("", id="cc-prio-grid")

    def draw(self) -> None:
        """The top ideas to place, best first."""
        self.ideas = ideas = top_ideas(self.workshop.ideas, option(top_for, self.section, DEFAULT_TOP))
        self.query_one(IdeaTable).refill(
            (idea.id, (f"#{idea.number}", clip(idea.text, 30), str(idea.votes), _rating(idea.impact),
                       _rating(idea.effort))) for idea in ideas)
        self._help()
        self.query_one("#cc-prio-grid", Static).update(grid_table(ideas))

    def _help(self) -> None:
        rated = sum(1 for i in self.ideas if i.impact is not None and i.effort is not None)
        text = Text()
        text.append(f"{rated} of {len(self.ideas)} top ideas placed.  ", style="bold")
        text.append("Next digit sets ", style="dim")
        text.append(f" {self.field} ", style="bold reverse")
        text.append("  1-5 rate (impact, then effort) · i/e choose · backspace clears", style="dim")
        self.query_one("#cc-prio-help", Static).update(text)

    def _selected(self) -> Idea | None:
        key = self.query_one(IdeaTable).selected_id()
        return next((i for i in self.ideas if i.id == key), None)

    def action_field(self, field: str) -> None:
        self.field = field
        self._help()

    def action_rate(self, value: int) -> None:
        idea = self._selected()
        if idea is None:
            self.notify("No voted ideas to place yet.")
            return
        # Update our copy now: the next digit may arrive before the screen has saved and redrawn.
        if self.field == "impact":
            idea.impact, self.field = value, "effort"
        else:
            idea.effort, self.field = value, "impact"
            table = self.query_one(IdeaTable)
            if table.cursor_row + 1 < table.row_count:
                table.move_cursor(row=table.cursor_row + 1)
        self._help()
        self.post_message(self.Rated(idea.id, idea.impact, idea.effort))

    def action_clear(self) -> None:
        idea = self._selected()
        if idea is not None:
            self.field = "impact"
            idea.impact = idea.effort = None
            self.post_message(self.Rated(idea.id, None, None))


def _rating(value: int | None) -> Text:
    return Text(str(value) if value is not None else "·", style="bold" if value is not None else "dim")
