"""`interview search` as a researcher types it: words, phrases, filters, bad queries, --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.store import Store
from review_sample import build_sample


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "user-guides"))
    path = tmp_path / "research.db"
    with Store(path) as store:
        build_sample(store)
    return path


def search(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), "search", *args], catch_exceptions=False)


def test_words_find_notes_grouped_by_session_with_marked_snippets(db: Path):
    result = search(db, "spreadsheet")
    assert result.exit_code == 0
    assert "Closing the books" in result.output and "Small business books" in result.output
    assert "2 notes in 2 sessions" in result.output
    assert "#manual-work" in result.output


def test_phrase_prefix_or_and_exclusion(db: Path):
    assert "nine days" in search(db, '"nine days"').output
    assert "No notes match" in search(db, '"days nine"').output
    assert "2 notes" in search(db, "spread*").output
    out = search(db, "csv", "OR", "invoice", "-match").output
    assert "unmatched invoices" in out and "match themselves" not in out


def test_options_filter_by_tag_label_guide_participant_and_dates(db: Path):
    assert "1 note in 1 session" in search(db, "spreadsheet", "--participant", "ben").output
    assert "1 note in 1 session" in search(db, "spreadsheet", "--since", "2024-04-01").output
    assert "1 note in 1 session" in search(db, "spreadsheet", "--until", "2024-03-31").output
    out = search(db, "--label", "need").output
    assert "unmatched invoices" in out and "1 note" in out
    out = search(db, "--kind", "worry").output
    assert "duplicate payment" in out and "1 note" in out
    assert "4 notes" in search(db, "--guide", "month", "--segment", "mid-market", "-spreadsheet").output
    assert "2 notes in 2 sessions" in search(db, "--tag", "#Spreadsheet").output


def test_field_tokens_in_the_query_work_like_options(db: Path):
    assert "1 note in 1 session" in search(db, "tag:spreadsheet", 'participant:"Ana López"').output


@pytest.mark.parametrize("query", ['"unbalanced', "-", "AND", "*", "OR OR", "NOT", '""', "(", "a:b:c", "^", "NEAR("])
def test_malformed_queries_never_traceback(db: Path, query: str):
    result = search(db, query)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 2)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert "say what to search for" in result.output


def test_bad_filter_values_get_one_sentence(db: Path):
    result = search(db, "x", "--label", "pain")
    assert result.exit_code == 2 and "'pain' is not a label" in result.output
    result = search(db, "x", "--since", "last week")
    assert result.exit_code == 2 and "needs a date like" in result.output
    result = search(db, "x", "--since", "2024-05-01", "--until", "2024-01-01")
    assert result.exit_code == 2 and "after until" in result.output


def test_no_match_says_so(db: Path):
    result = search(db, "zebra")
    assert result.exit_code == 0 and "No notes match" in result.output


def test_json_output_lists_hits_with_session_and_snippet(db: Path):
    result = search(db, "spreadsheet", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.output)
    assert len(hits) == 2
    assert {h["session_title"] for h in hits} == {"Closing the books", "Small business books"}
    assert all("[spreadsheet]" in h["snippet"] for h in hits)
    assert {h["participant"] for h in hits} == {"Ana López", "Ben Okafor"}
    assert hits[0]["note"]["text"] and hits[0]["session_id"] == hits[0]["note"]["session_id"]
    assert json.loads(search(db, "zebra", "--json").output) == []


def test_missing_database_folder_is_one_sentence(tmp_path: Path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "nope" / "x.db"), "search", "a"])
    assert result.exit_code == 1 and "does not exist" in result.output and "Traceback" not in result.output
