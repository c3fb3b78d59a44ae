"""The Textual application: screens, global bindings and theme."""

from __future__ import annotations

import gc

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from interview import textual_fixes
from interview.errors import InterviewError
from interview.highlighter import Highlighter
from interview.screens.help import HelpScreen
from interview.screens.home import HomeScreen
from interview.store import Store
from interview.upgrade import UPGRADED, load

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

    def __init__(self, store: Store, *, live_session_id: str | None = None,
                 highlighter: Highlighter | None = None) -> None:
        """``store`` and ``highlighter`` are what the screens drive; tests hand in fakes
        (STYLE.md, "Harlequin's injected adapter"). The default highlighter starts the
        one NLP worker process of this app when a screen first needs it."""
        super().__init__()
        self.store = store
        self.highlighter = highlighter if highlighter is not None else Highlighter()
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
    # Each screen is imported when first opened (a fast start); after an upgrade under the
    # running app that import can fail, which is said in one sentence (interview.upgrade).

    def screen_class(self, module: str, name: str) -> type | None:
        """A lazily imported screen class, or None (and the upgrade sentence) when it cannot be."""
        try:
            return load(f"interview.screens.{module}", name)
        except ImportError:
            self.notify(UPGRADED, title="Restart needed", severity="error", timeout=30)
            return None

    def new_session(self) -> None:
        setup = self.screen_class("setup", "SetupScreen")
        if setup is not None:
            self.push_screen(setup(), self._setup_done)

    def _setup_done(self, session_id: str | None) -> None:
        if session_id:
            self.start_live(session_id)

    def start_live(self, session_id: str) -> None:
        session = self.store.get_session(session_id)
        if session is not None and session.kind == "co-creation":
            screen = self.screen_class("cocreation", "CoCreationScreen")
        else:
            screen = self.screen_class("live", "LiveScreen")
        if screen is not None:
            self.push_screen(screen(session_id))

    def open_session(self, session_id: str) -> None:
        """Resume a session that is still live (or never started); review a finished one."""
        session = self.store.get_session(session_id)
        if session is None:
            self.notify("That session no longer exists.", severity="error")
            return
        if session.status in ("live", "planned"):
            self.start_live(session_id)
        else:
            self.open_review(session_id)

    def open_review(self, session_id: str, note_id: str | None = None) -> None:
        review = self.screen_class("review", "ReviewScreen")
        if review is not None:
            self.push_screen(review(session_id) if note_id is None else review(session_id, note_id))

    def open_search(self, query: str = "") -> None:
        search = self.screen_class("search", "SearchScreen")
        if search is not None:
            self.push_screen(search(query))

    def open_tags(self) -> None:
        tags = self.screen_class("tags", "TagsScreen")
        if tags is not None:
            self.push_screen(tags())

    def open_synthesis(self) -> None:
        synthesis = self.screen_class("synthesis", "SynthesisScreen")
        if synthesis is not None:
            self.push_screen(synthesis())

    def open_board(self) -> None:
        board = self.screen_class("board", "BoardScreen")
        if board is not None:
            self.push_screen(board())
