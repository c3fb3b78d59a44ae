"""Modals of the review screen that change text: a note's words, the session's facts, a path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from interview.models import CONSENT_SCOPES, Session
from interview.timefmt import parse_iso, seconds_between


class EditNoteScreen(ModalScreen[str | None]):
    """Dismisses with the new text (None if cancelled or unchanged)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="review-edit-box"):
            yield Static("[b]Edit the note[/b] — ctrl+s saves, esc cancels. Decisions on words you keep stay.")
            yield TextArea(self._text, soft_wrap=True, id="review-edit-text")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.notify("A note cannot be empty; press esc to keep it as it was.", severity="error")
            return
        self.dismiss(None if text == self._text else text)


class PromptScreen(ModalScreen[str | None]):
    """One line of input: enter accepts, esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str, value: str = "", *, placeholder: str = "", suggestions: list[str] | None = None) -> None:
        super().__init__()
        self._question = question
        self._value = value
        self._placeholder = placeholder
        self._suggestions = suggestions or []

    def compose(self) -> ComposeResult:
        with Vertical(id="review-prompt-box"):
            yield Static(self._question, id="review-prompt-question")
            suggester = SuggestFromList(self._suggestions, case_sensitive=False) if self._suggestions else None
            yield Input(self._value, placeholder=self._placeholder, suggester=suggester, id="review-prompt-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


@dataclass
class SessionFacts:
    """What the session-facts modal hands back, checked and ready for the store."""

    title: str
    participant: str
    interviewer: str
    guide_name: str
    consent_given: bool
    consent_scope: str
    started_at: str | None
    ended_at: str | None


def _local(stamp: str | None) -> str:
    parsed = parse_iso(stamp)
    return parsed.astimezone().strftime("%Y-%m-%d %H:%M") if parsed else ""


def _utc_iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class SessionInfoScreen(ModalScreen[SessionFacts | None]):
    """The session's metadata, editable: tab between fields, ctrl+s saves, esc cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, session: Session, participant_name: str, known_people: list[str]) -> None:
        super().__init__()
        self._session = session
        self._participant = participant_name
        self._people = known_people

    def compose(self) -> ComposeResult:
        s = self._session
        seconds = seconds_between(s.started_at, s.ended_at)
        with Vertical(id="review-info-box"):
            yield Static("[b]Session details[/b] — ctrl+s saves, esc cancels")
            rows = [
                ("title", Input(s.title, id="info-title")),
                ("participant", Input(self._participant, id="info-participant",
                                      suggester=SuggestFromList(self._people, case_sensitive=False))),
                ("interviewer", Input(s.interviewer, id="info-interviewer")),
                ("guide", Input(s.guide_name, id="info-guide")),
                ("started", Input(_local(s.started_at), placeholder="YYYY-MM-DD HH:MM (local time)", id="info-started")),
                ("minutes", Input("" if seconds is None else str(round(seconds / 60)), placeholder="duration in minutes",
                                  id="info-minutes")),
                ("consent scope", Select([(x, x) for x in CONSENT_SCOPES], value=s.consent_scope, allow_blank=False,
                                         id="info-scope")),
            ]
            for label, widget in rows:
                with Horizontal(classes="review-info-row"):
                    yield Label(label, classes="review-info-label")
                    yield widget
            yield Checkbox("consent given", value=s.consent_given, id="info-consent")
            yield Static("", id="review-info-error")

    def on_mount(self) -> None:
        self.query_one("#info-title", Input).focus()

    def _fail(self, message: str) -> None:
        self.query_one("#review-info-error", Static).update(f"[red]{message}[/]")

    def action_save(self) -> None:
        value = lambda name: self.query_one(f"#info-{name}", Input).value.strip()  # noqa: E731
        if not value("title"):
            self._fail("A session needs a title.")
            return
        s = self._session
        started_at, ended_at = s.started_at, s.ended_at
        old_minutes = seconds_between(s.started_at, s.ended_at)
        if value("started") and value("started") != _local(s.started_at):
            try:
                start = datetime.strptime(value("started"), "%Y-%m-%d %H:%M").astimezone()
            except ValueError:
                self._fail("Started needs a local date and time like 2024-03-04 09:30.")
                return
            started_at = _utc_iso(start)
        moved = started_at != s.started_at
        if value("minutes") and (moved or old_minutes is None or value("minutes") != str(round(old_minutes / 60))):
            if not value("minutes").isdigit():
                self._fail("Minutes must be a whole number, like 45.")
                return
            if started_at is None:
                self._fail("Give the start time too, so the duration has somewhere to begin.")
                return
            ended_at = _utc_iso(parse_iso(started_at) + timedelta(minutes=int(value("minutes"))))
        elif moved and old_minutes is not None:
            ended_at = _utc_iso(parse_iso(started_at) + timedelta(seconds=old_minutes))
        self.dismiss(SessionFacts(
            title=value("title"), participant=value("participant"), interviewer=value("interviewer"),
            guide_name=value("guide"), consent_given=self.query_one("#info-consent", Checkbox).value,
            consent_scope=str(self.query_one("#info-scope", Select).value), started_at=started_at, ended_at=ended_at,
        ))
