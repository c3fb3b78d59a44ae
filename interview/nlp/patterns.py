"""Loading the pattern files shipped in ``interview/nlp/patterns/``.

One pattern a line, JSON:

    {"id": "problem.slow", "label": "problem", "pattern": "takes forever"}
    {"id": "emotion.worry.worried", "label": "emotion", "kind": "worry", "pattern": "nervous"}
    {"id": "problem.negated_positive", "label": "problem", "pattern": "understood", "polarity": "negated"}

``id`` is the rule a researcher sees on a highlight; all lines of an id share its
label, kind and polarity.  Labels starting with ``_`` are context cues (negators,
clause boundaries, cost verbs, ...) read by the highlighter, never shown.

Patterns are matched on the token NORM (lower case, contractions expanded:
"can't", "cant" and "cannot" all read "can not"), written as inflected forms.
We deliberately do not lemmatize: English lemma tables (spacy-lookups-data) are
~100 MB and cost ~3x throughput, while the vocabulary of complaints is small
enough that listing "crash|crashes|crashed|crashing" is cheap, explicit and
reviewable in a diff (and a lemma table would not help with "v slow", "pita" or
typos anyway).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from interview.nlp.errors import PipelineError
from interview.nlp.labels import KINDS, LABELS
from interview.nlp.version import PATTERNS_DIR

CONTEXT_LABELS: frozenset[str] = frozenset(
    {
        "_negator",  # not, no, never, without, nobody ...
        "_clause",  # , : because when ... (clause boundary)
        "_contrast",  # but, however, though (clause boundary that turns the argument)
        "_sentence",  # . ! ; newline (sentence boundary)
        "_question",  # ? (sentence boundary; the sentence is a question)
        "_aux_you",  # "do you", "are you" ... (a question addressed to the listener)
        "_prompt",  # "tell me", "walk me through" (an interviewer prompt)
        "_you",
        "_cost_verb",  # takes, spend, lose, costs ...
        "_time_amount",  # hours, days, half a day, forever ...
        "_money",  # $, dollars, a fortune ...
        "_frequency",  # a week, every month, per route ...
        "_minimizer",  # only, just, under ... (takes only a minute)
        "_concession",  # fine, ok, not a big deal ... (before "but")
        "_evaluative",  # a bit, slightly, too, still ... (hedges and intensifiers)
        "_too",  # degree "too" (too small, too many)
        "_block",  # phrases that veto any cue they overlap ("can't complain", "pain-free")
        "_irrealis",  # wish, if only ... (what follows is wanted, not felt)
    }
)
POLARITIES: tuple[str, ...] = ("any", "negated")


@dataclass(frozen=True)
class Rule:
    """What a pattern id means: its label, emotion kind and polarity."""

    id: str
    label: str
    kind: str | None = None
    polarity: str = "any"


@dataclass(frozen=True)
class Pattern:
    rule: Rule
    text: str
    source: str  # "file.jsonl:LINE", for error messages


def _fail(where: str, what: str) -> PipelineError:
    return PipelineError(f"Invalid pattern at {where}: {what}.")


def parse_pattern(line: str, where: str) -> Pattern:
    """One JSONL line to a ``Pattern``; raises ``PipelineError`` naming file and line."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _fail(where, f"not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise _fail(where, "expected a JSON object")
    rid, label, text = data.get("id"), data.get("label"), data.get("pattern")
    kind, polarity = data.get("kind"), data.get("polarity", "any")
    if not isinstance(rid, str) or not rid:
        raise _fail(where, 'missing "id"')
    if not isinstance(text, str) or not text:
        raise _fail(where, 'missing "pattern"')  # whitespace is allowed: "\n" ends a sentence
    if label not in LABELS and label not in CONTEXT_LABELS:
        raise _fail(where, f"unknown label {label!r}")
    if label == "emotion" and kind not in KINDS:
        raise _fail(where, f"emotion needs a kind from {', '.join(KINDS)}")
    if label != "emotion" and kind is not None:
        raise _fail(where, "only emotion patterns have a kind")
    if polarity not in POLARITIES:
        raise _fail(where, f"polarity must be one of {', '.join(POLARITIES)}")
    return Pattern(Rule(rid, label, kind, polarity), text, where)


def load_patterns(directory: str | Path | None = None) -> list[Pattern]:
    """Every pattern in ``directory`` (default: the shipped ones), in file then line order."""
    folder = Path(directory) if directory else PATTERNS_DIR
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise PipelineError(f"No pattern files (*.jsonl) found in {folder}.")
    patterns: list[Pattern] = []
    rules: dict[str, Rule] = {}
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise PipelineError(f"Cannot read pattern file {path}: {exc}.") from None
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            pattern = parse_pattern(line, where)
            known = rules.setdefault(pattern.rule.id, pattern.rule)
            if known != pattern.rule:
                raise _fail(where, f"id {pattern.rule.id!r} is used with another label, kind or polarity")
            patterns.append(pattern)
    return patterns
