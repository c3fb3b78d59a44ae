"""Consent scope reaches every export: quotes go only as far as the participant agreed.

notes-only keeps verbatim quotes out of everything; internal allows them in the
ordinary (internal) exports; ``--external`` ("this document leaves the company")
keeps them only from sessions whose scope is external, and says so in the file
and on stderr. Every format is read back as raw text, so nothing can hide in a
field a writer does not print (the JSON carries every statement).
"""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.export import export_session, export_synthesis
from interview.store import Store

from test_export_fixtures import make_session

QUOTE = "took forever to reconcile the bank feeds"  # a kind=quote note (the participant's words)
PARAPHRASE = "keep a spreadsheet of every mismatch"  # a participant note
OWN_WORDS = "runs month-end close"  # the interviewer's own note: never withheld
FORMATS = ("docx", "md", "json")


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "x.db") as s:
        yield s


@pytest.fixture(autouse=True)
def _no_user_guides(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))


def text_of(path: Path) -> str:
    """Everything a reader (or a script) could get out of the file, docx included."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return path.read_text(encoding="utf-8")


def session_exports(store: Store, sid: str, folder: Path, *, external: bool) -> dict[str, str]:
    out = {}
    for fmt in FORMATS:
        notices: list[str] = []
        path = export_session(store, sid, folder / f"s-{external}.{fmt}", fmt=fmt, external=external, notices=notices)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        out[fmt] = text_of(path) + "\n" + "\n".join(notices)
    return out


@pytest.mark.parametrize(
    ("scope", "given", "internal_quotes", "external_quotes"),
    [
        ("notes-only", True, False, False),
        ("internal", True, True, False),
        ("external", True, True, True),
        ("external", False, True, False),  # a scope picked but consent never recorded: not for outsiders
    ],
)
def test_session_export_keeps_quotes_only_within_the_consent_scope(store, tmp_path, scope, given, internal_quotes,
                                                                   external_quotes):
    sid = make_session(store, scope=scope)
    if not given:
        store.set_consent(sid, False, scope)
    for external, allowed in ((False, internal_quotes), (True, external_quotes)):
        for fmt, text in session_exports(store, sid, tmp_path, external=external).items():
            assert (QUOTE in text) is allowed, (fmt, external)
            assert (PARAPHRASE in text) is allowed, (fmt, external)
            assert OWN_WORDS in text, fmt
            said = "verbatim quotes are not included" in text
            assert said is not allowed, (fmt, external)


def test_external_export_names_the_reason_in_the_document(store, tmp_path):
    sid = make_session(store, scope="internal")
    text = session_exports(store, sid, tmp_path, external=True)["md"]
    assert "This document is for sharing outside the company, and consent covers internal use only" in text
    assert "6 verbatim quotes were left out" in text
    store.set_consent(sid, False, "internal")
    path = export_session(store, sid, tmp_path / "none.md", fmt="md", external=True)
    assert "no consent to share outside it was recorded" in path.read_text()


def test_synthesis_external_quotes_only_external_sessions_and_leaks_nothing(store, tmp_path):
    inside = make_session(store, scope="internal", name="Ana López", title="Inside only")
    outside = make_session(store, scope="external", name="Bea Ortiz", company="Northwind Ltd", title="Shareable")
    assert inside != outside
    for fmt in FORMATS:
        notices: list[str] = []
        internal = text_of(export_synthesis(store, tmp_path / f"in.{fmt}", fmt=fmt, notices=notices))
        assert internal.count("Last time we closed the books") >= 2, fmt  # both sessions quoted inside the company
        assert notices == []
        path = export_synthesis(store, tmp_path / f"out.{fmt}", fmt=fmt, external=True, notices=notices)
        shared = text_of(path)
        assert "Shareable" in shared and "Inside only" in shared  # both sessions are still read and counted
        if fmt == "json":  # every statement is listed: only the external session's carry words
            statements = [st for theme in json.loads(shared)["themes"] for st in theme["statements"]]
            assert {st["session_id"] for st in statements} == {inside, outside}
            assert all(bool(st["quote"]) is (st["session_id"] == outside) for st in statements)
            assert '"withheld_sessions": 1' in shared and '"external": true' in shared
        else:
            # only the external session's quote: once in the executive summary, once in its theme
            assert shared.count("Last time we closed the books") == 2, fmt
            assert "allow no quotes outside the company: their quotes are not shown" in shared, fmt
        assert notices == ["Consent: 1 session(s) allow no quotes outside the company: their quotes are not shown."]


def test_notes_only_synthesis_json_carries_no_withheld_words(store, tmp_path):
    make_session(store, scope="notes-only")
    text = text_of(export_synthesis(store, tmp_path / "n.json", fmt="json"))
    assert "reconcile the bank feeds" not in text and "Reconciling is so slow" not in text
    assert '"withheld_sessions": 1' in text


def test_cli_external_flag_says_so_on_stderr_and_in_the_file(tmp_path, monkeypatch):
    db = tmp_path / "cli.db"
    with Store(db) as store:
        make_session(store, scope="internal")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(main, ["--db", str(db), "export", "last", "-o", "plain.md"])
    assert plain.exit_code == 0 and plain.stderr == "" and QUOTE in Path("plain.md").read_text()
    shared = runner.invoke(main, ["--db", str(db), "export", "last", "-o", "out.md", "--external"])
    assert shared.exit_code == 0, shared.output
    assert "consent covers internal use only: verbatim quotes are not included" in shared.stderr
    assert shared.stdout.startswith("Wrote ") and QUOTE not in Path("out.md").read_text()
    report = runner.invoke(main, ["--db", str(db), "report", "-o", "r.md", "--external"])
    assert report.exit_code == 0, report.output
    assert "allow no quotes outside the company" in report.stderr
    assert "Last time we closed the books" not in Path("r.md").read_text()
    assert "--external" in runner.invoke(main, ["export", "--help"]).output
