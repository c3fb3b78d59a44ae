"""The errors a user can meet, each told as one sentence (no Textual here: every layer may raise them).

The app shows any of them through one handler (``InterviewApp.show_error``) and keeps
running; the CLI prints the sentence and exits 1. A screen does not catch them itself
(STYLE.md, "Harlequin's single error funnel": error classes with titles, one handler).
"""

from __future__ import annotations


def as_sentence(text: str) -> str:
    """``text`` as a sentence: a capital first letter and a full stop (a library's message, say)."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class InterviewError(Exception):
    """A problem explained in one sentence for the user; ``title`` says which part of the app met it."""

    title = "Something went wrong"

    @property
    def sentence(self) -> str:
        """The message as a sentence: a capital first letter and a full stop."""
        return as_sentence(str(self).strip() or self.title)


class NotSavedYet(InterviewError):
    """Writes the user made are kept in memory and tried again, because the database refused them for now."""

    title = "Not saved yet"
