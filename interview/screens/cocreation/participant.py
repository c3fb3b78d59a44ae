"""Adding someone to a workshop: name (type-ahead over people already in the database), role, company,
and what this person agrees to: everyone in the room consents for themselves.

Choosing an existing name reuses that person, so one participant's sessions stay
together; the screen does the saving, this modal only asks.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Checkbox, Input, Label, Select, Static

from interview.models import CONSENT_SCOPES

SCOPE_TEXT = {"notes-only": "notes only (no verbatim quotes)", "internal": "internal use",
              "external": "sharing outside the company too"}


class ParticipantSuggester(Suggester):
    """Completes a name from the participants already stored (right arrow accepts)."""

    def __init__(self, store) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.store = store

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        for person in self.store.find_participants(value, limit=5):
            if person.name.lower().startswith(value.lower()):
                return person.name
        return None


class ParticipantDialog(ModalScreen[dict | None]):
    """Dismisses with ``{"name", "role", "company", "consent", "scope"}``, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", show=False),
    ]

    def __init__(self, number: int, scope: str = "internal") -> None:
        super().__init__()
        self.number = number
        self.scope = scope if scope in CONSENT_SCOPES else "internal"

    def compose(self) -> ComposeResult:
        with Vertical(id="cc-person-box"):
            yield Label(f"Add participant {self.number}", id="cc-person-title")
            yield Input(placeholder="Name (→ completes someone already known)", id="cc-person-name",
                        suggester=ParticipantSuggester(self.app.store))
            yield Static("", id="cc-person-matches")
            yield Input(placeholder="Role, e.g. Team lead", id="cc-person-role")
            yield Input(placeholder="Company", id="cc-person-company")
            yield Checkbox("This person gave consent", id="cc-person-consent", compact=True)
            yield Select([(f"for {SCOPE_TEXT[s]}", s) for s in CONSENT_SCOPES], value=self.scope, allow_blank=False,
                         id="cc-person-scope", compact=True)
            yield Static("enter saves · tab next field (space ticks consent) · esc cancels", id="cc-person-help")

    @on(Input.Changed, "#cc-person-name")
    def _name_changed(self, event: Input.Changed) -> None:
        matches = self.app.store.find_participants(event.value, limit=4) if event.value.strip() else []
        lines = [f"known: {p.name}" + "".join(f" · {x}" for x in (p.role, p.company) if x) for p in matches]
        self.query_one("#cc-person-matches", Static).update("\n".join(lines))
        exact = next((p for p in matches if p.name.lower() == event.value.strip().lower()), None)
        if exact is not None:
            for field, value in (("#cc-person-role", exact.role), ("#cc-person-company", exact.company)):
                box = self.query_one(field, Input)
                if not box.value:
                    box.value = value

    @on(Input.Submitted)
    def action_save(self) -> None:
        name = self.query_one("#cc-person-name", Input).value.strip()
        if not name:
            self.notify("A participant needs a name.", severity="warning")
            self.query_one("#cc-person-name", Input).focus()
            return
        self.dismiss({
            "name": name,
            "role": self.query_one("#cc-person-role", Input).value.strip(),
            "company": self.query_one("#cc-person-company", Input).value.strip(),
            "consent": self.query_one("#cc-person-consent", Checkbox).value,
            "scope": str(self.query_one("#cc-person-scope", Select).value),
        })

    def action_cancel(self) -> None:
        self.dismiss(None)
