"""`interview report` groups five interviews' shared problem into one theme of five participants."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from interview.cli import main
from interview.store import Store

from test_export_fixtures import add
from test_themes_engine import INTERVIEWS


def test_report_finds_the_problem_all_five_participants_share(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "x.db") as store:
        for participant, lines in INTERVIEWS.items():
            name, rest = participant.split(" (")
            role, company = rest.rstrip(")").split(", ")
            person = store.add_participant(name, role=role, company=company)
            session = store.create_session(title=f"Month-end with {name}", guide_name="month-end",
                                           participant_id=person.id)
            store.start_session(session.id)
            for i, line in enumerate(lines):
                add(store, session.id, line, None, 60 * i, highlights=[(line, "problem")], tags=["problem"])
        db = store.path
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--db", str(db), "report", "-o", "s.md"])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "s.md").read_text(encoding="utf-8")
    rows = [line for line in md.splitlines() if line.startswith("| 1 |")]
    assert rows and "5 of 5 participants" in rows[0], md[:2000]
    assert "payout" in rows[0].lower()
    # the category tag #problem makes no theme of its own
    assert "| problem |" not in md
    assert not any(f"{n} of 5 participants" in md for n in (3, 4))  # nothing else is that widely shared


def test_the_report_carries_the_researchers_board_edits(tmp_path: Path, monkeypatch):
    from interview.themes import group_statements

    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "x.db") as store:
        for participant, lines in INTERVIEWS.items():
            person = store.add_participant(participant.split(" (")[0])
            session = store.create_session(title=f"Talk {participant}", participant_id=person.id)
            for i, line in enumerate(lines):
                add(store, session.id, line, None, 60 * i, highlights=[(line, "problem")])
        payouts = store.refresh_themes(group_statements)[0]
        store.name_theme(payouts.id, "Payouts don't match the bank feed")
        store.mark_insight(payouts.id, "Finance teams reconcile payouts by hand every month")
        fees = next(s for s in store.problem_statements() if s.text.startswith("Currency conversion"))
        store.move_statement(fees.highlight_id, payouts.id)
        db = store.path
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(db), "report", "-o", "s.md"]).exit_code == 0
    md = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "| 1 | Payouts don't match the bank feed | 5 of 5 participants | 6 |" in md
    assert "- **Takeaway:** Finance teams reconcile payouts by hand every month" in md
    assert runner.invoke(main, ["--db", str(db), "report", "-o", "s.json"]).exit_code == 0
    import json

    first = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["themes"][0]
    assert first["method"] == "saved" and first["theme_id"] == payouts.id
    assert fees.highlight_id in {s["highlight_id"] for s in first["statements"]}


def test_theme_names_quote_no_words_that_consent_withholds(tmp_path: Path):
    from interview.export import build_synthesis

    quotes = ["Stripe payouts never match what lands in our bank account",
              "Payout totals never reconcile with the bank deposits",
              "Deposits in the bank feed differ from the payout amounts"]
    with Store(tmp_path / "x.db") as store:
        for i, quote in enumerate(quotes + ["Onboarding a new accountant takes weeks"]):
            person = store.add_participant(f"P{i}")
            session = store.create_session(title=f"Talk {i}", participant_id=person.id, consent_given=True,
                                           consent_scope="notes-only")
            add(store, session.id, quote, None, 0, highlights=[(quote, "problem")], kind="quote")
        synthesis = build_synthesis(store)
    assert [t.participants for t in synthesis.themes] == [3, 1]
    for theme in synthesis.themes:
        assert "withheld" in theme.name
        assert not any(word in theme.name.lower() for word in ("payout", "bank", "onboarding", "accountant"))


def test_a_saved_theme_named_by_the_engine_is_renamed_from_what_may_be_shown(tmp_path: Path):
    from interview.export import build_synthesis
    from interview.themes import group_statements

    with Store(tmp_path / "x.db") as store:
        for i, quote in enumerate(["Stripe payouts never match our bank account",
                                   "Payout totals never reconcile with bank deposits"]):
            person = store.add_participant(f"P{i}")
            session = store.create_session(title=f"Talk {i}", participant_id=person.id, consent_given=True,
                                           consent_scope="notes-only")
            add(store, session.id, quote, None, 0, highlights=[(quote, "problem")], kind="quote")
        store.refresh_themes(group_statements)
        theme = build_synthesis(store).themes[0]
    assert theme.method == "saved" and "withheld" in theme.name and "payout" not in theme.name.lower()
