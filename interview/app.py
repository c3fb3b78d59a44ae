"""The Textual application: screens, global bindings and theme."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from interview.screens.help import HelpScreen
from interview.screens.home import HomeScreen
from interview.store import Store


class InterviewApp(App[None]):
    """Keyboard-first: every action has a key, shown in the footer and in the help screen."""

    CSS_PATH = "app.tcss"
    TITLE = "interview"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # Entry points the home screen calls; the live-session work fills them in.
    def new_session(self) -> None:
        self.notify("Starting a session from the app arrives with the live screen.", severity="warning")

    def open_session(self, session_id: str) -> None:
        self.notify("Opening a session arrives with the review screen.", severity="warning")
