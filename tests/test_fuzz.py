"""Bad input tried: property tests over everything that reads what people type or paste.

Each target gets ``INTERVIEW_FUZZ_EXAMPLES`` examples (2,000 by default, what CI
runs); the Word export, which writes and reopens a real .docx per example, gets
``INTERVIEW_FUZZ_DOCX_EXAMPLES`` (150 by default). At that depth they take minutes, so
each target runs twice: ``[full]`` is a ``slow`` drill (``pytest -m slow``, and .ci/run,
run it), ``[quick]`` tries a twentieth of the examples in every run. The counts
actually tried are recorded for ``benchmarks/trust_report.py``.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import unicodedata
from collections import Counter

import docx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from interview.export import export_session
from interview.export.redact import Redactor
from interview.names import _GENERIC, _LEGAL, PARTICLES as _PARTICLES, needs_capital
from interview.guides import GuideError, guide_from_dict, guide_to_dict, parse_guide
from interview.importers.cues import TranscriptError
from interview.importers.detect import parse_transcript
from interview.importers.transcript import ImportOptions, plan_import
from interview.guides.lint import check_text, lint_guide
from interview.models import Highlight, Participant
from interview.search_query import SearchQueryError, parse_search
from interview.shorthand import format_note, parse_note
from interview.store import Store, StoreError

from trust_record import record

EXAMPLES = int(os.environ.get("INTERVIEW_FUZZ_EXAMPLES", "2000"))
DOCX_EXAMPLES = int(os.environ.get("INTERVIEW_FUZZ_DOCX_EXAMPLES", "150"))
QUICK = 20  # the default run tries a twentieth of the examples; `pytest -m slow` all of them
_SETTINGS = settings(deadline=None, suppress_health_check=list(HealthCheck))


def fuzz(*strategies, examples: int = EXAMPLES, **named):
    """``@given(*strategies, **named)`` at two depths: ``[quick]`` in every run, ``[full]`` under ``slow``."""

    def decorate(test):
        params = list(inspect.signature(test).parameters.values())
        drawn = set(named) | {p.name for p in params[len(params) - len(strategies):]} if strategies else set(named)
        fixtures = [p for p in params if p.name not in drawn]  # what pytest still passes, e.g. a store

        @pytest.mark.parametrize("depth", [max(1, examples // QUICK), pytest.param(examples, marks=pytest.mark.slow)],
                                 ids=["quick", "full"])
        def run(depth: int, **values):
            settings(_SETTINGS, max_examples=depth)(given(*strategies, **named)(test))(**values)

        run.__name__, run.__doc__, run.__module__ = test.__name__, test.__doc__, test.__module__
        run.__signature__ = inspect.Signature(
            [inspect.Parameter("depth", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
            + [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in fixtures])
        return run

    return decorate


TRIED: Counter[str] = Counter()

# Text people really produce: accents, emoji, RTL, zero-width and control characters, CR/LF, tabs.
ODD = st.sampled_from(["é", "ñ", "ß", "İ", "ﬁ", "e\u0301", "😀", "👩\u200d💻", "\u200b", "\u200f", "שלום", "中文", "\t",
                       "\r\n", "\r", "\x00", "\x07", "\x1b[31m", "\ufeff", "\u2028", "“", "”", "…", "—", "#", "*", '"'])
WORDS = st.sampled_from(["the", "export", "is", "painful", "I", "wish", "we", "use", "a", "spreadsheet", "frustrated",
                         "last", "time", "need", "to", "Would", "you", "use", "Don't", "think", "?", ".", ",", "!"])
TEXT = st.lists(st.one_of(st.text(max_size=6), ODD, WORDS), max_size=30).map(" ".join)


def _one_sentence(message: str) -> None:
    assert message.strip() and "\n" not in message and "Traceback" not in message, message


# ----------------------------------------------------------------------------- guides and the linter

GUIDE_LINES = st.sampled_from([
    "---", "title: Month-end close", "kind: interview", "kind: co-creation", "kind: survey", "duration: 30",
    "duration: -5", "duration: ٣٠", "description: >", "variables:", "  topic: month-end", "variables: [a, b]",
    "title: [unclosed", ":", "## Warm-up (5 min)", "## Last time (15 min)", "## (x min)", "# Top", "### Deep",
    "- Tell me about the last time you closed the books.", "- Would you use a feature that auto-matches?",
    "- Don't you think it is slow?", "- What features should we add?", "  - What happened next?",
    "    - too deep", "1. numbered question?", "* star item", "+ plus item", "Explain there are no wrong answers.",
    "- {{topic}} {{ missing }}", "```", "> quote", "<!-- comment -->", "", "   ", "\t- tabbed",
])
FRONT = st.sampled_from([
    "---\ntitle: Month-end close\n---", "---\ntitle: Workshop\nkind: co-creation\nduration: 60\n---",
    "---\ntitle: Churn {{topic}}\nvariables:\n  topic: billing\n---", "\ufeff---\r\ntitle: CRLF\r\n---",
])
LINE = TEXT.map(lambda t: re.sub(r"[\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]", " ", t)).filter(str.strip)
QUESTION = st.tuples(st.sampled_from(["- ", "1. ", "* "]), LINE).map("".join)
PROBE = st.tuples(st.sampled_from(["  - ", "    - "]), LINE).map("".join)
SECTION = st.tuples(st.sampled_from(["## Warm-up (5 min)", "## Last time", "## {{topic}} (10 min)", "## Ünïcode 😀"]),
                    QUESTION, st.lists(st.one_of(QUESTION, PROBE, LINE, GUIDE_LINES.filter(lambda x: x != "---")),
                                       max_size=8)).map(lambda s: "\n".join([s[0], s[1], *s[2]]))
BODY = st.lists(SECTION, min_size=1, max_size=4).map("\n\n".join)
# Two in three start with valid front matter, so the body (sections, questions, probes) and the linter get exercised too.
STRUCTURED = st.tuples(FRONT, BODY).map("\n".join)
GUIDE_TEXT = st.one_of(st.lists(st.one_of(GUIDE_LINES, TEXT, ODD), max_size=25).map("\n".join), STRUCTURED, STRUCTURED)


@fuzz(GUIDE_TEXT)
def test_guide_parser_and_linter_take_any_text(text: str):
    TRIED["guide parser"] += 1
    try:
        guide = parse_guide(text, name="fuzz")
    except GuideError as error:
        _one_sentence(str(error))
        assert error.line is None or 1 <= error.line <= text.count("\n") + text.count("\r") + 2
        return
    ids = [q.id for _, q in guide.questions()]
    assert len(ids) == len(set(ids)), "question ids must be unique within a guide"
    assert [q.id for _, q in parse_guide(text, name="fuzz").questions()] == ids, "ids are stable"
    assert guide_from_dict(json.loads(json.dumps(guide_to_dict(guide)))) == guide
    TRIED["guide linter"] += 1
    lines = text.count("\n") + text.count("\r") + 2
    for finding in lint_guide(guide):
        assert 0 <= finding.line <= lines and finding.severity and finding.message
        _one_sentence(finding.format())


@fuzz(TEXT)
def test_linter_check_text_points_inside_the_text(text: str):
    TRIED["lint check_text"] += 1
    for hit in check_text(text):
        assert 0 <= hit.start <= hit.end <= len(text)
        assert hit.rule and hit.message and hit.severity


# ----------------------------------------------------------------------------- transcripts

TIMING = st.builds(lambda a, b, sep: f"00:{a:02d}:{b:02d}{sep}000 --> 00:{b:02d}:{a:02d}{sep}500",
                   st.integers(0, 70), st.integers(0, 70), st.sampled_from([".", ","]))
TRANSCRIPT_LINES = st.one_of(
    st.sampled_from(["WEBVTT", "", "1", "2", "NOTE a comment", "<v Ana López>Month end is painful</v>",
                     "Ana López: it takes four days", "Speaker 1: hello?", "Interviewer: When did that last happen?",
                     "[00:01:02] Ana: we re-key invoices", "00:00:01.000 --> garbage", "-->", "STYLE", "::cue {}",
                     "Ana López  0:03", "Sam  1:05:00"]),
    TIMING, TEXT, ODD,
)


@fuzz(st.lists(TRANSCRIPT_LINES, max_size=30).map("\n".join),
       st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]), st.sampled_from(["", ".vtt", ".srt", ".txt"]))
def test_every_transcript_reader_takes_any_file(text: str, encoding: str, suffix: str):
    TRIED["transcript readers"] += 1
    data = text.encode(encoding, errors="replace")
    try:
        transcript = parse_transcript(data, suffix)
        plan = plan_import(transcript, ImportOptions())
    except TranscriptError as error:
        _one_sentence(str(error))
        return
    assert plan.notes and plan.title.strip()
    for note in plan.notes:
        assert note.text.strip() and note.offset_seconds >= 0
        assert note.speaker in ("participant", "interviewer", "observer")


@fuzz(st.binary(max_size=400), st.sampled_from(["", ".vtt", ".srt", ".txt", ".docx"]))
def test_transcript_readers_take_any_bytes(data: bytes, suffix: str):
    TRIED["transcript readers (bytes)"] += 1
    try:
        parse_transcript(data, suffix)
    except TranscriptError as error:
        _one_sentence(str(error))


# ----------------------------------------------------------------------------- note shorthand


@fuzz(TEXT)
def test_shorthand_never_loses_what_was_typed_and_round_trips(raw: str):
    TRIED["note shorthand"] += 1
    parsed = parse_note(raw)
    if raw.strip():
        assert parsed.text.strip(), "non-blank input stays non-blank"
    assert all(re.fullmatch(r"[^\W\d_][\w-]*", tag) for tag in parsed.tags)
    assert len(set(t.casefold() for t in parsed.tags)) == len(parsed.tags)
    again = parse_note(format_note(parsed.text, parsed.kind, parsed.speaker, parsed.tags))
    assert again == parsed


# ----------------------------------------------------------------------------- search


@pytest.fixture(scope="module")
def search_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("fuzz") / "search.db")
    session = store.create_session(title="Search fuzz")
    for text in ("Exporting the ledger is painful", "C++ and AND OR NOT \"quotes\" -minus *star", "emoji 😀 and ß"):
        store.add_note(session.id, text, tags=["closing"])
    yield store
    store.close()


@fuzz(query=st.lists(st.one_of(TEXT, st.sampled_from(['"', "-", "*", "OR", "AND", "NOT", "NEAR(", "^", ":", "tag:",
                                                           'participant:"Ana', "since:2025-13-45", "label:nope",
                                                           "kind:quote", "(", ")", "{", "}", "col:x"])),
                      max_size=10).map(" ".join))
def test_any_search_text_is_a_valid_fts_query_or_one_sentence(search_store: Store, query: str):
    TRIED["FTS query builder"] += 1
    try:
        parsed = parse_search(query)
    except SearchQueryError as error:
        _one_sentence(str(error))
        return
    try:
        search_store.notes_matching(parsed.match, exclude=parsed.exclude, filters=parsed.filters, limit=5)
    except StoreError as error:  # an FTS5 syntax error would land here
        raise AssertionError(f"{query!r} -> {parsed.match!r} / {parsed.exclude!r}: {error}") from None
    for word in parsed.words():
        assert word.strip()


# ----------------------------------------------------------------------------- analyze()


@fuzz(TEXT)
def test_analyze_offsets_stay_inside_the_text_on_character_boundaries(text: str):
    from interview.nlp import analyze_one

    TRIED["analyze()"] += 1
    for h in analyze_one(text):
        assert 0 <= h.start < h.end <= len(text), (h, text)
        assert h.text == text[h.start:h.end]
        assert h.text.strip(), "a highlight covers words, not blanks"
        assert not unicodedata.combining(text[h.start]), "starts on a combining mark"
        assert h.end == len(text) or not unicodedata.combining(text[h.end]), "cuts off a combining mark"
        assert h.label in ("problem", "emotion", "workaround", "need", "feature_request")


# ----------------------------------------------------------------------------- redaction

LETTERS = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzáéíóúñçøåüß"), min_size=2, max_size=10)
# Particles, legal suffixes and generic words identify no one on their own (by design); placeholder
# words would be "found" in the redacted text itself.
NOT_NAMES = set(_PARTICLES) | _LEGAL | _GENERIC | {"participant", "company", "email", "phone", "link", "term", "redacted"}
# Parts of two letters or that are everyday words ("Will") are caught only when capitalised, by design
# (interview/names.py), so the lower-case variants the property tries would rightly survive.
NAME_PART = LETTERS.map(str.capitalize).filter(lambda p: p.casefold() not in NOT_NAMES and not needs_capital(p))


def _variants(surface: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", surface).encode("ascii", "ignore").decode()
    return {form for form in (surface, surface.upper(), surface.lower(), plain) if len(form.strip()) >= 2}


@fuzz(parts=st.lists(NAME_PART, min_size=1, max_size=3), company=st.lists(NAME_PART, min_size=1, max_size=2),
       legal=st.sampled_from(["", " Inc.", " GmbH", " Ltd"]), user=LETTERS, domain=LETTERS,
       filler=st.lists(st.one_of(WORDS, ODD, st.text(max_size=5)), max_size=12), data=st.data())
def test_redaction_leaves_no_original_identifier(parts, company, legal, user, domain, filler, data):
    TRIED["redaction"] += 1
    name, firm = " ".join(parts), " ".join(company) + legal
    email = f"{unicodedata.normalize('NFKD', user).encode('ascii', 'ignore').decode() or 'x'}@{'d' + domain[:3]}.example.org"
    assume(not any(p.casefold() in {w.casefold() for w in " ".join(company).split()} for p in parts))
    redactor = Redactor()
    redactor.add_person(Participant(id="p1", name=name, email=email, company=firm))
    identifiers = [name, *parts, email, firm]
    mentions = data.draw(st.lists(st.sampled_from(identifiers).flatmap(lambda s: st.sampled_from(sorted(_variants(s)))),
                                  min_size=1, max_size=6))
    pieces = [str(p) for p in filler] + mentions
    order = data.draw(st.permutations(pieces))
    text = " ".join(order) + "."
    out = redactor.text(text)
    for identifier in [name, *[p for p in parts if len(p) >= 2], email, " ".join(company)]:
        for form in _variants(identifier):
            found = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", out, re.IGNORECASE)
            assert not found, f"{form!r} survived in {out!r} (from {text!r})"


# ----------------------------------------------------------------------------- export


@pytest.fixture(scope="module")
def export_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    store = Store(folder / "export.db")
    yield store, folder
    store.close()


NOTE = st.tuples(TEXT.filter(str.strip), st.sampled_from(["participant", "interviewer", "observer"]),
                 st.sampled_from(["note", "quote", "observation"]), st.booleans(),
                 st.lists(LETTERS, max_size=2), st.integers(0, 200), st.integers(0, 200),
                 st.sampled_from(["problem", "emotion", "workaround", "need", "feature_request"]))


@fuzz(examples=DOCX_EXAMPLES, title=TEXT, person=TEXT, notes=st.lists(NOTE, max_size=6),
       scope=st.sampled_from(["notes-only", "internal", "external"]), redact=st.booleans(), external=st.booleans())
def test_any_stored_content_exports_to_a_document_that_reopens(export_store, title, person, notes, scope, redact,
                                                               external):
    store, folder = export_store
    TRIED["export (docx+md+json)"] += 1
    participant = store.add_participant(person if person.strip() else "Someone", company=title[:20])
    session = store.create_session(title=title, participant_id=participant.id, consent_given=True,
                                   consent_scope=scope)
    for text, speaker, kind, starred, tags, a, b, label in notes:
        note = store.add_note(session.id, text, speaker=speaker, kind=kind, tags=tags)
        start, end = sorted((a % (len(text) + 1), b % (len(text) + 1)))
        if start < end:
            store.add_manual_highlight(note.id, Highlight(start, end, label, text=text[start:end]))
        store.set_starred(note.id, starred)
    for fmt in ("docx", "md", "json"):
        path = export_session(store, session.id, folder / f"out.{fmt}", fmt=fmt, redact=redact, external=external,
                              force=True)
        if fmt == "docx":
            document = docx.Document(str(path))
            assert document.paragraphs and document.core_properties.title is not None
        elif fmt == "json":
            assert json.loads(path.read_text(encoding="utf-8"))["session_id"] == session.id
        else:
            assert path.read_text(encoding="utf-8").startswith("# ")


# ----------------------------------------------------------------------------- hostile files (issue 13)

# A fifth of the usual count: each of these shapes is narrow, and 400 examples cover it (about 3 s each).
HOSTILE = settings(max_examples=max(50, EXAMPLES // 5), deadline=None, suppress_health_check=list(HealthCheck))

ABSURD_CLOCK = st.one_of(st.integers(0, 10**30).map(str), st.integers(1, 6000).map(lambda n: "9" * n))
HOSTILE_TRANSCRIPT = st.one_of(
    st.builds(lambda h, sep: f"WEBVTT\n\n{h}:00:00{sep}000 --> {h}:00:01{sep}000\nAna: hi\nBo: yes\n",
              ABSURD_CLOCK, st.sampled_from([".", ","])),
    st.builds(lambda h, sep: f"1\n{h}:00:00{sep}000 --> {h}:00:01{sep}000\nAna: hi\n", ABSURD_CLOCK,
              st.sampled_from([".", ","])),
    st.builds(lambda h, tail: f"[{h}:00:00] Ana: hi\n[{h}{tail}] Bo: yes\n", ABSURD_CLOCK,
              st.sampled_from([":00:05", ":00", ".5", ":99:99"])),
    st.builds(lambda h: f"Ana  {h}:00:00\nhello\nBo  0:01\nyes\n", ABSURD_CLOCK),
)


@HOSTILE
@given(HOSTILE_TRANSCRIPT)
def test_absurd_timestamps_are_read_or_refused_in_one_sentence(text: str):
    TRIED["transcript readers (absurd clocks)"] += 1
    try:
        plan = plan_import(parse_transcript(text.encode()), ImportOptions())
    except TranscriptError as error:
        _one_sentence(str(error))
        assert len(str(error)) < 200 and "int_max_str_digits" not in str(error)
        return
    assert all(0 <= note.offset_seconds < 10_000 * 3600 for note in plan.notes)


CODE = st.recursive(
    st.builds(lambda guid, name: f'<Code guid="{guid}" name="{name}"/>', st.sampled_from(["a", "b", "c", ""]),
              st.sampled_from(["x", "y", "&amp;"])),
    lambda inner: st.builds(lambda guid, kids: f'<Code guid="{guid}" name="n">{"".join(kids)}</Code>',
                            st.sampled_from(["a", "b", "d"]), st.lists(inner, max_size=3)),
    max_leaves=12,
)
POSITION = st.one_of(st.integers(-5, 50).map(str), st.sampled_from(["x", "", "1e3", "99999999999999999999", " 3"]))
SELECTION = st.builds(lambda a, b, code: (f'<PlainTextSelection guid="s" startPosition="{a}" endPosition="{b}">'
                                          f'<Coding guid="g"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'),
                      POSITION, POSITION, st.sampled_from(["a", "b", "zz"]))
SOURCE_TEXT = st.one_of(st.text(max_size=30).map(lambda t: t.encode("utf-8", "replace")), st.binary(max_size=30))


@HOSTILE
@given(st.lists(CODE, max_size=4), st.lists(SELECTION, max_size=4), SOURCE_TEXT, st.booleans())
def test_the_qdpx_reader_takes_any_project(codes: list[str], selections: list[str], source: bytes, inline: bool):
    import io
    import zipfile

    from interview.export.qdpx import NAMESPACE
    from interview.export.qdpx_read import QdpxError, read_qdpx

    TRIED["qdpx reader"] += 1
    where = "><PlainTextContent>text</PlainTextContent>" if inline else ' plainTextPath="internal://s.txt">'
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NAMESPACE}" name="p"><CodeBook><Codes>'
           f'{"".join(codes)}</Codes></CodeBook><Sources><TextSource guid="t" name="n"{where}'
           f'{"".join(selections)}</TextSource></Sources></Project>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/s.txt", source)
    try:
        project = read_qdpx(out.getvalue())
    except QdpxError as error:
        _one_sentence(str(error))
        return
    for guid in project.codes:
        project.code_path(guid)
    for item in project.sources:
        for selection in item.selections:
            assert 0 <= selection.start and 0 <= selection.end
            item.quoted(selection)


@pytest.mark.slow
def test_zz_record_examples_tried():
    """Last in the file: hand the counts to the trust report (a no-op unless asked)."""
    record("fuzz", examples=dict(TRIED), failures=0)


def test_redaction_catches_names_whose_casefold_differs_found_by_fuzzing():
    """Found by the property above: "Weiß" was kept because IGNORECASE does not fold ß to ss."""
    redactor = Redactor()
    redactor.add_person(Participant(id="p", name="Jürgen Weiß", company="Großhandel Strauß GmbH"))
    out = redactor.text("Jürgen Weiß (WEISS, weiss) from Großhandel Strauß and GROSSHANDEL said so.")
    assert out == "Participant 1 (Participant 1, Participant 1) from Company A and Company A said so."
