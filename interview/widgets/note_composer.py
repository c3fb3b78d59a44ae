"""The bottom of the live screen: the follow-up tip and the note box.

It owns what belongs to typing: when the text is due to be kept as a draft (its
``DraftPacer``: two seconds after the last keystroke, at least every two seconds during
a long burst, backing off after a failed save), and the edit mode in which a saved note is in the box while the unsent text waits aside.
It never touches the database: it asks the screen with messages.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea

from interview.models import Note
from interview.shorthand import format_note
from interview.timefmt import mmss
from interview.widgets.draft_pacer import DraftPacer
from interview.widgets.note_input import NoteInput


class NoteComposer(Vertical):
    """Tip line plus note input, with draft timing and edit mode."""

    class Save(Message):
        """Enter on a new note: save ``text``, exactly what the box held at enter (the box is already empty)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Revise(Message):
        """Enter while editing ``note``: store ``text`` as its new content."""

        def __init__(self, note: Note, text: str) -> None:
            super().__init__()
            self.note = note
            self.text = text

    class DraftDue(Message):
        """The text being typed should be kept now (the screen stores it, then calls ``draft_kept``)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editing: Note | None = None
        self._stash = ""
        self._where = "session"
        self._kept = ""
        self.pacer = DraftPacer(self, self._due)

    def compose(self) -> ComposeResult:
        yield Static("", id="live-tip")
        yield NoteInput(placeholder='Type a note, enter saves.  "quote  !observed  i: you  #tag', id="live-input")

    def on_mount(self) -> None:
        self.query_one("#live-tip", Static).display = False
        self._set_title()

    @property
    def input(self) -> NoteInput:
        return self.query_one(NoteInput)

    @property
    def pending_text(self) -> str:
        """What must survive a crash: the box, or the text put aside while editing."""
        return self._stash if self.editing is not None else self.input.text

    # ------------------------------------------------------------------ the screen tells us

    def set_where(self, where: str) -> None:
        self._where = where
        self._set_title()

    def restore(self, text: str) -> None:
        """Put a saved draft back in the box."""
        self.input.set_text(text)
        self._kept = text

    def _sent(self) -> None:
        """A note left the box: its text is no longer a draft to keep (saving it clears the stored draft)."""
        self._kept = ""
        self.pacer.sent()

    def draft_kept(self, text: str) -> None:
        self._kept = text

    def draft_due(self, *, force: bool = False) -> str | None:
        """The text to keep as a draft now, or None when the last kept one is still current."""
        self.pacer.kept()
        text = self.pending_text
        return text if force or text != self._kept else None

    def begin_edit(self, note: Note) -> None:
        self._stash, self.editing = self.input.text, note
        self.input.set_text(format_note(note.text, note.kind, note.speaker, note.tags))
        self._set_title()

    def finish_edit(self, *, typed_since: str = "") -> None:
        """Back to the text put aside (followed by ``typed_since``: keys that came after enter)."""
        self.editing = None
        self.input.set_text(self._stash + typed_since)
        self._stash = ""
        self._set_title()

    def show_tip(self, text: str) -> None:
        tip = self.query_one("#live-tip", Static)
        tip.update(f"Ask: {text}   [dim](ctrl+d hides)[/]")
        tip.display = True

    def hide_tip(self) -> None:
        self.query_one("#live-tip", Static).display = False

    @property
    def tip_shown(self) -> bool:
        return self.query_one("#live-tip", Static).display

    # ------------------------------------------------------------------ typing

    def _set_title(self) -> None:
        if self.editing is not None:
            title = f"Editing the note from {mmss(self.editing.offset_seconds)}: enter saves, esc cancels"
        else:
            title = f"Note under {self._where}"
        self.input.border_title = title

    @on(NoteInput.Submitted)
    def _submitted(self, event: NoteInput.Submitted) -> None:
        event.stop()
        if self.editing is not None:
            self.post_message(self.Revise(self.editing, event.text))
            if event.text.strip():  # an empty edit is refused and stays in edit mode
                self.finish_edit(typed_since=self.input.text)
        elif event.text.strip():
            self._sent()
            self.post_message(self.Save(event.text))

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.editing is None:
            self.pacer.typed()

    def _due(self) -> None:
        text = self.draft_due()
        if text is not None:
            self.post_message(self.DraftDue(text))
