"""The Textual application: screens, global bindings and theme."""

from __future__ import annotations

import gc

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from interview import textual_fixes
from interview.errors import InterviewError
from interview.screens.help import HelpScreen
from interview.screens.home import HomeScreen
from interview.store import Store

textual_fixes.apply()


class InterviewApp(App[None]):
    """Keyboard-first: every action has a key, shown in the footer and in the help screen."""

    CSS_PATH = "app.tcss"
    TITLE = "interview"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        # ctrl+q quits Textual apps; in a session it must end the session (with its
        # confirmation) instead, so the app asks the screen first.
        Binding("ctrl+q", "quit_or_end", "Quit", show=False, priority=True),
    ]

    def __init__(self, store: Store, *, live_session_id: str | None = None) -> None:
        super().__init__()
        self.store = store
        self._live_session_id = live_session_id

    def on_mount(self) -> None:
        # What exists at first paint (Textual, the screens, their styles) lives as long as
        # the app. Frozen, full garbage collections skip it: at note 300 of a session they
        # took 18 ms instead of 45 (benchmarks/note_save.py prints the longest).
        self.call_after_refresh(gc.freeze)
        self.push_screen(HomeScreen())
        if self._live_session_id:
            # `interview run` goes straight to the live screen; home is underneath for afterwards.
            self.start_live(self._live_session_id)

    # ------------------------------------------------------------------ the one error path

    def show_error(self, error: BaseException, *, after: str = "") -> None:
        """Where every failure a screen or worker meets ends: one sentence on screen, and the app keeps running.

        ``after`` adds what the screen did about it ("Your text is still in the box.").
        """
        if isinstance(error, InterviewError):
            self.notify(f"{error.sentence} {after}".strip(), title=error.title, severity="error", timeout=10)
        else:  # a bug, not the user's doing: still no traceback over their notes
            self.log.error(repr(error))
            self.notify(f"Something went wrong ({type(error).__name__}: {error}); your saved notes are safe.",
                        severity="error", timeout=10)
        self.bell()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Workers started on the app (store writes off the UI thread) report failures here."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.show_error(event.worker.error)

    def action_quit_or_end(self) -> None:
        screen = self.screen
        end = getattr(screen, "action_end", None)
        if end is not None:
            end()
        elif isinstance(screen, ModalScreen):
            return  # a dialog is open: answer it first
        else:
            self.exit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # ------------------------------------------------------------------ navigation
    # Screens ask the app to move; the app knows which screen serves which session state.

    def new_session(self) -> None:
        from interview.screens.setup import SetupScreen

        self.push_screen(SetupScreen(), self._setup_done)

    def _setup_done(self, session_id: str | None) -> None:
        if session_id:
            self.start_live(session_id)

    def start_live(self, session_id: str) -> None:
        session = self.store.get_session(session_id)
        if session is not None and session.kind == "co-creation":
            from interview.screens.cocreation import CoCreationScreen

            self.push_screen(CoCreationScreen(session_id))
            return
        from interview.screens.live import LiveScreen

        self.push_screen(LiveScreen(session_id))

    def open_session(self, session_id: str) -> None:
        """Resume a session that is still live (or never started); review a finished one."""
        session = self.store.get_session(session_id)
        if session is None:
            self.notify("That session no longer exists.", severity="error")
            return
        if session.status in ("live", "planned"):
            self.start_live(session_id)
        else:
            from interview.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(session_id))

    def open_search(self, query: str = "") -> None:
        from interview.screens.search import SearchScreen

        self.push_screen(SearchScreen(query))

    def open_tags(self) -> None:
        from interview.screens.tags import TagsScreen

        self.push_screen(TagsScreen())

    def open_synthesis(self) -> None:
        from interview.screens.synthesis import SynthesisScreen

        self.push_screen(SynthesisScreen())
