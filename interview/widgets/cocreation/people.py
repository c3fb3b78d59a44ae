"""The workshop's participants on one line, each with the number key that attributes to them.

In a vote the line also shows each person's dots left and who is voting now.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from interview.cocreation import initials
from interview.models import Participant

Seat = tuple[int, Participant]


def seat_label(seat: Seat) -> str:
    number, person = seat
    return f"{number} {person.name} ({initials(person.name)})"


class PeopleBar(Static):
    """Who is in the room; the screen tells it, it never queries the store."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.seats: list[Seat] = []
        self.dots: int | None = None
        self.used: dict[str, int] = {}
        self.voter: int | None = None

    def show(self, seats: list[Seat], *, dots: int | None = None, used: dict[str, int] | None = None,
             voter: int | None = None) -> None:
        self.seats, self.dots, self.used, self.voter = seats, dots, dict(used or {}), voter
        self.update(self.line_text())

    def line_text(self) -> Text:
        text = Text()
        if not self.seats:
            text.append("No participants yet: ctrl+n adds one.", style="italic")
            return text
        for number, person in self.seats:
            if text:
                text.append("   ")
            style = "bold reverse" if self.voter == number else ""
            text.append(f" {number} ", style="bold " + ("reverse" if not style else ""))
            text.append(f" {person.name}", style=style or "")
            if self.dots is not None:
                left = max(0, self.dots - self.used.get(person.id, 0))
                text.append(" " + "●" * left + "○" * (self.dots - left), style="bold" if left else "dim")
        text.append("    ctrl+n adds someone", style="dim")
        return text
