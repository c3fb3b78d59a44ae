"""`interview handoff`: issue drafts an engineer can paste, import into Jira or Linear, or script against.

Every quote in every format traces to a stored note; redaction and consent scope apply
as for `interview report`; bad input is one sentence and a non-zero exit.
"""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.export.textmap import clean
from interview.store import Store

from test_export_fixtures import make_session

# What each importer documents as the columns it needs: Jira's a Summary; Linear's a Title (and reads
# Description and Labels); GitHub/GitLab-style tools title and description.
JIRA_REQUIRED = {"Summary"}
LINEAR_COLUMNS = {"Title", "Description", "Labels"}


@pytest.fixture(autouse=True)
def _no_user_guides(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Three interviews (two segments) that share the bank-feed problem."""
    path = tmp_path / "h.db"
    with Store(path) as store:
        make_session(store, name="Ana López", title="Closing the books", segment="mid-market")
        make_session(store, name="Bea Ortiz", company="Northwind Ltd", email="bea@northwind.example",
                     title="Month-end at Northwind", segment="enterprise")
        make_session(store, name="Cy Park", company="Globex Corp", email="cy@globex.example",
                     title="Close with Cy", segment="mid-market")
    return path


def run(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), "handoff", *args])


def stored_note_texts(db: Path) -> dict[str, str]:
    with Store(db) as store:
        return {n.id: clean(n.text) for s in store.list_sessions() for n in store.notes_for_session(s.id)}


def test_markdown_drafts_one_file_per_theme_with_every_part_an_engineer_needs(db: Path, tmp_path: Path):
    result = run(db, "-o", "drafts")
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "drafts").glob("*.md"))
    assert files and result.stdout.startswith(f"Wrote {len(files)} draft")
    assert all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files)
    first = files[0].read_text(encoding="utf-8")
    assert first.startswith("# ")
    for heading in ("**Problem:**", "## Who has it", "## What customers said", "## Workarounds today",
                    "## Emotions", "## Evidence strength", "## Not known yet"):
        assert heading in first, heading
    assert "3 of 3 participants" in first
    assert "Interviewees by segment: mid-market 2, enterprise 1" in first
    assert first.count("\n> — ") >= 3  # three quotes, each attributed
    assert "keep a spreadsheet of every mismatch" in first  # the workaround each of them told
    assert "frustration" in first
    assert "_Rule: strong:" in first


def test_every_quote_in_every_format_traces_to_a_stored_note(db: Path, tmp_path: Path):
    notes = stored_note_texts(db)
    assert run(db, "-o", "h.json").exit_code == 0
    data = json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))
    assert data["format"] == "interview.handoff" and data["drafts"]
    quotes = [q for d in data["drafts"] for q in d["quotes"]]
    assert quotes and all(q["text"] == notes[q["note_id"]] for q in quotes)
    assert all(3 <= len(d["quotes"]) <= 5 for d in data["drafts"] if d["statement_count"] >= 3)
    # Markdown: each quote's reference names the note it came from, and the quote is that note's text.
    assert run(db, "-o", "all.md").exit_code == 0
    md = (tmp_path / "all.md").read_text(encoding="utf-8")
    for q in quotes:
        assert f"note {q['note_id'][:8]}" in md
    quoted = [line[2:] for line in md.splitlines() if line.startswith("> ") and not line.startswith("> — ")]
    assert quoted and all(any(line.replace("\\", "") in text for text in notes.values()) for line in quoted)


def test_csv_opens_with_the_csv_module_and_has_the_importers_columns(db: Path, tmp_path: Path):
    result = run(db, "--format", "csv", "-o", "issues.csv")
    assert result.exit_code == 0, result.output
    with open(tmp_path / "issues.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        rows = list(reader)
    assert JIRA_REQUIRED <= set(header) and LINEAR_COLUMNS <= set(header)
    assert len(header) == len(set(header))  # no duplicate column a DictReader (or Linear) would collapse
    assert all(h.replace(" ", "").isalnum() for h in header)  # Jira: no punctuation in the header
    assert rows and all(r["Summary"] and r["Summary"] == r["Title"] for r in rows)
    assert all(r["Labels"].startswith("customer-research evidence-") for r in rows)
    assert all(" " not in label and "," not in label for r in rows for label in r["Labels"].split())
    notes = stored_note_texts(db)
    body = rows[0]["Description"]
    assert "## What customers said" in body and "\n" in body  # multi-line cell survived quoting
    refs = [line for line in body.splitlines() if line.startswith("> — ")]
    assert refs and all(any(f"note {nid[:8]}" in ref for nid in notes) for ref in refs)


def test_theme_option_picks_drafts_and_bad_references_are_one_sentence(db: Path, tmp_path: Path):
    assert run(db, "--theme", "1", "-o", "one.json").exit_code == 0
    assert [d["number"] for d in json.loads((tmp_path / "one.json").read_text())["drafts"]] == [1]
    for bad in ("999", "zz-not-an-id", ""):
        result = run(db, "--theme", bad, "-o", f"bad{bad}.json")
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "--theme" in result.output and "matches no theme" in result.output
        assert not (tmp_path / f"bad{bad}.json").exists()


def test_existing_files_are_never_overwritten_without_force(db: Path, tmp_path: Path):
    (tmp_path / "issues.csv").write_text("keep me", encoding="utf-8")
    result = run(db, "-o", "issues.csv")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (tmp_path / "issues.csv").read_text() == "keep me"
    assert run(db, "-o", "issues.csv", "--force").exit_code == 0
    (tmp_path / "afile").write_text("x")
    result = run(db, "--format", "md", "-o", "afile")
    assert result.exit_code == 1 and "is a file" in result.output


def test_redact_replaces_names_in_every_draft(db: Path, tmp_path: Path):
    assert run(db, "--redact", "-o", "r.json").exit_code == 0
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    for name in ("Ana", "López", "Bea", "Ortiz", "Northwind", "ana.lopez@acme.com"):
        assert name not in text, name
    assert "Participant 1" in text and '"redacted": true' in text


def test_external_refuses_quotes_beyond_consent(tmp_path: Path):
    path = tmp_path / "c.db"
    with Store(path) as store:
        make_session(store, scope="internal", name="Ana López", title="Inside only")
        make_session(store, scope="external", name="Bea Ortiz", company="Northwind Ltd", title="Shareable")
    result = run(path, "--external", "-o", "ext.json")
    assert result.exit_code == 0, result.output
    assert "do not allow quotes" in result.stderr
    data = json.loads((tmp_path / "ext.json").read_text(encoding="utf-8"))
    quotes = [q for d in data["drafts"] for q in d["quotes"]]
    assert quotes and {q["session_title"] for q in quotes} == {"Shareable"}
    text = (tmp_path / "ext.json").read_text(encoding="utf-8")
    assert "Ana López" not in text or "Inside only" in text  # counted, never quoted
    assert any("not quoted here: consent" in u for d in data["drafts"] for u in d["unknowns"])


def test_nothing_to_hand_off_is_one_sentence(tmp_path: Path):
    path = tmp_path / "empty.db"
    Store(path).close()
    result = run(path, "-o", "x.csv")
    assert result.exit_code == 1 and "no themes to hand off" in result.output
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("args, message", [
    (["-o", "missing/dir/issues.csv"], "does not exist"),
    (["-o", "missing/drafts"], "does not exist"),
    (["--since", "last tuesday", "-o", "x.csv"], "--since must be a date"),
    (["--format", "xlsx"], "Invalid value for '--format'"),
    (["--source", "Nope", "-o", "x.csv"], "no feedback source is named 'Nope'"),
])
def test_malformed_options_are_one_sentence_and_write_nothing(db: Path, tmp_path: Path, args, message):
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(db, *args)
    assert result.exit_code in (1, 2) and message in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_evidence_strength_counts_interviews_and_names_the_rule(db: Path, tmp_path: Path):
    assert run(db, "-o", "s.json").exit_code == 0
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    first = data["drafts"][0]
    assert first["strength"] == "strong"  # three participants, each telling the last close
    assert first["strength_reason"].startswith("3 participants, 3 specific past events")
    assert "Imported feedback is volume" in data["strength_rule"]
