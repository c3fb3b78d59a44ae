"""Starting the Textual app from the command line."""

from __future__ import annotations

from interview.commands.common import Config, open_store


def run_app(config: Config, *, live_session_id: str | None = None) -> None:
    """Open the database first, so a bad file is one sentence on the terminal, not a crash in the UI."""
    store = open_store()
    from interview.app import InterviewApp

    try:
        InterviewApp(store, live_session_id=live_session_id).run()
    finally:
        store.close()
