"""Themes across interviews and co-creation: workarounds, needs and ideas each kept as what they are (issue 16, item 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.export import build_synthesis
from interview.models import SeatConsent
from interview.store import Store

from synthesis_fixture import WORKAROUND, five_interviews
from test_export_fixtures import add

IDEAS = ["Match each payout to its bank deposit automatically",
         "Automatically pair payouts with the deposits in the bank feed",
         "A shared glossary for the finance team"]
SPREADSHEET = "I keep a spreadsheet of every payout and tick off the bank deposits"


@pytest.fixture
def store(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "x.db") as s:
        five_interviews(s, takeaway=False)
        yield s


def workshop(store: Store, scope: str = "internal") -> str:
    """A co-creation session with no notes: three ideas from two seated people, the first with 3 votes."""
    ana, ben = store.add_participant("Ana"), store.add_participant("Ben")
    session = store.create_session(title="Close faster workshop", kind="co-creation", consent_given=True)
    for person in (ana, ben):
        store.add_session_participant(session.id, person.id, SeatConsent(given=True, scope=scope))
    ideas = [store.add_idea(session.id, text, participant_id=who.id) for text, who in zip(IDEAS, (ana, ben, ana))]
    for _ in range(3):
        store.add_vote(session.id, ideas[0].id, ben.id)
    return session.id


def test_ideas_form_their_own_themes_and_never_count_as_problems(store: Store):
    before = build_synthesis(store)
    workshop(store)
    synthesis = build_synthesis(store)
    assert [(t.name, t.participants) for t in synthesis.themes] == [(t.name, t.participants) for t in before.themes]
    assert synthesis.statement_count == before.statement_count
    assert all(t.kind == "problem" for t in synthesis.themes) and all(i.name for i in synthesis.summary)
    ideas = [t for t in synthesis.other_themes if t.kind == "idea"]
    assert ideas[0].votes == 3 and {s.text for s in ideas[0].statements} == set(IDEAS[:2])  # same idea, two wordings
    assert ideas[0].participants == 2 and all(s.kind == "idea" for t in ideas for s in t.statements)
    assert {s.text for t in ideas for s in t.statements} == set(IDEAS)


def test_a_workaround_said_apart_from_any_problem_joins_the_theme_it_is_about(store: Store):
    sid = next(r.id for r in build_synthesis(store).sessions)
    add(store, sid, SPREADSHEET + ".", None, 900, highlights=[(SPREADSHEET, "workaround")])
    add(store, sid, "We need audit logs we can export.", None, 960, highlights=[("audit logs we can export", "need")])
    synthesis = build_synthesis(store)
    payouts = synthesis.themes[0]
    assert payouts.participants == 5 and payouts.workarounds == [WORKAROUND, SPREADSHEET]
    assert all(s.kind == "workaround" for s in payouts.related)
    assert [s.text for s in payouts.statements if s.kind != "problem"] == []  # evidence stays problems
    needs = [t for t in synthesis.other_themes if t.kind == "need"]
    assert [s.text for t in needs for s in t.statements] == ["audit logs we can export"]


def test_markdown_word_and_json_label_ideas_as_ideas(store: Store, tmp_path: Path, monkeypatch):
    workshop(store)
    db = store.path
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for name in ("s.md", "s.json", "s.docx"):
        result = runner.invoke(main, ["--db", str(db), "report", "-o", name])
        assert result.exit_code == 0, result.output
    md = Path("s.md").read_text(encoding="utf-8")
    ideas = md.split("## Ideas from workshops", 1)[1].split("## Participants × themes", 1)[0]
    assert "not counted among the problems" in ideas and "_Idea · 2 of 7 participants · 3 votes_" in ideas
    assert f"- {IDEAS[0]} — Ana · Close faster workshop · 3 votes" in ideas
    assert IDEAS[0] not in md.split("## Ideas from workshops", 1)[0]
    data = json.loads(Path("s.json").read_text(encoding="utf-8"))
    assert {t["kind"] for t in data["other_themes"]} == {"idea"} and {t["kind"] for t in data["themes"]} == {"problem"}
    import docx

    heads = [p.text for p in docx.Document("s.docx").paragraphs if p.style.name == "Heading 1"]
    assert heads.index("Ideas from workshops") < heads.index("Participants × themes")


def test_an_idea_whose_proposer_allowed_notes_only_is_counted_but_not_shown(store: Store, tmp_path: Path):
    workshop(store, scope="notes-only")
    synthesis = build_synthesis(store)
    ideas = [t for t in synthesis.other_themes if t.kind == "idea"]
    assert sum(t.statement_count for t in ideas) == 3 and ideas[0].votes == 3
    text = json.dumps([t.name for t in ideas]) + json.dumps([s.text for t in ideas for s in t.statements])
    assert not any(word in text for word in ("glossary", "deposit", "payout"))
