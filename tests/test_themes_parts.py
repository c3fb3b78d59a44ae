"""The theme engine's parts on their own: tokenizer, grouping, naming."""

from __future__ import annotations

import numpy as np

from interview.themes.cluster import average_linkage, refine
from interview.themes.naming import name_themes
from interview.themes.tokenizer import WordPiece, basic_words

VOCAB = ["[PAD]", "[UNK]", "card", "arrive", "##d", "my", "hasn", "'", "t", "?", "un", "##known"]


def test_words_split_punctuation_and_drop_accents_and_controls():
    assert basic_words("Café’s card\u200d\tdidn't!") == ["cafe", "’", "s", "card", "didn", "'", "t", "!"]


def test_wordpiece_takes_the_longest_pieces_and_marks_unknown_words():
    wordpiece = WordPiece(VOCAB)
    assert wordpiece.encode("My card hasn't arrived?") == [5, 2, 6, 7, 8, 3, 4, 9]
    assert wordpiece.encode("unknown xyz") == [10, 11, 1]
    assert wordpiece.encode("") == []


def _unit(rows):
    vectors = np.array(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_linkage_stops_at_the_threshold_and_leaves_the_odd_one_out():
    vectors = _unit([[1, 0.1, 0], [1, 0, 0.1], [0.9, 0.1, 0.1], [0, 1, 0.05], [0, 1, 0], [0, 0, 1]])
    groups = average_linkage(vectors, threshold=0.8)
    labels = refine(vectors, groups, min_size=2, attach=0.8)
    assert list(labels) == [0, 0, 0, 1, 1, -1]


def test_linkage_of_nothing_and_of_one():
    assert len(average_linkage(np.zeros((0, 3), dtype=np.float32), 0.5)) == 0
    assert list(average_linkage(_unit([[1, 0, 0]]), 0.5)) == [0]


def test_name_is_a_short_phrase_from_the_statements():
    texts = [
        "My card hasn't arrived yet",
        "The card still hasn't arrived, what now?",
        "Why hasn't my new card arrived?",
        "How do I change my PIN?",
        "Can I change the PIN on my card?",
    ]
    names = name_themes(texts, [0, 0, 0, 1, 1])
    assert names[0].lower() in {"card hasn't arrived", "card still hasn't arrived"}
    assert "pin" in names[1].lower() and "change" in names[1].lower()


def test_a_name_never_ends_on_a_negation_and_a_lone_word_takes_its_phrase():
    cards = ["My card has not arrived yet", "The card you sent me never came", "Still waiting for my new card"]
    assert name_themes(cards, [0, 0, 0])[0] == "Card has not arrived"
    deposits = ["My deposit is still pending", "Why is the deposit taking so long", "deposit not showing"]
    assert name_themes(deposits, [0, 0, 0])[0].startswith("Deposit ")
