"""Dot voting: choose who is voting (1-9), then place their dots on ideas; a live ranking beside.

Dots can be stacked on one idea. u takes back the voter's last dot. The ranking
re-orders as dots land, the idea list does not, so the cursor never jumps.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from interview.cocreation import initials, ranked
from interview.models import Idea, Participant
from interview.widgets.cocreation.ideas import clip

RANKING_ROWS = 12


class VoteView(Vertical):
    BINDINGS = [
        *[Binding(str(n), f"voter({n})", f"Voter {n}", show=False) for n in range(1, 10)],
        Binding("space", "cast", "Place dot"),
        Binding("u,backspace", "undo", "Undo dot"),
    ]

    class Cast(Message):
        def __init__(self, idea_id: str, number: int) -> None:
            super().__init__()
            self.idea_id, self.number = idea_id, number

    class Undo(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    class VoterChosen(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.voter: int | None = None
        self.seats: list[tuple[int, Participant]] = []
        self.dots = 3
        self.used: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="cc-vote-voter")
        with Horizontal(id="cc-vote-body"):
            table = DataTable(id="cc-vote-table", cursor_type="row", zebra_stripes=True)
            table.add_column("#", width=4)
            table.add_column("Idea", width=44)
            table.add_column("Theme", width=14)
            table.add_column("Dots", width=8)
            yield table
            yield Static("", id="cc-vote-ranking")

    def show(self, ideas: list[Idea], seats: list[tuple[int, Participant]], dots: int, used: dict[str, int]) -> None:
        self.seats, self.dots, self.used = seats, dots, used
        if self.voter not in {n for n, _ in seats}:
            self.voter = seats[0][0] if seats else None
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for idea in ideas:
            table.add_row(f"#{idea.number}", clip(idea.text, 44), clip(idea.theme, 14),
                          Text("●" * idea.votes, style="bold"), key=idea.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._voter_line()
        self._ranking(ideas)

    def _voter_line(self) -> None:
        text = Text()
        seat = next(((n, p) for n, p in self.seats if n == self.voter), None)
        if seat is None:
            text.append("No participants to vote yet: ctrl+n adds one.", style="italic")
        else:
            number, person = seat
            left = max(0, self.dots - self.used.get(person.id, 0))
            text.append("Voting: ", style="dim")
            text.append(f" {number} {person.name} ", style="bold reverse")
            text.append(f"  {left} of {self.dots} dots left  ", style="bold" if left else "bold red")
            text.append("●" * left + "○" * (self.dots - left))
            text.append("    1-9 who votes · space/enter places a dot · u takes it back", style="dim")
        self.query_one("#cc-vote-voter", Static).update(text)

    def _ranking(self, ideas: list[Idea]) -> None:
        text = Text("Ranking\n", style="bold")
        order = [i for i in ranked(ideas) if i.votes]
        if not order:
            text.append("no dots yet", style="dim")
        for place, idea in enumerate(order[:RANKING_ROWS], start=1):
            text.append(f"{place:>2}. ", style="dim")
            text.append(f"{idea.votes:>2} ", style="bold")
            text.append(f"#{idea.number} {clip(idea.text, 22)}")
            if idea.proposer:
                text.append(f" {initials(idea.proposer)}", style="dim")
            text.append("\n")
        total = sum(i.votes for i in ideas)
        text.append(f"\n{total} dot{'s' if total != 1 else ''} placed", style="dim")
        self.query_one("#cc-vote-ranking", Static).update(text)

    def action_voter(self, number: int) -> None:
        if number not in {n for n, _ in self.seats}:
            self.notify(f"There is no participant {number}: ctrl+n adds one.")
            return
        self.voter = number
        self._voter_line()
        self.post_message(self.VoterChosen(number))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_cast()

    def action_cast(self) -> None:
        table = self.query_one(DataTable)
        if self.voter is None or not table.row_count:
            self.notify("Add participants (ctrl+n) and capture ideas before voting.")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.post_message(self.Cast(str(key), self.voter))

    def action_undo(self) -> None:
        if self.voter is not None:
            self.post_message(self.Undo(self.voter))
