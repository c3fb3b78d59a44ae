"""What every activity view shares: the workshop it draws, the people's number keys, and the requests it posts.

Each view (ideas, clustering, voting, prioritising, discussion) owns its keys and
turns what the facilitator did into a ``Request``, a message the screen saves through
the store (views never touch it), then redraws the view from the store with ``show``.
A line typed in a view's box travels as ``LineEntered`` and becomes a request only when the
screen reaches it (``request_for``), after everything typed before it is saved: "idea,
then ^1 builds on it" pasted at once finds idea #1. Messages are dataclasses nested in
the view that sends them, as Posting's are (STYLE.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input

from interview.models import Idea, Note, Participant, Section
from interview.widgets.line_input import LineInput

KEPT_IN_BOX = "Not saved: your text is still in the box."


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, so a long idea never pushes the table sideways."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def digit_keys(action: str, description: str, digits: range) -> list[Binding]:
    """One hidden binding per digit key, each calling ``action(digit)`` (who proposed, who votes, a rating)."""
    return [Binding(str(n), f"{action}({n})", f"{description} {n}".strip(), show=False) for n in digits]


def option(read: Callable[[Section], int], section: Section, default: int) -> int:
    """A guide option of the activity (dots, top), or ``default`` when the guide's value is unusable (said at start)."""
    try:
        return read(section)
    except ValueError:
        return default


@dataclass
class Workshop:
    """What the views draw, read from the store after every change (the store is the truth)."""

    seats: list[tuple[int, Participant]] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)  # kept ideas, in capture order
    removed: list[Idea] = field(default_factory=list)  # removed ones, which ctrl+y puts back
    notes: list[Note] = field(default_factory=list)
    dots_used: dict[str, int] = field(default_factory=dict)  # participant id -> dots placed

    def seat(self, number: int | None) -> Participant | None:
        return next((p for n, p in self.seats if n == number), None)

    def idea_numbered(self, number: int | None) -> Idea | None:
        return next((i for i in self.ideas if i.number == number), None)


@dataclass
class Request(Message):
    """Something to save; the screen says ``said`` once it is saved and adds ``if_refused`` to a refusal."""

    said: str = field(default="", kw_only=True)
    if_refused: str = field(default="", kw_only=True)


@dataclass
class Typed(Request):
    """A request made from a line typed in the view's box: ``raw`` goes back to the box if the store refuses it."""

    raw: str


@dataclass
class LineEntered(Message):
    """Enter in the view's box, for the screen to turn into a request in its turn (``request_for``)."""

    raw: str


class IdeaTable(DataTable):
    """Ideas one per row, keyed by idea id: how every activity lists them."""

    def __init__(self, columns: Iterable[tuple[str, int]], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        for label, width in columns:
            self.add_column(label, width=width)

    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)

    def refill(self, rows: Iterable[tuple[str, tuple]]) -> None:
        """Replace the rows, given as (idea id, cells); the cursor stays on the same row number."""
        row = self.cursor_row
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def move_to(self, idea_id: str) -> None:
        self.move_cursor(row=self.get_row_index(idea_id))


class ActivityView(Vertical):
    """One activity of the workshop; the screen shows it a ``Workshop`` and saves its requests."""

    HELP = ""  # the activity's keys, one line of the workshop's help (?)

    def __init__(self, section: Section, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.section = section
        self.workshop = Workshop()

    def show(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.draw()

    def draw(self) -> None:
        """Draw ``self.workshop``."""

    def request_for(self, raw: str) -> Request | None:
        """What a line typed in the box asks to save, or None after saying why it cannot be (views with a box)."""
        return None

    def saved(self, request: Request) -> None:
        """After the screen saved ``request`` and redrew: say so (a view may also move on)."""
        if request.said:
            self.notify(request.said)

    @property
    def note_box(self) -> LineInput | None:
        """The box ideas or notes are typed in, whose text is kept as a draft (None: this view has none)."""
        found = self.query(LineInput)
        return found.first() if found else None

    @on(Input.Submitted, "LineInput")
    def _line_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(LineEntered(event.value))

    def give_back(self, text: str) -> None:
        """A typed line was not saved: back in the box, ahead of anything typed since."""
        if (box := self.note_box) is not None:
            box.give_back(text)

    def cancel(self) -> bool:
        """Esc: cancel something under way in the view; False when there was nothing (esc then ends the workshop)."""
        return False

    def people_marks(self) -> dict:
        """What the people bar shows besides names in this activity (a vote: dots left, who votes)."""
        return {}
