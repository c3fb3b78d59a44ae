"""The key footer: one line listing the keys that matter on this screen, drawn as one widget.

Textual's own footer is a row of widgets, one per key, rebuilt whenever the bindings
change (every focus change, every ``refresh_bindings``). Rebuilding took about a fifth
of the review screen's time to settle (a cProfile of benchmarks/scale.py's review step),
and in Textual 8.2 each rebuild left its old key widgets referenced, so a
long live session dragged a growing heap through every garbage collection
(benchmarks/note_save.py). This footer renders the same keys as text and works out
which key a click landed on. The full list is always on the help screen (``?``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


HELP_KEYS = frozenset({"question_mark", "f1"})  # the keys that open the help screen


@dataclass(frozen=True)
class FooterEntry:
    key: str  # what a click presses
    display: str  # how the key is written, e.g. ^s
    description: str
    enabled: bool
    action: str = ""


class Footer(Widget, can_focus=False):
    """A drop-in for ``textual.widgets.Footer`` (same arguments, same theme colours)."""

    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--palette"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--palette {
            color: $footer-foreground 60%;
        }
    }
    """

    def __init__(
        self,
        *,
        compact: bool = False,
        show_command_palette: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.compact = compact
        self.show_command_palette = show_command_palette
        self._spans: list[tuple[int, int, FooterEntry]] = []  # x ranges of the keys last drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    # ------------------------------------------------------------------ what to show

    def entries(self) -> tuple[list[FooterEntry], FooterEntry | None]:
        """The shown bindings, one per action, and the command palette's key (or None)."""
        app = self.app
        active = self.screen.active_bindings
        shown: dict[str, FooterEntry] = {}
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = FooterEntry(binding.key, app.get_key_display(binding),
                                                    binding.description, enabled, binding.action)
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = FooterEntry(binding.key, app.get_key_display(binding), binding.description, enabled)
        return list(shown.values()), palette

    def render(self) -> Text:
        keys, palette = self.entries()
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, FooterEntry]] = []
        # Textual's spacing: " ^s Star " normally, "^s Star " compact.
        key_pad, lead = ("", " ") if self.compact else (" ", "")
        tail = Text()
        if palette is not None:
            tail = Text.assemble("│ ", (f"{palette.display} ", key_style),
                                 (palette.description, self.get_component_rich_style("footer--palette")), " ")

        def piece_of(entry: FooterEntry) -> Text:
            piece = Text.assemble((f"{key_pad}{entry.display}{key_pad}", key_style),
                                  (f"{lead}{entry.description} " if entry.description else " ", description_style))
            if not entry.enabled:
                piece.stylize("dim")
            return piece

        # The help key always shows, as do the screen's FOOTER_PINNED actions (the live screen's
        # End): on a narrow terminal the other keys give way, never these.
        keep = set(getattr(self.screen, "FOOTER_PINNED", ()))
        pinned = [e for e in keys if e.description and (e.key in HELP_KEYS or e.action in keep)]
        keys = [e for e in keys if e not in pinned]
        pinned_pieces = [piece_of(e) for e in pinned]
        room = width - tail.cell_len - sum(p.cell_len for p in pinned_pieces)
        for entry in keys:
            piece = piece_of(entry)
            if line.cell_len + piece.cell_len > room:
                break
            spans.append((line.cell_len, line.cell_len + piece.cell_len, entry))
            line.append_text(piece)
        for entry, piece in zip(pinned, pinned_pieces):
            spans.append((line.cell_len, line.cell_len + piece.cell_len, entry))
            line.append_text(piece)
        room = width - tail.cell_len
        if palette is not None:
            line.append(" " * max(0, room - line.cell_len))
            spans.append((line.cell_len, width, palette))
            line.append_text(tail)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, entry in self._spans:
            if start <= event.x < end:
                if entry.enabled:
                    self.app.simulate_key(entry.key)
                else:
                    self.app.bell()
                return
