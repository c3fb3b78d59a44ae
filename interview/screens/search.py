"""Search every session's notes as you type; results grouped by session, enter opens the note in review."""

from __future__ import annotations

import re

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from interview.widgets.snippet import snippet_text
from interview.models import EMOTION_KINDS, HIGHLIGHT_LABELS, SearchHit
from interview.search_query import FILTER_FIELDS, SearchQueryError, describe, parse_search
from interview.store import StoreError
from interview.timefmt import local_date, mmss
from interview.widgets.footer import Footer

LIMIT = 200
HINT = (
    'words · "a phrase" · export* · csv OR excel · -leave-out · '
    "tag: label: kind: guide: participant: segment: since: until:  (→ completes)"
)


class FilterSuggester(Suggester):
    """Completes the last word: a filter name ("la" → "label:") or its value ("tag:pri" → "tag:pricing")."""

    def __init__(self, values: dict[str, list[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.values = values

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        prefix = f"{head} " if head else ""
        name, colon, typed = last.partition(":")
        if not colon:
            if len(last) >= 2:
                for field in FILTER_FIELDS:
                    if field.startswith(last.lower()) and field != last.lower():
                        return f"{prefix}{field}:"
            return None
        typed = typed.lstrip('"').lower()
        for option in self.values.get(name.lower(), []):
            if option.lower().startswith(typed) and option.lower() != typed:
                shown = f'"{option}"' if " " in option else option
                return f"{prefix}{name}:{shown}"
        return None


FIRST_OPTIONS = 60  # results drawn in the first frame; the rest follow in the next


class SearchResults(OptionList):
    """Hits under one heading per session; option ids are ``session_id/note_id``."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._generation = 0

    def show_hits(self, hits: list[SearchHit]) -> None:
        groups: dict[str, list[SearchHit]] = {}
        for hit in hits:
            groups.setdefault(hit.note.session_id, []).append(hit)
        options: list[Option] = []
        for session_id, group in groups.items():
            first = group[0]
            heading = Text(first.session_title, style="bold")
            facts = [x for x in (first.participant_name, first.guide_name, local_date(first.session_date)[:10]) if x]
            heading.append("  " + " · ".join(facts), style="dim")
            heading.append(f"  ({len(group)})", style="dim")
            options.append(Option(heading, disabled=True))
            for hit in group:
                line = Text(f"  {mmss(hit.note.offset_seconds)} ", style="dim")
                line.append("★ " if hit.note.starred else "  ", style="bold yellow")
                line.append_text(snippet_text(" ".join(hit.snippet.split())))
                for name in hit.note.tags:
                    line.append(f"  #{name}", style="magenta")
                options.append(Option(line, id=f"{session_id}/{hit.note.id}"))
        # A screenful first, so the first frame shows results; the rest a frame later.
        # The list measures every option it holds, and 200 hits under their sessions took
        # longer to measure than the search took to run (benchmarks/scale.py).
        first = max(FIRST_OPTIONS, 2 * self.size.height)
        self._generation += 1
        self.set_options(options[:first])
        if len(options) > first:
            self.call_after_refresh(self._add_rest, self._generation, options[first:])
        first_hit = next((i for i, o in enumerate(options) if o.id), None)
        self.highlighted = first_hit

    def _add_rest(self, generation: int, options: list[Option]) -> None:
        if generation == self._generation:  # not if newer results replaced these meanwhile
            self.add_options(options)


class SearchScreen(Screen[None]):
    CSS_PATH = "search.tcss"
    TITLE = "Search"
    HELP = (
        "Type to search every session's notes. Plain words must all appear; "
        '"quoted phrases", prefix*, OR and -word work; filters: '
        + ", ".join(f"{f}:" for f in FILTER_FIELDS)
        + ' (quote values with spaces: participant:"Ana López"; dates as 2024-05-31).'
    )
    BINDINGS = [
        Binding("down", "to_results", "Results", show=False),
        Binding("slash", "to_query", "Query", key_display="/"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._query = query
        self._timer: Timer | None = None
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="search"):
            yield Input(self._query, placeholder="Search all notes, e.g. export* tag:pricing -csv", id="search-input")
            yield Static(HINT, id="search-hint")
            yield SearchResults(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        store = self.app.store
        values = {
            "tag": [t.name for t in store.list_tags() if t.note_count],  # a tag left with no notes is gone
            "label": list(HIGHLIGHT_LABELS),
            "kind": list(EMOTION_KINDS),
            "participant": [p.name for p in store.find_participants("", limit=500)],
            "guide": sorted({s.guide_name for s in store.list_sessions(limit=500) if s.guide_name}),
        }
        box = self.query_one("#search-input", Input)
        box.suggester = FilterSuggester(values)
        box.focus()
        box.cursor_position = len(box.value)
        if self._query:
            self.run_search()

    @on(Input.Changed, "#search-input")
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.15, self.run_search)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        self.run_search()
        self.action_to_results()

    def run_search(self) -> None:
        """Search now with what is typed; errors become the hint line, never an exception."""
        text = self.query_one("#search-input", Input).value
        hint = self.query_one("#search-hint", Static)
        results = self.query_one(SearchResults)
        try:
            parsed = parse_search(text)
        except SearchQueryError as error:
            hint.update(f"[red]{escape(str(error))}[/]")
            return
        if parsed.is_empty:
            self.hits = []
            results.show_hits([])
            hint.update(HINT)
            return
        try:
            self.hits = self.app.store.notes_matching(parsed.match, exclude=parsed.exclude,
                                                      filters=parsed.filters, limit=LIMIT)
        except StoreError as error:
            hint.update(f"[red]{escape(str(error))}[/]")
            return
        results.show_hits(self.hits)
        sessions = len({h.note.session_id for h in self.hits})
        count = f"{len(self.hits)}{'+' if len(self.hits) >= LIMIT else ''} note{'s' if len(self.hits) != 1 else ''}"
        found = f"{count} in {sessions} session{'s' if sessions != 1 else ''}" if self.hits else "no notes match"
        hint.update(f"[b]{found}[/b] for {escape(describe(parsed))}"
                    + ("  [dim]enter opens a note in its review[/]" if self.hits else ""))

    def action_to_results(self) -> None:
        results = self.query_one(SearchResults)
        if results.highlighted is not None:
            results.focus()

    def action_to_query(self) -> None:
        self.query_one("#search-input", Input).focus()

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        session_id, _, note_id = (event.option.id or "").partition("/")
        session = self.app.store.get_session(session_id)
        if session is None:
            self.notify("That session no longer exists.", severity="error")
            return
        source = self.app.store.feedback_source_of_session(session_id)
        if source is not None:  # thousands of statements: not a session to review
            self.notify(f"Feedback from \"{source.name}\" ({source.file_name}); it has no review screen.")
            return
        if session.status != "done":
            self.app.open_session(session_id)
            return
        self.app.open_review(session_id, note_id)

    def on_screen_resume(self) -> None:
        if self.hits:  # notes may have been edited, tagged or deleted in review
            self.run_search()

    def action_back(self) -> None:
        self.app.pop_screen()


def quote_value(value: str) -> str:
    """A filter value as the query language wants it (quoted when it has spaces)."""
    return f'"{value}"' if re.search(r"\s", value) else value
