"""After `participants forget`, the app shows no trace of the person (issue 17, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable

from interview.app import InterviewApp
from interview.cli import main
from interview.screens.home import delete_question
from interview.store import Store


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    path = tmp_path / "x.db"
    with Store(path) as store:
        for name, tag in (("Marco Bianchi", "marco-payouts"), ("Dana Ruiz", "billing")):
            person = store.add_participant(name)
            sid = store.create_session(title=f"Problem discovery — {name}", participant_id=person.id).id
            store.add_note(sid, f"{name.split()[0]} splits payouts by hand", tags=[tag])
    return path


async def test_forgetting_with_notes_leaves_no_empty_tags_and_a_readable_delete_prompt(db: Path):
    result = CliRunner().invoke(main, ["--db", str(db), "participants", "forget", "Marco Bianchi", "--with-notes", "-y"])
    assert result.exit_code == 0, result.output
    assert "1 mention of their name, e-mail or company replaced; 1 note and 0 ideas deleted" in result.output
    with Store(db) as store:
        app = InterviewApp(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            assert shown == ["#billing"]
        forgotten = next(r for r in store.list_sessions() if "Dana" not in r.title)
        question = delete_question(forgotten)
    assert "with  and" not in question and "“Problem discovery — ”" not in question
    assert question.startswith("Delete the session “Problem discovery” (\\[forgotten participant]")
    assert "It has no notes." in question
