"""The guide linter: each rule fires on bad questions and stays quiet on good ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview.guides.lint import RULES, Finding, RuleHit, check_text, findings_to_json, lint_guide
from interview.models import Guide, Question, Section


def rules_of(text: str) -> list[str]:
    return [hit.rule for hit in check_text(text)]


# --------------------------------------------------------------------------- per-rule examples

BAD = {
    "closed-question": [
        "Do you ever struggle with invoices?",
        "So, did you find it useful?",
        "And was that hard?",
        "Have you ever tried a tool for this?",
        "Is the report late every month?",
        "Are you the one who sends reminders?",
        "Can your team see the dashboard?",
        "Did it work",  # a probe without a question mark
        "Should you have noticed earlier?",
        "Now, were there other options?",
        "Has anyone else complained?",
        "Do you remember the last time it broke?",
        "Um, did you try it?",  # as spoken, in a transcript
    ],
    "leading-question": [
        "Don't you think invoicing is painful?",
        "Dont you think invoicing is painful?",
        "Wouldn't you agree that this is slow?",
        "Isn't it annoying when clients pay late?",
        "Isn\u2019t it annoying when clients pay late?",
        "How frustrating is it to chase invoices?",
        "How annoying was the export?",
        "Surely that takes a lot of time?",
        "You export it to Excel, right?",
        "That was the slow part, wasn't it?",
        "You must hate doing this by hand.",
        "How frustrated were you?",
    ],
    "hypothetical": [
        "Would you use a tool that chases invoices for you?",
        "If we built an app for this, what would it need to do?",
        "If we offered automatic reminders, how would that change your week?",
        "Imagine you had a magic button. What would it do?",
        "Suppose the export was automatic. What changes?",
        "In the future, would you switch tools?",
        "How much would you pay for this?",
        "Would you ever try something new for this?",
        "Would you be willing to change your process?",
        "What would you do if the bank feed broke?",
        "How likely are you to recommend us?",
        "Would you want a tool that did this for you?",
    ],
    "pitching": [
        "What do you think of our new dashboard?",
        "We're building a tool that automates invoicing. Thoughts?",
        "We are building something for this; what do you make of it?",
        "How would you feel about our reminders feature?",
        "Let me show you our prototype.",
        "What's your take on our new feature?",
    ],
    "compliment-fishing": [
        "Do you like the idea of automatic reminders?",
        "Is this a good idea?",
        "What do you love about this concept?",
        "How much do you like the prototype?",
        "Does that sound useful?",
        "Would this be helpful for your team?",
    ],
    "feature-ask": [
        "What features would you want?",
        "What should we build next?",
        "What should we add to the app?",
        "What would you want us to build?",
        "What's on your wish list?",
        "What's on your wishlist?",
        "Which feature matters most to you?",
        "If you had a magic wand, what would it do?",
    ],
    "generic-habitual": [
        "How do you usually close the books?",
        "What do you typically do when a client pays late?",
        "In general, how do you handle late payments?",
        "What does a typical week look like?",
        "How long does it normally take?",
        "How many invoices do you send on average?",
        "Which tools do you tend to use?",
    ],
    "double-barrelled": [
        "How do you decide which invoices to chase and why do you chase them first?",
        "What did you try? What happened?",
        "Who was involved and what did they do?",
        "How did you find the problem, and did it get fixed?",
        "What did you try first and what happened?",
        "Where do you store it, or who has it?",
        "What happened?? Why?",
    ],
    "too-long": [
        "When you think about all the different ways that your team currently handles the"
        " month end close process across the various entities and currencies, what stands"
        " out to you as the most important?",
    ],
}

GOOD = [
    "How do you decide which invoices to chase first?",
    "What happened next?",
    "Walk me through the last time you closed the books.",
    "Who else was involved?",
    "Tell me about the last time you tried to reconcile a bank statement.",
    "What was the hardest part of that?",
    "Why was that hard?",
    "How did you handle it?",
    "What did you do about it?",
    "What have you tried so far to fix this?",
    "How do you handle that today?",
    "What did that cost you, in time or money?",
    "When did that last happen?",
    "How often has that come up in the last month?",
    "Where do you keep track of unpaid invoices?",
    "Who decides which tool the team uses?",
    "What made you start looking for a solution?",
    "How did you first notice the problem?",
    "What happened the last time a client paid late?",
    "Could you walk me through the most recent month-end close?",
    "Can you tell me more about that?",
    "What else have you looked at?",
    "What should I have asked that I didn't?",
    "Who else should I talk to?",
    "Is there anything I should have asked?",
    "Tell me about a time when a payment slipped through the cracks.",
    "How much time did that take you last week?",
    "What did you do right after?",
    "Why did you choose a spreadsheet over accounting software?",
    "What were you doing when that happened?",
    "Why didn't that work?",
    "How do you know when an invoice is overdue?",
    "What does your boss do with the report once you send it?",
    "How did you and your accountant split the work?",
    "What's the most recent example you can think of?",
    "How and when did you find out?",
    "What did you try first, and why that?",
    "Have them show you their spreadsheet.",
    "How doubled was the workload?",
    "Can you think of a time that went wrong?",
    "What's stopping you from fixing it?",
    "May I record this call?",
    "Which tools did you compare?",
    "How did that make you feel?",
    "What was going through your mind at that point?",
    "Where did the process break down?",
    "Why isn't it working for you?",
    "What do you like least about it?",
    "How did you end up doing it that way?",
    "What made you stop using it?",
    "Tell me about your role.",
    "Who was affected?",
    "What was the outcome?",
    "When was that, roughly?",
    "What happened?!",
    "Why? (e.g. Excel, email, paper)",
    "So... what did you do?",
    "Why would you want that?",
    "Is there anything else you'd like to add?",
    "What does the spreadsheet look like? Can you show me?",
    "What would have made that easier?",
    "What would you have done differently?",
    "How long have you been doing it this way?",
    "How many people touch an invoice before it goes out?",
    "When was the last time you thought about cancelling?",
    "How might we make {problem} easier for people like you?",
    "Tell us your name, your role and one recent moment when {problem} got in your way.",
]


@pytest.mark.parametrize(
    ("rule", "text"), [(rule, text) for rule, texts in BAD.items() for text in texts]
)
def test_rule_fires_on_bad_question(rule: str, text: str) -> None:
    assert rule in rules_of(text)


@pytest.mark.parametrize("text", GOOD)
def test_good_open_question_has_no_finding(text: str) -> None:
    assert check_text(text) == []


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("closed-question", "How do you close the books?"),
        ("closed-question", "Could you walk me through it?"),
        ("closed-question", "Would you mind sharing your screen?"),
        ("closed-question", "Have them show you the report."),
        ("leading-question", "Why isn't it working?"),
        ("leading-question", "What did you do right after?"),
        ("leading-question", "Did your boss agree that it was a problem?"),
        ("hypothetical", "What did you use before?"),
        ("hypothetical", "What have you paid for already?"),
        ("pitching", "What do you think of the vendor you use now?"),
        ("pitching", "How do you feel about the current process?"),
        ("compliment-fishing", "What do you like least about it?"),
        ("feature-ask", "What should I have asked?"),
        ("generic-habitual", "What usual suspects?"),  # token, not substring: "usual" != "usually"
        ("double-barrelled", "How and when did you find out?"),
        ("double-barrelled", "Who else was involved and how?"),
        ("too-long", "Tell me about the last time you chased an invoice."),
    ],
)
def test_rule_stays_quiet_on_near_miss(rule: str, text: str) -> None:
    assert rule not in rules_of(text)


def test_every_text_rule_has_examples() -> None:
    text_rules = {r.id for r in RULES.values() if r.scope == "text"}
    assert text_rules == set(BAD)


# --------------------------------------------------------------------------- rule table and hits


def test_rules_table_describes_every_rule() -> None:
    assert set(RULES) == {
        "closed-question",
        "leading-question",
        "hypothetical",
        "pitching",
        "compliment-fishing",
        "feature-ask",
        "generic-habitual",
        "double-barrelled",
        "too-long",
        "no-past-instance",
        "no-workaround-question",
        "no-closing-question",
    }
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.severity in {"error", "warning"}
        assert rule.reason and rule.hint
        assert rule.scope in {"text", "guide"}
    assert RULES["closed-question"].severity == "warning"
    assert RULES["hypothetical"].severity == "error"


def test_hit_carries_message_hint_and_offsets() -> None:
    text = "So, would you use a tool for that?"
    [hit] = check_text(text)
    assert isinstance(hit, RuleHit)
    assert hit.rule == "hypothetical"
    assert hit.severity == "error"
    assert hit.hint == RULES["hypothetical"].hint
    assert text[hit.start : hit.end] == hit.matched == "would you use"
    assert '"would you use"' in hit.message


def test_error_supersedes_closed_question_in_same_sentence() -> None:
    assert rules_of("Would you use a tool that did this?") == ["hypothetical"]
    assert rules_of("Do you like our new dashboard?") == ["compliment-fishing"]


def test_closed_question_in_another_sentence_still_reported() -> None:
    assert rules_of("Imagine it was automatic. Did it help?") == ["hypothetical", "closed-question"]


def test_each_rule_fires_once_per_text() -> None:
    assert rules_of("How do you usually, typically, normally do it?") == ["generic-habitual"]


def test_too_long_counts_words() -> None:
    [hit] = check_text(" ".join(["word"] * 31))
    assert hit.rule == "too-long"
    assert "31 words" in hit.message
    assert check_text("Tell " + " ".join(["word"] * 29)) == []


def test_empty_text_has_no_finding() -> None:
    assert check_text("") == []
    assert check_text("   ") == []


# --------------------------------------------------------------------------- lint_guide


def make_guide(questions: list[Question], kind: str = "interview", source: str = "") -> Guide:
    return Guide(
        name="test",
        title="Test guide",
        kind=kind,
        sections=(Section(id="s1", title="Main", questions=tuple(questions), line=5),),
        path="guides/test.md",
        source=source,
    )


COMPLETE = [
    Question("q1", "Tell me about the last time you chased a late payment.", ("What happened next?",), 6),
    Question("q2", "How do you handle that today?", (), 8),
    Question("q3", "What should I have asked that I didn't?", (), 9),
    Question("q4", "Who else should I talk to?", (), 10),
]


def test_complete_guide_has_no_findings() -> None:
    assert lint_guide(make_guide(COMPLETE)) == []


def test_guide_findings_point_at_question_lines_sorted() -> None:
    questions = [
        *COMPLETE,
        Question("bad2", "What features should we add?", (), 20),
        Question("bad1", "Would you pay for this?", (), 12),
    ]
    findings = lint_guide(make_guide(questions))
    assert [(f.line, f.rule) for f in findings] == [(12, "hypothetical"), (20, "feature-ask")]
    first = findings[0]
    assert isinstance(first, Finding)
    assert first.path == "guides/test.md"
    assert first.text == "Would you pay for this?"
    assert first.severity == "error"


def test_probes_are_linted_and_found_on_their_own_line() -> None:
    source = "\n".join(
        [
            "# Guide",  # 1
            "",
            "## Main",  # 3
            "",
            "- Tell me about the last time you chased a late payment.",  # 5
            "  - What happened next?",  # 6
            "  - Do you **usually** chase by phone?",  # 7
        ]
    )
    question = Question(
        "q1",
        "Tell me about the last time you chased a late payment.",
        ("What happened next?", "Do you usually chase by phone?"),
        5,
    )
    findings = lint_guide(make_guide([question, *COMPLETE[1:]], source=source))
    assert {(f.line, f.rule) for f in findings} == {
        (7, "closed-question"),
        (7, "generic-habitual"),
    }
    assert all(f.text == "Do you usually chase by phone?" for f in findings)


def test_probe_without_source_falls_back_to_question_line() -> None:
    question = Question("q1", "Tell me about the last time it broke.", ("Is that common?",), 6)
    findings = lint_guide(make_guide([question, *COMPLETE[1:]]))
    assert [(f.line, f.rule) for f in findings] == [(6, "closed-question")]


# --------------------------------------------------------------------------- whole-guide checks


@pytest.mark.parametrize(
    ("missing", "rule"),
    [("q1", "no-past-instance"), ("q2", "no-workaround-question")],
)
def test_guide_without_key_question_is_reported(missing: str, rule: str) -> None:
    questions = [q for q in COMPLETE if q.id != missing]
    findings = lint_guide(make_guide(questions))
    assert [(f.rule, f.line, f.path) for f in findings] == [(rule, 1, "guides/test.md")]
    assert findings[0].severity == RULES[rule].severity


def test_guide_without_closing_question_is_reported() -> None:
    findings = lint_guide(make_guide(COMPLETE[:2]))
    assert [f.rule for f in findings] == ["no-closing-question"]


def test_any_one_closing_question_is_enough() -> None:
    for closing in ("Is there anything else I should have asked?", "Who else should we talk to?"):
        questions = [*COMPLETE[:2], Question("c", closing, (), 9)]
        assert lint_guide(make_guide(questions)) == []


def test_past_instance_in_a_probe_counts() -> None:
    questions = [
        Question("q1", "Tell me about your role.", ("Walk me through yesterday.",), 6),
        *COMPLETE[1:],
    ]
    assert lint_guide(make_guide(questions)) == []


def test_whole_guide_checks_report_on_title_line() -> None:
    source = "---\nkind: interview\ntitle: Test guide\n---\n\n## Main\n"
    findings = lint_guide(make_guide([], source=source))
    assert {f.rule for f in findings} == {
        "no-past-instance",
        "no-workaround-question",
        "no-closing-question",
    }
    assert {f.line for f in findings} == {3}


def test_co_creation_guide_is_exempt_from_whole_guide_checks() -> None:
    guide = make_guide([Question("q", "How might we make onboarding easier?", (), 6)], kind="co-creation")
    assert lint_guide(guide) == []


def test_co_creation_questions_are_still_linted() -> None:
    guide = make_guide([Question("q", "Don't you think onboarding is painful?", (), 6)], kind="co-creation")
    assert [f.rule for f in lint_guide(guide)] == ["leading-question"]


def test_guide_without_path_uses_its_name() -> None:
    guide = Guide(name="adhoc", title="Adhoc", sections=())
    assert {f.path for f in lint_guide(guide)} == {"adhoc"}


# --------------------------------------------------------------------------- output


def test_finding_formats_on_one_line() -> None:
    [finding] = lint_guide(make_guide([*COMPLETE, Question("b", "Would you pay for this?", (), 12)]))
    line = finding.format()
    assert "\n" not in line
    assert line.startswith("guides/test.md:12: hypothetical ")
    assert '"Would you pay"' in line
    assert line.endswith(f"(hint: {RULES['hypothetical'].hint})")


def test_findings_to_json_shape() -> None:
    findings = lint_guide(make_guide([*COMPLETE, Question("b", "Would you pay for this?", (), 12)]))
    data = findings_to_json(findings)
    assert data == [
        {
            "path": "guides/test.md",
            "line": 12,
            "rule": "hypothetical",
            "severity": "error",
            "message": findings[0].message,
            "hint": RULES["hypothetical"].hint,
            "text": "Would you pay for this?",
        }
    ]
    json.dumps(data)  # serialisable as is
    assert findings_to_json([]) == []


# --------------------------------------------------------------------------- bundled guides

BUNDLED = sorted((Path(__file__).resolve().parents[1] / "guides").glob("*.md"))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_guide_lints_clean(path: Path) -> None:
    guides = pytest.importorskip("interview.guides")
    findings = lint_guide(guides.load_guide_file(path))
    assert [f.format() for f in findings] == []


def test_work_around_phrasing_counts_as_a_workaround_question():
    from interview.guides.lint import lint_guide
    from interview.models import Guide, Question, Section

    guide = Guide(
        name="g", title="G", path="g.md",
        sections=(Section(id="s", title="S", questions=(
            Question(id="a", text="Tell me about the last time the report was late."),
            Question(id="b", text="How do you work around the slow parts today?"),
            Question(id="c", text="What should I have asked that I didn't?"),
        )),),
    )
    assert [f.rule for f in lint_guide(guide)] == []
