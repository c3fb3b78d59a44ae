"""The live co-creation workshop: one activity at a time, a large countdown, every idea and dot saved at once.

Activities come from the guide's sections (discuss, ideas, cluster, vote, prioritise,
wrap-up), one view each in a ContentSwitcher; ctrl+→ / ctrl+← move between them. A
view owns its activity's keys and posts what the facilitator did as a ``Request``;
this screen alone saves it through the store (committed before the view shows it)
and redraws the view from the store. What is shared stays here: consent and the start,
the activity switcher, the countdowns, the people in the room, the end (drafts: drafts.py). The
current activity and every countdown are saved too (``store.workshop_progress``), so
a restarted app resumes where the workshop was.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input, Static

from interview import cocreation as cc
from interview.models import Guide, Participant, SeatConsent, Section
from interview.screens.cocreation.participant import ParticipantDialog
from interview.screens.confirm import ConfirmScreen
from interview.screens.errors import reports_errors
from interview.screens.cocreation.drafts import WorkshopDrafts
from interview.screens.live_writes import WriteQueue
from interview.screens.session_start import SessionStart
from interview.session_setup import participant_for
from interview.store import StoreError
from interview.timefmt import parse_iso
from interview.widgets.cocreation import countdown as clock
from interview.widgets.cocreation.activity import ActivityView, LineEntered, Request, Typed, Workshop
from interview.widgets.cocreation.cluster import ClusterView
from interview.widgets.cocreation.countdown import ActivityCountdown
from interview.widgets.cocreation.discuss import DiscussView
from interview.widgets.cocreation.grid import PrioritiseView
from interview.widgets.cocreation.ideas import IdeasView
from interview.widgets.cocreation.people import PeopleBar
from interview.widgets.cocreation.vote import VoteView
from interview.widgets.footer import Footer

VIEWS: dict[str, type[ActivityView]] = {
    "ideas": IdeasView, "cluster": ClusterView, "vote": VoteView, "prioritise": PrioritiseView,
}  # any other activity (discuss, wrap-up) is a discussion


class CoCreationScreen(SessionStart, Screen[None]):
    CSS_PATH = "cocreation.tcss"
    TITLE = "Co-creation workshop"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    REFUSED = "Nothing recorded: the workshop waits until consent is given."
    UNREADABLE = "This session's guide cannot be read; ideas and notes are still saved."
    HELP = "\n".join([
        "[b]Activities[/b] follow the guide: ctrl+→ next, ctrl+← previous (alt+arrows too).",
        "[b]Timebox[/b]: ctrl+t starts or pauses the countdown, ctrl+e adds 2 minutes; at zero the app "
        "rings the bell and the digits turn red.",
        "[b]Participants[/b]: ctrl+n adds one (type-ahead over people you already know); each gets a number.",
        *(view.HELP for view in (IdeasView, ClusterView, VoteView, PrioritiseView, DiscussView)),
        "Alt+digit and ctrl+digit do not reach the app in most terminals, hence the 2: prefix.",
    ])
    BINDINGS = [
        Binding("ctrl+right,alt+right", "activity(1)", "Next activity", key_display="^→", priority=True),
        Binding("ctrl+left,alt+left", "activity(-1)", "Previous activity", key_display="^←", show=False, priority=True),
        Binding("ctrl+t", "timer", "Start/pause", key_display="^t", priority=True),
        Binding("ctrl+e", "extend", "+2 min", key_display="^e", priority=True),
        Binding("ctrl+n", "add_person", "Add participant", key_display="^n", priority=True),
        Binding("escape,ctrl+q", "end", "End", key_display="esc", priority=True),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.guide = Guide(name="", title="")
        self.sections: list[Section] = []
        self.index = 0
        self.timers: dict[str, cc.Countdown] = {}
        self.workshop = Workshop()
        self.started_at = None
        self._problem = ""
        self.drafts = WorkshopDrafts(self, session_id)

    @property
    def store(self):
        return self.app.store

    @property
    def section(self) -> Section:
        return self.sections[self.index]

    @property
    def seats(self) -> list[tuple[int, Participant]]:
        return self.workshop.seats

    # ------------------------------------------------------------------ layout and start

    def compose(self) -> ComposeResult:
        session, guide = self.read_session()
        self.guide = guide or self.guide
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
                yield VIEWS.get(section.activity or "discuss", DiscussView)(section, id=f"cc-view-{n}")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        session = self.mounted_session()
        if session is None:
            return
        for problem in ([self._problem] if self._problem else []) + cc.option_problems(self.guide):
            self.notify(f"{problem}; the default is used.", severity="warning", timeout=8)
        first = self.store.get_participant(session.participant_id) if session.participant_id else None
        question = (
            f"Has {first.name if first else 'the first participant'} agreed to this workshop and to notes and "
            f"ideas being recorded ({session.consent_scope})? Everyone you add with ctrl+n is asked for "
            "their own consent.\n\ny records consent and starts; n goes back."
        )
        self.begin_after_consent(session, question)

    def _begin(self) -> None:
        try:
            session = self.store.start_session(self.session_id)
            if session.participant_id:  # the person named at set-up agreed when the workshop started
                seated = self.store.seat_consents(self.session_id)
                consent = None if session.participant_id in seated else SeatConsent(
                    session.consent_given, session.consent_scope, session.consent_at)
                self.store.add_session_participant(self.session_id, session.participant_id, consent)
            progress = self.store.workshop_progress(self.session_id)
            draft = self.store.get_draft(self.session_id)
        except StoreError as error:
            self.app.show_error(error)
            self.dismiss(None)
            return
        self.started_at = parse_iso(session.started_at)
        for section in self.sections:
            self.timers[section.id] = cc.Countdown.resumed(progress.timers.get(section.id), (section.minutes or 0) * 60)
        self.index = progress.activity if progress.activity < len(self.sections) else 0
        self._reload()
        self._show_activity()
        if draft and draft.text.strip():
            target = next((n for n, s in enumerate(self.sections) if s.id == draft.question_id), self.index)
            box = self._view(target).note_box
            if box is not None:
                box.value = draft.text
                self.notify("Your unsaved text was restored: enter saves it.", title="Draft restored")
        if not self.seats or len(self.seats) < 2:
            self.notify("ctrl+n adds the participants; each gets a number key.", timeout=6)

    def _save_progress(self, *, timer: bool = False) -> None:
        """Save the activity on screen, or (``timer``) its countdown, so a restarted app resumes them."""
        try:
            if timer:
                self.store.save_workshop_timer(self.session_id, self.timers[self.section.id].saved(self.section.id))
            else:
                self.store.set_workshop_activity(self.session_id, self.index)
        except StoreError as error:
            self.app.show_error(error, after="(The countdown on screen is right; only a restart would lose it.)")

    def _show_activity(self) -> None:
        section = self.section
        name = cc.ACTIVITY_NAMES.get(section.activity or "discuss", section.activity or "")
        box = f" ({section.minutes} min)" if section.minutes else ""
        self.query_one("#cc-activity", Static).update(Text.assemble(
            (f"Activity {self.index + 1} of {len(self.sections)} · ", "dim"), (name, "bold"),
            (f" · {section.title}{box}", "")))
        brief = Text()
        if section.questions and (section.activity or "discuss") not in ("discuss", "wrap-up"):
            # Only discussions list their questions; elsewhere the guide's question leads the brief.
            brief.append("Ask: " + " / ".join(q.text for q in section.questions) + "\n", style="bold")
        brief.append(section.notes[0] if section.notes else "", style="dim italic")
        self.query_one("#cc-brief", Static).update(brief)
        self.query_one(ContentSwitcher).current = f"cc-view-{self.index}"
        self.query_one(ActivityCountdown).show(self.timers.get(section.id) if section.minutes else None)
        self._refresh()
        view = self._view()
        boxes = view.query(Input)
        (boxes.first() if boxes else view.query("DataTable").first()).focus()

    # ------------------------------------------------------------------ screen keys

    def action_activity(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.sections):
            self.notify("This is the last activity: esc ends the workshop." if step > 0 else "This is the first activity.")
            return
        self.drafts.keep(force=True)
        self.index = target
        self._save_progress()
        self._show_activity()

    def _timebox(self) -> cc.Countdown | None:
        """The activity's countdown, or None after saying the guide gives it no timebox."""
        countdown = self.timers.get(self.section.id)
        if countdown is None or not self.section.minutes:
            self.notify("This activity has no timebox in the guide.")
            return None
        return countdown

    def action_timer(self) -> None:
        if (countdown := self._timebox()) is None:
            return
        running = countdown.toggle(clock.now())
        self._save_progress(timer=True)
        self.query_one(ActivityCountdown).tick()
        self.notify("Countdown running." if running else "Countdown paused: ctrl+t resumes.")

    def action_extend(self) -> None:
        if (countdown := self._timebox()) is None:
            return
        countdown.extend()
        self._save_progress(timer=True)
        self.query_one(ActivityCountdown).show(countdown)
        self.notify("2 more minutes.")

    @on(ActivityCountdown.TimeUp)
    def _time_up(self) -> None:
        self.app.bell()
        self.notify(f"Time is up for {self.section.title}. ctrl+e adds 2 minutes, ctrl+→ moves on.",
                    title="Timebox over", severity="warning", timeout=10)

    @reports_errors
    def action_add_person(self) -> None:
        number = max((n for n, _ in self.seats), default=0) + 1
        session = self.store.get_session(self.session_id)
        self.app.push_screen(ParticipantDialog(number, session.consent_scope if session else "internal"),
                             self._person_added)

    def _person_added(self, details: dict | None) -> None:
        if not details:
            return
        try:
            person = participant_for(self.store, details["name"], role=details["role"], company=details["company"])
            consent = SeatConsent(details["consent"], details["scope"])
            number = self.store.add_session_participant(self.session_id, person.id, consent)
        except StoreError as error:
            self.app.show_error(error)
            return
        agreed = (f"consent: {details['scope']}" if details["consent"]
                  else "no consent recorded: their words and ideas stay out of documents shared outside the company")
        self.notify(f"{person.name} is participant {number} ({agreed}).")
        self._reload()

    def action_end(self) -> None:
        view = self._view()
        if view.cancel():
            return
        box = view.note_box
        ideas = self.workshop.ideas
        dots = sum(i.votes for i in ideas)
        lines = [f"End the workshop? {len(ideas)} idea{'s' if len(ideas) != 1 else ''}, "
                 f"{dots} dot{'s' if dots != 1 else ''} placed."]
        if box is not None and box.value.strip():
            lines.append("\nThe text in the box will be saved first.")
        self.app.push_screen(ConfirmScreen("\n".join(lines), confirm_label="End, go home", cancel_label="Keep going",
                                           also_label="End and review"), self._ended)

    @reports_errors
    def _ended(self, confirmed: bool | str | None) -> None:
        """End the workshop; "also" (r) then opens its review, the usual next step."""
        if not confirmed:
            return
        view = self._view()
        box = view.note_box
        if box is not None and box.value.strip():
            request = view.request_for(box.value)
            if request is None or not self._save(request):
                return
        try:
            self.store.end_session(self.session_id)
        except StoreError as error:
            self.app.show_error(error)
            return
        count = len(self.workshop.ideas)
        self.notify(f"Workshop ended with {count} idea{'s' if count != 1 else ''}.")
        self.dismiss(None)
        if confirmed == "also":
            self.app.call_later(self.app.open_session, self.session_id)

    # ------------------------------------------------------------------ what the views ask to save

    def _view(self, index: int | None = None) -> ActivityView:
        return self.query_one(f"#cc-view-{self.index if index is None else index}", ActivityView)

    def _reload(self) -> None:
        """Read what the views show from the store (after every change: the store is the truth)."""
        every = self.store.ideas_for_session(self.session_id, include_deleted=True)
        self.workshop = Workshop(
            seats=self.store.session_participants(self.session_id),
            ideas=[i for i in every if not i.deleted], removed=[i for i in every if i.deleted],
            notes=self.store.notes_for_session(self.session_id), dots_used=self.store.dots_used(self.session_id),
        )
        self._refresh()

    def _refresh(self) -> None:
        view = self._view()
        view.show(self.workshop)
        self.query_one(PeopleBar).show(self.workshop.seats, **view.people_marks())

    @on(VoteView.VoterChosen)
    def _voter_chosen(self) -> None:
        self._refresh()

    @on(LineEntered)
    @reports_errors
    def _line_entered(self, event: LineEntered) -> None:
        """A line from a view's box, read now that everything typed before it is saved (so ^1 finds idea #1)."""
        view = self._view()
        request = view.request_for(event.raw)
        if request is None:
            view.give_back(event.raw)  # the box was emptied at enter: the line goes back
        else:
            self._save(request)

    @on(Request)
    @reports_errors  # a read after the save (the redraw) that fails is one sentence too
    def _requested(self, request: Request) -> None:
        self._save(request)

    def _save(self, request: Request) -> bool:
        """Save one request through the store, then redraw from the store; a refusal is one sentence on screen."""
        store, session_id, view = self.store, self.session_id, self._view()
        try:
            match request:
                case IdeasView.Add():
                    store.add_idea(session_id, request.text, participant_id=request.participant_id,
                                   builds_on=request.builds_on, section_id=self.section.id)
                case IdeasView.Attribute():
                    store.set_idea_proposer(request.idea_id, request.participant_id)
                case IdeasView.SetRemoved():
                    store.set_idea_deleted(request.idea_id, request.removed)
                case ClusterView.Themed():
                    for idea_id, theme in request.themes:
                        store.set_idea_theme(idea_id, theme)
                case ClusterView.Rename():
                    store.rename_theme(session_id, request.old, request.new)
                case VoteView.Cast():
                    store.add_vote(session_id, request.idea_id, request.participant_id, dots=request.dots)
                case VoteView.TakeBack():
                    if store.undo_vote(session_id, request.participant_id) is None:
                        self.notify(request.none_left)
                case PrioritiseView.Rated():
                    store.set_impact_effort(request.idea_id, request.impact, request.effort)
                case DiscussView.Add():
                    offset = max(0.0, (clock.now() - self.started_at).total_seconds()) if self.started_at else 0.0
                    store.add_note(session_id, request.text, question_id=request.question_id, speaker=request.speaker,
                                   kind=request.kind, offset_seconds=offset, tags=request.tags,
                                   participant_id=request.participant_id, clear_draft=False)
                case _:
                    raise TypeError(f"the workshop cannot save {type(request).__name__}")
        except StoreError as error:
            self.app.show_error(error, after=request.if_refused)
            if isinstance(request, Typed):
                view.give_back(request.raw)
            return False
        if isinstance(request, Typed):
            self._draft_sent(request.raw)
        self._reload()
        view.saved(request)
        return True

    # ------------------------------------------------------------------ drafts

    @on(Input.Changed, "LineInput")
    def _typed(self, event: Input.Changed) -> None:
        self.drafts.typed(self.section.id, event.value)

    @property
    def writes(self) -> WriteQueue:
        return self.drafts.writes

    def _draft_sent(self, raw: str) -> None:
        """``raw`` left the box as an idea or note: no draft is kept now (the box may hold keys typed since)."""
        box = self._view().note_box
        self.drafts.sent(self.section.id, box.value if box is not None and box.value != raw else "")

    def on_unmount(self) -> None:
        self.drafts.flush()
