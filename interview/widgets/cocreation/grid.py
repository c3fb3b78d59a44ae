"""Prioritising: rate the top-voted ideas for impact and effort (1-5) and see them on a 2x2 grid.

Two key presses per idea: the first digit is its impact, the second its effort, then
the cursor moves to the next idea. i / e choose which of the two the next digit sets;
backspace clears the selected idea's rating.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from interview.cocreation import HIGH, grid
from interview.models import Idea
from interview.widgets.cocreation.ideas import clip

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


class PrioritiseView(Vertical):
    BINDINGS = [
        *[Binding(str(n), f"rate({n})", str(n), show=False) for n in range(1, 6)],
        Binding("i", "field('impact')", "Impact"),
        Binding("e", "field('effort')", "Effort"),
        Binding("backspace,delete", "clear", "Clear rating", show=False),
    ]

    class Rated(Message):
        def __init__(self, idea_id: str, impact: int | None, effort: int | None) -> None:
            super().__init__()
            self.idea_id, self.impact, self.effort = idea_id, impact, effort

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ideas: list[Idea] = []
        self.field = "impact"

    def compose(self) -> ComposeResult:
        yield Static("", id="cc-prio-help")
        with Horizontal(id="cc-prio-body"):
            table = DataTable(id="cc-prio-table", cursor_type="row", zebra_stripes=True)
            table.add_column("#", width=4)
            table.add_column("Idea", width=30)
            table.add_column("Dots", width=4)
            table.add_column("Impact", key="impact", width=6)
            table.add_column("Effort", key="effort", width=6)
            yield table
            yield Static("", id="cc-prio-grid")

    def show(self, ideas: list[Idea]) -> None:
        """``ideas`` are the top ideas to place, best first."""
        self.ideas = ideas
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for idea in ideas:
            table.add_row(f"#{idea.number}", clip(idea.text, 30), str(idea.votes),
                          self._value(idea.impact, "impact", idea), self._value(idea.effort, "effort", idea), key=idea.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._help()
        self.query_one("#cc-prio-grid", Static).update(grid_table(ideas))

    def _value(self, value: int | None, field: str, idea: Idea) -> Text:
        return Text(str(value) if value is not None else "·", style="bold" if value is not None else "dim")

    def _help(self) -> None:
        rated = sum(1 for i in self.ideas if i.impact is not None and i.effort is not None)
        text = Text()
        text.append(f"{rated} of {len(self.ideas)} top ideas placed.  ", style="bold")
        text.append("Next digit sets ", style="dim")
        text.append(f" {self.field} ", style="bold reverse")
        text.append("  1-5 rate (impact, then effort) · i/e choose · backspace clears", style="dim")
        self.query_one("#cc-prio-help", Static).update(text)

    def _selected(self) -> Idea | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
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
            table = self.query_one(DataTable)
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
