"""A one-line input that hands its line over at enter and is empty before the next key is handled.

Textual's Input submits through a binding, checked only after the keys behind enter in
the same burst (tmux send-keys, a fast typist, a paste) reached the box: the workshop
then saved "burst firstburst second" twice. Here enter is handled in the widget's own
key handler, in order with the other keys. A line the screen cannot save goes back
with ``give_back``, ahead of anything typed since.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class LineInput(Input):
    """Enter posts ``Input.Submitted`` with the line as it was and empties the box at once."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            value = self.value
            if value.strip():
                self.value = ""
            self.post_message(self.Submitted(self, value))
            return
        await super()._on_key(event)

    def give_back(self, text: str) -> None:
        """Put a line that was not saved back in front of what was typed since, cursor at the end."""
        if text.strip():
            self.value = text + self.value
            self.cursor_position = len(self.value)
