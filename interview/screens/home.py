"""Home: the recent sessions, newest first, and the way into everything else."""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static

from interview.models import SessionSummary
from interview.screens.confirm import ConfirmScreen
from interview.screens.resume import ResumeScreen, resume_question
from interview.screens.errors import reports_errors
from interview.store import StoreError
from interview.timefmt import local_date
from interview.widgets.footer import Footer
from interview.widgets.session_list import SessionList, heading, short_title

PAGE = 50  # rows per query (a screenful or two); more are fetched as the cursor nears the end

EMPTY_TEXT = (
    "[b]No sessions yet.[/b]\n\n"
    "Press [b]n[/b] to start your first interview: pick a guide, name the participant, "
    "tick consent, and type notes while you listen.\n"
    "Press [b]?[/b] for every key."
)


class HomeScreen(Screen[None]):
    TITLE = "Home"
    HELP = "Sessions marked [yellow]live[/] were interrupted (a crash or a closed laptop): enter resumes them."
    BINDINGS = [
        Binding("n", "new_session", "New session"),
        Binding("slash", "search", "Filter", key_display="/"),
        Binding("d", "delete_session", "Delete"),
        Binding("s", "search_notes", "Search notes"),
        Binding("t", "tags", "Tags"),
        Binding("r", "synthesis", "Report"),
        Binding("escape", "clear_search", "Clear filter", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._more = False  # the last query filled its page, so older sessions may follow

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("", id="sessions-heading")
            yield SessionList(id="sessions")
            yield Static(EMPTY_TEXT, id="home-empty")
        yield Footer()

    def on_mount(self) -> None:
        listing = self.query_one(SessionList)
        listing.fit(self.app.size.width)
        self.query_one("#sessions-heading", Static).update(heading(self.app.size.width))
        self.refresh_sessions()
        listing.focus()
        self.call_after_refresh(self._offer_resume)

    def on_resize(self) -> None:
        if self.query_one(SessionList).fit(self.size.width):
            self.query_one("#sessions-heading", Static).update(heading(self.size.width))

    def on_screen_resume(self) -> None:
        self.refresh_sessions(only_if_changed=True)

    def refresh_sessions(self, *, keep_loaded: bool = True, only_if_changed: bool = False) -> None:
        """Re-query the list; coming back from a session keeps as many rows as were loaded.

        ``only_if_changed`` leaves the list alone when the rows are the same (coming
        back from help or a search): rebuilding it means rendering every visible row.
        """
        text = self._filter_text()
        limit = max(PAGE, len(self._rows)) if keep_loaded else PAGE
        try:
            rows = self.app.store.list_sessions(limit=limit, text=text)
        except StoreError as error:
            self.app.show_error(error)
            rows = []
        listing = self.query_one(SessionList)
        if only_if_changed and rows == listing.rows:
            return
        self._more = len(rows) == limit
        listing.show(rows, keep=listing.highlighted or 0)
        has_rows = bool(rows)
        listing.display = has_rows or bool(text)
        self.query_one("#sessions-heading", Static).display = has_rows
        empty = self.query_one("#home-empty", Static)
        empty.display = not has_rows
        if text and not has_rows:
            empty.update(f"No session matches “{text}”. Press esc to clear the filter.")
        else:
            empty.update(EMPTY_TEXT)
        box = self._filter_box()
        if has_rows and not (box is not None and box.has_focus):
            listing.focus()

    @on(OptionList.OptionHighlighted, "#sessions")
    def _near_end(self, event: OptionList.OptionHighlighted) -> None:
        if self._more and event.option_index >= len(self._rows) - 10:
            self._load_more()

    def _load_more(self) -> None:
        text = self._filter_text()
        try:
            page = self.app.store.list_sessions(limit=PAGE, offset=len(self._rows), text=text)
        except StoreError as error:
            self.app.show_error(error)
            return
        self._more = len(page) == PAGE
        loaded = {row.id for row in self._rows}
        fresh = [row for row in page if row.id not in loaded]  # a session created meanwhile shifts the offset
        self.query_one(SessionList).append(fresh)

    @property
    def _rows(self) -> list[SessionSummary]:
        """The sessions loaded so far: the list holds them."""
        return self.query_one(SessionList).rows

    def selected(self) -> SessionSummary | None:
        listing = self.query_one(SessionList)
        if not self._rows or not listing.display:
            return None
        return listing.selected

    # ------------------------------------------------------------------ crash resume

    def _offer_resume(self) -> None:
        """After a crash, offer the newest session left live that has something to lose."""
        if not self.is_active:  # `interview run` opened a live screen on top already
            return
        store = self.app.store
        try:
            for session in store.live_sessions():
                draft = store.get_draft(session.id)
                notes = store.count_notes(session.id)
                if draft or notes:
                    break
            else:
                return
            person = store.get_participant(session.participant_id) if session.participant_id else None
        except StoreError as error:
            self.app.show_error(error)
            return
        question = resume_question(session.title, person.name if person else "", notes, draft is not None)

        def answer(resume: bool | None) -> None:
            if resume:
                self.app.start_live(session.id)

        self.app.push_screen(ResumeScreen(question), answer)

    # ------------------------------------------------------------------ actions

    def _open_other(self, opener: Callable[[], None], what: str) -> None:
        """Search, tags and report are other screens; a build without one says so instead of crashing."""
        try:
            opener()
        except ModuleNotFoundError as error:
            if not (error.name or "").startswith("interview.screens."):
                raise
            self.notify(f"The {what} screen is not part of this build yet.", severity="warning")

    def action_search_notes(self) -> None:
        self._open_other(self.app.open_search, "search")

    def action_tags(self) -> None:
        self._open_other(self.app.open_tags, "tags")

    def action_synthesis(self) -> None:
        self._open_other(self.app.open_synthesis, "report")

    def action_new_session(self) -> None:
        self.app.new_session()

    def action_open_session(self) -> None:
        row = self.selected()
        if row is not None:
            self.app.open_session(row.id)

    @on(OptionList.OptionSelected, "#sessions")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_session()

    def _filter_box(self) -> Input | None:
        """The filter box, once `/` has made it: an Input costs a sixth of home's first paint."""
        found = self.query("#home-filter")
        return found.first(Input) if found else None

    def _filter_text(self) -> str:
        box = self._filter_box()
        return box.value if box is not None else ""

    async def action_search(self) -> None:
        box = self._filter_box()
        if box is None:
            box = Input(placeholder="Filter sessions by title, participant, guide or status", id="home-filter")
            await self.query_one("#home").mount(box, before=0)
        box.display = True
        box.focus()

    def action_clear_search(self) -> None:
        box = self._filter_box()
        if box is None:
            return
        box.value = ""
        box.display = False
        self.refresh_sessions()
        self.query_one(SessionList).focus()

    @on(Input.Changed, "#home-filter")
    def _filter_changed(self) -> None:
        self.refresh_sessions(keep_loaded=False)

    @on(Input.Submitted, "#home-filter")
    def _filter_submitted(self) -> None:
        if self._rows:
            self.query_one(SessionList).focus()

    def action_delete_session(self) -> None:
        row = self.selected()
        if row is None:
            return
        question = delete_question(row)

        @reports_errors
        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self.app.store.delete_session(row.id)
                self.notify(f"Deleted “{row.title}”.")
                self.refresh_sessions()

        self.app.push_screen(ConfirmScreen(question, confirm_label="Delete"), answer)


def delete_question(row: SessionSummary) -> str:
    """"Delete the session “Problem discovery” (Dana Ruiz, 2026-03-04) and its 3 notes?", whatever is missing."""
    title = short_title(row.title, row.participant_name or "").strip().rstrip("—–-").strip() or "without a title"
    facts = ", ".join(x for x in (row.participant_name, local_date(row.started_at or row.created_at)[:10]) if x)
    notes = {0: "It has no notes.", 1: "Its 1 note goes too."}.get(row.note_count, f"Its {row.note_count} notes go too.")
    named = f"“{title}”" if title != "without a title" else title
    # Escaped: a forgotten participant is "[forgotten participant]", which markup would swallow.
    return escape(f"Delete the session {named}{f' ({facts})' if facts else ''}? {notes} This cannot be undone.")
