"""`interview run`: a session is created from the command line and the app opens on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.guides import guide_from_dict
from interview.store import Store

GUIDE = """\
---
title: Billing pains
variables:
  product: invoices
  team: finance
---
## Context (5 min)
- Tell me about the last time you dealt with {product}.
  - Who in {team} was involved?
"""


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A private guides folder and database, and run_app replaced by a recorder."""
    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "billing.md").write_text(GUIDE, encoding="utf-8")
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(guides))
    db = tmp_path / "run.db"
    monkeypatch.setenv("INTERVIEW_DB", str(db))
    opened: list[str | None] = []
    import interview.commands.app as app_module

    monkeypatch.setattr(app_module, "run_app", lambda config, *, live_session_id=None: opened.append(live_session_id))
    return db, opened


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_run_creates_session_with_consent_and_opens_live_screen(env):
    db, opened = env
    result = invoke("run", "billing", "--participant", "Ana López", "--consent", "--interviewer", "Sam",
                    "--role", "Controller", "--company", "Acme", "--scope", "external", "--var", "product=receipts")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        [row] = store.list_sessions()
        session = store.get_session(row.id)
        assert opened == [session.id]
        assert session.title == "Billing pains — Ana López"
        assert session.status == "planned" and session.interviewer == "Sam"
        assert session.consent_given and session.consent_at and session.consent_scope == "external"
        assert session.variables == {"product": "receipts", "team": "finance"}
        guide = guide_from_dict(store.session_guide(session.id))
        _, question = next(guide.questions())
        assert question.text == "Tell me about the last time you dealt with receipts."
        assert question.probes == ("Who in finance was involved?",)
        person = store.get_participant(session.participant_id)
        assert (person.name, person.role, person.company) == ("Ana López", "Controller", "Acme")
        assert store.get_setting("interviewer") == "Sam"


def test_run_reuses_participant_and_remembers_interviewer(env):
    db, opened = env
    assert invoke("run", "billing", "-p", "Ana López", "--interviewer", "Sam").exit_code == 0
    result = invoke("run", str(Path(env[0]).parent / "guides" / "billing.md"), "-p", "ana lópez")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        first, second = (store.get_session(r.id) for r in reversed(store.list_sessions()))
        assert first.participant_id == second.participant_id
        assert second.interviewer == "Sam"
        assert not second.consent_given and second.consent_at is None
        assert second.consent_scope == "internal"
    assert len(opened) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "nosuch", "-p", "Ana"], "unknown guide 'nosuch'"),
        (["run", "billing", "-p", "Ana", "--var", "prodct=x"], "has no variable prodct (it declares product, team)"),
        (["run", "billing", "-p", "Ana", "--var", "product"], "--var 'product' must look like name=value"),
        (["run", "billing", "-p", "  "], "--participant needs a name"),
        (["run", "/nowhere/guide.md", "-p", "Ana"], "file not found"),
    ],
)
def test_bad_input_is_one_sentence_and_creates_nothing(env, args, message):
    db, opened = env
    result = invoke(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert opened == []
    with Store(db) as store:
        assert store.list_sessions() == []


def test_broken_guide_names_file_and_line(env, tmp_path: Path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\n## A\n- Tell me\n", encoding="utf-8")
    result = invoke("run", str(bad), "-p", "Ana")
    assert result.exit_code == 1
    assert "bad.md" in result.output and "Traceback" not in result.output


def test_missing_participant_option_is_refused(env):
    result = invoke("run", "billing")
    assert result.exit_code == 2 and "--participant" in result.output
