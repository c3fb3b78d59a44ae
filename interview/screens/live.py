"""The live interview: the guide on the left, the question in the middle, notes typed below.

Everything is reachable without leaving the note input, and nothing typed is lost: a
note is committed before it appears in the log, the text being typed is saved as a
draft within two seconds (and on every question change), and a failed save keeps the
text in the input with the reason on screen. Highlighting loads in a thread after
first paint; the screen is fully usable before it is ready.
"""

from __future__ import annotations

import time
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from interview.guides import GuideError, guide_from_dict
from interview.highlighter import Highlighter, follow_up
from interview.models import Guide, Highlight, Note, Question, Section
from interview.screens.confirm import ConfirmScreen
from interview.shorthand import format_note, parse_note
from interview.store import StoreError
from interview.timefmt import mmss, parse_iso
from interview.widgets.note_input import NoteInput
from interview.widgets.note_log import NoteLog
from interview.widgets.outline import GuideOutline
from interview.widgets.question_panel import QuestionPanel
from interview.widgets.session_clock import SessionClock

DRAFT_DELAY = 2.0  # seconds after the last keystroke; also the longest any typed text goes unsaved
HIGHLIGHTER = Highlighter()  # one per process: the pipeline loads once, however many sessions run

Stop = tuple[Section | None, Question | None]


class QuestionJump(Provider):
    """Command palette (ctrl+p): jump to any question by typing part of it."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, LiveScreen):
            return
        matcher = self.matcher(query)
        for index, label, help_text in screen.jump_targets():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(screen.go_to, index), text=label, help=help_text)

    async def discover(self) -> Hits:
        screen = self.screen
        if isinstance(screen, LiveScreen):
            for index, label, help_text in screen.jump_targets():
                yield DiscoveryHit(label, partial(screen.go_to, index), text=label, help=help_text)


class LiveScreen(Screen[None]):
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
        "Your unsaved text is kept as a draft within 2 seconds and comes back if the app is closed or crashes.\n"
        "The clock excludes pauses; note times are the session clock. Highlights and the 'Ask:' tip "
        "appear once the highlighter is ready."
    )
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
        Binding("ctrl+p", "app.command_palette", "Jump to question", key_display="^p", show=False),
        Binding("escape,ctrl+q", "end", "End", key_display="esc", priority=True),
    ]

    class HighlighterLoaded(Message):
        """The pipeline finished loading (or failed to)."""

    class Analyzed(Message):
        """A worker stored fresh highlights for a note."""

        def __init__(self, note: Note, highlights: list[Highlight]) -> None:
            super().__init__()
            self.note = note
            self.highlights = highlights

    def __init__(self, session_id: str, *, highlighter: Highlighter | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.highlighter = highlighter or HIGHLIGHTER
        self.guide = Guide(name="", title="")
        self.stops: list[Stop] = [(None, None)]
        self.current = 0
        self.asked: set[str] = set()
        self.editing: Note | None = None
        self._stash = ""  # the draft put aside while a saved note is being edited
        self._draft_timer: Timer | None = None
        self._draft_saved = ""
        self._unsaved_since: float | None = None
        self._last_note_id: str | None = None
        self._tip_turn = 0
        self._problem = ""
        self._participant_id: str | None = None

    @property
    def store(self):
        return self.app.store

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        session = self.store.get_session(self.session_id)
        labels: dict[str, str] = {}
        if session is None:
            self._problem = "That session no longer exists."
        else:
            try:
                self.guide = guide_from_dict(self.store.session_guide(self.session_id))
            except GuideError as error:
                self._problem = f"This session's guide cannot be read ({error.message}); notes are still saved."
            self.stops = [(s, q) for s in self.guide.sections for q in (s.questions or (None,))] or [(None, None)]
            number = 0
            for section, question in self.stops:
                if question is not None:
                    number += 1
                    labels[question.id] = f"Q{number} {question.text}"
        title = session.title if session else "?"
        person = self.store.get_participant(session.participant_id) if session and session.participant_id else None
        who = ""
        if person is not None:
            who = "" if person.name in title else f" · {person.name}"
            who += f" ({person.company})" if person.company and person.company not in title else ""
        with Horizontal(id="live-top"):
            yield Static(f"● {title}{who}", id="live-title", markup=False)
            yield Static("", id="live-highlighter")
            yield SessionClock(id="live-clock")
        with Horizontal(id="live-body"):
            yield GuideOutline(self.guide, id="live-outline")
            with Vertical(id="live-main"):
                yield QuestionPanel(id="live-question")
                yield NoteLog(labels, id="live-log")
                yield Static("", id="live-tip")
                yield NoteInput(placeholder='Type a note, enter saves.  "quote  !observed  i: you  #tag', id="live-input")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        session = self.store.get_session(self.session_id)
        if session is None:
            self.notify(self._problem, severity="error")
            self.dismiss(None)
            return
        if self._problem:
            self.notify(self._problem, severity="warning", timeout=8)
        self.query_one("#live-tip", Static).display = False
        ids = [q.id for _, q in self.stops if q is not None]
        if session.current_question_id in ids:
            self.current = next(i for i, (_, q) in enumerate(self.stops) if q and q.id == session.current_question_id)
        if session.consent_given:
            self._begin()
            return
        who = "the participant"
        if session.participant_id and (person := self.store.get_participant(session.participant_id)):
            who = person.name
        question = (
            f"Has {who} agreed to this interview and to notes being taken "
            f"({session.consent_scope})?\n\ny records consent and starts; n goes back without taking notes."
        )
        self.app.push_screen(ConfirmScreen(question, confirm_label="Consent given", cancel_label="Not yet"), self._consent)

    def _consent(self, given: bool | None) -> None:
        if not given:
            self.notify("No notes taken: the session waits until consent is given.")
            self.dismiss(None)
            return
        try:
            session = self.store.get_session(self.session_id)
            self.store.give_consent(self.session_id, session.consent_scope if session else "internal")
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            self.dismiss(None)
            return
        self._begin()

    def _begin(self) -> None:
        """Consent is on record: go live, put back any draft, and load the highlighter after paint."""
        try:
            session = self.store.start_session(self.session_id)
            notes = self.store.notes_for_session(self.session_id)
            self.asked = self.store.asked_question_ids(self.session_id)
            draft = self.store.get_draft(self.session_id)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            self.dismiss(None)
            return
        self._participant_id = session.participant_id
        self.query_one(SessionClock).set_started(parse_iso(session.started_at) or parse_iso(session.created_at))
        self.query_one(NoteLog).set_notes(notes)
        self._last_note_id = notes[-1].id if notes else None
        self._show_position()
        if draft and draft.text.strip():
            self.query_one(NoteInput).set_text(draft.text)
            self._draft_saved = draft.text
            self.notify("Your unsaved note was restored: enter saves it.", title="Draft restored")
        self.query_one(NoteInput).focus()
        self.call_after_refresh(self._load_highlighter)

    def on_screen_resume(self) -> None:
        self.query_one(NoteInput).focus()

    def on_unmount(self) -> None:
        self._save_draft()

    # ------------------------------------------------------------------ position in the guide

    def jump_targets(self) -> list[tuple[int, str, str]]:
        """(stop index, 'Section › question', asked?) for the command palette."""
        targets = []
        for index, (section, question) in enumerate(self.stops):
            if question is not None and section is not None:
                state = "asked" if question.id in self.asked else "not asked yet"
                targets.append((index, f"{section.title} › {question.text}", state))
        return targets

    def go_to(self, index: int) -> None:
        if not 0 <= index < len(self.stops) or index == self.current:
            if index != self.current:
                self.app.bell()
            return
        self.current = index
        question = self.stops[index][1]
        try:
            self.store.set_current_question(self.session_id, question.id if question else None)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
        self._save_draft(force=True)
        self._show_position()

    def _show_position(self) -> None:
        section, question = self.stops[self.current]
        numbered = [q for _, q in self.stops if q is not None]
        number = numbered.index(question) + 1 if question in numbered else 0
        asked = bool(question and question.id in self.asked)
        self.query_one(QuestionPanel).show(section, question, number=number, total=len(numbered), asked=asked)
        self.query_one(GuideOutline).show(question.id if question else None, self.asked)
        if section is not None:
            self.query_one(SessionClock).start_section(section.title, section.minutes)
        self._set_input_title()

    def _set_input_title(self) -> None:
        box = self.query_one(NoteInput)
        if self.editing is not None:
            box.border_title = f"Editing the note from {mmss(self.editing.offset_seconds)}: enter saves, esc cancels"
            return
        section, question = self.stops[self.current]
        numbered = [q for _, q in self.stops if q is not None]
        where = f"Q{numbered.index(question) + 1}" if question in numbered else (section.title if section else "session")
        box.border_title = f"Note under {where}"

    def action_move(self, step: int) -> None:
        self.go_to(self.current + step)

    def action_section(self, step: int) -> None:
        """To the first question of the next (or previous) section."""
        starts = [i for i in range(len(self.stops)) if i == 0 or self.stops[i][0] is not self.stops[i - 1][0]]
        here = max(i for i in starts if i <= self.current)
        position = starts.index(here) + step
        self.go_to(starts[position] if 0 <= position < len(starts) else -1)

    def action_toggle_asked(self) -> None:
        question = self.stops[self.current][1]
        if question is None:
            return
        mark = question.id not in self.asked
        try:
            self.store.mark_asked(self.session_id, question.id, mark)
            self.asked = self.store.asked_question_ids(self.session_id)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            return
        if not mark and question.id in self.asked:
            self.notify("This question has notes under it, so it stays asked.")
        self._show_position()

    @on(GuideOutline.Jump)
    def _outline_jump(self, event: GuideOutline.Jump) -> None:
        for index, (_, question) in enumerate(self.stops):
            if question is not None and question.id == event.question_id:
                self.go_to(index)
        self.query_one(NoteInput).focus()

    # ------------------------------------------------------------------ notes

    @on(NoteInput.Submitted)
    def _submitted(self, event: NoteInput.Submitted) -> None:
        event.stop()
        if self.editing is not None:
            self._save_edit(event.text)
        elif event.text.strip():
            self.save_note(event.text)

    def save_note(self, raw: str) -> Note | None:
        """Commit, then show: the note is on disk before the log draws it. On failure the text stays."""
        parsed = parse_note(raw)
        question = self.stops[self.current][1]
        try:
            note = self.store.add_note(
                self.session_id, parsed.text, question_id=question.id if question else None,
                speaker=parsed.speaker, kind=parsed.kind, offset_seconds=self.query_one(SessionClock).elapsed(),
                tags=parsed.tags, participant_id=self._participant_id if parsed.speaker == "participant" else None,
            )
        except StoreError as error:
            self.notify(f"Not saved: {_sentence(error)} Your text is still in the box.", severity="error", timeout=10)
            self.app.bell()
            return None
        self._draft_saved, self._unsaved_since = "", None
        if self._draft_timer is not None:
            self._draft_timer.stop()
        box = self.query_one(NoteInput)
        if box.text == raw:
            box.clear()
        self.query_one(NoteLog).add_note(note)
        self._last_note_id = note.id
        self.query_one("#live-tip", Static).display = False
        if question is not None and question.id not in self.asked:
            self.asked.add(question.id)
            self._show_position()
        self._analyze(note)
        return note

    def _save_edit(self, raw: str) -> None:
        note = self.editing
        assert note is not None
        if not raw.strip():
            self.notify("An edited note cannot be empty: ctrl+z removes the note instead.", severity="warning")
            return
        parsed = parse_note(raw)
        try:
            fresh = self.store.revise_note(note.id, parsed.text, kind=parsed.kind, speaker=parsed.speaker, tags=parsed.tags)
        except StoreError as error:
            self.notify(f"Not saved: {_sentence(error)} Your edit is still in the box.", severity="error", timeout=10)
            return
        self.query_one(NoteLog).replace_note(fresh)
        self._finish_edit()
        self._analyze(fresh)
        self.notify("Note updated.")

    def _finish_edit(self) -> None:
        self.editing = None
        self.query_one(NoteInput).set_text(self._stash)
        self._stash = ""
        self._set_input_title()

    def _last(self, *, deleted: bool = False) -> Note | None:
        try:
            note = self.store.last_deleted_note(self.session_id) if deleted else self.store.last_note(self.session_id)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            return None
        if note is None:
            self.notify("No removed note to restore." if deleted else "No notes yet.")
        return note

    def action_star_last(self) -> None:
        if (note := self._last()) is None:
            return
        try:
            self.store.set_starred(note.id, not note.starred)
            fresh = self.store.get_note(note.id)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            return
        if fresh is not None:
            self.query_one(NoteLog).replace_note(fresh)
            self.notify(("Starred: " if fresh.starred else "Unstarred: ") + _short(fresh.text))

    def action_undo_last(self) -> None:
        if (note := self._last()) is None:
            return
        if self.editing is not None and self.editing.id == note.id:
            self._finish_edit()
        try:
            self.store.set_deleted(note.id, True)
            self.asked = self.store.asked_question_ids(self.session_id)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            return
        self.query_one(NoteLog).remove_note(note.id)
        self._show_position()
        self.notify(f"Removed {_short(note.text)}. ctrl+y puts it back.")

    def action_restore_last(self) -> None:
        if (note := self._last(deleted=True)) is None:
            return
        try:
            self.store.set_deleted(note.id, False)
            fresh = self.store.get_note(note.id)
            self.asked = self.store.asked_question_ids(self.session_id)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            return
        if fresh is not None:
            self.query_one(NoteLog).insert_note(fresh)
        self._show_position()
        self.notify(f"Restored {_short(note.text)}.")

    def action_edit_last(self) -> None:
        if self.editing is not None or (note := self._last()) is None:
            return
        box = self.query_one(NoteInput)
        self._save_draft(force=True)
        self._stash, self.editing = box.text, note
        box.set_text(format_note(note.text, note.kind, note.speaker, note.tags))
        self._set_input_title()

    # ------------------------------------------------------------------ drafts

    @on(TextArea.Changed, "#live-input")
    def _typed(self) -> None:
        if self.editing is not None:
            return
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        elif now - self._unsaved_since >= DRAFT_DELAY:
            self._save_draft()  # a long burst of typing is saved every couple of seconds too
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._save_draft)

    def _save_draft(self, force: bool = False) -> None:
        """Keep the text being typed (the text put aside, while editing a saved note)."""
        if not self.is_mounted and not force:
            return
        try:
            text = self._stash if self.editing is not None else self.query_one(NoteInput).text
        except Exception:  # the screen is being torn down; keep what was last saved
            return
        self._unsaved_since = None
        if text == self._draft_saved and not force:
            return
        question = self.stops[self.current][1]
        try:
            self.store.save_draft(self.session_id, text, question.id if question else None)
        except StoreError as error:
            self.notify(f"Draft not saved: {_sentence(error)}", severity="warning")
            return
        self._draft_saved = text

    # ------------------------------------------------------------------ clock, tips, end

    def action_pause(self) -> None:
        paused = self.query_one(SessionClock).toggle_pause()
        self.notify("Clock paused: ctrl+t resumes." if paused else "Clock running.")

    def action_toggle_outline(self) -> None:
        self.toggle_class("-outline-open" if self.has_class("-narrow") else "-outline-closed")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dismiss_tip":
            return self.is_mounted and self.query_one("#live-tip", Static).display
        return True

    def action_dismiss_tip(self) -> None:
        self.query_one("#live-tip", Static).display = False
        self.refresh_bindings()

    def action_end(self) -> None:
        if self.editing is not None:
            self._finish_edit()
            self.notify("Edit cancelled; the note is unchanged.")
            return
        questions = [q for _, q in self.stops if q is not None]
        unasked = [q for q in questions if q.id not in self.asked]
        pending = self.query_one(NoteInput).text.strip()
        lines = [f"End the interview? {len(unasked)} of {len(questions)} questions were not asked."]
        lines += [f"  ○ {_short(q.text, 60)}" for q in unasked[:5]]
        if len(unasked) > 5:
            lines.append(f"  … and {len(unasked) - 5} more")
        if pending:
            lines.append("\nThe text in the note box will be saved as a last note.")
        self.app.push_screen(ConfirmScreen("\n".join(lines), confirm_label="End session", cancel_label="Keep going"), self._ended)

    def _ended(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        pending = self.query_one(NoteInput).text
        if pending.strip() and self.save_note(pending) is None:
            return  # the save failed and said why; the session stays open with the text in the box
        try:
            self.store.end_session(self.session_id)
        except StoreError as error:
            self.notify(_sentence(error), severity="error")
            return
        self._draft_saved = ""
        count = len(self.query_one(NoteLog).notes)
        self.notify(f"Session ended with {count} note{'s' if count != 1 else ''}.")
        self.dismiss(None)

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

    def _analyze(self, note: Note) -> None:
        self._analyze_worker(note)

    @work(thread=True, group="highlighter", exit_on_error=False)
    def _analyze_worker(self, note: Note) -> None:
        highlights = self.highlighter.analyze(note.text)
        if not self.highlighter.ready:
            return
        current = self.store.get_note(note.id)
        if current is None or current.text != note.text:
            return  # edited meanwhile: that edit is analysed on its own
        self.store.replace_auto_highlights(note.id, highlights, self.highlighter.version)
        fresh = self.store.get_note(note.id)
        if fresh is not None:
            self.post_message(self.Analyzed(fresh, highlights))

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
            box = self.query_one("#live-tip", Static)
            box.update(f"Ask: {tip}   [dim](ctrl+d hides)[/]")
            box.display = True
            self.refresh_bindings()


def _sentence(error: Exception) -> str:
    text = str(error).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _short(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= width else flat[: width - 1] + '…'}”"
