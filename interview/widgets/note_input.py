"""The note input: a text area where enter saves and ctrl+j (or shift+enter) adds a line.

Terminals send the same byte for enter and shift+enter unless they speak the kitty
keyboard protocol (kitty, WezTerm, foot, Ghostty), so ctrl+j, which every terminal
sends as its own key, is the new line that always works.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea


class NoteInput(TextArea):
    """Multi-line note input that submits on enter instead of inserting a newline."""

    BINDINGS = [
        Binding("enter", "submit", "Save", show=False),  # the box itself says "enter saves"
        Binding("ctrl+j,shift+enter", "newline", "New line", show=False),
    ]

    class Submitted(Message):
        """Enter was pressed: ``text`` is what the box held then (the box is already empty)."""

        def __init__(self, note_input: "NoteInput", text: str) -> None:
            super().__init__()
            self.note_input = note_input
            self.text = text

        @property
        def control(self) -> "NoteInput":
            return self.note_input

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            id=id, placeholder=placeholder, soft_wrap=True, show_line_numbers=False,
            tab_behavior="focus", highlight_cursor_line=False,
        )

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            # TextArea would insert a newline; for notes, enter means "save".
            event.stop()
            event.prevent_default()
            self.action_submit()
            return
        await super()._on_key(event)

    def action_submit(self) -> None:
        """Hand the text over and empty the box now, before the next key is handled.

        Keys that arrive in a burst right after enter (a fast typist, tmux send-keys, a
        paste ending in a newline) are handled before any message is: when the box was
        emptied later, by whoever saved the note, they had joined the note just sent and
        it was saved twice ("burst first", then "burst firstburst second").
        """
        text = self.text
        if text.strip():
            self.clear()
        self.post_message(self.Submitted(self, text))

    def action_newline(self) -> None:
        start, end = self.selection
        self.replace("\n", start, end, maintain_selection_offset=False)

    def set_text(self, text: str) -> None:
        """Replace the whole text and put the cursor at its end (restoring a draft, editing a note)."""
        self.load_text(text)
        self.move_cursor(self.document.end)
