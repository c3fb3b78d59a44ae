"""The theme engine as a researcher meets it: interviews in, shared problems out."""

from __future__ import annotations

import pytest

from interview.themes import Settings, find_themes

# Five interviews with finance people. Every one of them runs into the same problem
# (payouts that do not match what reaches the bank), each in their own words, among
# other things only they talk about.
INTERVIEWS = {
    "Dana (controller, Northwind)": [
        "Every month the Stripe payouts don't match what lands in our bank account.",
        "I spend the first two days of the close rebuilding the revenue schedule by hand.",
        "Our auditors asked for the contract amendments and nobody could find them.",
    ],
    "Luis (bookkeeper, Acme)": [
        "The payout totals never reconcile with the bank deposits, so I chase the gap line by line.",
        "I export everything to Excel because the dashboard times out on big date ranges.",
        "My manager wants a weekly cash report and I build it from scratch every Friday.",
    ],
    "Priya (CFO, Lumen)": [
        "Deposits in the bank feed are always different from the payout amounts the platform reports.",
        "Onboarding a new accountant takes weeks because nothing is documented.",
        "I worry we will fail the next audit because approvals live in email threads.",
    ],
    "Tom (finance ops, Brightly)": [
        "Matching payouts to bank transactions is a nightmare, the amounts are off every single time.",
        "The sales team changes discounts after the invoice goes out.",
        "Half my week goes into answering the same questions from the sales team.",
    ],
    "Mei (accountant, Orbit)": [
        "What we receive in the bank rarely equals the payout the processor says it sent.",
        "Currency conversion fees show up weeks later on a separate statement.",
        "I would love to stop copying numbers between three spreadsheets.",
    ],
}

PAYOUT_LINES = {participant: lines[0] for participant, lines in INTERVIEWS.items()}


def _statements():
    texts, who = [], []
    for participant, lines in INTERVIEWS.items():
        texts.extend(lines)
        who.extend([participant] * len(lines))
    return texts, who


def test_the_problem_everyone_shares_is_one_theme_of_five_participants():
    texts, who = _statements()
    result = find_themes(texts, participants=who)
    payout_theme = {result.assignment[texts.index(line)] for line in PAYOUT_LINES.values()}
    assert len(payout_theme) == 1 and None not in payout_theme
    theme = result.themes[payout_theme.pop()]
    assert f"{len(theme.participants)} of {len(INTERVIEWS)} participants" == "5 of 5 participants"
    assert sorted(texts[i] for i in theme.statements) == sorted(PAYOUT_LINES.values())
    assert result.themes[0] is theme  # the widest-shared problem comes first
    assert any(word in theme.label.lower() for word in ("payout", "bank", "deposit"))


def test_statements_that_fit_nowhere_are_left_out_not_forced_in():
    texts = [line for lines in INTERVIEWS.values() for line in lines]
    result = find_themes(texts)
    assert result.assignment.count(None) >= 3
    assert all(theme.size >= 2 for theme in result.themes)


def test_blank_lines_and_tiny_inputs_have_no_theme():
    assert find_themes([]).themes == []
    assert find_themes(["only one statement"]).assignment == [None]
    result = find_themes(["", "   ", "My card has not arrived", "My card still hasn't arrived"])
    assert result.assignment[:2] == [None, None]
    assert result.assignment[2] == result.assignment[3] == 0


def test_the_same_problem_in_other_words_groups_at_any_scale():
    lines = [
        "My card has not arrived yet",
        "Still waiting for my new card to be delivered",
        "The card you sent me never came",
        "How do I reset my PIN?",
        "I forgot my PIN, how can I change it",
        "What's the fee for an international transfer?",
        "How much do you charge to send money abroad?",
    ]
    result = find_themes(lines * 3)
    ids = result.assignment
    assert len(set(ids[0:3])) == 1 and len(set(ids[3:5])) == 1 and len(set(ids[5:7])) == 1
    assert len({ids[0], ids[3], ids[5]}) == 3


@pytest.mark.parametrize("merge", [0.99, 0.0])
def test_settings_move_where_a_theme_ends(merge):
    texts, _ = _statements()
    result = find_themes(texts, settings=Settings(merge=merge, attach=merge, min_size=2))
    if merge > 0.9:
        assert result.themes == []
    else:
        assert len(result.themes) == 1 and result.themes[0].size == len(texts)
