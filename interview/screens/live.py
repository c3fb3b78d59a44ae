"""The live interview: the guide on the left, the question in the middle, notes typed below.

Everything is reachable without leaving the note box, and nothing typed is lost: a note
is exactly the box at enter, shown at once as "saving…" and drawn as saved once it is
committed; store writes run in order in a writer thread (``live_writes``), so typing never
waits on the database, and a note the database refuses stays in memory and on screen
until a retry commits it. The text being typed is kept as a draft within two seconds
(and on every question change). Highlighting loads in a thread after first paint; the
screen is fully usable before it is ready.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from interview.errors import InterviewError, NotSavedYet
from interview.guides.position import GuidePosition
from interview.highlighter import Highlighter, follow_up
from interview.models import Guide, Highlight, Note
from interview.nlp.errors import PipelineError
from interview.screens.confirm import ConfirmScreen
from interview.screens.session_start import SessionStart
from interview.screens.live_jump import QuestionJump
from interview.screens.live_writes import Write, WriteQueue
from interview.shorthand import parse_note
from interview.store import StoreError
from interview.timefmt import parse_iso
from interview.widgets.footer import Footer
from interview.widgets.note_composer import NoteComposer
from interview.widgets.note_log import NoteLog
from interview.widgets.outline import GuideOutline
from interview.widgets.question_panel import QuestionPanel
from interview.widgets.session_clock import SessionClock

class LiveScreen(SessionStart, Screen[None]):
    CSS_PATH = "live.tcss"
    TITLE = "Live interview"
    AUTO_FOCUS = "#live-input"
    COMMANDS = {QuestionJump}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    HELP = (
        "[b]Shorthand[/b] at the start of a note:\n"
        '  [b]"[/b]… or [b]q:[/b]…  a verbatim quote from the participant\n'
        "  [b]![/b]…         an observation (what you saw; speaker: observer)\n"
        "  [b]i:[/b]…        your own words as the interviewer\n"
        "  [b]n:[/b]…        a plain note that happens to start like a prefix\n"
        "  anything else is a note of what the participant said.\n"
        "  [b]#tags[/b] become tags; tags at the end leave the text, a #tag mid-sentence keeps its word.\n\n"
        "[b]enter[/b] saves the note under the current question (a question with a note counts as asked).\n"
        "[b]ctrl+j[/b] adds a new line (shift+enter too, in terminals that report it: kitty, WezTerm, foot, Ghostty).\n"
        "alt+arrows work like ctrl+arrows; ctrl+y restores the last removed note where ctrl+shift+z cannot be sent.\n"
        "Unsaved text is kept as a draft within 2 seconds and comes back if the app is closed or crashes.\n"
        "The clock leaves out pauses; note times are the session clock. Highlights and the 'Ask:' tip "
        "appear once the highlighter is ready."
    )
    REFUSED = "No notes taken: the session waits until consent is given."
    FOOTER_PINNED = ("end",)  # how to end the interview shows however narrow the terminal
    BINDINGS = [
        Binding("ctrl+down,alt+down", "move(1)", "Next question", key_display="^↓", priority=True),
        Binding("ctrl+up,alt+up", "move(-1)", "Previous question", key_display="^↑", show=False, priority=True),
        Binding("ctrl+right,alt+right", "section(1)", "Next section", key_display="^→", priority=True),
        Binding("ctrl+left,alt+left", "section(-1)", "Previous section", key_display="^←", show=False, priority=True),
        Binding("ctrl+k", "toggle_asked", "Asked", key_display="^k", priority=True),
        Binding("ctrl+s", "star_last", "Star last note", key_display="^s", show=False, priority=True),
        Binding("ctrl+z", "undo_last", "Undo", key_display="^z", priority=True),
        Binding("ctrl+shift+z,ctrl+y", "restore_last", "Restore removed note", key_display="^y", show=False, priority=True),
        Binding("ctrl+e", "edit_last", "Edit last note", key_display="^e", show=False, priority=True),
        Binding("ctrl+t", "pause", "Pause clock", key_display="^t", show=False, priority=True),
        Binding("ctrl+o", "toggle_outline", "Outline", key_display="^o", show=False, priority=True),
        Binding("ctrl+d", "dismiss_tip", "Hide tip", key_display="^d", priority=True),
        Binding("ctrl+p", "app.command_palette", "Jump", key_display="^p", priority=True),
        Binding("escape,ctrl+q", "end", "End", key_display="esc", priority=True),
        Binding("f1", "app.help", "Help", key_display="F1", priority=True),  # '?' is typed into the note
    ]

    class HighlighterLoaded(Message):
        """The pipeline finished loading (or failed to)."""

    class Analyzed(Message):
        """A worker stored fresh highlights for a note."""

        def __init__(self, note: Note, highlights: list[Highlight]) -> None:
            super().__init__()
            self.note = note
            self.highlights = highlights

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.position = GuidePosition(Guide(name="", title=""))
        self.asked: set[str] = set()
        self._participant_id: str | None = None
        self._last_note_id: str | None = None
        self._tip_turn = 0
        self._problem = ""
        self._writes: WriteQueue | None = None
        self._entered = 0  # notes entered on this screen, for their ids until committed
        self._unsaved_said = False  # a save failed and said so; say when all is saved again
        self._ending = False
        self._review_next = False  # "End and review" chosen: open the review once the end is saved
        self._draft_wanted: tuple[str, str | None] = ("", None)
        self._draft_queued = False

    @property
    def store(self):
        return self.app.store

    @property
    def highlighter(self) -> Highlighter:
        """The app's one highlighter (a fake in tests, handed to the App)."""
        return self.app.highlighter

    @property
    def composer(self) -> NoteComposer:
        return self.query_one(NoteComposer)

    # ------------------------------------------------------------------ layout and start

    def compose(self) -> ComposeResult:
        session, guide = self.read_session()
        if session is not None:
            self.position = GuidePosition(guide or Guide(name="", title=""), session.current_question_id)
        title = session.title if session else "?"
        person = self.store.get_participant(session.participant_id) if session and session.participant_id else None
        if person is not None:
            title += "" if person.name in title else f" · {person.name}"
            title += f" ({person.company})" if person.company and person.company not in title else ""
        with Horizontal(id="live-top"):
            yield Static(f"● {title}", id="live-title", markup=False)
            yield Static("", id="live-highlighter")
            yield SessionClock(id="live-clock")
        with Horizontal(id="live-body"):
            yield GuideOutline(self.position.guide, id="live-outline")
            with Vertical(id="live-main"):
                yield QuestionPanel(id="live-question")
                yield NoteLog(self.position.labels(), id="live-log")
                yield NoteComposer(id="live-composer")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        session = self.mounted_session()
        if session is None:
            return
        if self._problem:
            self.notify(self._problem, severity="warning", timeout=8)
        person = self.store.get_participant(session.participant_id) if session.participant_id else None
        question = (
            f"Has {person.name if person else 'the participant'} agreed to this interview and to notes being "
            f"taken ({session.consent_scope})?\n\ny records consent and starts; n goes back without taking notes."
        )
        self.begin_after_consent(session, question)

    def _begin(self) -> None:
        """Consent is on record: go live, put back any draft, and load the highlighter after paint."""
        try:
            session = self.store.start_session(self.session_id)
            notes = self.store.notes_for_session(self.session_id)
            self.asked = self.store.asked_question_ids(self.session_id)
            draft = self.store.get_draft(self.session_id)
        except StoreError as error:
            self.app.show_error(error)
            self.dismiss(None)
            return
        self._participant_id = session.participant_id
        clock = self.query_one(SessionClock)
        clock.set_started(parse_iso(session.started_at) or parse_iso(session.created_at))
        clock.set_paused_before(session.paused_seconds)
        self.query_one(NoteLog).set_notes(notes)
        self._last_note_id = notes[-1].id if notes else None
        self._show_position()
        if draft and draft.text.strip():
            self.composer.restore(draft.text)
            self.notify("Your unsaved note was restored: enter saves it.", title="Draft restored")
        self.composer.input.focus()
        self.call_after_refresh(self._load_highlighter)

    def on_screen_resume(self) -> None:
        self.composer.input.focus()

    def on_unmount(self) -> None:
        """Keep the text being typed. With no write on its way it is stored now, as the app may be
        closing and close the store before a queued write would run; otherwise it goes behind them."""
        if self._writes is not None and self._writes.waiting:
            self._keep_draft()
            return
        try:
            text = self.composer.draft_due()
        except Exception:  # torn down before composing: there is nothing typed to keep
            return
        if text is not None:
            try:
                self.store.save_draft(self.session_id, text, self.position.question_id)
            except StoreError:  # leaving anyway; the text was kept at its last draft
                pass

    # ------------------------------------------------------------------ position in the guide

    def jump_targets(self) -> list[tuple[int, str, str]]:
        """(stop, 'Section › question', asked or not) for the command palette."""
        return [(i, label, "asked" if q.id in self.asked else "not asked yet") for i, label, q in self.position.targets()]

    def go_to(self, index: int) -> None:
        if not self.position.go(index):
            if index != self.position.index:
                self.app.bell()
            return
        store, session_id, question_id = self.store, self.session_id, self.position.question_id
        self.writes.add(Write(lambda: store.set_current_question(session_id, question_id)))
        self._keep_draft(force=True)
        self._show_position()

    def _show_position(self) -> None:
        where, section, question = self.position, self.position.section, self.position.question
        asked = bool(question and question.id in self.asked)
        self.query_one(QuestionPanel).show(section, question, number=where.number(), total=where.total, asked=asked)
        self.query_one(GuideOutline).show(where.question_id, self.asked)
        if section is not None:
            self.query_one(SessionClock).start_section(section.title, section.minutes)
        self.composer.set_where(where.where())

    def action_move(self, by: int) -> None:
        target = self.position.step(by)
        self.go_to(-1 if target is None else target)

    def action_section(self, by: int) -> None:
        target = self.position.section_step(by)
        self.go_to(-1 if target is None else target)

    @on(GuideOutline.Jump)
    def _outline_jump(self, event: GuideOutline.Jump) -> None:
        index = self.position.find(event.question_id)
        if index is not None:
            self.go_to(index)
        self.composer.input.focus()

    def action_toggle_asked(self) -> None:
        question = self.position.question
        if question is None:
            return
        mark = question.id not in self.asked
        store, session_id = self.store, self.session_id

        def run() -> set[str]:
            store.mark_asked(session_id, question.id, mark)
            return store.asked_question_ids(session_id)

        def marked(asked: set[str]) -> None:
            if not self._here():
                return
            self.asked = asked
            if not mark and question.id in asked:
                self.notify("This question has notes under it, so it stays asked.")
            self._show_position()

        self.writes.add(Write(run, done=marked))

    # ------------------------------------------------------------------ notes (written off the UI thread, in order)

    @property
    def writes(self) -> WriteQueue:
        if self._writes is None:
            self._writes = WriteQueue(self.app, on_stuck=_not_saved_yet)
        return self._writes

    def _here(self) -> bool:
        """Still on screen (a write may finish after the session was closed)."""
        return self.is_attached and self.is_mounted

    @on(NoteComposer.Save)
    def _save_requested(self, event: NoteComposer.Save) -> None:
        self.save_note(event.text)

    def save_note(self, raw: str) -> None:
        """Show the note at once as "saving…" and queue its commit; it is kept in memory until committed.

        Everything about the note is taken now, at enter (its question, its time); the
        write runs in the writer thread, behind any note entered before it.
        """
        parsed = parse_note(raw)
        question = self.position.question
        question_id = question.id if question else None
        participant_id = self._participant_id if parsed.speaker == "participant" else None
        self._entered += 1
        entered = Note(
            id=f"entered-{self._entered}", session_id=self.session_id, text=parsed.text, question_id=question_id,
            offset_seconds=self.query_one(SessionClock).elapsed(), speaker=parsed.speaker, kind=parsed.kind,
            participant_id=participant_id, tags=list(parsed.tags),
        )
        self.query_one(NoteLog).add_note(entered, saving=True)
        self.composer.hide_tip()
        if question_id is not None and question_id not in self.asked:
            self.asked.add(question_id)
            self._show_position()
        store = self.store

        def commit() -> Note:
            return store.add_note(
                entered.session_id, entered.text, question_id=entered.question_id, speaker=entered.speaker,
                kind=entered.kind, offset_seconds=entered.offset_seconds, tags=entered.tags,
                participant_id=entered.participant_id,
            )

        self.writes.add(Write(commit, done=lambda note: self._note_saved(entered.id, note), keep=True,
                              failed=self._save_failed))
        self.writes.flush_now()  # a new note is a good moment to try a stuck one again

    def _note_saved(self, entered_id: str, note: Note) -> None:
        if not self._here():
            return
        log = self.query_one(NoteLog)
        log.settle(entered_id, note)
        self._last_note_id = note.id
        if self._unsaved_said and not log.saving:
            self._unsaved_said = False
            self.notify("Saved: every note you entered is on disk now.")
        self._analyze_worker(note)

    def _save_failed(self, error: Exception) -> None:
        self._unsaved_said = True
        if self._here():
            self.composer.pacer.save_failed()  # drafts back off after it

    @on(NoteComposer.Revise)
    def _revise(self, event: NoteComposer.Revise) -> None:
        if not event.text.strip():
            self.notify("An edited note cannot be empty: ctrl+z removes the note instead.", severity="warning")
            return
        parsed = parse_note(event.text)
        shown = replace(event.note, text=parsed.text, kind=parsed.kind, speaker=parsed.speaker, tags=list(parsed.tags))
        self.query_one(NoteLog).replace_note(shown, saving=True)
        store = self.store

        def commit() -> Note:
            return store.revise_note(event.note.id, parsed.text, kind=parsed.kind, speaker=parsed.speaker,
                                     tags=parsed.tags)

        self.writes.add(Write(commit, done=self._revised, keep=True, failed=self._save_failed))

    def _revised(self, note: Note) -> None:
        if self._here():
            self.query_one(NoteLog).replace_note(note)
            self._analyze_worker(note)
            self.notify("Note updated.")

    def _with_last(self, change, done, *, deleted: bool = False) -> None:
        """Act on the newest note (or newest removed one) once every note entered before it is saved."""
        store, session_id = self.store, self.session_id

        def run():
            note = store.last_deleted_note(session_id) if deleted else store.last_note(session_id)
            if note is None:
                return None
            if change is not None:
                change(note)
            return note, store.get_note(note.id), store.asked_question_ids(session_id)

        if self.writes.stuck:
            self.notify("This happens once the notes before it are saved.", timeout=4)

        def finished(result) -> None:
            if not self._here():
                return
            if result is None:
                self.notify("No removed note to restore." if deleted else "No notes yet.")
                return
            done(*result)

        self.writes.add(Write(run, done=finished))

    def _changed(self, verb: str):
        """Redraw a changed note and the asked marks from what the store now holds, and say what happened."""

        def show(before: Note, fresh: Note | None, asked: set[str]) -> None:
            if fresh is not None:
                self.query_one(NoteLog).replace_note(fresh)
            self.asked = asked
            self._show_position()
            self.notify(f"{verb(before) if callable(verb) else verb} {_short(before.text)}.")

        return show

    def action_star_last(self) -> None:
        store = self.store  # the change runs in the writer thread
        self._with_last(lambda note: store.set_starred(note.id, not note.starred),
                        self._changed(lambda note: "Unstarred" if note.starred else "Starred"))

    def action_undo_last(self) -> None:
        if self.composer.editing is not None:  # only the newest note can be in edit: its edit goes with it
            self.composer.finish_edit()

        store = self.store
        self._with_last(lambda note: store.set_deleted(note.id, True), self._changed("Removed (ctrl+y puts it back):"))

    def action_restore_last(self) -> None:
        store = self.store
        self._with_last(lambda note: store.set_deleted(note.id, False), self._changed("Restored"), deleted=True)

    def action_edit_last(self) -> None:
        if self.composer.editing is not None:
            return

        def begin(note: Note, fresh: Note | None, asked: set[str]) -> None:
            if self.composer.editing is None:
                self._keep_draft(force=True)
                self.composer.begin_edit(fresh or note)

        self._with_last(None, begin)

    # ------------------------------------------------------------------ drafts

    @on(NoteComposer.DraftDue)
    def _draft_due(self, event: NoteComposer.DraftDue) -> None:
        self._keep_draft(event.text)

    def _keep_draft(self, text: str | None = None, *, force: bool = False) -> None:
        """Queue keeping the text being typed (or put aside while editing) with the current question.

        Drafts queued while one waits are folded into it: the writer keeps the latest text.
        """
        try:
            text = self.composer.draft_due(force=force) if text is None else text
        except Exception:  # torn down before composing: there is nothing typed to keep
            return
        if text is None:
            return
        if not force and self.composer.pacer.backing_off:
            # A save just failed (locked or full): the text is safe in the box, and another
            # attempt now would only queue behind the failing one.
            return
        self._draft_wanted = (text, self.position.question_id)
        if self._draft_queued:
            return
        self._draft_queued = True
        store = self.store  # captured here: the write may run after the screen has closed

        def write_draft() -> str:
            """In the writer thread: store the latest wanted draft."""
            self._draft_queued = False  # from here on a newer draft queues a new write
            text, question_id = self._draft_wanted
            store.save_draft(self.session_id, text, question_id)
            return text

        self.writes.add(Write(write_draft, done=self._draft_written, failed=self._draft_failed))

    def _draft_written(self, text: str) -> None:
        if self._here():
            self.composer.draft_kept(text)

    def _draft_failed(self, error: Exception) -> None:
        if self._here():
            self.composer.pacer.save_failed()

    # ------------------------------------------------------------------ clock, outline, tip, end

    def action_pause(self) -> None:
        clock = self.query_one(SessionClock)
        paused = clock.toggle_pause()
        self.notify("Clock paused: ctrl+t resumes." if paused else "Clock running.")
        if not paused:
            self._keep_paused_time(clock)

    def _keep_paused_time(self, clock: SessionClock) -> None:
        """Store the paused total, so the clock still leaves it out when the session is resumed."""
        store, session_id, paused = self.store, self.session_id, clock.paused_total()
        # on failure the clock on screen is still right; only a later resume would be off
        self.writes.add(Write(lambda: store.set_paused_seconds(session_id, paused)))

    def action_toggle_outline(self) -> None:
        self.toggle_class("-outline-open" if self.has_class("-narrow") else "-outline-closed")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dismiss_tip":
            return self.is_mounted and self.composer.tip_shown
        return True

    def action_dismiss_tip(self) -> None:
        self.composer.hide_tip()
        self.refresh_bindings()

    def action_end(self) -> None:
        if self.composer.editing is not None:
            self.composer.finish_edit()
            self.notify("Edit cancelled; the note is unchanged.")
            return
        if self._ending:
            if self.writes.stuck:  # the database refuses them for now: a way out, said plainly
                question = (f"{self._unsaved().capitalize()} not saved yet: the database refuses them for now. "
                            "Keep waiting, or leave without them (they are lost unless the database accepts "
                            "them before interview is closed)?")
                self.app.push_screen(ConfirmScreen(question, confirm_label="Leave without them",
                                                   cancel_label="Keep waiting"), self._leave_unsaved)
            else:
                self.notify(f"The session ends once {self._unsaved()} are saved.")
            return
        questions = self.position.questions()
        unasked = [q for q in questions if q.id not in self.asked]
        lines = [f"End the interview? {_unasked_sentence(len(unasked), len(questions))}"]
        lines += [f"  ○ {_short(q.text, 60)}" for q in unasked[:5]]
        if len(unasked) > 5:
            lines.append(f"  … and {len(unasked) - 5} more")
        if self.composer.input.text.strip():
            lines.append("\nThe text in the note box will be saved as a last note.")
        self.app.push_screen(ConfirmScreen("\n".join(lines), confirm_label="End, go home", cancel_label="Keep going",
                                           also_label="End and review"), self._ended)

    def _unsaved(self) -> str:
        count = self.query_one(NoteLog).saving
        return f"{count} note{'s' if count != 1 else ''}"

    def _ended(self, confirmed: bool | str | None) -> None:
        """End after every note entered (and the text in the box) is committed: the end is queued behind
        them; "also" (r) then opens its review, the usual next step."""
        if not confirmed:
            return
        pending = self.composer.input.text
        if pending.strip():
            self.composer.input.clear()
            self.composer.draft_kept("")
            self.save_note(pending)
        clock = self.query_one(SessionClock)
        if clock.paused:
            self._keep_paused_time(clock)
        self._ending = True
        self._review_next = confirmed == "also"
        store, session_id = self.store, self.session_id
        self.writes.add(Write(lambda: store.end_session(session_id), done=self._session_ended,
                              failed=self._end_failed))
        if self.writes.stuck:
            self.notify(f"The session ends once {self._unsaved()} are saved (esc again to leave without them).")

    def _leave_unsaved(self, leave: bool | None) -> None:
        if leave and self._here():
            self.dismiss(None)  # the writes stay queued and are retried while the app runs

    def _end_failed(self, error: Exception) -> None:
        self._ending = False  # said why; esc tries again

    def _session_ended(self, _session: object) -> None:
        if not self._here():
            return
        self.composer.draft_kept("")
        count = len(self.query_one(NoteLog).notes)
        self.notify(f"Session ended with {count} note{'s' if count != 1 else ''}.")
        self.dismiss(None)
        if self._review_next:
            self.app.call_later(self.app.open_session, self.session_id)

    # ------------------------------------------------------------------ highlighting (threads)

    def _load_highlighter(self) -> None:
        label = self.query_one("#live-highlighter", Static)
        label.update("highlighter: ready" if self.highlighter.ready else "highlighter: loading…")
        if not self.highlighter.ready:
            self._load_worker()

    @work(thread=True, exclusive=True, group="highlighter-load", exit_on_error=False)
    def _load_worker(self) -> None:
        self.highlighter.load()
        self.post_message(self.HighlighterLoaded())

    @work(thread=True, group="highlighter", exit_on_error=False)
    def _analyze_worker(self, note: Note) -> None:
        try:
            result = self.highlighter.highlight_note(self.store, note.id, note.text)
        except PipelineError as error:  # the note is saved; `interview sessions analyze` can catch up
            self.app.call_from_thread(self.notify, f"Could not highlight a note: {error}", severity="warning")
            return
        except InterviewError as error:  # e.g. locked: the note is saved, its suggestions are not
            self.app.call_later(self.app.show_error, error,
                                after="(The note is saved; `interview sessions analyze` adds its highlights later.)")
            return
        if result is not None:
            self.post_message(self.Analyzed(*result))

    @on(HighlighterLoaded)
    def _highlighter_loaded(self) -> None:
        label = self.query_one("#live-highlighter", Static)
        if self.highlighter.ready:
            label.update("highlighter: ready")
        else:
            label.update("highlighter: off")
            self.notify(f"Highlighting is off for now: {self.highlighter.error}", severity="warning")

    @on(Analyzed)
    def _analyzed(self, event: Analyzed) -> None:
        self.query_one(NoteLog).replace_note(event.note)
        tip = follow_up(event.highlights, self._tip_turn)
        if tip and event.note.id == self._last_note_id:
            self._tip_turn += 1
            self.composer.show_tip(tip)
            self.refresh_bindings()


def _not_saved_yet(error: Exception) -> Exception:
    """The first failure of a note's save, told with what happens to the note."""
    if not isinstance(error, InterviewError):
        return error
    return NotSavedYet(
        f"Not saved yet: {error.sentence} Your notes stay on screen, marked saving…, and are saved "
        "as soon as the database accepts them."
    )


def _short(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= width else flat[: width - 1] + '…'}”"


def _unasked_sentence(unasked: int, total: int) -> str:
    """"Every question was asked." rather than "0 of 13 questions were not asked"."""
    if not unasked:
        return f"All {total} questions were asked." if total != 1 else "The question was asked."
    return f"{unasked} of {total} questions {'was' if unasked == 1 else 'were'} not asked."
