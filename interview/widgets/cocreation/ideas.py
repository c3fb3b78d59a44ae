"""Idea capture: type an idea, enter saves it; the list shows every idea, newest first.

Number keys typed in a text box are text, and terminals do not send alt+digit or
ctrl+digit reliably, so attribution is a prefix: ``2: idea`` is participant 2's idea
and ``^4`` builds on idea 4 (``2: ^4 idea`` does both). After saving, tab to the list
and press a number to change who proposed the selected idea (0: anonymous).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from interview.cocreation import initials, parse_idea_input
from interview.widgets.cocreation.activity import KEPT_IN_BOX, ActivityView, IdeaTable, Request, Typed, clip, digit_keys
from interview.widgets.line_input import LineInput

PLACEHOLDER = "Type an idea, enter saves.   2: idea  = proposed by 2    ^4 idea  = builds on idea 4"


class IdeaList(IdeaTable):
    """The ideas, newest first; number keys re-attribute the selected one."""

    BINDINGS = [
        *digit_keys("attribute", "By", range(10)),
        Binding("b", "build_on", "Build on this"),
        Binding("x,delete", "remove", "Remove"),
    ]

    @dataclass
    class Attributed(Message):
        idea_id: str
        number: int | None

    @dataclass
    class Removed(Message):
        idea_id: str

    @dataclass
    class BuildOn(Message):
        number: int

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


class IdeasView(ActivityView):
    """Shows the ideas; a typed line becomes ``Add`` (with who proposed it and what it builds on) for the screen."""

    HELP = ("[b]Ideas[/b]: [b]2: idea[/b] is participant 2's idea, [b]^4 idea[/b] builds on idea 4, "
            "enter saves. Tab to the list: a number re-attributes (0 anonymous), b builds on, x removes.")
    BINDINGS = [
        Binding("ctrl+z", "undo", "Remove newest", key_display="^z", priority=True),
        Binding("ctrl+y", "restore", "Restore removed", key_display="^y", show=False, priority=True),
    ]

    @dataclass
    class Add(Typed):
        text: str
        participant_id: str | None
        builds_on: str | None

    @dataclass
    class Attribute(Request):
        idea_id: str
        participant_id: str | None

    @dataclass
    class SetRemoved(Request):
        idea_id: str
        removed: bool

    def compose(self) -> ComposeResult:
        yield Static("", id="cc-ideas-count")
        yield IdeaList([("#", 4), ("By", 3), ("Idea", 80), ("Builds on", 10)], id="cc-ideas-table")
        yield LineInput(placeholder=PLACEHOLDER, id="cc-ideas-input")

    def draw(self) -> None:
        ideas = self.workshop.ideas
        table = self.query_one(IdeaList)
        keep = table.selected_id()
        numbers = {i.id: i.number for i in ideas}
        table.refill((idea.id, (f"#{idea.number}", initials(idea.proposer) or "·", clip(idea.text, 80),
                                f"↳ #{numbers[idea.builds_on]}" if idea.builds_on in numbers else ""))
                     for idea in sorted(ideas, key=lambda i: -i.number))
        if table.has_focus and keep is not None and keep in numbers:
            table.move_to(keep)  # re-attributing: stay on that idea
        elif table.row_count:
            table.move_cursor(row=0)  # typing: the newest idea is the one to act on
        people = len({i.participant_id for i in ideas if i.participant_id})
        self.query_one("#cc-ideas-count", Static).update(
            f"{len(ideas)} idea{'s' if len(ideas) != 1 else ''} from {people} "
            f"{'person' if people == 1 else 'people'}   [dim]tab: list · number re-attributes · b builds on · x removes[/]"
        )

    def request_for(self, raw: str) -> Request | None:
        typed = parse_idea_input(raw)
        person = self.workshop.seat(typed.number)
        builds = self.workshop.idea_numbered(typed.builds_on)
        problem = ""
        if typed.number is not None and person is None:
            problem = f"There is no participant {typed.number}: ctrl+n adds one."
        elif typed.builds_on is not None and builds is None:
            problem = f"There is no idea #{typed.builds_on} to build on."
        elif not typed.text:
            problem = "Type the idea itself after the prefix."
        if problem:
            self.notify(f"Not saved: {problem} Your text is still in the box.", severity="warning")
            return None
        return self.Add(raw, typed.text, person.id if person else None, builds.id if builds else None,
                        if_refused=KEPT_IN_BOX)

    @on(IdeaList.Attributed)
    def _attributed(self, event: IdeaList.Attributed) -> None:
        event.stop()
        person = self.workshop.seat(event.number)
        if event.number is not None and person is None:
            self.notify(f"There is no participant {event.number}: ctrl+n adds one.")
            return
        self.post_message(self.Attribute(event.idea_id, person.id if person else None))

    @on(IdeaList.Removed)
    def _removed(self, event: IdeaList.Removed) -> None:
        event.stop()
        self.post_message(self.SetRemoved(event.idea_id, True, said="Idea removed: ctrl+y puts it back."))

    @on(IdeaList.BuildOn)
    def _build_on(self, event: IdeaList.BuildOn) -> None:
        event.stop()
        box = self.query_one(Input)
        text = re.sub(r"\^\s*#?\d+\s*", "", box.value, count=1)
        who = re.match(r"\s*[1-9]\d?\s*:(?!\d)\s*", text)
        head, rest = (text[: who.end()], text[who.end():]) if who else ("", text)
        box.value = f"{head}^{event.number} {rest}"
        box.cursor_position = len(box.value)
        box.focus()

    def action_undo(self) -> None:
        if not self.workshop.ideas:
            self.notify("No ideas yet.")
            return
        newest = max(self.workshop.ideas, key=lambda i: i.number)
        self.post_message(self.SetRemoved(newest.id, True, said=f"Removed #{newest.number}: ctrl+y puts it back."))

    def action_restore(self) -> None:
        if not self.workshop.removed:
            self.notify("No removed idea to restore.")
            return
        last = self.workshop.removed[-1]
        self.post_message(self.SetRemoved(last.id, False, said=f"Restored #{last.number}."))
