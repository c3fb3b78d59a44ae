"""New session: choose a guide (read it, see its lint findings), name the participant, record consent.

Dismisses with the new session's id, or None on escape. Everything a session is
made of is handed to :func:`interview.session_setup.create_session_from_guide`,
the same function `interview run` uses.
"""

from __future__ import annotations

from typing import Mapping

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button, Checkbox, Header, Input, Label, OptionList, RadioButton, RadioSet, Static,
)
from textual.widgets.option_list import Option

from interview.guides import GuideEntry, fill_variables, list_guides
from interview.models import CONSENT_SCOPES, Guide, Participant
from interview.session_setup import INTERVIEWER_SETTING, create_session_from_guide
from interview.store import StoreError
from interview.widgets.footer import Footer

LAST_GUIDE_SETTING = "last_guide"
MATCH_LIMIT = 6
FINDINGS_SHOWN = 6

NO_CONSENT = (
    "[yellow]Consent not ticked:[/] the session is saved as [b]planned[/b] and the live "
    "screen asks for consent before the first note."
)
WITH_CONSENT = "[green]Consent is recorded with the time you press Start.[/]"


def guide_outline(guide: Guide, flags: Mapping[int, str] | None = None) -> Text:
    """The guide as the interviewer will meet it: sections with timeboxes, numbered questions, probes.

    ``flags`` maps a question's line to the worst lint severity found there, so a
    leading or hypothetical question is marked where it is read.

    Rendered straight from the parsed guide (a few milliseconds), so arrowing through
    the list stays instant; the Markdown widget takes a third of a second per guide.
    """
    out = Text()
    facts = [guide.name, guide.kind]
    minutes = guide.planned_minutes()
    if minutes:
        facts.append(f"{minutes} min")
    sections, questions = len(guide.sections), guide.question_count()
    facts.append(f"{sections} section{'s' if sections != 1 else ''}, {questions} question{'s' if questions != 1 else ''}")
    out.append(guide.title, style="bold").append("\n")
    out.append(" · ".join(facts), style="dim").append("\n")
    if guide.description:
        out.append(guide.description + "\n", style="italic")
    for note in guide.notes:
        out.append("\n" + note + "\n", style="dim italic")
    number = 0
    for section in guide.sections:
        out.append("\n" + section.title, style="bold cyan")
        if section.minutes:
            out.append(f"  {section.minutes} min", style="cyan")
        if section.activity:
            out.append(f"  {section.activity}", style="magenta")
        out.append("\n")
        for note in section.notes:
            out.append(f"  {note}\n", style="dim italic")
        for question in section.questions:
            number += 1
            flag = (flags or {}).get(question.line)
            if flag:
                mark, style = ("✗", "bold red") if flag == "error" else ("⚠", "bold yellow")
                out.append(f"{mark}{number:>2}. ", style=style).append(question.text + "\n", style=style.split()[1])
            else:
                out.append(f"{number:>3}. ", style="bold").append(question.text + "\n")
            for probe in question.probes:
                out.append(f"       – {probe}\n", style="dim")
    return out


def participant_line(person: Participant) -> str:
    """"Ana López · Controller, Acme (mid-market)": enough to tell two Anas apart."""
    job = ", ".join(part for part in (person.role, person.company) if part)
    line = person.name + (f" · {job}" if job else "")
    return line + (f" ({person.segment})" if person.segment else "")


class NameInput(Input):
    """The participant name; down moves into the list of existing participants."""

    BINDINGS = [Binding("down", "screen.focus_matches", "Existing participants", show=False)]


class MatchList(OptionList):
    """Existing participants whose name matches what was typed; enter chooses one.

    Only down from the name enters it: tab passes it by, so tab goes field by field and what
    is typed after a tab lands in the next field, not in this list.
    """

    BINDINGS = [Binding("escape", "screen.focus_name", "Back to name", show=False)]
    entered = False  # set by down from the name, cleared when the list loses focus

    def allow_focus(self) -> bool:
        return self.entered or self.has_focus

    def on_blur(self) -> None:
        self.entered = False


class SetupScreen(Screen[str | None]):
    CSS_PATH = "setup.tcss"
    TITLE = "New session"
    HELP = (
        "Arrows pick a guide (enter jumps to the form). While typing a name, existing participants "
        "are listed: press down, then enter to choose one and fill in their details."
    )
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[GuideEntry] = []
        self._entry: GuideEntry | None = None
        self._chosen: Participant | None = None
        self._var_values: dict[str, str] = {}
        self._findings: dict[str, Text] = {}
        self._flags: dict[str, dict[int, str]] = {}
        self._found: dict[str, Participant] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="setup"):
            with Vertical(id="setup-left"):
                yield OptionList(id="setup-guides")
                with VerticalScroll(id="setup-preview", can_focus=False):  # tab goes from the guides to the form
                    yield Static(id="setup-outline")
            with VerticalScroll(id="setup-form", can_focus=False):
                yield self._row("Participant", NameInput(placeholder="Name (required)", id="setup-name", compact=True, select_on_focus=False))
                yield MatchList(id="setup-matches")
                yield Static("", id="setup-name-error", classes="setup-error")
                yield self._row("Role", Input(placeholder="e.g. Finance lead", id="setup-role", compact=True))
                yield self._row("Company", Input(id="setup-company", compact=True))
                yield self._row("Segment", Input(placeholder="e.g. mid-market", id="setup-segment", compact=True))
                yield self._row("Interviewer", Input(placeholder="Your name", id="setup-interviewer", compact=True))
                yield Vertical(id="setup-vars")
                yield Checkbox("Participant gave consent", id="setup-consent", compact=True)
                yield Label("Notes may be used for (consent scope):", id="setup-scope-label")
                with RadioSet(id="setup-scope", compact=True):
                    for scope in CONSENT_SCOPES:
                        yield RadioButton(scope, value=scope == "internal", id=f"scope-{scope}")
                yield Static(NO_CONSENT, id="setup-consent-hint")
                yield Static("", id="setup-error", classes="setup-error")
                yield Button("Start session (ctrl+s)", variant="primary", id="setup-start")
        yield Static("", id="setup-lint")
        yield Footer()

    @staticmethod
    def _row(label: str, field: Input) -> Horizontal:
        return Horizontal(Label(label, classes="setup-label"), field, classes="setup-row")

    def on_mount(self) -> None:
        store = self.app.store
        self.query_one("#setup-interviewer", Input).value = store.get_setting(INTERVIEWER_SETTING)
        self.query_one("#setup-matches", MatchList).display = False
        scope = self.query_one("#setup-scope", RadioSet)
        for _ in range(scope.pressed_index):  # RadioSet's cursor starts on the first button, not the pressed one
            scope.action_next_button()
        self.query_one("#setup-guides", OptionList).border_title = "Guide"
        self.query_one("#setup-form").border_title = "Session"
        self._entries = list_guides()
        guides = self.query_one("#setup-guides", OptionList)
        guides.add_options(self._guide_option(e) for e in self._entries)
        if not self._entries:
            self.query_one("#setup-outline", Static).update(
                "[b]No guides found.[/b] Add one with: interview guides new FILE"
            )
            return
        last = store.get_setting(LAST_GUIDE_SETTING)
        names = [e.name for e in self._entries]
        guides.highlighted = names.index(last) if last in names else 0
        guides.focus()

    @staticmethod
    def _guide_option(entry: GuideEntry) -> Option:
        if entry.guide is None:
            return Option(Content.from_markup("[red]$name (cannot be read)[/]", name=entry.name), id=entry.name)
        return Option(entry.guide.title, id=entry.name)

    # ------------------------------------------------------------------ guide

    @on(OptionList.OptionHighlighted, "#setup-guides")
    async def _guide_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._entries[event.option_index]
        if entry is self._entry:
            return
        self._entry = entry
        lint = self.query_one("#setup-lint", Static)
        self.query_one("#setup-preview", VerticalScroll).scroll_home(animate=False)
        if entry.guide is None:
            self.query_one("#setup-outline", Static).update(
                Text.assemble((entry.name, "bold"), "\nThis guide cannot be used; fix the file and reopen this screen.")
            )
            lint.update(Text(str(entry.error), style="red"))
            await self._show_variables({})
            return
        await self._show_variables(entry.guide.variables)
        self._show_outline()
        self.query_one("#setup-lint").border_title = f"Guide check: {entry.name}"
        if entry.name in self._findings:
            lint.update(self._findings[entry.name])
        else:
            lint.update("[dim]Checking the questions…[/]")
            self._lint(entry)

    @on(OptionList.OptionSelected, "#setup-guides")
    def _guide_chosen(self) -> None:
        self.query_one("#setup-name", Input).focus()

    @work(thread=True, exclusive=True, group="lint")
    def _lint(self, entry: GuideEntry) -> None:
        """The linter needs spaCy: the app's highlighter runs it in the NLP worker process, which loads once."""
        assert entry.guide is not None
        try:
            findings = self.app.highlighter.lint(entry.guide)
        except Exception as error:  # a linter bug must not stop an interview from starting
            text, flags = Text(f"Could not check the questions: {error}", style="yellow"), {}
        else:
            text = findings_text(findings, entry.guide)
            flags = {}
            for f in findings:
                if flags.get(f.line) != "error":
                    flags[f.line] = f.severity
        self.app.call_from_thread(self._show_findings, entry, text, flags)

    def _show_findings(self, entry: GuideEntry, text: Text, flags: dict[int, str]) -> None:
        self._findings[entry.name] = text
        self._flags[entry.name] = flags
        if entry is self._entry:
            self.query_one("#setup-lint", Static).update(text)
            self._show_outline()

    async def _show_variables(self, variables: dict[str, str]) -> None:
        box = self.query_one("#setup-vars", Vertical)
        await box.remove_children()
        box.display = bool(variables)
        rows = [
            self._row(name, Input(self._var_values.get(name, default), placeholder=default, id=f"var-{name}",
                                  classes="setup-var", compact=True))
            for name, default in variables.items()
        ]
        if rows:
            await box.mount_all([Static("[b]Guide variables[/b] [dim](filled into the questions)[/]"), *rows])

    @on(Input.Changed, ".setup-var")
    def _var_changed(self, event: Input.Changed) -> None:
        assert event.input.id is not None
        self._var_values[event.input.id.removeprefix("var-")] = event.value
        self._show_outline()

    def _variable_values(self) -> dict[str, str]:
        """What the variable inputs hold now; empty ones fall back to the guide's defaults."""
        return {i.id.removeprefix("var-"): i.value for i in self.query(".setup-var").results(Input) if i.id}

    def _show_outline(self) -> None:
        """The outline with the variables as typed, so the questions read as they will be asked."""
        if self._entry is None or self._entry.guide is None:
            return
        values = {k: v for k, v in self._variable_values().items() if v.strip()}
        flags = self._flags.get(self._entry.name)
        self.query_one("#setup-outline", Static).update(
            guide_outline(fill_variables(self._entry.guide, values), flags)
        )

    # ------------------------------------------------------------------ participant

    @on(Input.Changed, "#setup-name")
    def _name_changed(self, event: Input.Changed) -> None:
        self.query_one("#setup-name-error", Static).update("")
        matches = self.query_one("#setup-matches", MatchList)
        text = event.value.strip()
        if self._chosen is not None and text == self._chosen.name:
            matches.display = False
            return
        self._chosen = None
        found = self.app.store.find_participants(text, limit=MATCH_LIMIT) if text else []
        matches.clear_options()
        matches.add_options(Option(participant_line(p), id=p.id) for p in found)
        matches.border_title = "Existing: ↓ then enter to choose"
        matches.display = bool(found)
        self._found = {p.id: p for p in found}

    def action_focus_matches(self) -> None:
        matches = self.query_one("#setup-matches", MatchList)
        if matches.display and matches.option_count:
            matches.highlighted = 0
            matches.entered = True
            matches.focus()
        else:
            self.focus_next()

    def action_focus_name(self) -> None:
        self.query_one("#setup-name", Input).focus()

    @on(OptionList.OptionSelected, "#setup-matches")
    def _participant_chosen(self, event: OptionList.OptionSelected) -> None:
        person = self._found[event.option.id or ""]
        self._chosen = person
        self.query_one("#setup-name", Input).value = person.name
        self.query_one("#setup-role", Input).value = person.role
        self.query_one("#setup-company", Input).value = person.company
        self.query_one("#setup-segment", Input).value = person.segment
        self.query_one("#setup-matches", MatchList).display = False
        scope = self.query_one("#setup-scope", RadioSet)
        for _ in range(scope.pressed_index):  # RadioSet's cursor starts on the first button, not the pressed one
            scope.action_next_button()
        self.query_one("#setup-interviewer", Input).focus()

    # ------------------------------------------------------------------ consent and start

    @on(Checkbox.Changed, "#setup-consent")
    def _consent_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#setup-consent-hint", Static).update(WITH_CONSENT if event.value else NO_CONSENT)

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def action_start(self) -> None:
        error = self.query_one("#setup-error", Static)
        error.update("")
        entry = self._entry
        if entry is None:
            error.update("Choose a guide first (there are none: add one with `interview guides new FILE`).")
            return
        if entry.guide is None:
            error.update(f"The guide {entry.name} cannot be used: {escape(str(entry.error))}")
            self.query_one("#setup-guides").focus()
            return
        name = self._value("#setup-name")
        if not name:
            self.query_one("#setup-name-error", Static).update("Type the participant's name: it is required.")
            self.query_one("#setup-name", Input).focus()
            return
        values = self._variable_values()
        scope_button = self.query_one("#setup-scope", RadioSet).pressed_button
        scope = (scope_button.id or "").removeprefix("scope-") if scope_button else "internal"
        store = self.app.store
        try:
            session = create_session_from_guide(
                store, entry.guide, participant_name=name,
                participant_id=self._chosen.id if self._chosen else None,
                role=self._value("#setup-role"), company=self._value("#setup-company"),
                segment=self._value("#setup-segment"), interviewer=self._value("#setup-interviewer"),
                values=values, consent=self.query_one("#setup-consent", Checkbox).value, scope=scope,
            )
            store.set_setting(LAST_GUIDE_SETTING, entry.name)
        except StoreError as problem:
            error.update(f"Not started: {escape(str(problem))}.")
            return
        self.dismiss(session.id)

    @on(Button.Pressed, "#setup-start")
    def _start_pressed(self) -> None:
        self.action_start()


def findings_text(findings: list, guide: Guide) -> Text:
    """Lint findings as one line each under the preview, worst first; none is good news worth saying."""
    if not findings:
        return Text("✓ Questions look open and about past behaviour (no lint findings).", style="green")
    count = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
    out = Text(f"⚠ {count}: questions that may confirm ideas instead of learning", style="yellow")
    ranked = sorted(findings, key=lambda f: (f.severity != "error", f.line))
    for f in ranked[:FINDINGS_SHOWN]:
        mark, style = ("✗", "red") if f.severity == "error" else ("⚠", "yellow")
        about = f.message if f.text == guide.title else f"“{f.text}” {f.message}"
        out.append("\n").append(f" {mark} ", style=style).append(f"line {f.line:<3} ", style="dim")
        out.append(f.rule, style=style).append(f"  {about}")
    if len(findings) > FINDINGS_SHOWN:
        out.append(f"\n   …and {len(findings) - FINDINGS_SHOWN} more: interview guides lint {guide.name}", style="dim")
    return out
