"""Co-creation logic, store methods and export additions, without the screen."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from docx import Document

from interview import cocreation as cc
from interview.export import data as export_data
from interview.export.docx_writer import session_docx
from interview.export.json_writer import session_json
from interview.export.markdown_writer import session_markdown
from interview.guides import GuideError, guide_to_dict, parse_guide, resolve_guide
from interview.models import Guide, Idea, Note, Section, WorkshopTimer
from interview.store import Store, StoreError

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
WORKSHOP = "---\ntitle: W\nkind: co-creation\n---\n"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "cc.db") as s:
        yield s


@pytest.fixture
def workshop(store: Store):
    guide = resolve_guide("co-creation-workshop")
    session = store.create_session(title="Workshop", guide=guide_to_dict(guide), guide_name=guide.name,
                                   kind="co-creation", consent_given=True)
    people = [store.add_participant(name, company=company) for name, company in
              (("Ana López", "Acme"), ("Ben Ng", "Globex"), ("Chloe Durand", "Initech"))]
    for person in people:
        store.add_session_participant(session.id, person.id)
    return session, people


def _idea(store: Store, session_id: str, idea_id: str) -> Idea:
    """An idea as the workshop screen reads it: from the session's list."""
    return next(i for i in store.ideas_for_session(session_id) if i.id == idea_id)


def idea(number: int, text: str, **kw) -> Idea:
    return Idea(id=f"i{number}", session_id="s", text=text, number=number, **kw)


# ------------------------------------------------------------------ guide options


def test_dots_default_to_three_and_read_the_guide_option():
    assert cc.dots_for(Section(id="s", title="Vote", activity="vote")) == 3
    assert cc.dots_for(Section(id="s", title="Vote", activity="vote", options={"dots": "5"})) == 5


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "2.5", "٣", "99"])
def test_a_dots_option_that_is_not_a_small_whole_number_is_one_clear_sentence(bad: str):
    with pytest.raises(GuideError, match=f"dots={bad} must be a whole number from 1 to 20"):
        parse_guide(WORKSHOP + f"## Vote (5 min) {{vote dots={bad}}}\nVote.\n", name="w")
    # a guide built by hand (not parsed) is still checked when the workshop opens
    guide = Guide(name="w", title="W", kind="co-creation",
                  sections=(Section(id="s", title="Vote", activity="vote", options={"dots": bad}),))
    problems = cc.option_problems(guide)
    assert len(problems) == 1
    assert f"dots={bad}" in problems[0] and "whole number from 1 to 20" in problems[0]


def test_the_bundled_workshop_guide_uses_every_activity_and_valid_options():
    guide = resolve_guide("co-creation-workshop")
    assert {s.activity for s in guide.sections} == set(cc.ACTIVITY_NAMES)
    assert cc.option_problems(guide) == []


def test_unknown_activity_and_option_without_value_are_guide_errors():
    with pytest.raises(GuideError, match="unknown activity type 'brainstorm'"):
        parse_guide(WORKSHOP + "## Go {brainstorm}\nx\n", name="w")
    with pytest.raises(GuideError, match="key=value"):
        parse_guide(WORKSHOP + "## Vote {vote dots}\nx\n", name="w")


def test_parse_guide_rejects_a_non_integer_dots_option():
    for bad in ("dots=abc", "dots=0", "top=x", "dots=-2", "top=51"):
        with pytest.raises(GuideError, match="must be a whole number from 1 to"):
            parse_guide(WORKSHOP + f"## Vote {{vote {bad}}}\nx\n", name="w")


# ------------------------------------------------------------------ countdown and shorthand


def test_countdown_pauses_extends_and_runs_over():
    timer = cc.Countdown(600)
    timer.start(T0)
    assert timer.remaining(T0 + timedelta(seconds=90)) == 510
    timer.pause(T0 + timedelta(seconds=90))
    assert timer.remaining(T0 + timedelta(hours=1)) == 510  # paused time does not count
    timer.extend()
    assert timer.remaining(T0) == 630
    timer.start(T0 + timedelta(hours=1))
    later = T0 + timedelta(hours=1, seconds=700)
    assert timer.remaining(later) == -70
    assert cc.clock_text(timer.remaining(later)) == "-1:10"
    again = cc.Countdown.resumed(timer.saved("s-a"), 0)
    assert again.remaining(later) == -70 and again.running
    assert cc.Countdown.resumed(None, 300).remaining(later) == 300
    naive = cc.Countdown.resumed(WorkshopTimer("s-a", 600, 90, "2026-03-02T09:00:00"), 0)  # no zone: resumes paused
    assert not naive.running and naive.remaining(later) == 510


@pytest.mark.parametrize("raw, expected", [
    ("2: pair new hires", cc.IdeaInput("pair new hires", 2, None)),
    ("2: ^4 pair new hires", cc.IdeaInput("pair new hires", 2, 4)),
    ("^#4 lunch", cc.IdeaInput("lunch", None, 4)),
    ("12:30 stand-up for newcomers", cc.IdeaInput("12:30 stand-up for newcomers")),
    ("a wiki page", cc.IdeaInput("a wiki page")),
])
def test_idea_shorthand_reads_proposer_and_builds_on(raw: str, expected: cc.IdeaInput):
    assert cc.parse_idea_input(raw) == expected


def test_initials():
    assert [cc.initials(n) for n in ("Ana López", "ben", "Jean-Luc Picard", "")] == ["AL", "BE", "JP", ""]


# ------------------------------------------------------------------ ranking, themes, grid, framing


def test_ranking_is_by_votes_then_capture_order_and_top_prefers_voted_ideas():
    ideas = [idea(1, "a", votes=2), idea(2, "b", votes=5), idea(3, "c", votes=2), idea(4, "d")]
    assert [i.number for i in cc.ranked(ideas)] == [2, 1, 3, 4]
    assert [i.number for i in cc.top_ideas(ideas, 10)] == [2, 1, 3]
    assert [i.number for i in cc.top_ideas([idea(1, "a"), idea(2, "b")], 1)] == [1]


def test_suggested_themes_group_ideas_sharing_a_key_word_and_skip_themed_ones():
    ideas = [
        idea(1, "A buddy for the first week"), idea(2, "Onboarding checklist in the wiki"),
        idea(3, "Buddy lunch on day one"), idea(4, "Checklist of accounts to request"),
        idea(5, "Checklists owned per team"), idea(6, "Free parking"),
        idea(7, "Buddy rota", theme="People"),
    ]
    found = cc.suggest_themes(ideas)
    assert [(s.name, s.idea_ids) for s in found] == [("Checklist", ["i2", "i4", "i5"]), ("Buddy", ["i1", "i3"])]


def test_grid_puts_rated_ideas_in_quadrants():
    ideas = [idea(1, "a", impact=5, effort=1), idea(2, "b", impact=4, effort=5), idea(3, "c", impact=1, effort=1),
             idea(4, "d", impact=2, effort=4), idea(5, "e")]
    cells = cc.grid(ideas)
    assert list(cells) == ["Quick wins", "Big bets", "Fill-ins", "Money pits"]
    assert [[i.number for i in v] for v in cells.values()] == [[1], [2], [3], [4]]


def test_how_might_we_prefers_what_the_group_agreed_over_the_guide():
    guide = resolve_guide("co-creation-workshop")
    assert cc.how_might_we(guide) == ["How might we make {problem} easier for people like you?"]
    agreed = Note(id="n", session_id="s", text="How might we get a new hire shipping in week one?")
    assert cc.how_might_we(guide, [agreed]) == [agreed.text]
    assert cc.how_might_we(None) == []


# ------------------------------------------------------------------ store


def test_participants_get_stable_number_keys(store: Store, workshop):
    session, people = workshop
    assert [n for n, _ in store.session_participants(session.id)] == [1, 2, 3]
    assert store.add_session_participant(session.id, people[1].id) == 2  # already seated
    dan = store.add_participant("Dan")
    assert store.add_session_participant(session.id, dan.id) == 4


def test_ideas_are_numbered_attributed_linked_and_soft_deleted(store: Store, workshop):
    session, (ana, ben, _) = workshop
    first = store.add_idea(session.id, "  Buddy for the first week ", participant_id=ana.id, section_id="s-ideas")
    second = store.add_idea(session.id, "Buddy lunch", participant_id=ben.id, builds_on=first.id)
    assert (first.number, first.text, first.proposer) == (1, "Buddy for the first week", "Ana López")
    assert (second.number, second.builds_on) == (2, first.id)
    store.set_idea_deleted(first.id, True)
    third = store.add_idea(session.id, "Checklist")
    assert [i.number for i in store.ideas_for_session(session.id)] == [2, 3]  # numbers stay put
    assert third.number == 3 and third.proposer == ""
    store.set_idea_proposer(third.id, ben.id)
    assert _idea(store, session.id, third.id).proposer == "Ben Ng"
    with pytest.raises(StoreError, match="empty idea"):
        store.add_idea(session.id, "   ")


def test_themes_and_impact_effort(store: Store, workshop):
    session, _ = workshop
    a, b = (store.add_idea(session.id, t) for t in ("A", "B"))
    store.set_idea_theme(a.id, "  Buddy   system ")
    store.set_idea_theme(b.id, "Buddy system")
    assert store.rename_theme(session.id, "Buddy system", "Buddies") == 2
    store.set_impact_effort(a.id, 5, 2)
    found = _idea(store, session.id, a.id)
    assert (found.theme, found.impact, found.effort) == ("Buddies", 5, 2)
    with pytest.raises(StoreError, match="impact must be between 1 and 5"):
        store.set_impact_effort(a.id, 6, 2)
    with pytest.raises(StoreError, match="no longer exists"):
        store.set_idea_theme("nope", "x")


def test_votes_respect_dots_and_undo_takes_back_the_newest(store: Store, workshop):
    session, (ana, ben, _) = workshop
    a, b = (store.add_idea(session.id, t) for t in ("A", "B"))
    for target in (a, a, b):
        store.add_vote(session.id, target.id, ana.id, dots=3)
    with pytest.raises(StoreError, match="no dots left"):
        store.add_vote(session.id, a.id, ana.id, dots=3)
    store.add_vote(session.id, b.id, ben.id, dots=3)
    assert store.dots_used(session.id) == {ana.id: 3, ben.id: 1}
    assert store.undo_vote(session.id, ana.id) == b.id
    assert [(i.text, i.votes) for i in store.ideas_for_session(session.id)] == [("A", 2), ("B", 1)]
    assert store.undo_vote(session.id, "someone-else") is None


def test_ideas_and_votes_survive_reopening_the_file(tmp_path: Path):
    path = tmp_path / "k.db"
    with Store(path) as s:
        session = s.create_session(title="W", kind="co-creation")
        person = s.add_participant("Ana")
        s.add_vote(session.id, s.add_idea(session.id, "A", participant_id=person.id).id, person.id)
    with Store(path) as again:
        assert [(i.text, i.votes, i.proposer) for i in again.ideas_for_session(session.id)] == [("A", 1, "Ana")]


# ------------------------------------------------------------------ exports


def test_session_export_has_framing_themes_builds_on_ranking_and_grid(store: Store, workshop, tmp_path: Path):
    session, (ana, ben, chloe) = workshop
    framing = resolve_guide("co-creation-workshop").sections[1].questions[0]
    store.add_note(session.id, "How might we get new hires productive in week one?", question_id=framing.id,
                   participant_id=ana.id)
    buddy = store.add_idea(session.id, "Buddy for the first week", participant_id=ana.id)
    lunch = store.add_idea(session.id, "Buddy lunch on day one", participant_id=chloe.id, builds_on=buddy.id)
    wiki = store.add_idea(session.id, "Checklist in the wiki", participant_id=ben.id)
    for target, theme in ((buddy, "Buddies"), (lunch, "Buddies"), (wiki, "Checklists")):
        store.set_idea_theme(target.id, theme)
    for voter in (ana, ben, chloe):
        store.add_vote(session.id, lunch.id, voter.id)
    store.set_impact_effort(lunch.id, 5, 1)
    store.set_impact_effort(wiki.id, 2, 4)

    report = export_data.build_session_report(store, session.id)
    assert report.how_might_we == ["How might we get new hires productive in week one?"]
    assert [(t.name, [i.number for i in t.ideas]) for t in report.themes] == [("Buddies", [1, 2]), ("Checklists", [3])]
    assert report.themes[0].ideas[1].builds_on == "#1 Buddy for the first week"
    assert [(i.rank, i.number, i.votes) for i in report.ideas][0] == (1, 2, 3)
    assert [(p.quadrant, p.number) for p in report.priorities] == [("Quick wins", 2), ("Money pits", 3)]

    md = session_markdown(report)
    assert "## How might we" in md and "### Buddies (2)" in md
    assert "- **#2** Buddy lunch on day one — Chloe Durand _(builds on \\#1 Buddy for the first week)_ · 3 votes" in md
    assert "| High impact | Quick wins: \\#2 Buddy lunch on day one \\(5/1\\) | Big bets: none |" in md
    assert "Ana López:** How might we get new hires" in md  # the discussion notes, with who said them

    data = json.loads(session_json(report))
    assert data["themes"][1]["name"] == "Checklists" and data["priorities"][1]["effort"] == 4

    path = tmp_path / "w.docx"
    path.write_bytes(session_docx(report))
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert {"How might we", "Ideas by theme", "Buddies (2)", "Impact and effort"} <= set(headings)
    grid_table = doc.tables[-1]
    assert grid_table.rows[1].cells[1].text == "Quick wins:\n#2 Buddy lunch on day one (5/1)"


def test_redacted_workshop_export_hides_proposers_everywhere(store: Store, workshop):
    from interview.export.redact import Redactor

    session, (ana, _, _) = workshop
    base = store.add_idea(session.id, "Ask Ana López for the map", participant_id=ana.id)
    store.add_idea(session.id, "Map on one page", participant_id=ana.id, builds_on=base.id)
    store.set_idea_theme(base.id, "Maps")
    report = export_data.build_session_report(store, session.id)
    redactor = Redactor()
    for person in store.session_people(session.id):
        redactor.add_person(person)
    text = session_markdown(export_data.redact_session_report(report, redactor))
    assert "Ana" not in text and "López" not in text
