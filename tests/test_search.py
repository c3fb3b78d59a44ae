"""Search across sessions: the query builder (never an FTS5 error), the store's filters, the screen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview.models import SearchFilters
from interview.search_query import SearchQueryError, describe, parse_search
from interview.store import Store, StoreError
from review_sample import build_sample
from waiting import until


@pytest.fixture
def store(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "user-guides"))
    with Store(tmp_path / "x.db") as s:
        yield s


# ---------------------------------------------------------------------- the builder


@pytest.mark.parametrize(
    "typed, match, exclude",
    [
        ("pricing spreadsheet", '"pricing" AND "spreadsheet"', ""),
        ('"month end" close*', '"month end" AND "close"*', ""),
        ("csv OR excel", '("csv" OR "excel")', ""),
        ("csv OR excel -export", '(("csv" OR "excel")) NOT "export"', ""),
        ("NOT foo bar", '("bar") NOT "foo"', ""),
        ("-export", "", '"export"'),
        ('say "hi', '"say" AND "hi"', ""),
        ('C++ "quote""inside"', '"C++" AND "quote" AND "inside"', ""),
        ("re:invoice", '"re:invoice"', ""),
        ("-", "", ""),
        ("AND", "", ""),
        ("*", "", ""),
        ("OR word", '"word"', ""),
        ("word OR", '"word"', ""),
    ],
)
def test_builder_turns_typed_text_into_fts5(typed: str, match: str, exclude: str):
    parsed = parse_search(typed)
    assert (parsed.match, parsed.exclude) == (match, exclude)


def test_field_tokens_become_filters_and_override_options():
    parsed = parse_search('tag:#Pricing label:feature-request kind:Worry participant:"Ana López" since:2024-01-01 x',
                          SearchFilters(tag="other", guide="churn"))
    f = parsed.filters
    assert (f.tag, f.label, f.kind, f.participant, f.since, f.guide) == (
        "Pricing", "feature_request", "worry", "Ana López", "2024-01-01", "churn")
    assert parsed.match == '"x"'
    assert "participant: Ana López" in describe(parsed)


@pytest.mark.parametrize("typed, message", [
    ("label:pain", "'pain' is not a label"),
    ("kind:anger", "not an emotion kind"),
    ("since:yesterday", "needs a date like"),
    ("since:2024-02-01 until:2024-01-01", "after until"),
])
def test_bad_filter_values_raise_one_sentence(typed: str, message: str):
    with pytest.raises(SearchQueryError, match=message):
        parse_search(typed)


FTS = sqlite3.connect(":memory:")
FTS.execute("CREATE VIRTUAL TABLE t USING fts5 (text, tokenize='porter unicode61')")
FTS.execute("INSERT INTO t (text) VALUES ('pricing is hard'), ('we export csv files by hand')")
ODD = st.sampled_from(['"', "-", "*", "(", ")", ":", "^", "+", " OR ", " AND ", " NOT ", "NEAR(", "{", "}", "'", " "])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=8), ODD), max_size=12).map("".join))
def test_builder_never_produces_a_query_sqlite_rejects(typed: str):
    try:
        parsed = parse_search(typed)
    except SearchQueryError:
        return  # a bad filter value (e.g. "since:x"), explained in one sentence
    for query in (parsed.match, parsed.exclude):
        if query:
            FTS.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()


# ---------------------------------------------------------------------- the store


def test_notes_matching_ranks_marks_and_describes_where_each_note_came_from(store: Store):
    build_sample(store)
    hits = store.notes_matching(parse_search("spreadsheet").match)
    assert len(hits) == 2
    assert all("[spreadsheet]" in h.snippet for h in hits)
    titles = {h.session_title: h for h in hits}
    assert titles["Small business books"].participant_name == "Ben Okafor"
    assert titles["Closing the books"].session_date.startswith("2024-03-04")
    assert titles["Closing the books"].note.tags == ["manual-work", "spreadsheet"]


def test_notes_matching_filters(store: Store):
    sample = build_sample(store)
    def texts(query: str = "", **filters: str) -> set[str]:
        parsed = parse_search(query, SearchFilters(**filters))
        return {h.note.text for h in store.notes_matching(parsed.match, exclude=parsed.exclude, filters=parsed.filters)}

    assert texts(tag="risk") == {"I worry that we miss a duplicate payment and nobody notices."}
    assert len(texts(label="emotion")) == 2
    assert texts(kind="frustration") == {"Last month the close took nine days and I was so frustrated with the exports."}
    assert len(texts(segment="smb")) == 2
    assert len(texts("spreadsheet", since="2024-04-10", until="2024-04-10")) == 1
    assert len(texts("-spreadsheet", participant="ana")) == 4
    # A rejected highlight no longer counts for its label.
    need = store.get_note(sample.note_ids[4]).highlights[0]
    store.set_highlight_status(need.id, "rejected", "Riley")
    assert texts(label="need") == set()
    # A deleted note is never found.
    store.set_deleted(sample.note_ids[3], True)
    assert texts(tag="risk") == set()


def test_best_matches_are_ranked_among_the_newest_window(store: Store, monkeypatch):
    import interview.store.search as search_module

    sid = store.create_session(title="Calls", consent_given=True).id
    texts = ["invoice invoice invoice late", "an invoice", "invoice again", "the invoice", "invoice invoice"]
    ids = [store.add_note(sid, text, tags=["billing"] if i % 2 == 0 else []).id for i, text in enumerate(texts)]
    everything = [h.note.id for h in store.notes_matching(parse_search("invoice").match)]
    assert set(everything) == set(ids)
    monkeypatch.setattr(search_module, "RANKED_WINDOW", 3)
    newest = [h.note.id for h in store.notes_matching(parse_search("invoice").match)]
    assert set(newest) == set(ids[2:])  # ranked among the newest three only
    tagged = store.notes_matching(parse_search("invoice tag:billing").match, filters=parse_search("invoice tag:billing").filters)
    assert {h.note.id for h in tagged} == {ids[0], ids[2], ids[4]}  # the window counts notes that pass the filters


def test_a_raw_bad_fts_query_is_a_store_error_not_a_crash(store: Store):
    build_sample(store)
    with pytest.raises(StoreError, match="could not be understood"):
        store.notes_matching('"unbalanced')


# ---------------------------------------------------------------------- the screen


async def type_query(pilot, text: str) -> None:
    from textual.widgets import Input

    searched = searches(pilot.app.screen)
    start = len(searched)
    pilot.app.screen.query_one("#search-input", Input).value = text
    await until(pilot, lambda: text in searched[start:], f"a search for {text!r}")


def searches(screen) -> list[str]:
    """Every text ``screen`` searches for from now on (it waits for typing to pause first)."""
    from textual.widgets import Input

    if "run_search" not in vars(screen):  # the typing timer looks the method up when it is set
        done: list[str] = []
        search = screen.run_search

        def run_search() -> None:
            search()
            done.append(screen.query_one("#search-input", Input).value)

        screen.run_search = run_search
        screen.searched_in_test = done
    return screen.searched_in_test


async def test_search_screen_groups_hits_by_session_and_enter_opens_the_note(store):
    from interview.app import InterviewApp
    from interview.screens.review import ReviewScreen
    from interview.screens.search import SearchResults, SearchScreen
    from interview.widgets.review_notes import NoteList

    build_sample(store)
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        pilot.app.open_search()
        await pilot.pause()
        assert isinstance(pilot.app.screen, SearchScreen)
        searched = searches(pilot.app.screen)
        await pilot.press(*"invoice")
        await until(pilot, lambda: "invoice" in searched, "a search for 'invoice'")
        screen = pilot.app.screen
        results = screen.query_one(SearchResults)
        headings = [str(o.prompt).split("  ")[0] for o in results.options if o.disabled]
        assert sorted(headings) == ["Closing the books", "Small business books"]
        assert len(screen.hits) == 3
        await pilot.press("enter")  # from the box to the results
        assert results.has_focus
        target = results.highlighted_option.id.partition("/")[2]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert pilot.app.screen.query_one(NoteList).current_note_id == target


async def test_many_hits_draw_a_screenful_first_then_the_rest(store):
    from interview.app import InterviewApp
    from interview.screens.search import FIRST_OPTIONS, SearchResults

    sessions = [store.create_session(title=f"Call {n}", consent_given=True).id for n in range(30)]
    for n in range(150):
        store.add_note(sessions[n % 30], f"invoice number {n} was late")
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        pilot.app.open_search()
        await pilot.pause()
        screen = pilot.app.screen
        results = screen.query_one(SearchResults)
        counts: list[int] = []
        screen.query_one("#search-input").value = "invoice"
        screen.run_search()
        counts.append(results.option_count)
        await pilot.pause()
        assert FIRST_OPTIONS <= counts[0] < 180 and results.highlighted == 1
        assert results.option_count == 150 + 30  # every hit under its session heading
        screen.query_one("#search-input").value = "invoice 7"  # newer results replace pending ones
        screen.run_search()
        screen.query_one("#search-input").value = "invoice 12"
        screen.run_search()
        await pilot.pause()
        assert len(screen.hits) == 1 and results.option_count == 2


async def test_search_screen_filters_and_explains_bad_input(store):
    from interview.app import InterviewApp
    from interview.screens.search import SearchScreen

    build_sample(store)
    async with InterviewApp(store).run_test(size=(120, 40)) as pilot:
        pilot.app.open_search("spreadsheet label:workaround")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        assert [h.note.text[:7] for h in screen.hits] == ["We copy"]
        for bad in ['"unbalanced', "-", "AND", "*", "NEAR("]:
            await type_query(pilot, bad)
            assert "Traceback" not in str(screen.query_one("#search-hint").content)
        await type_query(pilot, "since:someday x")
        assert "needs a date like" in str(screen.query_one("#search-hint").content)
        await type_query(pilot, "zebra")
        assert "no notes match" in str(screen.query_one("#search-hint").content)


async def test_filter_names_and_values_complete_as_you_type(store):
    from interview.screens.search import FilterSuggester

    suggester = FilterSuggester({"tag": ["pricing", "manual-work"], "participant": ["Ana López"]})
    assert await suggester.get_suggestion("export la") == "export label:"
    assert await suggester.get_suggestion("export tag:pri") == "export tag:pricing"
    assert await suggester.get_suggestion("participant:an") == 'participant:"Ana López"'
    assert await suggester.get_suggestion("x") is None
