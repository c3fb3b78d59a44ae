"""The ``interview_highlighter`` spaCy component: pattern cues plus context rules.

One PhraseMatcher pass (on NORM) finds every cue in the pattern files, both the
content cues (problem, emotion, workaround, need, feature_request) and the context
cues (negators, clause and sentence boundaries, cost verbs, amounts, hedges ...).
Everything after that is plain Python over the (few) matches, never a loop over
all tokens, which is what keeps the pipeline at tens of thousands of notes a second.

Context rules, in the order they apply:

1. blocks        a ``_block`` phrase vetoes cues it overlaps ("can't complain").
2. negation      a negator shortly before a cue in the same clause cancels it
                 ("no trouble with", "never had issues", "not a problem"); cues with
                 polarity "negated" fire only when negated ("never understood").
                 Negators inside a cue ("no idea", "can't") belong to that cue,
                 and a negator belongs to the nearest cue after it.  A clause that
                 denies a problem word ("latency isn't a concern") drops its
                 other problem cues.
                 With a trained parser the negator must govern the cue instead.
                 Clauses end at , ; . but because ... so contrast scopes negation
                 ("it's fine, but the export is painful").
3. questions     a sentence ending in "?" or opening with "do you", "how do you",
                 "tell me ... you" is the interviewer's: no problem, need,
                 workaround or emotion from it (a feature request survives:
                 "can you add an export?").
4. derived       cost in time or money ("takes three days", "we lose half a day",
                 "costs us $2k a month", "hours every week"), degree "too"
                 ("too small"), and a concession followed by a hedged contrast
                 ("not a big deal, but the font is a little small").
5. polarity      relief speaks of a problem that is gone: no problem in its
                 sentence ("relieved when the backlog cleared"); cost and "too" are
                 dropped next to delight ("setup took ten minutes and it just worked").
6. emotions      frustration, confusion and disappointment also state a problem.
7. requests      in a clause with a feature request, need / workaround / delight
                 cues are part of the request ("would love an export to Excel").

Hedges and intensifiers ("a bit annoying", "v slow") and reported speech ("she
said the approvals are a nightmare") need no rule: they neither negate nor
question a cue.  Results go to ``doc.spans["highlights"]``: ``label_`` is the
label, ``kb_id_`` the emotion kind ("" otherwise) and ``id_`` the rule ids.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from interview.nlp.labels import KINDS, LABELS
from interview.nlp.patterns import Rule, load_patterns

SPAN_GROUP = "highlights"
QUESTION_SUPPRESSES = frozenset({"problem", "need", "workaround", "emotion"})
REQUEST_ABSORBS = frozenset({"need", "workaround"})
POSITIVE_KINDS = frozenset({"delight", "relief"})
DENIAL_RULES = frozenset({"problem.problem_word"})
WEAK_PROBLEM_RULES = frozenset({"problem.cost", "problem.recurring_cost", "problem.too"})
DERIVED_TRIGGERS = ("_cost_verb", "_time_amount", "_too", "_concession")
_MONEY_TOKEN = re.compile(r"^[$£€]?\d[\d,.]*[kKmM]$")
_TOO_STOP = frozenset({"and", "or", "but", "so", "as", "well", "then", "lol", "haha", "tbh"})

Cue = tuple  # (label, kind, rule_id, start, end)
_CUE, _CLAUSE, _CONTRAST, _SENTENCE, _QUESTION, _CONTEXT = range(6)


@Language.factory(
    "interview_highlighter",
    default_config={
        "patterns_dir": None,
        "problem_from_emotions": ["frustration", "confusion", "disappointment"],
        "negation_window": 4,
        "cost_window": 7,
        "max_span_tokens": 40,
        "span_group": SPAN_GROUP,
    },
)
def make_highlighter(
    nlp: Language,
    name: str,
    patterns_dir: str | None,
    problem_from_emotions: list[str],
    negation_window: int,
    cost_window: int,
    max_span_tokens: int,
    span_group: str,
) -> "Highlighter":
    return Highlighter(
        nlp,
        name,
        patterns_dir=patterns_dir,
        problem_from_emotions=problem_from_emotions,
        negation_window=negation_window,
        cost_window=cost_window,
        max_span_tokens=max_span_tokens,
        span_group=span_group,
    )


class Highlighter:
    """Finds highlights in a Doc; see the module docstring for the rules."""

    def __init__(
        self,
        nlp: Language,
        name: str = "interview_highlighter",
        *,
        patterns_dir: str | None = None,
        problem_from_emotions: Iterable[str] = ("frustration", "confusion", "disappointment"),
        negation_window: int = 4,
        cost_window: int = 7,
        max_span_tokens: int = 40,
        span_group: str = SPAN_GROUP,
    ) -> None:
        self.name = name
        self.problem_from_emotions = frozenset(problem_from_emotions)
        self.negation_window = negation_window
        self.cost_window = cost_window
        self.max_span_tokens = max_span_tokens
        self.span_group = span_group
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        texts: dict[str, list[str]] = {}
        rules: dict[str, Rule] = {}
        for pattern in load_patterns(patterns_dir):
            texts.setdefault(pattern.rule.id, []).append(pattern.text)
            rules[pattern.rule.id] = pattern.rule
        for rule_id, phrases in texts.items():
            self.matcher.add(rule_id, list(nlp.tokenizer.pipe(phrases)))
        self.rules: dict[int, Rule] = {nlp.vocab.strings[r]: rules[r] for r in texts}
        # labels, kinds and rule ids as StringStore ids, so a Span costs no string lookups
        self._string_ids: dict[str, int] = {
            text: nlp.vocab.strings.add(text) for text in ("", *LABELS, *KINDS)
        }
        codes = {"_clause": _CLAUSE, "_contrast": _CONTRAST, "_sentence": _SENTENCE, "_question": _QUESTION}
        self._dispatch: dict[int, tuple[int, Rule]] = {
            key: (_CUE if rule.label[0] != "_" else codes.get(rule.label, _CONTEXT), rule)
            for key, rule in self.rules.items()
        }

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        doc.spans[self.span_group] = self.find(doc, matches) if matches else []
        return doc

    # ------------------------------------------------------------------ rules

    def find(self, doc: Doc, matches: list[tuple[int, int, int]]) -> list[Span]:
        dispatch = self._dispatch
        n = len(doc)
        bounds: list[int] = []
        sent_ends: list[int] = []
        qmarks: list[int] = []
        contrasts: list[int] = []
        ctx: dict[str, list[tuple[int, int]]] = {}
        raw: list[tuple[Rule, int, int]] = []
        for key, s, e in matches:
            code, rule = dispatch[key]
            if code == _CUE:
                raw.append((rule, s, e))
            elif code == _CONTEXT:
                if rule.label in ctx:
                    ctx[rule.label].append((s, e))
                else:
                    ctx[rule.label] = [(s, e)]
            else:
                if e - s == 1:
                    bounds.append(s)
                else:
                    bounds.extend(range(s, e))
                if code == _CONTRAST:
                    contrasts.append(s)
                elif code != _CLAUSE:
                    sent_ends.append(e - 1)
                    if code == _QUESTION:
                        qmarks.append(e - 1)
        if not raw and not any(t in ctx for t in DERIVED_TRIGGERS):
            return []
        bset = set(bounds)
        bounds = sorted(bset)
        sent_ends = sorted(set(sent_ends))
        nb = len(bounds)

        def clause_of(i: int) -> int:
            return bisect_left(bounds, i)

        def sent_of(i: int) -> int:
            return bisect_left(sent_ends, i)

        def sent_start(k: int) -> int:
            return sent_ends[k - 1] + 1 if k else 0

        # 1. blocks
        blocks = ctx.get("_block")
        if blocks:
            raw = [c for c in raw if not any(bs < c[2] and c[1] < be for bs, be in blocks)]

        # 2. negation
        covered: set[int] = set()
        for _, s, e in raw:
            covered.update(range(s, e))
        negators = sorted(
            (e, s) for s, e in ctx.get("_negator", ()) if not covered.intersection(range(s, e))
        )
        neg_ends = [e for e, _ in negators]
        use_parse = bool(negators) and doc.has_annotation("DEP")

        def negator_before(s: int, e: int) -> int | None:
            """Start of the negator that scopes over tokens s:e, if any."""
            if not negators:
                return None
            clause = clause_of(s)
            j = bisect_right(neg_ends, s) - 1
            if use_parse:
                root = doc[s:e].root
                governs = {root.i, *(t.i for t in root.ancestors)}
                while j >= 0 and clause_of(negators[j][1]) == clause:
                    if doc[negators[j][1]].head.i in governs:
                        return negators[j][1]
                    j -= 1
                return None
            while j >= 0:
                ne, nstart = negators[j]
                if s - ne > self.negation_window:
                    return None
                if clause_of(nstart) == clause:
                    return nstart
                j -= 1
            return None

        def negated(s: int, e: int) -> bool:
            return negator_before(s, e) is not None

        raw_starts = sorted(s for _, s, _ in raw)

        cues: list[Cue] = []
        denials: set[int] = set()  # clauses that deny a problem: "latency isn't a concern"
        for rule, s, e in raw:
            if rule.label == "feature_request":
                cues.append((rule.label, rule.kind, rule.id, s, e))
                continue
            neg = negator_before(s, e)
            if rule.polarity == "negated":
                # the negator must be this cue's own: "never had issues with the sync"
                # negates "issues", not "sync"
                if neg is not None and bisect_right(raw_starts, s - 1) == bisect_right(raw_starts, neg):
                    cues.append((rule.label, rule.kind, rule.id, s, e))
            elif neg is None:
                cues.append((rule.label, rule.kind, rule.id, s, e))
            elif rule.id in DENIAL_RULES:
                denials.add(clause_of(s))
        if denials:
            cues = [c for c in cues if c[0] != "problem" or clause_of(c[3]) not in denials]
        requests = [(s, e) for lab, _, _, s, e in cues if lab == "need" or lab == "feature_request"]
        if requests:
            cues = [
                c
                for c in cues
                if c[0] != "emotion" or not any(s <= c[3] and c[4] <= e and e - s > c[4] - c[3] for s, e in requests)
            ]

        # 3. questions
        questions = {sent_of(q) for q in qmarks}
        for s, _ in ctx.get("_aux_you", ()):
            k = sent_of(s)
            if s - sent_start(k) <= 6:
                questions.add(k)
        if "_prompt" in ctx and "_you" in ctx:
            you_sents = {sent_of(s) for s, _ in ctx["_you"]}
            for s, _ in ctx["_prompt"]:
                k = sent_of(s)
                if k in you_sents and s - sent_start(k) <= 2:
                    questions.add(k)
        if questions:
            cues = [c for c in cues if c[0] not in QUESTION_SUPPRESSES or sent_of(c[3]) not in questions]

        # 4. derived problems
        derived: list[Cue] = []
        if "_cost_verb" in ctx:
            derived.extend(self._costs(doc, ctx, clause_of, bset))
        amounts = ctx.get("_time_amount", []) + ctx.get("_money", [])
        if amounts and "_frequency" in ctx:
            freq_starts = sorted(s for s, _ in ctx["_frequency"])
            for s, e in amounts:
                j = bisect_left(freq_starts, e)
                if j < len(freq_starts) and freq_starts[j] - e <= 2:
                    derived.append(("problem", None, "problem.recurring_cost", s, freq_starts[j] + 1))
        for s, e in ctx.get("_too", ()):
            if e < n and e not in bset and doc[e].is_alpha and doc[e].norm_ not in _TOO_STOP:
                derived.append(("problem", None, "problem.too", s, e + 1))
        if contrasts and "_concession" in ctx and "_evaluative" in ctx:
            derived.extend(self._concessions(cues, ctx, contrasts, bounds, bset, n, sent_of, sent_start))
        if derived:
            derived = [
                c
                for c in derived
                if not negated(c[3], c[4]) and sent_of(c[3]) not in questions
            ]
        # 5. polarity of the sentence: relief is about a problem that is gone,
        # delight outweighs a cost ("setup took ten minutes and it just worked")
        relief = {sent_of(c[3]) for c in cues if c[1] == "relief"}
        if relief:
            cues = [c for c in cues if c[0] != "problem" or sent_of(c[3]) not in relief]
        if derived:
            positive = relief | {sent_of(c[3]) for c in cues if c[1] == "delight"}
            derived = [c for c in derived if c[2] not in WEAK_PROBLEM_RULES or sent_of(c[3]) not in positive]
            derived = [c for c in derived if c[2] in WEAK_PROBLEM_RULES or sent_of(c[3]) not in relief]
        cues.extend(derived)

        # 6. emotions that state a problem
        for label, kind, rule_id, s, e in list(cues):
            if label == "emotion" and kind in self.problem_from_emotions:
                cues.append(("problem", None, "problem.via_" + rule_id.removeprefix("emotion."), s, e))

        # 7. requests absorb needs, workarounds and delight in their clause
        request_clauses = {clause_of(c[3]) for c in cues if c[0] == "feature_request"}
        if request_clauses:
            cues = [
                c
                for c in cues
                if not (c[0] in REQUEST_ABSORBS or c[1] == "delight") or clause_of(c[3]) not in request_clauses
            ]
        if not cues:
            return []
        return self._spans(doc, cues, bounds, nb, sent_of)

    def _costs(self, doc, ctx, clause_of, bset) -> list[Cue]:
        """'takes three days', 'we lose half a day', 'costs us 3k a year'."""
        found: list[Cue] = []
        amounts = sorted(ctx.get("_time_amount", []) + ctx.get("_money", []))
        starts = [s for s, _ in amounts]
        minimizers = [s for s, _ in ctx.get("_minimizer", ())]
        n = len(doc)
        for s, e in ctx["_cost_verb"]:
            clause = clause_of(s)
            end = None
            j = bisect_left(starts, e)
            if j < len(amounts) and starts[j] - e <= self.cost_window and clause_of(starts[j]) == clause:
                end = amounts[j][1]
            else:
                for i in range(e, min(n, e + self.cost_window)):
                    if i in bset:
                        break
                    if _MONEY_TOKEN.match(doc[i].text):
                        end = i + 1
                        break
            if end is None:
                continue
            if any(s - 2 <= m < end for m in minimizers):
                continue
            found.append(("problem", None, "problem.cost", s, end))
        return found

    def _concessions(self, cues, ctx, contrasts, bounds, bset, n, sent_of, sent_start) -> list[Cue]:
        """'Not a big deal, but the font is a little small': the contrast is the complaint."""
        found: list[Cue] = []
        concessions = [s for s, _ in ctx["_concession"]]
        evaluative = [s for s, _ in ctx["_evaluative"]]
        for k in contrasts:
            sent = sent_of(k)
            if not any(sent_start(sent) <= c < k for c in concessions):
                continue
            start = k + 1
            while start in bset:  # a run of boundaries: "but, honestly,"
                start += 1
            j = bisect_left(bounds, start)
            end = bounds[j] if j < len(bounds) else n
            if start >= end:
                continue
            if any(start <= c[3] < end for c in cues):
                continue  # the clause already says what it says
            if any(start <= v < end for v in evaluative):
                found.append(("problem", None, "problem.concession_contrast", start, end))
        return found

    def _spans(self, doc: Doc, cues: list[Cue], bounds: list[int], nb: int, sent_of) -> list[Span]:
        """A span per cue covering its clause, merged per label and kind."""
        n = len(doc)
        limit = self.max_span_tokens
        placed: dict[tuple[str, str | None], list[list]] = {}
        for label, kind, rule_id, s, e in cues:
            c1 = bisect_left(bounds, s)
            c2 = bisect_left(bounds, e - 1)
            a = bounds[c1 - 1] + 1 if c1 else 0
            b = bounds[c2] if c2 < nb else n
            # every punctuation and whitespace token is a boundary, so a:b needs no trimming
            if b - a > limit:
                a, b = max(a, s - limit // 4), min(b, e + limit // 2)
            a, b = min(a, s), max(b, e)
            placed.setdefault((label, kind), []).append([a, b, rule_id, s])
        found: list[tuple] = []
        for (label, kind), items in placed.items():
            if len(items) > 1:
                items.sort()
            cur_a, cur_b, rule_id, s = items[0]
            rule_ids = [rule_id]
            last_sent = sent_of(s)
            for a, b, rule_id, s in items[1:]:
                sent = sent_of(s)
                if a <= cur_b + 1 and sent == last_sent:
                    if b > cur_b:
                        cur_b = b
                    if rule_id not in rule_ids:
                        rule_ids.append(rule_id)
                else:
                    found.append((cur_a, cur_b, label, kind, rule_ids))
                    cur_a, cur_b, rule_ids = a, b, [rule_id]
                last_sent = sent
            found.append((cur_a, cur_b, label, kind, rule_ids))
        found.sort(key=_span_order)
        ids = self._string_ids
        spans = []
        for a, b, label, kind, rule_ids in found:
            rule = rule_ids[0] if len(rule_ids) == 1 else ",".join(rule_ids)
            if rule not in ids:
                ids[rule] = doc.vocab.strings.add(rule)
            spans.append(Span(doc, a, b, label=ids[label], kb_id=ids[kind or ""], span_id=ids[rule]))
        return spans


def _span_order(item: tuple) -> tuple:
    return item[0], item[1], item[2]
