"""What each workshop activity does with the store: the half of the co-creation screen below the shell.

Views post what the facilitator did (an idea typed, a theme chosen, a dot placed, a
rating); the handlers here save it through the store, which commits before
returning, then redraw every view from the store. ``CoCreationScreen`` adds the
layout, the countdowns, participants, consent and the end of the session.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from interview import cocreation as cc
from interview.models import Idea, Note, Participant, Section
from interview.shorthand import parse_note
from interview.screens.errors import reports_errors
from interview.store import StoreError
from interview.widgets.cocreation import countdown as clock
from interview.widgets.cocreation.cluster import ClusterView
from interview.widgets.cocreation.discuss import DiscussView
from interview.widgets.cocreation.grid import PrioritiseView
from interview.widgets.cocreation.ideas import IdeaList, IdeasView
from interview.widgets.cocreation.people import PeopleBar
from interview.widgets.cocreation.vote import VoteView

_SPEAKER = re.compile(r"\s*([1-9]\d?)\s*:(?!\d)\s*")


class WorkshopActivities(Screen[None]):
    """Saving and showing the activities; the subclass sets the fields below when the session starts."""

    class Suggested(Message):
        def __init__(self, suggestions: list[cc.ThemeSuggestion]) -> None:
            super().__init__()
            self.suggestions = suggestions


    session_id: str
    sections: list[Section]
    index: int
    seats: list[tuple[int, Participant]]
    ideas: list[Idea]
    notes: list[Note]
    started_at = None

    @property
    def store(self):
        return self.app.store

    @property
    def section(self) -> Section:
        return self.sections[self.index]

    # ------------------------------------------------------------------ showing

    def _view(self, index: int | None = None) -> Widget:
        return self.query_one(f"#cc-view-{self.index if index is None else index}")

    def _input(self, index: int | None = None) -> Input | None:
        found = self._view(index).query(Input)
        return found.first() if found else None

    def _reload(self) -> None:
        """Read what the views show from the store (after every change: the store is the truth)."""
        self.seats = self.store.session_participants(self.session_id)
        self.ideas = self.store.ideas_for_session(self.session_id)
        self.notes = self.store.notes_for_session(self.session_id)
        self._refresh()

    def _refresh(self) -> None:
        view, section = self._view(), self.section
        used = self.store.dots_used(self.session_id)
        dots = _safe(cc.dots_for, section, cc.DEFAULT_DOTS)
        people = self.query_one(PeopleBar)
        if isinstance(view, VoteView):
            view.show(self.ideas, self.seats, dots, used)
            people.show(self.seats, dots=dots, used=used, voter=view.voter)
        else:
            people.show(self.seats)
        if isinstance(view, IdeasView):
            view.show(self.ideas)
        elif isinstance(view, ClusterView):
            view.show(self.ideas)
        elif isinstance(view, PrioritiseView):
            view.show(cc.top_ideas(self.ideas, _safe(cc.top_for, section, cc.DEFAULT_TOP)))
        elif isinstance(view, DiscussView):
            names = {p.id: p.name for _, p in self.seats}
            view.show(self.notes, names, self._summary() if section.activity == "wrap-up" else None)

    def _summary(self) -> Text:
        order = cc.ranked(self.ideas)
        dots = sum(i.votes for i in self.ideas)
        text = Text(f"{len(self.ideas)} ideas · {len(cc.themes_of(self.ideas))} themes · {dots} dots placed",
                    style="bold")
        for place, idea in enumerate([i for i in order if i.votes][:3], start=1):
            text.append(f"\n  {place}. #{idea.number} {idea.text}  ({idea.votes})")
        return text

    # ------------------------------------------------------------------ ideas

    @on(IdeasView.Submitted)
    def _idea_submitted(self, event: IdeasView.Submitted) -> None:
        if not self._save_idea(event.raw):  # the box was emptied at enter: the line goes back
            self._view().give_back(event.raw)

    def _save_idea(self, raw: str) -> bool:
        typed = cc.parse_idea_input(raw)
        person = self._seat(typed.number) if typed.number is not None else None
        builds = next((i.id for i in self.ideas if i.number == typed.builds_on), None)
        problem = ""
        if typed.number is not None and person is None:
            problem = f"There is no participant {typed.number}: ctrl+n adds one."
        elif typed.builds_on is not None and builds is None:
            problem = f"There is no idea #{typed.builds_on} to build on."
        elif not typed.text:
            problem = "Type the idea itself after the prefix."
        if problem:
            self.notify(f"Not saved: {problem} Your text is still in the box.", severity="warning")
            return False
        try:
            self.store.add_idea(self.session_id, typed.text, participant_id=person.id if person else None,
                                builds_on=builds, section_id=self.section.id)
            self._typing = self._draft_saved = (self.section.id, "")
            self.clear_draft()
        except StoreError as error:
            self.app.show_error(error, after="Not saved: your text is still in the box.")
            return False
        self._reload()
        return True

    def _seat(self, number: int | None) -> Participant | None:
        return next((p for n, p in self.seats if n == number), None)

    @on(IdeaList.Attributed)
    def _attributed(self, event: IdeaList.Attributed) -> None:
        person = self._seat(event.number)
        if event.number is not None and person is None:
            self.notify(f"There is no participant {event.number}: ctrl+n adds one.")
            return
        self._do(self.store.set_idea_proposer, event.idea_id, person.id if person else None)

    @on(IdeaList.Removed)
    def _removed(self, event: IdeaList.Removed) -> None:
        if self._do(self.store.set_idea_deleted, event.idea_id, True):
            self.notify("Idea removed: ctrl+y puts it back.")

    @on(IdeasView.Undo)
    def _undo_idea(self) -> None:
        if not self.ideas:
            self.notify("No ideas yet.")
            return
        newest = max(self.ideas, key=lambda i: i.number)
        if self._do(self.store.set_idea_deleted, newest.id, True):
            self.notify(f"Removed #{newest.number}: ctrl+y puts it back.")

    @on(IdeasView.Restore)
    @reports_errors
    def _restore_idea(self) -> None:
        removed = [i for i in self.store.ideas_for_session(self.session_id, include_deleted=True) if i.deleted]
        if not removed:
            self.notify("No removed idea to restore.")
            return
        if self._do(self.store.set_idea_deleted, removed[-1].id, False):
            self.notify(f"Restored #{removed[-1].number}.")

    def _do(self, method, *args) -> bool:
        """Run one store write, then redraw from the store; a failure is one sentence on screen."""
        try:
            method(*args)
        except StoreError as error:
            self.app.show_error(error)
            return False
        self._reload()
        return True

    # ------------------------------------------------------------------ clustering

    @on(ClusterView.Assign)
    def _assign(self, event: ClusterView.Assign) -> None:
        if self._do(self.store.set_idea_theme, event.idea_id, event.theme):
            self._view().next_unthemed()

    @on(ClusterView.Rename)
    def _rename(self, event: ClusterView.Rename) -> None:
        self._do(self.store.rename_theme, self.session_id, event.old, event.new)

    @on(ClusterView.SuggestRequested)
    def _suggest(self) -> None:
        self.notify("Looking for shared words…")
        self._suggest_worker(list(self.ideas))

    @work(thread=True, exclusive=True, group="themes", exit_on_error=False)
    def _suggest_worker(self, ideas: list[Idea]) -> None:
        self.post_message(self.Suggested(cc.suggest_themes(ideas)))

    @on(Suggested)
    def _suggested(self, event: Suggested) -> None:
        view = self._view()
        if not isinstance(view, ClusterView):
            return
        view.show(self.ideas, event.suggestions)
        if not event.suggestions:
            self.notify("No two ideas without a theme share a key word; name the themes yourself.")

    @on(ClusterView.AcceptSuggestions)
    def _accept(self, event: ClusterView.AcceptSuggestions) -> None:
        try:
            for suggestion in event.suggestions:
                for idea_id in suggestion.idea_ids:
                    self.store.set_idea_theme(idea_id, suggestion.name)
        except StoreError as error:
            self.app.show_error(error)
        self._reload()
        view = self._view()
        if isinstance(view, ClusterView):
            view.next_unthemed()
        self.notify(f"{len(event.suggestions)} themes accepted: ctrl+r renames one.")

    # ------------------------------------------------------------------ voting and prioritising

    @on(VoteView.Cast)
    def _cast(self, event: VoteView.Cast) -> None:
        person = self._seat(event.number)
        if person is not None:
            dots = _safe(cc.dots_for, self.section, cc.DEFAULT_DOTS)
            try:
                self.store.add_vote(self.session_id, event.idea_id, person.id, dots=dots)
            except StoreError as error:
                self.app.show_error(error, after=f"({person.name}; u takes one back.)")
                return
            self._reload()

    @on(VoteView.Undo)
    @reports_errors
    def _unvote(self, event: VoteView.Undo) -> None:
        person = self._seat(event.number)
        if person is not None and self.store.undo_vote(self.session_id, person.id) is None:
            self.notify(f"{person.name} has no dots placed.")
        self._reload()

    @on(VoteView.VoterChosen)
    def _voter(self) -> None:
        self._refresh()

    @on(PrioritiseView.Rated)
    def _rated(self, event: PrioritiseView.Rated) -> None:
        self._do(self.store.set_impact_effort, event.idea_id, event.impact, event.effort)

    # ------------------------------------------------------------------ discussion notes

    @on(DiscussView.Submitted)
    def _note_submitted(self, event: DiscussView.Submitted) -> None:
        if not self._save_note(event.raw, event.question_id):  # the box was emptied at enter: the line goes back
            self._view().give_back(event.raw)

    def _save_note(self, raw: str, question_id: str | None) -> bool:
        person, body = None, raw
        if match := _SPEAKER.match(raw):
            person = self._seat(int(match.group(1)))
            if person is None:
                self.notify(f"Not saved: there is no participant {match.group(1)}. Your text is still in the box.",
                            severity="warning")
                return False
            body = raw[match.end():]
        parsed = parse_note(body)
        offset = max(0.0, (clock.now() - self.started_at).total_seconds()) if self.started_at else 0.0
        try:
            self.store.add_note(self.session_id, parsed.text, question_id=question_id, speaker=parsed.speaker,
                                kind=parsed.kind, offset_seconds=offset, tags=parsed.tags,
                                participant_id=person.id if person else None, clear_draft=False)
            self.clear_draft()  # in order with any draft write on its way
        except StoreError as error:
            self.app.show_error(error, after="Not saved: your text is still in the box.")
            return False
        self._reload()
        return True


def _safe(read, section: Section, default: int) -> int:
    try:
        return read(section)
    except ValueError:
        return default
