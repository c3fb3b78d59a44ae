"""`interview` never opens a network connection.

Every way out of the process (connect, connect_ex, sendto, create_connection,
getaddrinfo) is replaced with one that records the attempt and fails, in this
process; then the CLI and the app are used end to end: guides, a live session
through the Pilot with the real highlighter, exports in every format, a report,
search, highlight, transcript import, merge, backup. Not one attempt may be made.
"""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.store import Store

from waiting import until

TRANSCRIPT = Path(__file__).parent / "data" / "transcripts" / "zoom.vtt"


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The network, unplugged: each attempt is recorded and fails like an offline machine."""
    made: list[str] = []

    def refuse(name: str):
        def blocked(*args, **kwargs):
            made.append(f"{name}{args!r:.120}")
            raise OSError(f"network blocked by the test ({name})")
        return blocked

    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    return made


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    monkeypatch.setenv("INTERVIEW_DB", str(tmp_path / "never-used.db"))
    monkeypatch.chdir(tmp_path)


def cli(*args: str, input: str | None = None, ok: tuple[int, ...] = (0,)) -> str:
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exit_code in ok, (args, result.output, result.exception)
    return result.output


def test_the_block_is_real(attempts: list[str]):
    """If this passed without a recorded attempt, the test below would prove nothing."""
    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.com", timeout=1)
    with socket.socket() as raw, pytest.raises(OSError):
        raw.connect(("127.0.0.1", 9))
    with pytest.raises(OSError):
        socket.getaddrinfo("example.com", 443)
    assert [a.split("(")[0] for a in attempts] == ["create_connection", "socket.connect", "getaddrinfo"]


async def run_live_session(db: Path) -> str:
    """A PM's session in the app: notes typed, the real highlighter loaded and applied, the session ended."""
    from textual import events

    from interview.app import InterviewApp
    from interview.guides import guide_hash, guide_to_dict, resolve_guide

    guide = resolve_guide("problem-discovery")
    with Store(db) as store:
        person = store.add_participant("Ana López", company="Acme")
        session = store.create_session(
            title="Month-end close", guide=guide_to_dict(guide), guide_name=guide.name, guide_hash=guide_hash(guide),
            participant_id=person.id, consent_given=True, consent_scope="external",
        )
    store = Store(db)
    app = InterviewApp(store, live_session_id=session.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for text in ('"Exporting the ledger is painful and I am so frustrated every month" #closing',
                     "We keep a spreadsheet to work around the missing bank feed",
                     "i: asked when it last happened"):
            app.post_message(events.Paste(text))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        await until(pilot, lambda: any(n.highlights for n in store.notes_for_session(session.id)),
                    "the suggestions of spaCy, which loads in a worker after first paint")
        await pilot.press("escape")  # end the session: asks first
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    notes = store.notes_for_session(session.id)
    assert len(notes) == 3 and any(h.label == "problem" for n in notes for h in n.highlights)
    assert store.get_session(session.id).status == "done"
    store.close()
    return session.id


async def test_every_flow_runs_with_the_network_unplugged(attempts: list[str], tmp_path: Path):
    db = tmp_path / "offline.db"
    cli("guides", "list")
    cli("guides", "show", "churn")
    cli("guides", "lint")
    cli("guides", "lint", "--format", "json")
    cli("guides", "new", str(tmp_path / "mine.md"))

    session_id = await run_live_session(db)

    for fmt in ("docx", "md", "json"):
        cli("--db", str(db), "export", "last", "-o", f"summary.{fmt}")
        cli("--db", str(db), "export", session_id[:8], "-o", f"shared.{fmt}", "--external", "--redact")
        cli("--db", str(db), "report", "-o", f"synthesis.{fmt}", "--include-suggested")
    assert Path("summary.docx").stat().st_size > 0 and json.loads(Path("summary.json").read_text())
    assert "ledger" in cli("--db", str(db), "search", "ledger")
    cli("--db", str(db), "search", "spreadsheet", "tag:closing", ok=(0, 1))
    lines = cli("--db", str(db), "highlight", "--json", input="The invoices are a nightmare to reconcile\n")
    assert json.loads(lines.splitlines()[0])["highlights"]
    cli("--db", str(db), "sessions", "list")
    cli("--db", str(db), "sessions", "show", "last")
    cli("--db", str(db), "sessions", "analyze", "--all")
    if "import" in main.commands and TRANSCRIPT.exists():
        cli("--db", str(db), "import", str(TRANSCRIPT), "--participant", "Bea Ortiz")
    if "merge" in main.commands:
        other = tmp_path / "colleague.db"
        with Store(other) as store:
            theirs = store.create_session(title="Colleague's call")
            store.add_note(theirs.id, "Their close takes a week")
        cli("--db", str(db), "merge", str(other))
    cli("--db", str(db), "backup", "-o", str(tmp_path / "copy.db"))
    cli("--db", str(db), "participants", "list")

    assert attempts == [], f"interview tried to reach the network: {attempts}"
