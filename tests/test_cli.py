"""The foundation's commands, driven through click's CliRunner as a user would type them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview import __version__
from interview.cli import main
from interview.store import Store


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "user-guides"))
    monkeypatch.setenv("INTERVIEW_DB", str(tmp_path / "env.db"))


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_guides_list_shows_every_bundled_guide():
    result = run("guides", "list")
    assert result.exit_code == 0
    for name in ("problem-discovery", "jtbd-switch", "churn", "onboarding", "co-creation-workshop"):
        assert name in result.output


def test_guides_list_json_includes_user_guides_and_broken_ones(tmp_path: Path):
    user_dir = tmp_path / "user-guides"
    user_dir.mkdir()
    (user_dir / "mine.md").write_text("---\ntitle: Mine\n---\n## Start\n- Tell me about the last time it broke.\n")
    (user_dir / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    result = run("guides", "list", "--json")
    assert result.exit_code == 0
    entries = {e["name"]: e for e in json.loads(result.output)}
    assert entries["mine"]["source"] == "user" and entries["mine"]["questions"] == 1
    assert entries["broken"]["error"] and "broken.md" in entries["broken"]["error"]
    assert entries["problem-discovery"]["minutes"]


def test_guides_show_fills_defaults_and_lists_questions():
    result = run("guides", "show", "problem-discovery")
    assert result.exit_code == 0
    assert "Problem discovery" in result.output
    assert "{topic}" not in result.output
    assert "last time" in result.output.lower()


def test_guides_show_unknown_name_is_one_sentence():
    result = run("guides", "show", "no-such-guide")
    assert result.exit_code == 1
    assert "no-such-guide" in result.output and "Traceback" not in result.output


def test_guides_lint_bundled_guides_clean():
    result = run("guides", "lint")
    assert result.exit_code == 0, result.output


def test_guides_lint_reports_file_line_rule_and_exits_1(tmp_path: Path):
    guide = tmp_path / "bad.md"
    guide.write_text(
        "---\ntitle: Bad\n---\n## Ideas\n- Would you use a feature that syncs invoices?\n"
        "- What features should we add?\n"
    )
    result = run("guides", "lint", str(guide))
    assert result.exit_code == 1
    assert f"{guide}:5:" in result.output and "hypothetical" in result.output
    assert "feature-ask" in result.output
    as_json = run("guides", "lint", "--format", "json", str(guide))
    assert as_json.exit_code == 1
    findings = json.loads(as_json.output)
    assert {"path", "line", "rule", "severity", "message", "hint"} <= set(findings[0])
    assert any(f["rule"] == "hypothetical" and f["line"] == 5 for f in findings)


def test_guides_lint_parse_error_is_reported_not_raised(tmp_path: Path):
    guide = tmp_path / "broken.md"
    guide.write_text("---\ntitle: Broken\nkind: podcast\n---\n## A\n- What happened?\n")
    result = run("guides", "lint", str(guide))
    assert result.exit_code == 1
    assert "broken.md" in result.output and "Traceback" not in result.output


def test_guides_new_writes_a_starter_that_lints_clean(tmp_path: Path):
    target = tmp_path / "my-guide.md"
    result = run("guides", "new", str(target))
    assert result.exit_code == 0 and target.exists()
    assert run("guides", "lint", str(target)).exit_code == 0
    again = run("guides", "new", str(target))
    assert again.exit_code == 1 and "already exists" in again.output
    assert run("guides", "new", str(target), "--force").exit_code == 0
    missing = run("guides", "new", str(tmp_path / "nope" / "g.md"))
    assert missing.exit_code == 1 and "does not exist" in missing.output


def _seed(path: Path) -> tuple[str, str]:
    with Store(path) as store:
        person = store.add_participant("Ana López", company="Acme")
        first = store.create_session(title="First call", guide_name="problem-discovery", participant_id=person.id)
        store.start_session(first.id)
        store.add_note(first.id, "Closing takes four days", question_id="q-x", speaker="participant", tags=["closing"])
        store.end_session(first.id)
        second = store.create_session(title="Second call", guide_name="churn")
    return first.id, second.id


def test_sessions_list_table_and_json(tmp_path: Path):
    db = tmp_path / "s.db"
    first, second = _seed(db)
    table = run("--db", str(db), "sessions", "list")
    assert table.exit_code == 0
    assert first[:8] in table.output and "Ana López" in table.output and "First call" in table.output
    assert table.output.index("Second call") < table.output.index("First call")
    rows = json.loads(run("--db", str(db), "sessions", "list", "--json").output)
    assert [r["id"] for r in rows] == [second, first]
    assert rows[1]["note_count"] == 1 and rows[1]["status"] == "done"


def test_sessions_list_uses_interview_db_env(tmp_path: Path):
    _seed(tmp_path / "env.db")
    rows = json.loads(run("sessions", "list", "--json").output)
    assert len(rows) == 2


def test_sessions_list_empty_database_says_what_to_do(tmp_path: Path):
    result = run("--db", str(tmp_path / "new.db"), "sessions", "list")
    assert result.exit_code == 0 and "No sessions yet" in result.output


def test_sessions_show_by_prefix_last_and_json(tmp_path: Path):
    db = tmp_path / "s.db"
    first, second = _seed(db)
    shown = run("--db", str(db), "sessions", "show", first[:6])
    assert shown.exit_code == 0 and "Closing takes four days" in shown.output and "#closing" in shown.output
    last = json.loads(run("--db", str(db), "sessions", "show", "last", "--json").output)
    assert last["session"]["id"] == second
    full = json.loads(run("--db", str(db), "sessions", "show", first, "--json").output)
    assert full["participant"]["name"] == "Ana López"
    assert full["notes"][0]["tags"] == ["closing"]


def test_sessions_show_unknown_id(tmp_path: Path):
    db = tmp_path / "s.db"
    _seed(db)
    result = run("--db", str(db), "sessions", "show", "ffffffff")
    assert result.exit_code == 1 and "no session matches" in result.output


def test_bad_database_file_is_one_sentence(tmp_path: Path):
    db = tmp_path / "notes.txt"
    db.write_text("not a database at all, just some text that is long enough\n")
    result = run("--db", str(db), "sessions", "list")
    assert result.exit_code == 1
    assert "not an interview database" in result.output and "Traceback" not in result.output
    assert db.read_text().startswith("not a database")


def test_database_in_missing_folder_is_one_sentence(tmp_path: Path):
    result = run("--db", str(tmp_path / "no" / "such" / "x.db"), "sessions", "list")
    assert result.exit_code == 1 and "does not exist" in result.output


def test_readme_guide_example_parses_and_lints_clean(tmp_path: Path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```markdown\n", 1)[1].split("```", 1)[0]
    guide = tmp_path / "example.md"
    guide.write_text(example, encoding="utf-8")
    result = run("guides", "lint", str(guide))
    assert result.exit_code == 0, result.output


def test_sessions_analyze_stores_suggestions_and_keeps_decisions(tmp_path: Path):
    db = tmp_path / "a.db"
    with Store(db) as store:
        session = store.create_session(title="Analyse me")
        note = store.add_note(session.id, "Honestly it takes forever to reconcile the invoices and it drives me crazy.",
                              speaker="participant")
        thanks = store.add_note(session.id, "Thanks for your time today, I love hearing how the close goes.",
                                speaker="interviewer")
    first = run("--db", str(db), "sessions", "analyze", "last")
    assert first.exit_code == 0, first.output
    with Store(db) as store:
        assert store.get_note(thanks.id).highlights == []  # the interviewer's own words are not analysed
        highlights = store.get_note(note.id).highlights
        assert {h.label for h in highlights} >= {"problem"}
        assert all(h.status == "suggested" and h.model_version for h in highlights)
        problem = next(h for h in highlights if h.label == "problem")
        store.set_highlight_status(problem.id, "rejected", reviewer="Kim")
    again = run("--db", str(db), "sessions", "analyze", "--all")
    assert again.exit_code == 0 and "Analysed 2 notes in 1 session" in again.output
    with Store(db) as store:
        after = [h for h in store.get_note(note.id).highlights if h.label == "problem"]
        assert after and after[0].status == "rejected" and after[0].reviewer == "Kim"


def test_sessions_analyze_needs_a_session_or_all(tmp_path: Path):
    result = run("--db", str(tmp_path / "a.db"), "sessions", "analyze")
    assert result.exit_code == 2 and "--all" in result.output


def test_every_registered_command_loads_and_has_help():
    from interview.cli import COMMANDS

    for name in COMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0, (name, result.output)
        assert "Usage: " in result.output


def test_starting_the_cli_imports_no_subcommand_module():
    import subprocess
    import sys

    code = (
        "import sys, interview.cli; "
        "loaded = [m for m in sys.modules if m.startswith('interview.commands.') and m != 'interview.commands.common']; "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_database_error_in_any_command_is_one_sentence(tmp_path: Path):
    db = tmp_path / "s.db"
    _seed(db)
    for args in (("export", "ffffffff"), ("participants", "show", "nobody"), ("sessions", "analyze", "ffffffff"),
                 ("participants", "forget", "nobody", "--yes")):
        result = CliRunner().invoke(main, ["--db", str(db), *args])
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: ") and "Traceback" not in result.output, (args, result.output)
        assert "no session matches" in result.output or "no participant matches" in result.output
