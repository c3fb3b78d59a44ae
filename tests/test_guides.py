"""Guides: what a PM writes in Markdown becomes the Guide the app runs from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview import guides as guides_mod
from interview.guides import (
    ACTIVITIES,
    STARTER_GUIDE,
    GuideEntry,
    GuideError,
    bundled_guides_dir,
    fill_variables,
    guide_from_dict,
    guide_hash,
    guide_to_dict,
    list_guides,
    load_guide_file,
    parse_guide,
    resolve_guide,
    user_guides_dir,
)
from interview.models import Guide

FRONT = "---\ntitle: Test guide\n---\n"

FULL = """\
---
title: Discovery for {product}
kind: interview
duration: 45
description: Learn about {product} users.
variables:
  product: our app
  team: the team
---
A note for the whole guide.

# Discovery guide

Also a guide note.

## Warm-up (5 min)
A section note.

- Tell me about your role.
  - What does a week look like?
  - Who do you work with?
- Tell me about the last time you used {product}.
  - What happened next?
    - What did {team} do?

## Deep dive (10 mins)
1. Walk me through it.
2. What have you tried?

### Close (2 minutes)
- What should I have asked?
"""

COCREATION = """\
---
title: Workshop
kind: co-creation
variables:
  product: the app
---
## Framing (10 min)
- How might we help?

## Ideas (10 min) {ideas}
Write alone.

## Vote (5 min) {vote dots=3 mode=stack}

## Rank {prioritise} (10 min)

## About {product}
- Tell us about the last time you used {product}.
"""


def parse(body: str, front: str = FRONT) -> Guide:
    return parse_guide(front + body, path="g.md")


def error_of(text: str) -> GuideError:
    with pytest.raises(GuideError) as info:
        parse_guide(text, path="guides/x.md")
    return info.value


# --------------------------------------------------------------------------- parsing


def test_front_matter_fields_are_read():
    g = parse_guide(FULL, path="guides/disc.md")
    assert g.title == "Discovery for {product}"
    assert g.kind == "interview"
    assert g.duration == 45
    assert g.description == "Learn about {product} users."
    assert g.variables == {"product": "our app", "team": "the team"}
    assert g.name == "disc"
    assert g.path == "guides/disc.md"
    assert g.source == FULL


def test_kind_defaults_to_interview_and_name_can_be_given():
    g = parse_guide(FRONT + "## S\n- Tell me more.\n", name="custom")
    assert g.kind == "interview" and g.name == "custom" and g.duration is None


def test_sections_questions_probes_and_notes():
    g = parse_guide(FULL)
    assert [s.title for s in g.sections] == ["Warm-up", "Deep dive", "Close"]
    warm = g.sections[0]
    assert warm.notes == ("A section note.",)
    assert [q.text for q in warm.questions] == [
        "Tell me about your role.",
        "Tell me about the last time you used {product}.",
    ]
    assert warm.questions[0].probes == ("What does a week look like?", "Who do you work with?")
    # probes nested deeper are flattened into the question's probes
    assert warm.questions[1].probes == ("What happened next?", "What did {team} do?")
    assert g.notes == ("A note for the whole guide.", "Also a guide note.")
    assert g.question_count() == 5


def test_timebox_variants_are_parsed_and_removed_from_title():
    g = parse_guide(FULL)
    assert [s.minutes for s in g.sections] == [5, 10, 2]
    g = parse("## A (10min)\n- Q?\n## B (3 Minutes)\n- Q2?\n## C\n- Q3?\n")
    assert [(s.title, s.minutes) for s in g.sections] == [("A", 10), ("B", 3), ("C", None)]
    assert g.planned_minutes() == 13


def test_words_ending_in_min_are_not_a_timebox():
    g = parse("## Talk to the admin (admin)\n- Q?\n")
    assert g.sections[0].title == "Talk to the admin (admin)"
    assert g.sections[0].minutes is None


def test_ordered_lists_are_questions_too():
    g = parse_guide(FULL)
    assert [q.text for q in g.sections[1].questions] == ["Walk me through it.", "What have you tried?"]


def test_inline_markdown_is_reduced_to_plain_text():
    g = parse("## The *big* one\n- Tell me about **the last** time you used `grep`.\n")
    assert g.sections[0].title == "The big one"
    assert g.sections[0].questions[0].text == "Tell me about the last time you used grep."


def test_wrapped_question_lines_are_joined():
    g = parse("## S\n- Tell me about the last\n  time it happened.\n")
    assert g.sections[0].questions[0].text == "Tell me about the last time it happened."


def test_extra_paragraphs_in_a_question_become_section_notes():
    g = parse("## S\n- Tell me about it.\n\n  Let them talk.\n\n  - What next?\n")
    s = g.sections[0]
    assert s.questions[0].text == "Tell me about it."
    assert s.questions[0].probes == ("What next?",)
    assert s.notes == ("Let them talk.",)


def test_blockquotes_code_and_deep_headings_are_notes():
    g = parse("## S\n> Quote this.\n\n#### Tip\n\n```\nsay hello\n```\n- Q?\n")
    assert g.sections[0].notes == ("Quote this.", "Tip", "say hello")
    assert len(g.sections) == 1


def test_html_comments_are_ignored():
    g = parse("<!-- hidden -->\n## S\n<!--\nalso hidden\n-->\n- Q?\n")
    assert g.notes == () and g.sections[0].notes == ()


def test_single_leading_h1_is_the_document_title_not_a_section():
    g = parse("# My guide\nIntro.\n## A\n- Q1?\n## B\n- Q2?\n")
    assert [s.title for s in g.sections] == ["A", "B"]
    assert g.notes == ("Intro.",)


def test_lone_h1_is_a_section():
    g = parse("# Questions\n- Q1?\n")
    assert [s.title for s in g.sections] == ["Questions"]


def test_several_h1_headings_are_all_sections():
    g = parse("# A\n- Q1?\n# B\n- Q2?\n")
    assert [s.title for s in g.sections] == ["A", "B"]


def test_h1_that_is_not_first_is_a_section():
    g = parse("## A\n- Q1?\n# B\n- Q2?\n")
    assert [s.title for s in g.sections] == ["A", "B"]


def test_line_numbers_count_from_the_file_start_including_front_matter():
    g = parse_guide(FULL)
    lines = FULL.split("\n")
    for section in g.sections:
        assert section.title in lines[section.line - 1]
        for q in section.questions:
            assert q.text.split()[0] in lines[q.line - 1]
    assert g.sections[0].line == 16
    assert g.sections[0].questions[0].line == 19


def test_crlf_and_bom_in_text_are_normalised():
    g = parse_guide("\ufeff" + FULL.replace("\n", "\r\n"))
    assert g.source == FULL
    assert g.sections[0].line == 16


# --------------------------------------------------------------------------- co-creation


def test_cocreation_activity_tags_and_options():
    g = parse_guide(COCREATION)
    assert [(s.title, s.activity, s.minutes) for s in g.sections] == [
        ("Framing", "discuss", 10),
        ("Ideas", "ideas", 10),
        ("Vote", "vote", 5),
        ("Rank", "prioritise", 10),
        ("About {product}", "discuss", None),
    ]
    assert g.sections[2].options == {"dots": "3", "mode": "stack"}
    assert g.sections[1].notes == ("Write alone.",)
    assert g.sections[1].questions == ()


def test_interview_sections_have_no_activity():
    assert all(s.activity is None for s in parse_guide(FULL).sections)


def test_declared_variable_at_end_of_interview_heading_is_a_placeholder():
    g = parse("## About {product}\n- Q?\n", front="---\ntitle: T\nvariables:\n  product: x\n---\n")
    assert g.sections[0].title == "About {product}" and g.sections[0].activity is None


def test_cocreation_discuss_section_needs_a_question():
    text = "---\ntitle: W\nkind: co-creation\n---\n## Framing\nJust talk.\n## Ideas {ideas}\n"
    err = error_of(text)
    assert err.line == 5 and "'Framing' has no questions" in err.message


# --------------------------------------------------------------------------- ids


def test_ids_have_the_documented_shape():
    g = parse_guide(FULL)
    for s in g.sections:
        assert re.fullmatch(r"s-[0-9a-f]{8}", s.id)
        for q in s.questions:
            assert re.fullmatch(r"q-[0-9a-f]{8}", q.id)


def test_ids_are_stable_across_rereads_and_edits_elsewhere():
    g1 = parse_guide(FULL)
    edited = FULL.replace("## Warm-up (5 min)\n", "## Warm-up (5 min)\n- A brand new question?\n")
    edited = edited.replace("duration: 45", "duration: 50")
    g2 = parse_guide(edited)
    ids1 = {q.text: q.id for _, q in g1.questions()}
    ids2 = {q.text: q.id for _, q in g2.questions()}
    assert all(ids2[text] == qid for text, qid in ids1.items())
    assert [s.id for s in g1.sections] == [s.id for s in g2.sections]


def test_ids_ignore_case_and_whitespace():
    a = parse("## Warm up\n- Tell me  about it.\n")
    b = parse("## warm   UP (5 min)\n- tell me about   it.\n")
    assert a.sections[0].id == b.sections[0].id
    assert a.sections[0].questions[0].id == b.sections[0].questions[0].id


def test_duplicates_get_numbered_ids():
    g = parse("## S\n- Why?\n- Why?\n## S\n- Why?\n")
    qids = [q.id for _, q in g.questions()]
    base = qids[0]
    assert qids == [base, base + "-2", base + "-3"]
    assert [s.id for s in g.sections] == [g.sections[0].id, g.sections[0].id + "-2"]


def test_question_ids_match_sha1_of_normalised_text():
    import hashlib

    g = parse("## S\n- Tell  Me.\n")
    expected = "q-" + hashlib.sha1(b"tell me.").hexdigest()[:8]
    assert g.sections[0].questions[0].id == expected


# --------------------------------------------------------------------------- variables


def test_fill_variables_uses_values_then_defaults_and_keeps_ids():
    g = parse_guide(FULL)
    filled = fill_variables(g, {"product": "Acme"})
    assert filled.title == "Discovery for Acme"
    assert filled.description == "Learn about Acme users."
    q = filled.sections[0].questions[1]
    assert q.text == "Tell me about the last time you used Acme."
    assert q.probes[1] == "What did the team do?"
    assert [q.id for _, q in filled.questions()] == [q.id for _, q in g.questions()]
    assert [s.id for s in filled.sections] == [s.id for s in g.sections]
    assert filled.variables == {"product": "Acme", "team": "the team"}
    assert g.sections[0].questions[1].text.endswith("{product}.")  # original untouched
    assert guide_hash(filled) == guide_hash(g)


def test_fill_variables_fills_titles_and_notes():
    text = ("---\ntitle: T\nvariables:\n  who: Ann\n---\nHello {who}.\n"
            "## With {who}\nAsk {who}.\n- Tell me, {who}.\n")
    filled = fill_variables(parse_guide(text), {})
    assert filled.notes == ("Hello Ann.",)
    assert filled.sections[0].title == "With Ann"
    assert filled.sections[0].notes == ("Ask Ann.",)


def test_double_braces_are_literal():
    g = parse("## S\n- Tell me about {{braces}} and }} here.\n")
    filled = fill_variables(g, {"braces": "no"})
    assert filled.sections[0].questions[0].text == "Tell me about {braces} and } here."


def test_values_are_not_filled_recursively():
    text = "---\ntitle: T\nvariables:\n  a: x\n  b: y\n---\n## S\n- {a} {b}\n"
    filled = fill_variables(parse_guide(text), {"a": "{b}"})
    assert filled.sections[0].questions[0].text == "{b} y"


def test_variable_defaults_are_strings():
    g = parse("## S\n- Q {n}?\n", front="---\ntitle: T\nvariables:\n  n: 3\n  e:\n---\n")
    assert g.variables == {"n": "3", "e": ""}


# --------------------------------------------------------------------------- errors


def test_error_str_names_file_and_line():
    err = GuideError("a probe must be nested under a question", path="guides/x.md", line=14)
    assert str(err) == "guides/x.md:14: a probe must be nested under a question"
    assert str(GuideError("nope", path="a.md")) == "a.md: nope"
    assert str(GuideError("nope")) == "nope"


def test_missing_front_matter_means_missing_title():
    err = error_of("## S\n- Q?\n")
    assert err.line == 1 and "no title" in err.message
    assert str(err).startswith("guides/x.md:1: ")


def test_front_matter_without_title():
    err = error_of("---\nkind: interview\n---\n## S\n- Q?\n")
    assert "no title" in err.message and "title:" in err.message


def test_unclosed_front_matter():
    err = error_of("---\ntitle: T\n## S\n- Q?\n")
    assert err.line == 1 and "never closed" in err.message


def test_unknown_kind_names_the_allowed_kinds():
    err = error_of("---\ntitle: T\nkind: survey\n---\n## S\n- Q?\n")
    assert err.line == 3
    assert "'survey'" in err.message and "interview" in err.message and "co-creation" in err.message


def test_empty_guide():
    err = error_of(FRONT + "Only a note.\n")
    assert "no sections" in err.message
    assert "no sections" in error_of(FRONT).message


def test_heading_with_no_questions():
    err = error_of(FRONT + "## Intro\nJust a note.\n## S\n- Q?\n")
    assert err.line == 4 and "'Intro' has no questions" in err.message


def test_bad_yaml_reports_the_line_of_the_error():
    err = error_of("---\ntitle: T\nvariables:\n  a: [1, 2\nkind: x\n---\n## S\n- Q?\n")
    assert "not valid YAML" in err.message
    assert err.line in (4, 5)
    err = error_of("---\ntitle: T\ndescription: a: b\n---\n## S\n- Q?\n")
    assert err.line == 3 and "not valid YAML" in err.message


def test_front_matter_that_is_not_a_mapping():
    err = error_of("---\n- title\n- kind\n---\n## S\n- Q?\n")
    assert "must be 'key: value' lines" in err.message and "a list" in err.message
    assert "key: value" in error_of("---\njust text\n---\n## S\n- Q?\n").message


def test_unknown_variable_in_body():
    err = error_of("---\ntitle: T\nvariables:\n  product: x\n---\n## S\n- Tell me about {foo}.\n")
    assert err.line == 7
    assert "unknown variable {foo}" in err.message and "product" in err.message


def test_unknown_variable_in_probe_note_title_and_front_matter():
    assert error_of(FRONT + "## S\n- Q?\n  - And {x}?\n").line == 6
    assert error_of(FRONT + "Hi {x}.\n## S\n- Q?\n").line == 4
    assert error_of(FRONT + "## About {x}\n- Q?\n").line == 4
    assert error_of("---\ntitle: T {x}\n---\n## S\n- Q?\n").line == 2
    assert "none are declared" in error_of(FRONT + "## S\n- {x}\n").message


def test_non_integer_duration():
    err = error_of("---\ntitle: T\nduration: 45 min\n---\n## S\n- Q?\n")
    assert err.line == 3 and "whole number of minutes" in err.message
    assert "whole number" in error_of("---\ntitle: T\nduration: 1.5\n---\n## S\n- Q?\n").message
    assert "whole number" in error_of("---\ntitle: T\nduration: true\n---\n## S\n- Q?\n").message
    assert parse_guide("---\ntitle: T\nduration: '30'\n---\n## S\n- Q?\n").duration == 30


def test_non_integer_timebox():
    err = error_of(FRONT + "## Warm-up (ten min)\n- Q?\n")
    assert err.line == 4 and "'(ten min)'" in err.message and "whole number" in err.message
    assert "whole number" in error_of(FRONT + "## Warm-up (1.5 mins)\n- Q?\n").message
    assert "whole number" in error_of(FRONT + "## Warm-up (0 min)\n- Q?\n").message
    assert "whole number" in error_of(FRONT + "## Warm-up (² min)\n- Q?\n").message
    assert "whole number" in error_of(FRONT + "## Warm-up (" + "9" * 5000 + " min)\n- Q?\n").message
    assert "whole number" in error_of("---\ntitle: T\nduration: '²'\n---\n## S\n- Q?\n").message


def test_unknown_activity_type():
    err = error_of("---\ntitle: W\nkind: co-creation\n---\n## Play {brainstorm}\n")
    assert err.line == 5
    assert "unknown activity type 'brainstorm'" in err.message
    assert all(a in err.message for a in ACTIVITIES)


def test_activity_tag_in_interview_guide():
    err = error_of(FRONT + "## Vote {vote dots=3}\n- Q?\n")
    assert err.line == 4 and "co-creation" in err.message
    assert "co-creation" in error_of(FRONT + "## Ideas {ideas}\n- Q?\n").message


def test_bad_activity_option():
    err = error_of("---\ntitle: W\nkind: co-creation\n---\n## Vote {vote dots}\n")
    assert "key=value" in err.message


def test_probe_without_a_question():
    err = error_of(FRONT + "## S\nA note.\n\n  - a lonely probe\n")
    assert err.line == 7 and err.message.startswith("a probe must be nested under a question")
    assert "probe must be nested" in error_of(FRONT + "## S\n-\n  - lonely\n").message


def test_question_before_any_section():
    err = error_of(FRONT + "- Q?\n## S\n- Q2?\n")
    assert err.line == 4 and "section heading" in err.message


def test_bad_variables_block():
    assert "variables" in error_of("---\ntitle: T\nvariables: [a]\n---\n## S\n- Q?\n").message
    assert "letters" in error_of("---\ntitle: T\nvariables:\n  a b: 1\n---\n## S\n- Q?\n").message


def test_title_must_be_text():
    assert "must be text" in error_of("---\ntitle: [a, b]\n---\n## S\n- Q?\n").message


# --------------------------------------------------------------------------- files


def test_load_guide_file_accepts_bom_and_crlf(tmp_path: Path):
    path = tmp_path / "my-guide.md"
    path.write_bytes(b"\xef\xbb\xbf" + FULL.replace("\n", "\r\n").encode("utf-8"))
    g = load_guide_file(path)
    assert g.name == "my-guide" and g.path == str(path)
    assert g.source == FULL
    assert g.sections[0].line == 16


def test_load_guide_file_rejects_non_utf8_with_its_line(tmp_path: Path):
    path = tmp_path / "latin.md"
    path.write_bytes((FRONT + "## S\n- Caf").encode() + b"\xe9?\n")
    with pytest.raises(GuideError) as info:
        load_guide_file(path)
    assert info.value.line == 5 and "not UTF-8" in info.value.message
    assert str(info.value).startswith(f"{path}:5: ")


def test_load_guide_file_missing(tmp_path: Path):
    with pytest.raises(GuideError) as info:
        load_guide_file(tmp_path / "nope.md")
    assert info.value.message == "file not found" and info.value.line is None
    with pytest.raises(GuideError, match="folder"):
        load_guide_file(tmp_path)


def test_parse_errors_from_files_name_the_file(tmp_path: Path):
    path = tmp_path / "bad.md"
    path.write_text(FRONT + "## Intro\n")
    with pytest.raises(GuideError) as info:
        load_guide_file(path)
    assert str(info.value).startswith(f"{path}:4: ")


# --------------------------------------------------------------------------- snapshots


def test_snapshot_round_trips_through_json():
    for g in (parse_guide(FULL), parse_guide(COCREATION), fill_variables(parse_guide(FULL), {})):
        d = json.loads(json.dumps(guide_to_dict(g)))
        assert guide_from_dict(d) == g
        assert d["format"] == 1


def test_damaged_snapshot_raises_guide_error():
    with pytest.raises(GuideError, match="snapshot"):
        guide_from_dict({"title": "no name"})
    with pytest.raises(GuideError):
        guide_from_dict({"name": "n", "title": "t", "sections": [{"title": "x"}]})


def test_guide_hash_is_sha256_of_source():
    import hashlib

    g = parse_guide(FULL)
    assert guide_hash(g) == hashlib.sha256(FULL.encode()).hexdigest()
    assert guide_hash(parse_guide(FULL + "\n")) != guide_hash(g)


# --------------------------------------------------------------------------- bundled guides


BUNDLED = sorted(Path(__file__).resolve().parent.parent.joinpath("guides").glob("*.md"))


def test_bundled_dir_is_the_checkout_guides_folder():
    assert bundled_guides_dir() == Path(guides_mod.__file__).resolve().parents[2] / "guides"
    names = {p.stem for p in BUNDLED}
    assert {"problem-discovery", "jtbd-switch", "churn", "onboarding",
            "co-creation-workshop"} <= names


def test_installed_package_finds_bundled_guides(tmp_path: Path):
    """An installed wheel has no checkout around it: guides come from interview.bundled_guides."""
    import shutil
    import subprocess
    import sys

    pkg = tmp_path / "site" / "interview"
    (pkg / "bundled_guides").mkdir(parents=True)
    source = Path(guides_mod.__file__).resolve().parents[1]
    for module in ("__init__.py", "models.py", "regular_files.py"):
        shutil.copy(source / module, pkg / module)
    shutil.copytree(source / "guides", pkg / "guides", ignore=shutil.ignore_patterns("__pycache__"))
    for guide in BUNDLED:
        shutil.copy(guide, pkg / "bundled_guides" / guide.name)
    code = ("from interview.guides import bundled_guides_dir, list_guides;"
            "print(bundled_guides_dir()); print(','.join(e.name for e in list_guides()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path,
                         env={"PYTHONPATH": str(pkg.parent), "INTERVIEW_GUIDES_DIR": str(tmp_path)})
    where, names = out.stdout.splitlines()
    assert Path(where) == pkg / "bundled_guides"
    assert names.split(",") == sorted(p.stem for p in BUNDLED)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_guide_is_ready_for_a_real_session(path: Path):
    g = load_guide_file(path)
    assert g.title and g.description and g.duration
    assert g.notes, "a bundled guide opens with facilitator notes"
    for s in g.sections:
        assert s.minutes, f"{s.title} has no timebox"
        assert s.notes, f"{s.title} has no facilitator note"
        for q in s.questions:
            assert 1 <= len(q.probes) <= 3, q.text
    filled = fill_variables(g, {})
    assert "{" not in json.dumps([q.text for _, q in filled.questions()])
    assert guide_from_dict(json.loads(json.dumps(guide_to_dict(g)))) == g


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_guide_lints_clean(path: Path):
    lint = pytest.importorskip("interview.guides.lint")
    assert lint.lint_guide(load_guide_file(path)) == []


def test_cocreation_workshop_uses_every_activity():
    g = load_guide_file(bundled_guides_dir() / "co-creation-workshop.md")
    assert g.kind == "co-creation"
    assert {s.activity for s in g.sections} == set(ACTIVITIES)
    vote = next(s for s in g.sections if s.activity == "vote")
    assert vote.options == {"dots": "3"}


def test_some_bundled_guides_use_variables():
    assert sum(bool(load_guide_file(p).variables) for p in BUNDLED) >= 2


def test_problem_discovery_closes_with_what_should_i_have_asked():
    g = load_guide_file(bundled_guides_dir() / "problem-discovery.md")
    texts = [q.text.lower() for _, q in g.questions()]
    assert any("what should i have asked" in t for t in texts)
    assert any("the last time" in t for t in texts)
    assert any("who else should i talk to" in t for t in texts)


def test_starter_guide_parses_and_lints_clean():
    g = parse_guide(STARTER_GUIDE, path="new.md")
    assert g.question_count() >= 3 and g.variables
    lint = pytest.importorskip("interview.guides.lint")
    assert lint.lint_guide(g) == []


# --------------------------------------------------------------------------- finding guides


GOOD = FRONT + "## S\n- Tell me about the last time.\n"


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-guides"
    folder.mkdir()
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(folder))
    return folder


def test_user_guides_dir_env_override(user_dir: Path):
    assert user_guides_dir() == user_dir


def test_user_guides_dir_default(monkeypatch: pytest.MonkeyPatch):
    import platformdirs

    monkeypatch.delenv("INTERVIEW_GUIDES_DIR", raising=False)
    assert user_guides_dir() == platformdirs.user_data_path("interview") / "guides"


def test_list_guides_merges_bundled_and_user_sorted(user_dir: Path):
    (user_dir / "aaa-mine.md").write_text(GOOD)
    (user_dir / "notes.txt").write_text("not a guide")
    entries = list_guides()
    names = [e.name for e in entries]
    assert names == sorted(names)
    assert "aaa-mine" in names and "churn" in names and "notes" not in names
    mine = next(e for e in entries if e.name == "aaa-mine")
    assert isinstance(mine, GuideEntry)
    assert mine.source == "user" and mine.guide is not None and mine.error is None
    churn = next(e for e in entries if e.name == "churn")
    assert churn.source == "bundled" and churn.path == bundled_guides_dir() / "churn.md"


def test_user_guide_overrides_bundled_of_same_name(user_dir: Path):
    (user_dir / "churn.md").write_text(GOOD)
    entries = [e for e in list_guides() if e.name == "churn"]
    assert len(entries) == 1 and entries[0].source == "user"
    assert resolve_guide("churn").title == "Test guide"


def test_broken_guide_is_listed_with_its_error(user_dir: Path):
    (user_dir / "broken.md").write_text("no front matter\n")
    (user_dir / "latin.md").write_bytes(b"\xff\xfe")
    entries = {e.name: e for e in list_guides()}
    assert entries["broken"].guide is None and isinstance(entries["broken"].error, GuideError)
    assert entries["latin"].error is not None
    with pytest.raises(GuideError, match="no title"):
        resolve_guide("broken")


def test_missing_user_dir_lists_only_bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "does-not-exist"))
    assert {e.source for e in list_guides()} == {"bundled"}


def test_resolve_guide_by_name_and_by_path(user_dir: Path, tmp_path: Path):
    assert resolve_guide("problem-discovery").name == "problem-discovery"
    path = tmp_path / "elsewhere.md"
    path.write_text(GOOD)
    assert resolve_guide(str(path)).name == "elsewhere"


def test_resolve_guide_unknown_name_lists_available(user_dir: Path):
    with pytest.raises(GuideError) as info:
        resolve_guide("nonexistent")
    assert "unknown guide 'nonexistent'" in str(info.value)
    assert "churn" in str(info.value) and "problem-discovery" in str(info.value)


def test_resolve_guide_missing_path(tmp_path: Path):
    with pytest.raises(GuideError, match="file not found"):
        resolve_guide(str(tmp_path / "missing.md"))


# --------------------------------------------------------------------------- hostile guide files (issue 13, item 10)


LAUGHS = """---
title: Laughs
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
{key}: *c
---
## S
- Tell me about the last time.
"""


@pytest.mark.parametrize("key", ["kind", "duration", "title"])
def test_yaml_aliases_are_refused_before_they_expand(key: str):
    """Nine more levels of the same 400 bytes expand to gigabytes when printed; three are enough to test."""
    with pytest.raises(GuideError) as info:
        parse_guide(LAUGHS.format(key=key), path="laughs.md")
    message = str(info.value)
    assert "aliases (*name) are not allowed" in message and len(message) < 200


def test_a_guide_over_the_size_cap_is_refused_at_once(tmp_path: Path):
    path = tmp_path / "huge.md"
    path.write_text(GOOD + "Facilitator note.\n" * 8000)  # 150 KB
    with pytest.raises(GuideError, match="larger than 100 KB"):
        load_guide_file(path)
    with pytest.raises(GuideError, match="larger than 100 KB"):
        parse_guide(path.read_text())


def _within(seconds: float, work):
    """Run ``work`` in a thread; None if it did not finish in time (the thread is left behind)."""
    import threading

    box: list = []
    worker = threading.Thread(target=lambda: box.append(work()), daemon=True)
    worker.start()
    worker.join(timeout=seconds)
    return box[0] if box else None


def test_a_bad_file_in_the_guides_folder_never_blocks_or_breaks_the_others(user_dir: Path):
    import os

    (user_dir / "mine.md").write_text(GOOD)
    (user_dir / "laughs.md").write_text(LAUGHS.format(key="kind"))
    (user_dir / "huge.md").write_text(GOOD + "Facilitator note.\n" * 8000)
    os.mkfifo(user_dir / "pipe.md")  # open() on it waits for a writer forever
    try:
        entries = _within(10, list_guides)
        assert entries is not None, "list_guides blocked on a named pipe in the guides folder"
        found = {e.name: e for e in entries}
        assert found["mine"].guide is not None and found["churn"].guide is not None
        assert "named pipe" in str(found["pipe"].error)
        assert "aliases" in str(found["laughs"].error) and "100 KB" in str(found["huge"].error)
        assert _within(10, lambda: resolve_guide("mine")).title == "Test guide"
    finally:
        with open(os.open(user_dir / "pipe.md", os.O_RDWR), "wb"):  # releases any reader still waiting
            pass


# --------------------------------------------------------------------------- fuzz


MARKDOWNISH = st.lists(
    st.sampled_from(list("#-*1. \n{}()=abmin0:>`\t\\\r") + ["min", "---", "{vote", "\ufeff", "  - "]),
    max_size=120,
).map("".join)


def _parses_or_guide_error(text: str) -> None:
    try:
        result = parse_guide(text)
    except GuideError as err:
        assert str(err)
        return
    assert isinstance(result, Guide)
    guide_from_dict(json.loads(json.dumps(guide_to_dict(result))))
    fill_variables(result, {})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_fuzz_arbitrary_text(text: str):
    _parses_or_guide_error(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400) | MARKDOWNISH, st.sampled_from(["interview", "co-creation"]))
def test_fuzz_text_after_valid_front_matter(body: str, kind: str):
    _parses_or_guide_error(f"---\ntitle: T\nkind: {kind}\nvariables:\n  x: y\n---\n" + body)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_fuzz_arbitrary_front_matter(front: str):
    _parses_or_guide_error("---\n" + front + "\n---\n## S\n- Q?\n")
