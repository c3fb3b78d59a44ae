"""Synthesis across sessions: themes, participant counts, evidence, filters, the screen and its export."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from textual.widgets import DataTable, Input, Static

from interview.app import InterviewApp
from interview.cli import main
from interview.export import ReportFilters, build_synthesis, export_synthesis
from interview.nlp.terms import evidence, key_terms
from interview.screens.synthesis import ExportPrompt, SynthesisScreen
from interview.store import Store

from test_export_fixtures import add, guide, make_session


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "x.db") as s:
        yield s


@pytest.fixture(autouse=True)
def _no_user_guides(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))


def interview(store: Store, name: str, statements: list[tuple[str, str]], *, segment="smb", tags=(), day=None):
    """A session where each (note, problem span) is an accepted problem statement."""
    person = store.add_participant(name, segment=segment, company=f"{name} Ltd")
    session = store.create_session(title=f"Talk with {name}", guide_name="month-end", participant_id=person.id)
    store.start_session(session.id)
    if day:
        store.db["sessions"].update(session.id, {"started_at": f"{day}T10:00:00Z"})
    for i, (text, problem) in enumerate(statements):
        add(store, session.id, text, None, 60 * i, highlights=[(problem, "problem")], tags=tags)
    return session.id


def test_key_terms_put_reconcile_and_reconciling_together():
    assert "reconcil" in key_terms("takes forever to reconcile") and "reconcil" in key_terms("reconciling is so slow")
    assert "the" not in key_terms("the reconciliation") and "forever" in key_terms("takes forever")


@pytest.mark.parametrize("text, kind", [
    ("Last time we closed the books it took three days", "specific"),
    ("On March 3 the export failed", "specific"),
    ("We lost the file in 2024-02-01", "specific"),
    ("Two weeks ago the bank feed broke", "specific"),
    ("It is always slow", "general"),
    ("I would love a button", "general"),
    ("Reconciling is so slow", "general"),
])
def test_evidence_tells_past_events_from_general_opinion(text, kind):
    assert evidence(text) == kind


def test_statements_stating_the_same_problem_form_one_theme_counted_by_participant(store):
    interview(store, "Ana", [("Honestly reconciling takes forever.", "reconciling takes forever")])
    interview(store, "Bob", [("Reconciling is so slow.", "Reconciling is so slow"),
                             ("Last week reconciling took me two days.", "reconciling took me two days")])
    interview(store, "Cy", [("The dashboard is confusing.", "dashboard is confusing")])
    synthesis = build_synthesis(store)
    first = synthesis.themes[0]
    assert first.method == "meaning" and "reconcil" in first.terms, first.name
    assert first.participants == 2 and first.participant_names == ["Ana", "Bob"] and first.statement_count == 3
    assert (first.specific, first.general) == (1, 2)
    assert first.quotes[0].text == "reconciling took me two days"  # a specific past event is the strongest quote
    assert {q.participant for q in first.quotes[:2]} == {"Ana", "Bob"}
    assert [t.participants for t in synthesis.themes] == [2, 1]
    assert synthesis.participants == ["Ana", "Bob", "Cy"]
    assert synthesis.matrix == [[1, 0], [2, 0], [0, 1]]


def test_a_note_with_two_problems_in_one_theme_is_quoted_once(store):
    """Two statements of one note share its words: the theme counts both and quotes the note once."""
    text = "Reconciling takes forever and reconciling the bank feed is so slow."
    session_id = interview(store, "Ana", [("Reconciling is so slow every month.", "Reconciling is so slow")])
    add(store, session_id, text, None, 120,
        highlights=[("Reconciling takes forever", "problem"), ("reconciling the bank feed is so slow", "problem")])
    first = build_synthesis(store).themes[0]
    assert first.statement_count == 3
    quoted = [q.quote for q in first.quotes]
    assert len(quoted) == len(set(quoted)) == 2, quoted


def test_tags_come_first_and_gather_untagged_statements_on_their_term(store):
    interview(store, "Ana", [("Approvals get stuck in email.", "Approvals get stuck")], tags=["approvals"])
    interview(store, "Bob", [("My approval sat in an inbox for a week.", "approval sat in an inbox")])
    interview(store, "Cy", [("Exports break.", "Exports break"), ("Exports fail on Mondays.", "Exports fail")])
    themes = {t.name: t for t in build_synthesis(store).themes}
    assert themes["approvals"].method == "tag" and themes["approvals"].participants == 2
    exports = next(t for t in themes.values() if "Exports fail" in [s.text for s in t.statements])
    assert exports.method == "meaning" and exports.participants == 1 and exports.statement_count == 2


def test_emotions_in_the_same_notes_are_counted_per_theme(store):
    sid = make_session(store)
    make_session(store, name="Bob Smith", company="Globex")
    theme = build_synthesis(store).themes[0]
    assert theme.name == "reconciliation" and theme.emotions == {"frustration": 2, "worry": 2}
    assert theme.participants == 2 and sid


def test_filters_choose_sessions_by_guide_segment_tag_and_dates(store):
    interview(store, "Ana", [("Reconciling is slow.", "Reconciling is slow")], segment="smb", day="2025-01-10")
    interview(store, "Bob", [("Reconciling is slow.", "Reconciling is slow")], segment="enterprise",
              tags=["close"], day="2025-03-01")
    assert len(build_synthesis(store, ReportFilters(segment="Enterprise")).participants) == 1
    assert build_synthesis(store, ReportFilters(tag="#close")).participants == ["Bob"]
    assert build_synthesis(store, ReportFilters(since="2025-02-01")).participants == ["Bob"]
    assert build_synthesis(store, ReportFilters(until="2025-01-10")).participants == ["Ana"]
    assert build_synthesis(store, ReportFilters(guide="other")).participants == []
    assert build_synthesis(store, ReportFilters(guide="month-end")).filters == "guide month-end"


def test_suggested_statements_count_only_when_asked(store):
    person = store.add_participant("Ana")
    session = store.create_session(title="t", participant_id=person.id)
    add(store, session.id, "Exports break all the time.", None, 0, highlights=[("Exports break", "problem")],
        accept=False)
    assert build_synthesis(store).themes == []
    assert build_synthesis(store, include_suggested=True).themes[0].statements[0].status == "suggested"


def test_every_synthesis_says_how_many_suggested_problems_are_unreviewed(store, tmp_path):
    person = store.add_participant("Ana")
    session = store.create_session(title="t", participant_id=person.id)
    add(store, session.id, "Exports break all the time.", None, 0, highlights=[("Exports break", "problem")],
        accept=False)
    md = export_synthesis(store, tmp_path / "s.md", fmt="md").read_text()
    assert "| Not yet reviewed | 1 suggested problem, not counted here" in md
    md = export_synthesis(store, tmp_path / "t.md", fmt="md", include_suggested=True).read_text()
    assert "| Not yet reviewed | 1 suggested problem, counted here and marked as suggested |" in md
    for h in store.get_note(store.notes_for_session(session.id)[0].id).highlights:
        store.set_highlight_status(h.id, "accepted", "tester")
    assert build_synthesis(store).unreviewed == 0


def test_synthesis_docx_and_markdown_show_themes_quotes_and_the_matrix(store, tmp_path):
    make_session(store)
    make_session(store, name="Bob Smith", company="Globex", scope="notes-only")
    path = export_synthesis(store, tmp_path / "syn.docx")
    document = docx.Document(path)
    heads = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert heads == [("Title", "Synthesis: problems across sessions"), ("Heading 1", "Executive summary"),
                     ("Heading 2", "1. reconciliation"), ("Heading 1", "About this synthesis"), ("Heading 1", "Themes"),
                     ("Heading 2", "1. reconciliation"), ("Heading 1", "Workarounds on their own"),
                     ("Heading 2", "keep a spreadsheet of every mismatch"), ("Heading 1", "Needs on their own"),
                     ("Heading 2", "see all entities in one place"), ("Heading 1", "Participants × themes"),
                     ("Heading 1", "Sessions read")]
    overview = document.tables[1]
    assert [c.text for c in overview.rows[1].cells][:4] == ["1", "reconciliation", "2 of 2 participants", "4"]
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes and all("Ana López" in q for q in quotes)  # Bob allowed notes only: his words stay out
    matrix = document.tables[2]
    assert [[c.text for c in r.cells] for r in matrix.rows] == [["Participant", "1. reconciliation"], ["Ana López", "2"],
                                                                ["Bob Smith", "2"]]
    assert document.sections[0].header.paragraphs[0].text == "Confidential — customer research"
    md = export_synthesis(store, tmp_path / "syn.md", fmt="md").read_text()
    assert "| 1 | reconciliation | 2 of 2 participants | 4 |" in md and "## Participants × themes" in md
    data = json.loads(export_synthesis(store, tmp_path / "syn.json", fmt="json").read_text())
    assert data["format"] == "interview.synthesis" and data["themes"][0]["participants"] == 2


def test_empty_synthesis_says_what_to_do(store, tmp_path):
    document = docx.Document(export_synthesis(store, tmp_path / "e.docx"))
    assert any("No stated problems were found" in p.text for p in document.paragraphs)


def test_report_command_writes_synthesis_and_rejects_bad_dates(store, tmp_path, monkeypatch):
    make_session(store)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(main, ["--db", str(store.path), "report", "--guide", guide().name])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "synthesis.docx").exists()
    md = runner.invoke(main, ["--db", str(store.path), "report", "-o", "s.md", "--redact"])
    assert md.exit_code == 0 and "Ana" not in (tmp_path / "s.md").read_text()
    bad = runner.invoke(main, ["--db", str(store.path), "report", "--since", "March"])
    assert bad.exit_code == 1 and "--since must be a date like 2025-03-31" in bad.output


async def test_synthesis_screen_lists_themes_drills_into_quotes_and_exports(store, tmp_path, monkeypatch):
    make_session(store)
    interview(store, "Cy", [("Exports break.", "Exports break")])
    monkeypatch.chdir(tmp_path)
    app = InterviewApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_synthesis()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SynthesisScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one("#synthesis-themes", DataTable)
        assert table.row_count == 2
        assert str(table.get_row_at(0)[0]) == "1. reconciliation"
        quotes = str(screen.query_one("#synthesis-quotes", Static).render())
        assert "Reconciling is so slow" in quotes and "1 of 2 participants" in quotes
        await pilot.press("down")
        await pilot.pause()
        assert "Exports break" in str(screen.query_one("#synthesis-quotes", Static).render())
        await pilot.press("enter")
        assert screen.query_one("#synthesis-detail").has_focus
        await pilot.press("escape")
        assert table.has_focus

        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportPrompt)
        box = app.screen.query_one("#export-path", Input)
        box.value = str(tmp_path / "nope" / "s.docx")
        await pilot.press("enter")
        assert "does not exist" in str(app.screen.query_one("#export-message", Static).render())
        box.value = "from-app.md"
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
    text = (tmp_path / "from-app.md").read_text()
    assert "### 1. reconciliation" in text and "Ana López" in text


async def test_synthesis_screen_with_nothing_reviewed_offers_suggestions(store):
    person = store.add_participant("Ana")
    session = store.create_session(title="t", participant_id=person.id)
    add(store, session.id, "Exports break all the time.", None, 0, highlights=[("Exports break", "problem")],
        accept=False)
    app = InterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_synthesis()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = app.screen.query_one("#synthesis-summary", Static)
        assert "Press s to include" in str(summary.render())
        await pilot.press("s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#synthesis-themes", DataTable).row_count == 1
        assert "accepted and suggested" in str(summary.render())
