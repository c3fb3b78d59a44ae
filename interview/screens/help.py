"""The `?` screen: every binding of the screen it was opened from, and of the app."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from interview.labels import LABEL_NAMES, label_style


# Textual's own keys every screen has; listing them hides the keys that matter.
GENERIC_ACTIONS = {"app.focus_next", "app.focus_previous", "screen.copy_text", "focus_next", "focus_previous"}


def binding_rows(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) for every active binding with a description, screen's own first."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    ranked = sorted(screen.active_bindings.values(), key=lambda a: a.node is screen.app)
    for active in ranked:
        binding = active.binding
        own = active.node is screen or active.node is screen.app or binding.show
        if not own or not binding.description or binding.description in seen or binding.system:
            continue
        if binding.action in GENERIC_ACTIONS:
            continue
        seen.add(binding.description)
        display = binding.key_display or screen.app.get_key_display(binding)
        rows.append((display, binding.description))
    return rows


def legend_markup() -> str:
    """What the highlight colours mean, in the styles the notes are drawn with."""
    labels = " ".join(f"[{label_style(label)}] {name} [/]" for label, name in LABEL_NAMES.items())
    suggested = f"[{label_style('problem', 'suggested')}]underlined[/]"
    accepted = f"[{label_style('problem')}]filled[/]"
    return f"[b]Highlights[/b]  {labels}\n{suggested} = suggested by the highlighter, {accepted} = accepted by a reviewer"


class HelpScreen(ModalScreen[None]):
    """Lists the bindings of the screen below it; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc"),
    ]

    def __init__(self, below: Screen, extra: str = "") -> None:
        super().__init__()
        self._rows = binding_rows(below)
        self._extra = extra or getattr(below, "HELP", "")
        self._title = getattr(below, "TITLE", None) or below.__class__.__name__.removesuffix("Screen")

    def compose(self) -> ComposeResult:
        lines = [f"[b]Keys on the {escape(str(self._title))} screen[/b]", ""]
        width = max((len(k) for k, _ in self._rows), default=4)
        lines += [f"  [b cyan]{escape(k):<{width}}[/]  {escape(d)}" for k, d in self._rows]
        if self._extra:
            lines += ["", self._extra]
        lines += ["", legend_markup(), "", "[dim]esc closes this help[/]"]
        with VerticalScroll(id="help-body"):
            yield Static("\n".join(lines), id="help-text")
