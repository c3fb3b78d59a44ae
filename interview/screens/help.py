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
    """(keys, description) for every active binding with a description, screen's own first.

    Bindings of this app's own widgets count even when the footer leaves them out (review's
    j/k live on its note list); Textual's built-in widgets' editing keys do not. Keys that do
    the same thing share a row: "↓ j".
    """
    keys: dict[str, list[str]] = {}
    ranked = sorted(screen.active_bindings.values(), key=lambda a: a.node is screen.app)
    for active in ranked:
        binding = active.binding
        ours = _declared_here(active.node, binding)
        own = active.node is screen or active.node is screen.app or binding.show or ours
        if not own or not binding.description or binding.system or binding.action in GENERIC_ACTIONS:
            continue
        display = binding.key_display or screen.app.get_key_display(binding)
        shown = keys.setdefault(binding.description, [])
        if display not in shown:
            shown.append(display)
    return [(" ".join(displays), description) for description, displays in keys.items()]


def _declared_here(node: object, binding: Binding) -> bool:
    """Whether one of this app's own classes declares the binding (not a Textual base class)."""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("interview."):
            continue
        for declared in cls.__dict__.get("BINDINGS", ()):
            if isinstance(declared, Binding) and (declared.action, declared.description) == (
                    binding.action, binding.description):
                return True
    return False


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
