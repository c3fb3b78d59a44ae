"""Saved themes: the engine's groups, and a researcher's edits that survive the engine running again."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview.schema import SCHEMA_VERSION
from interview.store import Store, StoreError
from interview.themes import group_statements

from test_export_fixtures import add
from test_themes_engine import INTERVIEWS

PAYOUT = "payout"


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "x.db") as s:
        yield s


def interviews(store: Store, interviews=INTERVIEWS) -> dict[str, str]:
    """Sessions with every line an accepted problem; returns session id per participant."""
    sessions = {}
    for participant, lines in interviews.items():
        name = participant.split(" (")[0]
        person = store.add_participant(name)
        session = store.create_session(title=f"Talk with {name}", guide_name="month-end", participant_id=person.id)
        store.start_session(session.id)
        for i, line in enumerate(lines):
            add(store, session.id, line, None, 60 * i, highlights=[(line, "problem")])
        sessions[name] = session.id
    return sessions


def payout_theme(themes):
    return next(t for t in themes if any(PAYOUT in s.text.lower() for s in t.statements))


def texts(theme) -> set[str]:
    return {s.text for s in theme.statements}


def test_the_tables_exist_after_migrating(store):
    tables = set(store.db.table_names())
    assert {"themes", "theme_statements"} <= tables
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_refresh_saves_the_shared_problem_as_a_theme_of_five(store):
    interviews(store)
    themes = store.refresh_themes(group_statements)
    first = themes[0]
    assert len(first.participants) == 5 and len(first.statements) == 5
    assert all(PAYOUT in s.text.lower() for s in first.statements)
    assert store.list_themes()[0].id == first.id


def test_every_edit_survives_the_engine_running_again(store):
    sessions = interviews(store)
    themes = store.refresh_themes(group_statements)
    payouts = payout_theme(themes)
    store.name_theme(payouts.id, "Payouts don't match the bank feed")
    store.mark_insight(payouts.id, "Finance teams reconcile payouts by hand every month")
    # move: a statement the engine left out joins the theme
    fees = "Currency conversion fees show up weeks later on a separate statement."
    candidates = {s.text: s.highlight_id for s in store.problem_statements()}
    store.move_statement(candidates[fees], payouts.id)
    # split: two statements leave for a theme of their own
    deposits = [s.highlight_id for s in payouts.statements if "deposit" in s.text.lower()]
    split_id = store.split_theme(payouts.id, deposits, "Deposits differ from payouts")
    # pin the split-off theme
    store.pin_theme(split_id)
    before = {t.id: (t.name, texts(t), t.takeaway, t.pinned) for t in store.list_themes()}

    # more interviews arrive, the engine runs again
    add(store, sessions["Dana"], "Stripe payouts and bank deposits never line up for us.", None, 500,
        highlights=[("Stripe payouts and bank deposits never line up for us.", "problem")])
    after = {t.id: t for t in store.refresh_themes(group_statements)}

    kept = after[payouts.id]
    assert kept.name == "Payouts don't match the bank feed" and kept.named_by == "researcher"
    assert kept.insight and kept.takeaway == before[payouts.id][2]
    assert fees in texts(kept)  # moved
    assert not (texts(kept) & {s.text for s in after[split_id].statements})
    assert texts(after[split_id]) == before[split_id][1] and after[split_id].pinned  # split, pinned: untouched
    assert after[split_id].name == "Deposits differ from payouts"


def test_a_merge_survives_the_engine_running_again(store):
    interviews(store, {
        "Ana (ops, A)": ["My card has not arrived yet", "How do I reset my PIN?"],
        "Bo (ops, B)": ["The card you sent me never came", "I forgot my PIN, how can I change it"],
        "Cy (ops, C)": ["Still waiting for my new card to be delivered", "Where can I change my PIN number?"],
    })
    themes = store.refresh_themes(group_statements)
    assert len(themes) == 2
    cards, pins = sorted(themes, key=lambda t: "PIN" in " ".join(texts(t)))
    store.merge_themes(pins.id, cards.id)
    again = store.refresh_themes(group_statements)
    assert [t.id for t in again] == [cards.id] and len(again[0].statements) == 6


def test_a_rejected_or_deleted_statement_leaves_its_theme(store):
    interviews(store)
    payouts = payout_theme(store.refresh_themes(group_statements))
    gone = payouts.statements[0]
    store.set_highlight_status(gone.highlight_id, "rejected", "tester")
    payouts = payout_theme(store.refresh_themes(group_statements))
    assert gone.text not in texts(payouts) and len(payouts.statements) == 4


def test_edits_that_make_no_sense_are_one_sentence(store):
    interviews(store)
    theme = store.refresh_themes(group_statements)[0]
    with pytest.raises(StoreError, match="needs a name"):
        store.name_theme(theme.id, "   ")
    with pytest.raises(StoreError, match="into itself"):
        store.merge_themes(theme.id, theme.id)
    with pytest.raises(StoreError, match="no longer exists"):
        store.pin_theme("nope")
    with pytest.raises(StoreError, match="statements to split"):
        store.split_theme(theme.id, [], "Empty")


def test_statements_of_a_feedback_import_still_running_are_not_theme_evidence(tmp_path):
    from interview.models import FeedbackStatement, Highlight

    with Store(tmp_path / "f.db") as store:
        text = "The payout never matches the bank deposit"
        source = store.start_feedback_source(name="tickets", file_name="t.csv", sha256="0", fmt="csv", row_count=1,
                                             mapping={})
        problem = Highlight(start=0, end=len(text), label="problem", text=text, rule="test")
        store.add_feedback_batch(source, store.feedback_batch(
            source, [FeedbackStatement(row=1, text=text)], [[problem]], last_row=1, customers=store.customer_index()))
        assert store.problem_statements() == []  # still importing: a stopped import must not feed the board
        store.complete_feedback_source(source, skipped=0)
        assert [s.text for s in store.problem_statements()] == [text]
