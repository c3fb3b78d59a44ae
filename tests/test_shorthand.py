"""The note shorthand: what a PM types during a call, and what gets saved."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from interview.shorthand import ParsedNote, format_note, parse_note


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("They export to Excel every Friday", ParsedNote("They export to Excel every Friday")),
        ('"I hate month end"', ParsedNote("I hate month end", "quote", "participant")),
        ('"I hate month end', ParsedNote("I hate month end", "quote", "participant")),
        ("“Smart quotes too”", ParsedNote("Smart quotes too", "quote", "participant")),
        ("q: we lose a day", ParsedNote("we lose a day", "quote", "participant")),
        ("Q:we lose a day", ParsedNote("we lose a day", "quote", "participant")),
        ("! sighs when talking about exports", ParsedNote("sighs when talking about exports", "observation", "observer")),
        ("!shares screen", ParsedNote("shares screen", "observation", "observer")),
        ("i: I asked about the last time", ParsedNote("I asked about the last time", "note", "interviewer")),
        ("Month end is a nightmare #closing", ParsedNote("Month end is a nightmare", tags=("closing",))),
        ("the #invoice export breaks", ParsedNote("the invoice export breaks", tags=("invoice",))),
        ('"It takes forever" #pain #Excel', ParsedNote("It takes forever", "quote", "participant", ("pain", "Excel"))),
        ("dup #a #A #a", ParsedNote("dup", tags=("a",))),
        ("#pricing", ParsedNote("pricing", tags=("pricing",))),
        ('""#tag', ParsedNote('"tag', "quote", "participant", ("tag",))),
        ("issue #42 and C# and a#b", ParsedNote("issue #42 and C# and a#b")),
        ("  spaced out  ", ParsedNote("spaced out")),
        ("two\nlines #x", ParsedNote("two\nlines", tags=("x",))),
        ("quick: not a prefix", ParsedNote("quick: not a prefix")),
        ("n: !important is their word", ParsedNote("!important is their word")),
        ('"', ParsedNote('"', "quote", "participant")),
        ("", ParsedNote("")),
    ],
)
def test_shorthand_table(typed: str, expected: ParsedNote):
    assert parse_note(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ['"I hate month end" #closing', "! sighs #mood", "i: asked about cost", "the #invoice export #a", "#only #tags", "plain"],
)
def test_editing_a_note_shows_shorthand_that_saves_the_same(typed: str):
    parsed = parse_note(typed)
    shown = format_note(parsed.text, parsed.kind, parsed.speaker, parsed.tags)
    assert parse_note(shown) == parsed


def test_format_uses_readable_prefixes():
    assert format_note("we lose a day", "quote", "participant", ("pain",)) == "q: we lose a day #pain"
    assert format_note("sighs", "observation", "observer") == "! sighs"
    assert format_note("asked", "note", "interviewer") == "i: asked"
    assert format_note("paraphrase") == "paraphrase"


_pieces = st.sampled_from(list('abcQqIi:!#"“” \n\t-_1é&/') + ["#tag", "q:", "i:", " #x", "#Ab-c"])
typed_text = st.lists(_pieces, max_size=20).map("".join) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(typed_text)
@example('""')
@example('"#a"')
@example("#a#b")
@example("x #")
@example("#q: hi")
def test_parse_never_raises_and_round_trips(typed: str):
    parsed = parse_note(typed)
    assert parsed.kind in ("note", "quote", "observation")
    assert parsed.speaker in ("participant", "observer", "interviewer")
    assert parsed.text == parsed.text.strip()
    if typed.strip():
        assert parsed.text, "non-blank input must never save as an empty note"
    assert len({t.lower() for t in parsed.tags}) == len(parsed.tags)
    shown = format_note(parsed.text, parsed.kind, parsed.speaker, parsed.tags)
    assert parse_note(shown) == parsed
