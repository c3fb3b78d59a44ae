"""The live co-creation workshop: one activity at a time, a large countdown, every idea and dot saved at once.

Activities come from the guide's sections (discuss, ideas, cluster, vote, prioritise,
wrap-up); ctrl+→ / ctrl+← move between them. Each view only shows what it is given
and posts what the facilitator did; this screen saves it through the store (committed
before the view shows it) and redraws. The current activity and every countdown are
saved too, so a restarted app resumes where the workshop was.
"""

from __future__ import annotations

import json
import re

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Input, Static

from interview import cocreation as cc
from interview.guides import GuideError, guide_from_dict
from interview.models import Guide, Idea, Note, Participant, Section
from interview.screens.confirm import ConfirmScreen
from interview.session_setup import participant_for
from interview.shorthand import parse_note
from interview.store import StoreError
from interview.timefmt import parse_iso
from interview.widgets import cocreation_countdown as clock
from interview.widgets.cocreation_cluster import ClusterView
from interview.widgets.cocreation_countdown import ActivityCountdown
from interview.widgets.cocreation_discuss import DiscussView
from interview.widgets.cocreation_grid import PrioritiseView
from interview.widgets.cocreation_ideas import IdeaList, IdeasView
from interview.widgets.cocreation_participant import ParticipantDialog
from interview.widgets.cocreation_people import PeopleBar
from interview.widgets.cocreation_vote import VoteView

DRAFT_DELAY = 2.0
_SPEAKER = re.compile(r"\s*([1-9]\d?)\s*:(?!\d)\s*")


class CoCreationScreen(Screen[None]):
    TITLE = "Co-creation workshop"
    HELP = (
        "[b]Activities[/b] follow the guide: ctrl+→ next, ctrl+← previous (alt+arrows too).\n"
        "[b]Timebox[/b]: ctrl+t starts or pauses the countdown, ctrl+e adds 2 minutes; at zero the app "
        "rings the bell and the digits turn red.\n"
        "[b]Participants[/b]: ctrl+n adds one (type-ahead over people you already know); each gets a number.\n"
        "[b]Ideas[/b]: [b]2: idea[/b] is participant 2's idea, [b]^4 idea[/b] builds on idea 4, "
        "enter saves. Tab to the list: a number re-attributes (0 anonymous), b builds on, x removes.\n"
        "[b]Clustering[/b]: type a theme, enter files the selected idea (→ completes, - removes); "
        "up/down choose the idea; ctrl+s suggests themes, ctrl+y accepts them, ctrl+r renames.\n"
        "[b]Voting[/b]: 1-9 choose who votes, space or enter places a dot, u takes it back.\n"
        "[b]Prioritise[/b]: per idea, one digit for impact then one for effort (1-5).\n"
        "[b]Discussion[/b] notes use the interview shorthand; 2: says who said it.\n"
        "Alt+digit and ctrl+digit do not reach the app in most terminals, hence the 2: prefix."
    )
    BINDINGS = [
        Binding("ctrl+right,alt+right", "activity(1)", "Next activity", key_display="^→", priority=True),
        Binding("ctrl+left,alt+left", "activity(-1)", "Previous activity", key_display="^←", show=False, priority=True),
        Binding("ctrl+t", "timer", "Start/pause", key_display="^t", priority=True),
        Binding("ctrl+e", "extend", "+2 min", key_display="^e", priority=True),
        Binding("ctrl+n", "add_person", "Add participant", key_display="^n", priority=True),
        Binding("escape,ctrl+q", "end", "End", key_display="esc", priority=True),
    ]

    class Suggested(Message):
        def __init__(self, suggestions: list[cc.ThemeSuggestion]) -> None:
            super().__init__()
            self.suggestions = suggestions

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.guide = Guide(name="", title="")
        self.sections: list[Section] = []
        self.index = 0
        self.timers: dict[str, cc.Countdown] = {}
        self.seats: list[tuple[int, Participant]] = []
        self.ideas: list[Idea] = []
        self.notes: list[Note] = []
        self.started_at = None
        self._problem = ""
        self._draft_timer: Timer | None = None
        self._typing: tuple[str, str] | None = None  # (section id, text) in the box being typed in
        self._draft_saved: tuple[str, str] | None = None

    @property
    def store(self):
        return self.app.store

    @property
    def section(self) -> Section:
        return self.sections[self.index]

    # ------------------------------------------------------------------ layout and start

    def compose(self) -> ComposeResult:
        session = self.store.get_session(self.session_id)
        if session is None:
            self._problem = "That session no longer exists."
        else:
            try:
                self.guide = guide_from_dict(self.store.session_guide(self.session_id))
            except (GuideError, KeyError, TypeError, ValueError):
                self._problem = "This session's guide cannot be read; ideas and notes are still saved."
        self.sections = list(self.guide.sections) or [Section(id="s-workshop", title="Workshop", activity="ideas")]
        with Horizontal(id="cc-top"):
            with Vertical(id="cc-head"):
                yield Static(f"● {session.title if session else '?'}", id="cc-title", markup=False)
                yield Static("", id="cc-activity")
                yield Static("", id="cc-brief")
                yield PeopleBar(id="cc-people")
            yield ActivityCountdown(id="cc-countdown")
        with ContentSwitcher(id="cc-views", initial="cc-view-0"):
            for n, section in enumerate(self.sections):
                yield _view_for(section, f"cc-view-{n}")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        session = self.store.get_session(self.session_id)
        if session is None:
            self.notify(self._problem, severity="error")
            self.dismiss(None)
            return
        for problem in ([self._problem] if self._problem else []) + cc.option_problems(self.guide):
            self.notify(f"{problem}; the default is used.", severity="warning", timeout=8)
        if session.consent_given:
            self._begin()
            return
        question = (
            "Have all participants agreed to this workshop and to notes and ideas being recorded "
            f"({session.consent_scope})?\n\ny records consent and starts; n goes back."
        )
        self.app.push_screen(ConfirmScreen(question, confirm_label="Consent given", cancel_label="Not yet"), self._consent)

    def _consent(self, given: bool | None) -> None:
        try:
            if given:
                session = self.store.get_session(self.session_id)
                self.store.give_consent(self.session_id, session.consent_scope if session else "internal")
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            given = False
        if not given:
            self.notify("Nothing recorded: the workshop waits until consent is given.")
            self.dismiss(None)
            return
        self._begin()

    def _begin(self) -> None:
        try:
            session = self.store.start_session(self.session_id)
            if session.participant_id:
                self.store.add_session_participant(self.session_id, session.participant_id)
            state = json.loads(self.store.get_setting(self._state_key, "{}") or "{}")
            draft = self.store.get_draft(self.session_id)
        except (StoreError, ValueError) as error:
            self.notify(_sentence(error), severity="error")
            self.dismiss(None)
            return
        self.started_at = parse_iso(session.started_at)
        for section in self.sections:
            saved = state.get("timers", {}).get(section.id)
            default = (section.minutes or 0) * 60
            self.timers[section.id] = cc.Countdown.from_dict(saved, default) if saved else cc.Countdown(default)
        index = state.get("activity", 0)
        self.index = index if isinstance(index, int) and 0 <= index < len(self.sections) else 0
        self._reload()
        self._show_activity()
        if draft and draft.text.strip():
            target = next((n for n, s in enumerate(self.sections) if s.id == draft.question_id), self.index)
            box = self._input(target)
            if box is not None:
                box.value = draft.text
                self.notify("Your unsaved text was restored: enter saves it.", title="Draft restored")
        if not self.seats or len(self.seats) < 2:
            self.notify("ctrl+n adds the participants; each gets a number key.", timeout=6)

    @property
    def _state_key(self) -> str:
        return f"cocreation.{self.session_id}"

    def _save_state(self) -> None:
        state = {"activity": self.index, "timers": {k: t.to_dict() for k, t in self.timers.items()}}
        try:
            self.store.set_setting(self._state_key, json.dumps(state))
        except StoreError as error:
            self.notify(f"Timer not saved: {_sentence(error)}", severity="warning")

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

    def _show_activity(self) -> None:
        section = self.section
        name = cc.ACTIVITY_NAMES.get(section.activity or "discuss", section.activity or "")
        box = f" ({section.minutes} min)" if section.minutes else ""
        self.query_one("#cc-activity", Static).update(Text.assemble(
            (f"Activity {self.index + 1} of {len(self.sections)} · ", "dim"), (name, "bold"),
            (f" · {section.title}{box}", "")))
        self.query_one("#cc-brief", Static).update(Text(section.notes[0] if section.notes else "", style="dim italic"))
        self.query_one(ContentSwitcher).current = f"cc-view-{self.index}"
        self.query_one(ActivityCountdown).show(self.timers.get(section.id) if section.minutes else None)
        self._refresh()
        focus = self._input() or self._view().query("DataTable").first()
        focus.focus()

    # ------------------------------------------------------------------ screen keys

    def action_activity(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.sections):
            self.notify("This is the last activity: esc ends the workshop." if step > 0 else "This is the first activity.")
            return
        self._save_draft()
        self.index = target
        self._save_state()
        self._show_activity()

    def action_timer(self) -> None:
        countdown = self.timers.get(self.section.id)
        if countdown is None or not self.section.minutes:
            self.notify("This activity has no timebox in the guide.")
            return
        running = countdown.toggle(clock.now())
        self._save_state()
        self.query_one(ActivityCountdown).tick()
        self.notify("Countdown running." if running else "Countdown paused: ctrl+t resumes.")

    def action_extend(self) -> None:
        countdown = self.timers.get(self.section.id)
        if countdown is None or not self.section.minutes:
            self.notify("This activity has no timebox in the guide.")
            return
        countdown.extend()
        self._save_state()
        self.query_one(ActivityCountdown).show(countdown)
        self.notify("2 more minutes.")

    @on(ActivityCountdown.TimeUp)
    def _time_up(self) -> None:
        self.app.bell()
        self.notify(f"Time is up for {self.section.title}. ctrl+e adds 2 minutes, ctrl+→ moves on.",
                    title="Timebox over", severity="warning", timeout=10)

    def action_add_person(self) -> None:
        number = max((n for n, _ in self.seats), default=0) + 1
        self.app.push_screen(ParticipantDialog(number), self._person_added)

    def _person_added(self, details: dict | None) -> None:
        if not details:
            return
        try:
            person = participant_for(self.store, details["name"], role=details["role"], company=details["company"])
            number = self.store.add_session_participant(self.session_id, person.id)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            return
        self.notify(f"{person.name} is participant {number}.")
        self._reload()

    def action_end(self) -> None:
        view = self._view()
        if isinstance(view, ClusterView) and view.cancel_rename():
            return
        box = self._input()
        pending = bool(box is not None and box.value.strip())
        lines = [f"End the workshop? {len(self.ideas)} ideas, {sum(i.votes for i in self.ideas)} dots placed."]
        if pending:
            lines.append("\nThe text in the box will be saved first.")
        self.app.push_screen(ConfirmScreen("\n".join(lines), confirm_label="End session", cancel_label="Keep going"),
                             self._ended)

    def _ended(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        box = self._input()
        if box is not None and box.value.strip():
            view = self._view()
            saved = self._save_idea(box.value) if isinstance(view, IdeasView) else (
                self._save_note(box.value, view.question_id) if isinstance(view, DiscussView) else True)
            if not saved:
                return
        try:
            self.store.end_session(self.session_id)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            return
        self._save_state()
        self.notify(f"Workshop ended with {len(self.ideas)} ideas.")
        self.dismiss(None)

    # ------------------------------------------------------------------ ideas

    @on(IdeasView.Submitted)
    def _idea_submitted(self, event: IdeasView.Submitted) -> None:
        if self._save_idea(event.raw):
            self._view().clear_input()

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
            self.store.save_draft(self.session_id, "")
            self._typing = self._draft_saved = (self.section.id, "")
        except StoreError as error:
            self.notify(f"Not saved: {_sentence(error)} Your text is still in the box.", severity="error", timeout=10)
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
            self.notify(_sentence(error), severity="error")
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
            self.notify(_sentence(error), severity="error")
        self._reload()
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
                self.notify(f"{person.name}: {_sentence(error)} u takes one back.", severity="warning")
                return
            self._reload()

    @on(VoteView.Undo)
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
        if self._save_note(event.raw, event.question_id):
            self._view().query_one(Input).value = ""

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
                                participant_id=person.id if person else None)
        except StoreError as error:
            self.notify(f"Not saved: {_sentence(error)} Your text is still in the box.", severity="error", timeout=10)
            return False
        self._reload()
        return True

    # ------------------------------------------------------------------ drafts

    @on(Input.Changed, ".cc-note-input, #cc-ideas-input")
    def _typed(self, event: Input.Changed) -> None:
        self._typing = (self.section.id, event.value)
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._save_draft)

    def _save_draft(self) -> None:
        """Keep the idea or note being typed (not yet saved) so a crash loses two seconds at most."""
        if self._typing is None or self._typing == self._draft_saved:
            return
        section_id, text = self._typing
        try:
            self.store.save_draft(self.session_id, text, section_id)
        except StoreError as error:
            self.notify(f"Draft not saved: {_sentence(error)}", severity="warning")
            return
        self._draft_saved = self._typing

    def on_unmount(self) -> None:
        self._save_draft()


def _view_for(section: Section, view_id: str) -> Widget:
    kind = section.activity or "discuss"
    if kind == "ideas":
        return IdeasView(id=view_id)
    if kind == "cluster":
        return ClusterView(id=view_id)
    if kind == "vote":
        return VoteView(id=view_id)
    if kind == "prioritise":
        return PrioritiseView(id=view_id)
    return DiscussView(section, id=view_id)


def _safe(read, section: Section, default: int) -> int:
    try:
        return read(section)
    except ValueError:
        return default


def _sentence(error: Exception) -> str:
    text = str(error).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
