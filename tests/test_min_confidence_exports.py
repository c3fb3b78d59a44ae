"""`--min-confidence` on `export` (every format) and `report`: less sure highlights stay out, as in `highlight`."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.export.qdpx_read import read_qdpx
from interview.models import Highlight
from interview.store import Store

SURE = "the bank feeds never reconcile"
UNSURE = "the approvals take a week"
UNKNOWN = "the export drops columns"


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> tuple[Path, str]:
    """One session with three accepted problems: confidence .9, .4 and unknown (an older row)."""
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    path = tmp_path / "mc.db"
    monkeypatch.setenv("INTERVIEW_DB", str(path))
    with Store(path) as store:
        person = store.add_participant("Ana López", company="Acme")
        session = store.create_session(title="Close", participant_id=person.id, interviewer="Sam",
                                       consent_given=True, consent_scope="internal")
        for offset, (words, confidence) in enumerate(((SURE, 0.9), (UNSURE, 0.4), (UNKNOWN, None))):
            text = f"Honestly {words}."
            note = store.add_note(session.id, text, speaker="participant", offset_seconds=60.0 * offset)
            start = text.index(words)
            found = Highlight(start=start, end=start + len(words), label="problem", text=words, rule="test",
                              confidence=confidence)
            store.replace_auto_highlights(note.id, [found], "test-1")
            for h in store.get_note(note.id).highlights:
                store.set_highlight_status(h.id, "accepted", "tester")
    return path, session.id


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def exported_problems(path: Path) -> list[str]:
    return [f["text"] for f in json.loads(path.read_text())["problems"]]


def test_export_json_leaves_out_highlights_below_the_threshold(db, tmp_path):
    _, sid = db
    everything, sure = tmp_path / "all.json", tmp_path / "sure.json"
    assert run("export", sid, "-o", str(everything)).exit_code == 0
    result = run("export", sid, "-o", str(sure), "--min-confidence", "0.5")
    assert result.exit_code == 0, result.output
    assert sorted(exported_problems(everything)) == sorted([SURE, UNSURE, UNKNOWN])
    assert exported_problems(sure) == [SURE]  # an unknown confidence counts as unsure
    data = json.loads(sure.read_text())
    assert data["min_confidence"] == 0.5
    spans = [s for section in data["sections"] for q in section["questions"] for n in q["notes"] for s in n["spans"]]
    assert [s["text"] for s in spans] == [SURE]
    assert data["note_count"] == 3  # the notes stay; only their highlights go


def test_export_markdown_and_word_say_the_threshold_and_keep_only_sure_highlights(db, tmp_path):
    _, sid = db
    assert run("export", sid, "-o", str(tmp_path / "s.md"), "--min-confidence", "0.85").exit_code == 0
    md = (tmp_path / "s.md").read_text()
    assert f"**{SURE}**" in md and f"**{UNSURE}**" not in md and "confidence ≥ 0.85" in md
    assert run("export", sid, "-o", str(tmp_path / "s.docx"), "--min-confidence", "0.85").exit_code == 0
    document = docx.Document(str(tmp_path / "s.docx"))
    texts = [p.text for p in document.paragraphs]
    assert any("confidence ≥ 0.85" in t for t in texts)
    findings = texts[: texts.index("Notes")]
    assert any(SURE in t for t in findings) and not any(UNSURE in t for t in findings)


def test_export_qdpx_codes_only_sure_highlights(db, tmp_path):
    _, sid = db
    target = tmp_path / "p.qdpx"
    result = run("export", sid, "--format", "qdpx", "-o", str(target), "--min-confidence", "0.3")
    assert result.exit_code == 0, result.output
    project = read_qdpx(target)
    coded = sorted(source.quoted(sel) for source in project.sources for sel in source.selections)
    assert coded == sorted([SURE, UNSURE])


def test_report_counts_only_sure_problem_statements(db, tmp_path):
    everything, sure = tmp_path / "all.json", tmp_path / "sure.json"
    assert run("report", "-o", str(everything)).exit_code == 0
    assert run("report", "-o", str(sure), "--min-confidence", "0.5").exit_code == 0
    assert json.loads(everything.read_text())["statement_count"] == 3
    data = json.loads(sure.read_text())
    assert data["statement_count"] == 1 and data["min_confidence"] == 0.5
    assert run("report", "-o", str(tmp_path / "r.md"), "--min-confidence", "0.5").exit_code == 0
    assert "confidence ≥ 0.5" in (tmp_path / "r.md").read_text()


@pytest.mark.parametrize("command", [("export", "last"), ("report",)])
@pytest.mark.parametrize("value", ["1.5", "-0.1", "sure", "nan"])
def test_a_bad_threshold_is_one_sentence_and_writes_nothing(db, tmp_path, command, value):
    target = tmp_path / "out.json"
    result = CliRunner().invoke(main, [*command, "-o", str(target), "--min-confidence", value])
    assert result.exit_code == 2 and "--min-confidence" in result.output
    assert "Traceback" not in result.output and not target.exists()


def test_highlight_refuses_nan_as_a_threshold():
    result = CliRunner().invoke(main, ["highlight", "--min-confidence", "nan", "-"], input="so frustrated\n")
    assert result.exit_code == 2 and "not a number from 0 to 1" in result.output
