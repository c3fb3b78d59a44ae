"""Dot voting: choose who is voting (1-9), then place their dots on ideas; a live ranking beside.

Dots can be stacked on one idea. u takes back the voter's last dot. The ranking
re-orders as dots land, the idea list does not, so the cursor never jumps.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Static

from interview.cocreation import DEFAULT_DOTS, dots_for, initials, ranked
from interview.models import Idea, Section
from interview.widgets.cocreation.activity import ActivityView, IdeaTable, Request, clip, digit_keys, option

RANKING_ROWS = 12


class VoteView(ActivityView):
    HELP = "[b]Voting[/b]: 1-9 choose who votes, space or enter places a dot, u takes it back."
    BINDINGS = [
        *digit_keys("voter", "Voter", range(1, 10)),
        Binding("space", "cast", "Place dot"),
        Binding("u,backspace", "undo", "Undo dot"),
    ]

    @dataclass
    class Cast(Request):
        """One dot on an idea; the store refuses it once the voter has used ``dots``."""

        idea_id: str
        participant_id: str
        dots: int

    @dataclass
    class TakeBack(Request):
        """The voter's newest dot comes off; ``none_left`` is said when they have none placed."""

        participant_id: str
        none_left: str

    class VoterChosen(Message):
        """Someone else votes now (the people bar marks them)."""

    def __init__(self, section: Section, *, id: str | None = None) -> None:
        super().__init__(section, id=id)
        self.voter: int | None = None
        self.dots = option(dots_for, section, DEFAULT_DOTS)

    def compose(self) -> ComposeResult:
        yield Static("", id="cc-vote-voter")
        with Horizontal(id="cc-vote-body"):
            yield IdeaTable([("#", 4), ("Idea", 44), ("Theme", 14), ("Dots", 8)], id="cc-vote-table")
            yield Static("", id="cc-vote-ranking")

    def draw(self) -> None:
        seats, ideas = self.workshop.seats, self.workshop.ideas
        if self.voter not in {n for n, _ in seats}:
            self.voter = seats[0][0] if seats else None
        self.query_one(IdeaTable).refill(
            (idea.id, (f"#{idea.number}", clip(idea.text, 44), clip(idea.theme, 14), Text("●" * idea.votes, style="bold")))
            for idea in ideas)
        self._voter_line()
        self._ranking(ideas)

    def people_marks(self) -> dict:
        return {"dots": self.dots, "used": self.workshop.dots_used, "voter": self.voter}

    def _voter_line(self) -> None:
        text = Text()
        person = self.workshop.seat(self.voter)
        if person is None:
            text.append("No participants to vote yet: ctrl+n adds one.", style="italic")
        else:
            left = max(0, self.dots - self.workshop.dots_used.get(person.id, 0))
            text.append("Voting: ", style="dim")
            text.append(f" {self.voter} {person.name} ", style="bold reverse")
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
        if self.workshop.seat(number) is None:
            self.notify(f"There is no participant {number}: ctrl+n adds one.")
            return
        self.voter = number
        self._voter_line()
        self.post_message(self.VoterChosen())

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_cast()

    def action_cast(self) -> None:
        person = self.workshop.seat(self.voter)
        idea_id = self.query_one(IdeaTable).selected_id()
        if person is None or idea_id is None:
            self.notify("Add participants (ctrl+n) and capture ideas before voting.")
            return
        self.post_message(self.Cast(idea_id, person.id, self.dots, if_refused=f"({person.name}; u takes one back.)"))

    def action_undo(self) -> None:
        if (person := self.workshop.seat(self.voter)) is not None:
            self.post_message(self.TakeBack(person.id, f"{person.name} has no dots placed."))
