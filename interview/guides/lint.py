"""Guide linter: flags questions that confirm ideas instead of learning.

The method (after "The Mom Test"): ask about the customer's problems and past
behaviour, not about our product or their hypothetical future. Each rule in
:data:`RULES` names one way a question goes wrong, with a reason and a rewrite
hint. Most rules are phrase lists (data, below); three are structural
(``closed-question``, ``double-barrelled``, ``too-long``).

Public API::

    check_text("Would you use a tool that ...?")   # -> [RuleHit(rule="hypothetical", ...)]
    lint_guide(guide)                              # -> [Finding(...)] sorted by line
    findings_to_json(findings)                     # -> [{"path": ..., "line": ..., ...}]
    RULES["closed-question"].reason                # for `interview guides rules`

The rules (reason, hint, severity) and their phrases live in data files next to
the NLP patterns, ``interview/nlp/patterns/coaching/``: ``lint_rules.jsonl`` one rule
a line, ``lint_phrases.jsonl`` one spaCy ``Matcher`` token pattern a line, with an
optional ``anchor``: ``start`` (the phrase opens a sentence, after lead-in words
such as "so," or "and") or ``end`` (it closes one, before its ``?``). Phrases
match token *norms* (lowercased, contractions expanded: "isn't", "isnt" and "is
not" all read ``is not``), so "doubled" never matches "do" and "we're building"
matches "we are building". The blank English tokenizer and the matcher are built
once, lazily, on first use. Rules as data follow spaCy's own components
(``shared/STYLE.md``, "spaCy's own components"): a researcher edits a file, not Python.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:  # spaCy is imported lazily: the app must start before it loads
    from spacy.language import Language
    from spacy.tokens import Doc

    from interview.models import Guide, Question

__all__ = [
    "Rule",
    "RuleHit",
    "Finding",
    "RULES",
    "check_text",
    "lint_guide",
    "findings_to_json",
]

MAX_WORDS = 30


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    """One linter rule. ``scope`` is "text" (each question and probe) or "guide"
    (the guide as a whole: fires when *no* question matches its phrases).
    Every error rule supersedes ``closed-question``."""

    id: str
    severity: str  # "error" | "warning"
    reason: str
    hint: str
    scope: str = "text"
    #: Rules this one replaces when both fire in the same sentence (the more
    #: specific reason is the more useful one).
    supersedes: tuple[str, ...] = ()


RULES_DIR = Path(__file__).resolve().parent.parent / "nlp" / "patterns" / "coaching"


def _read_jsonl(name: str) -> list[dict]:
    with open(RULES_DIR / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _load_rules() -> dict[str, Rule]:
    """The rules in file order (``interview guides rules`` lists them so); no spaCy needed."""
    rules = {}
    for row in _read_jsonl("lint_rules.jsonl"):
        rules[row["rule"]] = Rule(
            row["rule"], row["severity"], row["reason"].format(max_words=MAX_WORDS), row["hint"],
            scope=row.get("scope", "text"), supersedes=tuple(row.get("supersedes", ())),
        )
    return rules


RULES: dict[str, Rule] = _load_rules()

# --------------------------------------------------------------------------- structural rule data

#: Words that turn a sentence into a yes/no question when they open it.
CLOSED_OPENERS = frozenset(
    "do does did is are was were can could will would have has had should shall may am".split()
)
#: Words a sentence may start with before its real opener ("So, do you ...").
LEAD_INS = frozenset("so and but or ok okay now then also well alright right just oh um uh er hmm".split())
#: Subjects that mark "Did it work" (no "?") as a question, unlike "Have them show you".
SUBJECTS = frozenset(
    "you it they he she we i there this that these those anyone anybody anything someone"
    " somebody something your".split()
)
#: Openers that are polite requests, permission asks or invitations to go on ("Could
#: you walk me through ...", "May I ..."), not yes/no questions (nor a second question in a
#: double-barrelled one), are the phrases of the pseudo-rule ``closed-exempt``.
CLOSED_EXEMPT = "closed-exempt"
WH_WORDS = frozenset("what why how when where who whom whose which".split())
#: Verbs that follow "and what"/"and who" in a second question: "... and what happened?"
WH_SUBJECT_VERBS = frozenset(
    "happened happens happen made makes changed changes went goes came comes worked works".split()
)
COORDINATORS = frozenset({"and", "or"})
#: What ends a sentence for the sentencizer: ``? . ! … ;`` and the runs of them the tokenizer
#: keeps whole ("?!", "...", "!!!!"); "e.g." is one token with letters, so it does not.
SENTENCE_ENDS = frozenset(
    ["".join(run) for size in (1, 2, 3, 4) for run in itertools.product(".?!…;", repeat=size)]
    + [char * size for char in ".?!…;" for size in range(5, 101)]
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RuleHit:
    """One rule firing on one text (see :func:`check_text`).

    ``start``/``end`` are character offsets of ``matched`` in the text, so a UI
    can underline the words that made the rule fire.
    """

    rule: str
    severity: str
    message: str
    hint: str
    matched: str = ""
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Finding:
    """A rule hit placed in a guide file."""

    path: str
    line: int
    rule: str
    severity: str
    message: str
    hint: str
    text: str

    def format(self) -> str:
        """``file:line: RULE message (hint: ...)`` on one line."""
        return f"{self.path}:{self.line}: {self.rule} {self.message} (hint: {self.hint})"


# --------------------------------------------------------------------------- matching machinery


class _Engine:
    """The tokenizer, the sentencizer and one Matcher holding every phrase, keyed ``rule<TAB>anchor``.

    The Matcher reads the phrase file as written (``IN`` sets, optional tokens); it costs
    about 0.5 ms a question against 0.07 ms for the PhraseMatcher over every spelled-out
    phrase it replaced (the 248 lines of the bundled guides: 0.2 s, was 0.02 s).
    """

    def __init__(self) -> None:
        import spacy
        from spacy.matcher import Matcher

        self.nlp: Language = spacy.blank("en")
        self.nlp.add_pipe("sentencizer", config={"punct_chars": sorted(SENTENCE_ENDS)})
        self.matcher = Matcher(self.nlp.vocab)
        groups: dict[str, list[list[dict]]] = {}
        for row in _read_jsonl("lint_phrases.jsonl"):
            groups.setdefault(f"{row['rule']}\t{row.get('anchor', '')}", []).append(row["pattern"])
        for key, patterns in groups.items():
            self.matcher.add(key, patterns)

    def doc(self, text: str) -> Doc:
        return self.nlp(text)


_ENGINE: _Engine | None = None


def _engine() -> _Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = _Engine()
    return _ENGINE


@dataclass(frozen=True)
class _Sentence:
    start: int  # first token after lead-ins
    end: int  # one past the last content token (the index of its ?/./! if any)
    terminal: str  # "?", ".", "?!", ... or "" when the text just stops


def _sentences(doc: Doc) -> list[_Sentence]:
    """The sentencizer's sentences without their lead-ins ("So, do you ...") or closing punctuation."""
    sentences: list[_Sentence] = []
    for sent in doc.sents:
        end = next((t.i for t in sent if t.text in SENTENCE_ENDS), sent.end)
        start = sent.start
        while start < end and (doc[start].norm_ in LEAD_INS or doc[start].is_punct):
            start += 1
        if start < end:
            sentences.append(_Sentence(start, end, doc[end].text if end < sent.end else ""))
    return sentences


def _sentence_at(sentences: list[_Sentence], token_i: int) -> _Sentence | None:
    for sentence in sentences:
        if sentence.start <= token_i < sentence.end:
            return sentence
    return None


def _phrase_hits(doc: Doc, sentences: list[_Sentence]) -> Iterator[tuple[str, int, int]]:
    """(rule id, token start, token end) for every anchored-correctly phrase match."""
    vocab = doc.vocab
    for match_id, start, end in _engine().matcher(doc):
        rule_id, anchor = vocab.strings[match_id].split("\t")
        if anchor:
            sentence = _sentence_at(sentences, start)
            if sentence is None:
                # A phrase like ", right" starts on punctuation before the content.
                sentence = _sentence_at(sentences, end - 1)
            if sentence is None:
                continue
            if anchor == "start" and start != sentence.start:
                continue
            if anchor == "end" and end != sentence.end:
                continue
        yield rule_id, start, end


def _closed_hits(doc: Doc, sentences: list[_Sentence], exempt: set[int]) -> Iterator[tuple[int, int]]:
    for sentence in sentences:
        first = doc[sentence.start]
        if first.norm_ not in CLOSED_OPENERS or sentence.start in exempt:
            continue
        after = doc[sentence.start + 1].norm_ if sentence.start + 1 < sentence.end else ""
        if "?" in sentence.terminal or after in SUBJECTS:
            yield sentence.start, min(sentence.start + 2, sentence.end)


def _double_barrelled(
    doc: Doc, sentences: list[_Sentence], exempt: set[int]
) -> tuple[int, int] | None:
    if sum("?" in s.terminal and s.start not in exempt for s in sentences) > 1:
        return 0, len(doc)
    for sentence in sentences:
        for i in range(sentence.start + 1, sentence.end - 2):
            if doc[i].norm_ not in COORDINATORS:
                continue
            nxt, after = doc[i + 1].norm_, doc[i + 2].norm_
            if doc[i - 1].norm_ in WH_WORDS:  # "how and when did you ..." is one question
                continue
            second_wh = nxt in WH_WORDS and (
                after in CLOSED_OPENERS
                or after in {"'s", "'re", "'d"}
                or (nxt in {"what", "who"} and (after in WH_SUBJECT_VERBS or after.endswith("ed")))
            )
            second_yes_no = nxt in CLOSED_OPENERS and after in SUBJECTS
            if second_wh or second_yes_no:
                return i, min(i + 3, sentence.end)
    return None


def _quoted(text: str) -> str:
    return f'"{text}"'


def _span_text(doc: Doc, start: int, end: int) -> tuple[str, int, int]:
    span = doc[start:end]
    return span.text, span.start_char, span.end_char


def _hit(rule_id: str, doc: Doc, start: int, end: int, detail: str = "") -> RuleHit:
    rule = RULES[rule_id]
    matched, start_char, end_char = _span_text(doc, start, end)
    message = f"{rule.reason} ({detail or _quoted(matched)})"
    return RuleHit(rule.id, rule.severity, message, rule.hint, matched, start_char, end_char)


# --------------------------------------------------------------------------- public API


def check_text(text: str) -> list[RuleHit]:
    """Lint one question or probe; return the hits ordered by where they start.

    Each rule fires at most once per text. A rule is dropped when a rule that
    supersedes it fires in the same sentence; every error supersedes
    ``closed-question`` ("Would you use ...?" is ``hypothetical`` only). A
    yes/no opener is not reported for
    polite requests ("Could you walk me through ...?"), permission asks ("May
    I record this?") or closing questions ("Is there anything I should have
    asked?"). Guide-scope rules (``no-*``) never fire here.

    >>> [h.rule for h in check_text("Don't you think invoicing is painful?")]
    ['leading-question']
    """
    return _check(text)[0]


def _check(text: str) -> tuple[list[RuleHit], set[str]]:
    """The hits of :func:`check_text`, plus the ids of the guide-scope rules the
    text satisfies (it asks about a past instance, a workaround, ...)."""
    doc = _engine().doc(text.replace("\u2019", "'"))
    sentences = _sentences(doc)

    def sentence_index(token_i: int) -> int | None:
        sentence = _sentence_at(sentences, token_i)
        return None if sentence is None else sentences.index(sentence)

    # (rule id, token start, token end, sentence index, detail)
    candidates: list[tuple[str, int, int, int | None, str]] = []
    exempt_starts: set[int] = set()
    satisfied: set[str] = set()
    for rule_id, start, end in _phrase_hits(doc, sentences):
        if rule_id in RULES and RULES[rule_id].scope == "guide":
            satisfied.add(rule_id)
        if rule_id == CLOSED_EXEMPT:
            exempt_starts.add(start)
        elif rule_id == "no-closing-question":
            sentence = _sentence_at(sentences, start)
            if sentence is not None:
                exempt_starts.add(sentence.start)
        elif RULES[rule_id].scope == "text":
            candidates.append((rule_id, start, end, sentence_index(start), ""))
    for start, end in _closed_hits(doc, sentences, exempt_starts):
        candidates.append(("closed-question", start, end, sentence_index(start), ""))
    double = _double_barrelled(doc, sentences, exempt_starts)
    if double is not None:
        start, end = double
        whole = (start, end) == (0, len(doc))
        detail = "more than one question mark" if whole else ""
        candidates.append(("double-barrelled", start, end, None if whole else sentence_index(start), detail))
    words = len(text.split())
    if words > MAX_WORDS:
        candidates.append(("too-long", 0, len(doc), None, f"{words} words"))

    superseded: set[tuple[str, int]] = set()
    for rule_id, _, _, sentence, _ in candidates:
        if sentence is None:
            continue
        rule = RULES[rule_id]
        for loser in rule.supersedes + (("closed-question",) if rule.severity == "error" else ()):
            superseded.add((loser, sentence))

    hits: dict[str, RuleHit] = {}
    for rule_id, start, end, sentence, detail in sorted(candidates, key=lambda c: c[1]):
        if rule_id not in hits and (rule_id, sentence) not in superseded:
            hits[rule_id] = _hit(rule_id, doc, start, end, detail)
    return sorted(hits.values(), key=lambda h: (h.start, h.rule)), satisfied


def lint_guide(guide: Guide) -> list[Finding]:
    """Lint every question and probe of ``guide``, plus the whole-guide checks.

    Whole-guide checks (``no-past-instance``, ``no-workaround-question``,
    ``no-closing-question``) apply to interview guides only; co-creation guides
    are workshops, not interviews. They are reported on the front matter's
    ``title:`` line (line 1 when there is none). Findings are sorted by line.
    """
    path = guide.path or guide.name or "<guide>"
    lines = guide.source.splitlines()
    findings: list[Finding] = []
    present: set[str] = set()
    for _, question in guide.questions():
        for text, line in _texts_with_lines(question, lines):
            hits, satisfied = _check(text)
            for hit in hits:
                findings.append(
                    Finding(path, line, hit.rule, hit.severity, hit.message, hit.hint, text)
                )
            present |= satisfied

    if guide.kind != "co-creation":
        title_line = _title_line(lines)
        for rule in RULES.values():
            if rule.scope == "guide" and rule.id not in present:
                findings.append(
                    Finding(path, title_line, rule.id, rule.severity, rule.reason, rule.hint, guide.title)
                )
    return sorted(findings, key=lambda f: f.line)


def findings_to_json(findings: Iterable[Finding]) -> list[dict]:
    """Plain dicts (path, line, rule, severity, message, hint, text) for ``--json``."""
    return [asdict(f) for f in findings]


# --------------------------------------------------------------------------- guide helpers


def _texts_with_lines(question: Question, lines: list[str]) -> Iterator[tuple[str, int]]:
    """The question and each probe with its line: probes are found in the source
    after the question (the model keeps no line for them); else the question's line."""
    yield question.text, question.line
    cursor = question.line  # 0-based index of the line after the question
    for probe in question.probes:
        line = question.line
        needle = _letters(probe)[:40]
        for index in range(cursor, min(len(lines), cursor + 50)):
            if needle and needle in _letters(lines[index]):
                line, cursor = index + 1, index + 1
                break
        yield probe, line


def _letters(text: str) -> str:
    """Letters and digits only, lowercased: survives Markdown emphasis and list markers."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _title_line(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], start=2):
            if line.strip() == "---":
                break
            if re.match(r"\s*title\s*:", line):
                return index
    return 1
