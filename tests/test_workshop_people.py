"""A workshop records every person in it: their own consent and scope, a title of its own, counts that agree.

Issue 17, item 3: participants added with ctrl+n were never asked for consent, the export gave
one person's consent and role for four people, the title named the first person only, and
`participants list` counted the workshop (and all its notes) for that first person alone.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.app import InterviewApp
from interview.cli import main
from interview.export import build_session_report
from interview.guides import resolve_guide
from interview.models import SeatConsent
from interview.schema import SCHEMA_VERSION
from interview.session_setup import create_session_from_guide
from interview.store import Store


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    path = tmp_path / "workshop.db"
    monkeypatch.setenv("INTERVIEW_DB", str(path))
    return path


def new_workshop(store: Store) -> str:
    guide = resolve_guide("co-creation-workshop")
    return create_session_from_guide(store, guide, participant_name="Dana Ruiz", role="Finance lead",
                                     company="Acme", consent=True, scope="internal").id


async def add_person(pilot, name: str, role: str, *, consent: bool, external: bool = False) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    await pilot.press(*name, "tab", *role, "tab", "tab")  # name, role, (company), consent box
    if consent:
        await pilot.press("space")
    if external:
        await pilot.press("tab", "enter", "down", "enter")  # scope: internal -> external
        await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_each_person_added_to_a_workshop_gives_their_own_consent(db: Path):
    with Store(db) as store:
        session_id = new_workshop(store)
        app = InterviewApp(store, live_session_id=session_id)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await add_person(pilot, "Priya Shah", "Controller", consent=True, external=True)
            await add_person(pilot, "Marco Bianchi", "Analyst", consent=False)
            assert any("no consent recorded" in str(n.message) for n in app._notifications)
        seats = {p.name: store.seat_consents(session_id)[p.id] for _, p in store.session_participants(session_id)}
        assert {name: (c.given, c.scope) for name, c in seats.items()} == {
            "Dana Ruiz": (True, "internal"), "Priya Shah": (True, "external"), "Marco Bianchi": (False, "internal"),
        }
        assert seats["Priya Shah"].at


def seated_workshop(store: Store) -> tuple[str, dict[str, str]]:
    """Dana (internal, from set-up), Priya (external), Marco (no consent), each with a note and an idea."""
    session_id = new_workshop(store)
    store.start_session(session_id)
    ids = {"Dana Ruiz": store.get_session(session_id).participant_id}
    store.add_session_participant(session_id, ids["Dana Ruiz"], SeatConsent(True, "internal"))
    for name, role, consent in (("Priya Shah", "Controller", SeatConsent(True, "external")),
                                ("Marco Bianchi", "Analyst", SeatConsent(False, "internal"))):
        ids[name] = store.add_participant(name, role=role).id
        store.add_session_participant(session_id, ids[name], consent)
    for name, person in ids.items():
        first = name.split()[0]
        store.add_note(session_id, f"{first} says payouts are split by hand", speaker="participant",
                       participant_id=person)
        store.add_idea(session_id, f"{first}'s idea: split each payout", participant_id=person)
    store.add_note(session_id, "facilitator: group warmed up quickly")
    return session_id, ids


def test_the_export_gives_each_person_their_role_and_consent_and_keeps_words_within_it(db: Path):
    with Store(db) as store:
        session_id, _ = seated_workshop(store)
        report = build_session_report(store, session_id)
        facts = dict(report.metadata)
        assert facts["Participants"] == "Dana Ruiz (Finance lead); Priya Shah (Controller); Marco Bianchi (Analyst)"
        assert facts["Role"] == ""
        assert facts["Consent"].startswith("Dana Ruiz: given ") and "Marco Bianchi: not recorded" in facts["Consent"]
        assert "Priya Shah: given" in facts["Consent"] and "may be shared outside the company" in facts["Consent"]
        assert report.title == f"Co-creation workshop — {date.today().isoformat()}"

        inside = {line.text for s in report.sections for b in s.questions for line in b.notes}
        assert {"Dana says payouts are split by hand", "Marco says payouts are split by hand"} <= inside

        outside = build_session_report(store, session_id, external=True)
        said = {line.text for s in outside.sections for b in s.questions for line in b.notes}
        assert said == {"Priya says payouts are split by hand", "facilitator: group warmed up quickly"}
        ideas = {i.text: i.proposer for i in outside.ideas}
        assert ideas["Priya's idea: split each payout"] == "Priya Shah"
        assert "Marco's idea: split each payout" not in ideas and "Dana's idea: split each payout" not in ideas
        held = [i for i in outside.ideas if i.proposer == ""]
        assert len(held) == 2 and all(i.text.startswith("[left out") for i in held)  # ranked, without words or author
        assert outside.quotes_withheld == 4


def test_participants_list_and_show_agree_on_a_workshop(db: Path):
    with Store(db) as store:
        seated_workshop(store)
    runner = CliRunner()
    listed = json.loads(runner.invoke(main, ["participants", "list", "--json"]).output)
    counts = {p["name"]: (p["sessions"], p["notes"]) for p in listed}
    assert counts == {"Dana Ruiz": (1, 1), "Priya Shah": (1, 1), "Marco Bianchi": (1, 1)}
    shown = runner.invoke(main, ["participants", "show", "Priya Shah"]).output
    assert "1 session, 1 note of theirs:" in shown and "4 notes in all" in shown


def test_seats_from_before_per_person_consent_take_the_sessions_consent(tmp_path: Path):
    """The migration: the old start question asked whether everyone in the room agreed."""
    import sqlite3

    from interview.schema import _V_FIRSTDAY, MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:MIGRATIONS.index(_V_FIRSTDAY)], start=1):
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    conn.executescript(
        "INSERT INTO participants (id, name, created_at, updated_at) VALUES ('p1', 'Dana', 'x', 'x'), ('p2', 'Priya', 'x', 'x');"
        "INSERT INTO sessions (id, title, kind, participant_id, consent_given, consent_at, consent_scope, created_at, updated_at)"
        " VALUES ('s1', 'w', 'co-creation', 'p1', 1, '2026-01-01T10:00:00Z', 'external', 'x', 'x');"
        "INSERT INTO session_participants VALUES ('s1', 'p1', 1), ('s1', 'p2', 2);"
    )
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        consents = store.seat_consents("s1")
    assert {k: (c.given, c.scope, c.at) for k, c in consents.items()} == {
        "p1": (True, "external", "2026-01-01T10:00:00Z"), "p2": (True, "external", "2026-01-01T10:00:00Z"),
    }


def test_a_workshop_document_has_its_own_shape(db: Path, tmp_path: Path):
    """Issue 17, item 4: no empty interview template first; ranks and idea numbers told apart."""
    import docx

    from interview.export import export_session

    with Store(db) as store:
        session_id, ids = seated_workshop(store)
        ideas = store.ideas_for_session(session_id)
        store.add_vote(session_id, ideas[2].id, ids["Priya Shah"])
        document = docx.Document(export_session(store, session_id, tmp_path / "w.docx"))
        markdown = export_session(store, session_id, tmp_path / "w.md", fmt="md").read_text()
    heads = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert heads[0][0] == "Title" and heads[1:3] == [("Heading 1", "How might we"), ("Heading 1", "Ideas, ranked by votes")]
    assert ("Heading 1", "Discussion notes") in heads
    assert not any(text.startswith("Key findings") for _, text in heads)  # nothing was highlighted
    body = "\n".join(p.text for p in document.paragraphs)
    assert "None highlighted" not in body and "No quotes were starred" not in body
    assert "Workshop summary · " in body and "3 ideas · 4 notes" in body
    ranked = next(t for t in document.tables if t.rows[0].cells[1].text == "Idea")
    assert [c.text for c in ranked.rows[0].cells] == ["Rank", "Idea", "Votes", "Proposed by", "Theme"]
    assert all(r.cells[1].text.startswith("#") for r in ranked.rows[1:])
    assert markdown.index("## Ideas, ranked by votes") < markdown.index("## Discussion notes")
    assert "| Rank | Idea | Votes |" in markdown and "Key findings" not in markdown
    assert "Prioritise" not in markdown.split("## Discussion notes")[0]  # its question cannot be "not asked"


def test_the_synthesis_keeps_each_workshop_persons_words_within_their_consent(db: Path):
    from interview.export import build_synthesis
    from interview.models import Highlight

    with Store(db) as store:
        session_id, ids = seated_workshop(store)
        store.give_consent(session_id, "external")  # the room's consent is wider than Marco's or Dana's
        for note in store.notes_for_session(session_id):
            if note.participant_id:
                at = note.text.index("split by hand")
                store.replace_auto_highlights(note.id, [Highlight(start=at, end=at + 13, label="problem",
                                                                  text="split by hand")], "t")
        quoted = {s.participant: s.withheld for t in build_synthesis(store, include_suggested=True, external=True).themes
                  for s in t.statements}
    assert quoted == {"Dana Ruiz": True, "Priya Shah": False, "Marco Bianchi": True}


async def test_the_prioritise_activity_shows_its_guide_question(db: Path):
    with Store(db) as store:
        session_id = new_workshop(store)
        app = InterviewApp(store, live_session_id=session_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for _ in range(5):
                await pilot.press("ctrl+right")
                await pilot.pause()
            brief = str(app.screen.query_one("#cc-brief").render())
            assert "Prioritise" in str(app.screen.query_one("#cc-activity").render())
            assert brief.startswith("Ask: Which of these ideas connects to a problem you had")


async def test_ending_a_workshop_can_go_straight_to_its_review(db: Path):
    from interview.screens.review import ReviewScreen

    with Store(db) as store:
        session_id = new_workshop(store)
        app = InterviewApp(store, live_session_id=session_id)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen) and app.screen.session_id == session_id
        assert store.get_session(session_id).status == "done"
