"""Themes count interviewees and imported feedback apart, and feedback volume never outranks interviewees.

"3 of 3 participants" beside "500 feedback items (Tickets)": the report states its ranking
rule, ranks by interviewees first, quotes interviewees first, and filters by source and
segment (`report --source NAME|interviews --segment X`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.models import FeedbackStatement, Highlight
from interview.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from test_export_fixtures import add  # noqa: E402

SHARED = "the dashboard times out on big exports"  # three interviewees, no feedback
FLOODED = "the invoice pdf shows the wrong tax rate"  # one interviewee, a flood of tickets


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    monkeypatch.chdir(tmp_path)


def feedback(store: Store, name: str, rows: list[tuple[str, str]]) -> None:
    """A complete feedback source whose every row states one problem (the import's own store calls)."""
    source = store.start_feedback_source(name=name, file_name=f"{name}.csv", sha256=name.ljust(64, "0"), fmt="csv",
                                         row_count=len(rows), mapping={"text": "text"})
    statements = [FeedbackStatement(row=i + 2, text=text, customer=f"Customer {i}", segment=segment,
                                    occurred_at="2025-04-01")
                  for i, (text, segment) in enumerate(rows)]
    spans = [[Highlight(start=0, end=len(text), label="problem", text=text, rule="test")] for text, _ in rows]
    batch = store.feedback_batch(source, statements, spans, last_row=len(rows) + 1,
                                 customers=store.customer_index(source))
    store.add_feedback_batch(source, batch)
    store.complete_feedback_source(source, skipped=0)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    with Store(path) as store:
        for name, segment in (("Ana", "smb"), ("Bo", "enterprise"), ("Cy", "smb")):
            person = store.add_participant(name, segment=segment)
            session = store.create_session(title=f"Talk with {name}", participant_id=person.id,
                                           consent_given=True, consent_scope="external")
            line = f"Last week {SHARED}, again."
            add(store, session.id, line, None, 10, highlights=[(SHARED, "problem")], tags=["exports"], kind="quote")
            if name == "Ana":
                line = f"Yesterday {FLOODED} for our French customers."
                add(store, session.id, line, None, 20, highlights=[(FLOODED, "problem")], tags=["invoices"],
                    kind="quote")
        feedback(store, "Tickets", [(f"Ticket: {FLOODED}", "enterprise" if i % 5 == 0 else "smb")
                                    for i in range(500)])
    return path


def report(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), "report", "-o", "r.md", "--force", *args])
    text = Path("r.md").read_text(encoding="utf-8").replace("\\", "") if result.exit_code == 0 else ""
    return result.exit_code, text, result.output


def rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("| 1 |") or line.startswith("| 2 |")]


def test_a_flood_of_feedback_never_outranks_what_interviewees_said(db: Path):
    code, md, out = report(db)
    assert code == 0, out
    first, second = rows(md)
    assert "exports" in first and "3 of 3 participants |" in first  # three interviewees, no feedback: first
    assert "invoices" in second and "1 of 3 participants · 500 feedback items (Tickets)" in second
    assert "ranked by how many interviewees raised them" in md  # the rule is in the document
    assert "| Feedback | 500 problem statements from Tickets, counted apart from interviews" in md


def test_the_executive_summary_counts_feedback_beside_interviewees_and_ranks_by_them(db: Path):
    code, md, out = report(db)
    assert code == 0, out
    summary = md.split("## Executive summary")[1].split("\n## ")[0]
    assert summary.index("exports") < summary.index("invoices")  # 3 interviewees before 1 + 500 tickets
    assert "**Raised by:** 1 of 3 participants · 500 feedback items (Tickets)" in summary


def test_interview_quotes_come_before_feedback_quotes(db: Path):
    code, _, out = report(db)
    assert code == 0, out
    assert CliRunner().invoke(main, ["--db", str(db), "report", "-o", "r.json"]).exit_code == 0
    themes = json.loads(Path("r.json").read_text(encoding="utf-8"))["themes"]
    invoices = next(t for t in themes if t["name"] == "invoices")
    assert invoices["feedback"] == 500 and invoices["participants"] == 1
    assert invoices["quotes"][0]["source"] == "" and "French customers" in invoices["quotes"][0]["quote"]
    assert all(q["source"] == "Tickets" for q in invoices["quotes"][1:])


def test_source_filter_reads_only_the_named_sources(db: Path):
    code, md, out = report(db, "--source", "interviews")
    assert code == 0, out
    assert "feedback items" not in md and "| Feedback |" not in md
    code, md, out = report(db, "--source", "tickets")  # names are case-insensitive
    assert code == 0, out
    assert "0 of 0 participants · 500 feedback items (Tickets)" in md
    assert "exports" not in md


def test_segment_filter_applies_to_interviews_and_feedback_alike(db: Path):
    code, md, out = report(db, "--segment", "enterprise")
    assert code == 0, out
    assert "1 of 1 participant |" in md  # Bo, on exports
    assert "0 of 1 participant · 100 feedback items (Tickets)" in md  # every fifth ticket is enterprise


def test_an_unknown_source_is_one_sentence_and_writes_nothing(db: Path):
    code, _, out = report(db, "--source", "Zendesk")
    assert code == 1 and "no feedback source is named 'Zendesk'" in out and "Traceback" not in out
    assert not Path("r.md").exists()


def test_external_documents_count_feedback_but_quote_none_of_it(db: Path):
    assert CliRunner().invoke(main, ["--db", str(db), "report", "-o", "x.json", "--external"]).exit_code == 0
    data = Path("x.json").read_text(encoding="utf-8")
    assert "Ticket: the invoice" not in data  # no consent to quote tickets outside the company
    invoices = next(t for t in json.loads(data)["themes"] if t["name"] == "invoices")
    assert invoices["feedback"] == 500 and len(invoices["quotes"]) == 1


def test_handoff_drafts_count_feedback_by_segment(db: Path):
    result = CliRunner().invoke(main, ["--db", str(db), "handoff", "-o", "h.md"])
    assert result.exit_code == 0, result.output
    md = Path("h.md").read_text(encoding="utf-8").replace("\\", "")
    assert "- 1 of 3 participants · 500 feedback items (Tickets)" in md
    assert "- Feedback by segment: smb 400, enterprise 100" in md
    assert "How many customers beyond" in md  # only the exports draft lacks feedback


def test_the_html_report_offers_feedback_as_a_source_filter(db: Path):
    result = CliRunner().invoke(main, ["--db", str(db), "report", "-o", "r.html"])
    assert result.exit_code == 0, result.output
    html = Path("r.html").read_text(encoding="utf-8")
    assert '<option value="Tickets">' in html and '<option value="Interviews">' in html
    assert "500 feedback items say this" not in html  # the 500 split by segment: 400 and 100
    assert "400 feedback items say this" in html or "399 feedback items say this" in html


def test_a_theme_shared_with_feedback_is_named_in_the_interviewees_words(tmp_path: Path):
    import html_report_check as demo

    from interview.export import build_synthesis

    path = demo.build_demo(tmp_path / "d.db")
    interviews = " ".join(text for lines in demo.INTERVIEWS.values() for text, *_ in lines).casefold()
    with Store(path) as store:  # many tickets, each in its own words, on the interviewees' payout problem
        feedback(store, "Tickets", [(f"payout does not match bank deposit case {i}", "smb") for i in range(300)])
        synthesis = build_synthesis(store)
    mixed = [t for t in synthesis.themes if t.feedback and t.participants and t.method == "meaning"]
    assert mixed
    for theme in mixed:
        assert theme.name.casefold() in interviews, theme.name


def test_feedback_quotes_in_drafts_trace_to_their_stored_notes(db: Path):
    from interview.export.textmap import clean

    result = CliRunner().invoke(main, ["--db", str(db), "handoff", "-o", "h.json"])
    assert result.exit_code == 0, result.output
    quotes = [q for d in json.loads(Path("h.json").read_text(encoding="utf-8"))["drafts"] for q in d["quotes"]]
    assert any(q["source"] == "Tickets" for q in quotes)
    with Store(db) as store:
        for q in quotes:
            assert clean(store.get_note(q["note_id"]).text) == q["text"]


def test_the_board_counts_interviewees_and_feedback_apart(db: Path):
    """The board read 102 of 102 people when 100 ticket writers joined 2 interviewees."""
    with Store(db) as store:
        themes = store.refresh_themes(lambda texts, who: [("All of it", list(range(len(texts))))])
        (theme,) = store.list_themes()
    assert themes and sorted(theme.participants) == ["Ana", "Bo", "Cy"]
    assert theme.feedback == 500 and len(theme.statements) == 3 + 1 + 500


async def test_the_board_screen_shows_feedback_in_its_own_column(db: Path):
    from textual.widgets import DataTable, Static

    from interview.app import InterviewApp
    from interview.screens.board import BoardScreen

    with Store(db) as store:
        store.refresh_themes(lambda texts, who: [("All of it", list(range(len(texts))))])
        app = InterviewApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            app.open_board()
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen)
            row = app.screen.query_one("#board-themes", DataTable).get_row_at(0)
            assert [str(cell) for cell in row[1:4]] == ["3 of 3", "4", "500"]
            summary = str(app.screen.query_one("#board-summary", Static).render())
            assert "4 statements from 3 interviewees · 500 from imported feedback, counted apart" in summary
