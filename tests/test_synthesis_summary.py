"""The synthesis opens with an executive summary; theme names head the matrix; pages follow --paper (issue 16, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Inches, Mm

from interview.cli import main
from interview.export.paper import default_paper
from interview.store import Store

from synthesis_fixture import TAKEAWAY, WORKAROUND, five_interviews


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    monkeypatch.chdir(tmp_path)
    with Store(tmp_path / "x.db") as store:
        five_interviews(store)
    return tmp_path / "x.db"


def report(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), "report", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_markdown_synthesis_opens_with_the_top_problem_its_takeaway_quote_and_workaround(db: Path):
    report(db, "-o", "s.md")
    md = Path("s.md").read_text(encoding="utf-8")
    summary = md.split("## Executive summary", 1)[1].split("## About this synthesis", 1)[0]
    assert md.index("## Executive summary") < md.index("## Themes")
    first = summary.split("### 2.", 1)[0]
    assert "### 1. " in first and "payout" in first.lower()
    assert f"**{TAKEAWAY}**" in first and "5 of 5 participants" in first
    assert "**Emotions:** frustration 2" in first and WORKAROUND in first
    speaker = first.split("> — ", 1)[1].splitlines()[0]  # name, role, company
    assert speaker.count(", ") == 2, speaker


def test_a_redacted_summary_names_no_person_role_or_company(db: Path):
    report(db, "-o", "r.md", "--redact")
    summary = Path("r.md").read_text(encoding="utf-8").split("## About this synthesis", 1)[0]
    speakers = [line[4:] for line in summary.splitlines() if line.startswith("> — ")]
    assert speakers and all(s.startswith("Participant ") and "," not in s for s in speakers)
    for word in ("Dana", "Luis", "Priya", "Tom", "Mei", "Northwind", "Orbit", "Controller", "Accountant"):
        assert word not in summary


def test_the_summary_quotes_nobody_whose_consent_covers_notes_only(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    monkeypatch.chdir(tmp_path)
    with Store(tmp_path / "x.db") as store:
        five_interviews(store, scope="notes-only")
    report(tmp_path / "x.db", "-o", "n.md")
    summary = Path("n.md").read_text(encoding="utf-8").split("## About this synthesis", 1)[0]
    assert "5 of 5 participants" in summary and "> " not in summary and "payouts" not in summary.lower().split("###")[0]


def test_json_carries_the_summary_with_takeaways_and_evidence_ids(db: Path):
    report(db, "-o", "s.json")
    data = json.loads(Path("s.json").read_text(encoding="utf-8"))
    top = data["summary"][0]
    theme = data["themes"][top["number"] - 1]
    assert top["takeaway"] == theme["takeaway"] == TAKEAWAY and top["participants"] == top["of"] == 5
    assert set(top["evidence_ids"]) == {s["highlight_id"] for s in theme["statements"]} and len(top["evidence_ids"]) == 5
    assert all(s["note_id"] for s in theme["statements"]) and theme["workarounds"] == [WORKAROUND]


def test_the_markdown_matrix_is_headed_by_theme_names_within_80_characters(db: Path):
    report(db, "-o", "s.md")
    md = Path("s.md").read_text(encoding="utf-8")
    matrix = md.split("## Participants × themes", 1)[1].split("## Sessions read", 1)[0]
    rows = [line for line in matrix.splitlines() if line.startswith("|")]
    assert rows and max(len(line) for line in rows) <= 80
    headers = [line for line in rows if line.startswith("| Participant")]
    assert len(headers) > 1 and "| 1. Payouts" in headers[0]


def test_the_word_matrix_is_headed_by_theme_names_and_opens_with_the_summary(db: Path):
    report(db, "-o", "s.docx")
    document = docx.Document("s.docx")
    heads = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert heads[:2] == ["Executive summary", heads[1]] and heads[1].startswith("1. ")
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Participant")
    assert matrix.rows[0].cells[1].text.startswith("1. Payouts")


@pytest.mark.parametrize("paper, width", [("letter", Inches(8.5)), ("a4", Mm(210))])
def test_paper_sets_the_page_size_of_report_and_export(db: Path, paper: str, width: int):
    report(db, "-o", f"{paper}.docx", "--paper", paper)
    assert abs(docx.Document(f"{paper}.docx").sections[0].page_width - width) < Mm(0.1)  # Word stores twips
    result = CliRunner().invoke(main, ["--db", str(db), "export", "last", "-o", f"e-{paper}.docx", "--paper", paper])
    assert result.exit_code == 0, result.output
    assert abs(docx.Document(f"e-{paper}.docx").sections[0].page_width - width) < Mm(0.1)


def test_the_default_paper_follows_the_locale(db: Path, monkeypatch):
    assert default_paper({"LANG": "en_US.UTF-8"}) == "letter"
    assert default_paper({"LANG": "de_DE.UTF-8", "LC_PAPER": "es_MX.UTF-8"}) == "letter"
    assert default_paper({"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}) == "a4"
    assert default_paper({"LANG": "C.UTF-8"}) == default_paper({}) == "a4"
    monkeypatch.setenv("LC_ALL", "en_CA.UTF-8")
    report(db, "-o", "ca.docx")
    assert docx.Document("ca.docx").sections[0].page_width == Inches(8.5)


def test_an_unknown_paper_is_one_sentence_and_no_file(db: Path):
    result = CliRunner().invoke(main, ["--db", str(db), "report", "-o", "x.docx", "--paper", "a5"])
    assert result.exit_code == 2 and "a5" in result.output and "Traceback" not in result.output
    assert not Path("x.docx").exists()
