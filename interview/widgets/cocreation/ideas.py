"""Idea capture: type an idea, enter saves it; the list shows every idea, newest first.

Number keys typed in a text box are text, and terminals do not send alt+digit or
ctrl+digit reliably, so attribution is a prefix: ``2: idea`` is participant 2's idea
and ``^4`` builds on idea 4 (``2: ^4 idea`` does both). After saving, tab to the list
and press a number to change who proposed the selected idea (0: anonymous).
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from interview.cocreation import initials
from interview.models import Idea
from interview.widgets.line_input import LineInput

PLACEHOLDER = "Type an idea, enter saves.   2: idea  = proposed by 2    ^4 idea  = builds on idea 4"


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, so a long idea never pushes the table sideways."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class IdeaList(DataTable):
    """The ideas, newest first; number keys re-attribute the selected one."""

    BINDINGS = [
        *[Binding(str(n), f"attribute({n})", f"By {n}", show=False) for n in range(10)],
        Binding("b", "build_on", "Build on this"),
        Binding("x,delete", "remove", "Remove"),
    ]

    class Attributed(Message):
        def __init__(self, idea_id: str, number: int | None) -> None:
            super().__init__()
            self.idea_id, self.number = idea_id, number

    class Removed(Message):
        def __init__(self, idea_id: str) -> None:
            super().__init__()
            self.idea_id = idea_id

    class BuildOn(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)

    def action_attribute(self, number: int) -> None:
        if (idea_id := self.selected_id()) is not None:
            self.post_message(self.Attributed(idea_id, number or None))

    def action_remove(self) -> None:
        if (idea_id := self.selected_id()) is not None:
            self.post_message(self.Removed(idea_id))

    def action_build_on(self) -> None:
        if self.row_count:
            number = self.get_row_at(self.cursor_row)[0]
            self.post_message(self.BuildOn(int(str(number).lstrip("#"))))


class IdeasView(Vertical):
    """Shows ideas it is given; posts ``Submitted`` with the raw line for the screen to save."""

    BINDINGS = [
        Binding("ctrl+z", "undo", "Remove newest", key_display="^z", priority=True),
        Binding("ctrl+y", "restore", "Restore removed", key_display="^y", show=False, priority=True),
    ]

    class Submitted(Message):
        def __init__(self, raw: str) -> None:
            super().__init__()
            self.raw = raw

    class Undo(Message):
        pass

    class Restore(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Static("", id="cc-ideas-count")
        table = IdeaList(id="cc-ideas-table", cursor_type="row", zebra_stripes=True)
        table.add_column("#", width=4)
        table.add_column("By", width=3)
        table.add_column("Idea", width=80)
        table.add_column("Builds on", width=10)
        yield table
        yield LineInput(placeholder=PLACEHOLDER, id="cc-ideas-input")

    def show(self, ideas: list[Idea]) -> None:
        table = self.query_one(IdeaList)
        keep = table.selected_id()
        numbers = {i.id: i.number for i in ideas}
        table.clear()
        for idea in sorted(ideas, key=lambda i: -i.number):
            builds = f"↳ #{numbers[idea.builds_on]}" if idea.builds_on in numbers else ""
            table.add_row(f"#{idea.number}", initials(idea.proposer) or "·", clip(idea.text, 80), builds, key=idea.id)
        if table.has_focus and keep is not None and keep in numbers:
            table.move_cursor(row=table.get_row_index(keep))  # re-attributing: stay on that idea
        elif table.row_count:
            table.move_cursor(row=0)  # typing: the newest idea is the one to act on
        people = len({i.participant_id for i in ideas if i.participant_id})
        self.query_one("#cc-ideas-count", Static).update(
            f"{len(ideas)} idea{'s' if len(ideas) != 1 else ''} from {people} "
            f"{'person' if people == 1 else 'people'}   [dim]tab: list · number re-attributes · b builds on · x removes[/]"
        )

    @on(Input.Submitted, "#cc-ideas-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))

    @on(IdeaList.BuildOn)
    def _build_on(self, event: IdeaList.BuildOn) -> None:
        box = self.query_one(Input)
        text = re.sub(r"\^\s*#?\d+\s*", "", box.value, count=1)
        who = re.match(r"\s*[1-9]\d?\s*:(?!\d)\s*", text)
        head, rest = (text[: who.end()], text[who.end():]) if who else ("", text)
        box.value = f"{head}^{event.number} {rest}"
        box.cursor_position = len(box.value)
        box.focus()

    def give_back(self, text: str) -> None:
        """The idea was not saved: back in the box, ahead of anything typed since."""
        self.query_one(LineInput).give_back(text)

    def action_undo(self) -> None:
        self.post_message(self.Undo())

    def action_restore(self) -> None:
        self.post_message(self.Restore())
