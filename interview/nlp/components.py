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
5b. model        the trained component's feelings the rules missed (emotion_model.py),
                 held to a stricter threshold in a sentence the rules found anything in.
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

from interview.nlp import spacy_import  # first: spaCy without its CLI
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from interview.nlp.emotion_model import EmotionModel, doc_norms, feature_indices
from interview.nlp.labels import KINDS, LABELS
from interview.nlp.patterns import Rule, load_patterns

spacy_import.attach()

SPAN_GROUP = "highlights"
QUESTION_SUPPRESSES = frozenset({"problem", "need", "workaround", "emotion"})
REQUEST_ABSORBS = frozenset({"need", "workaround"})
POSITIVE_KINDS = frozenset({"delight", "relief"})
DENIAL_RULES = frozenset({"problem.problem_word"})
WEAK_PROBLEM_RULES = frozenset({"problem.cost", "problem.recurring_cost", "problem.too"})
DERIVED_TRIGGERS = ("_cost_verb", "_time_amount", "_too", "_concession")
OBJECT_LABELS = frozenset({"need", "feature_request"})
_COMPLEMENT = frozenset({"which", "what", "when", "where", "who", "whom", "whose", "how", "whether", "if"})
_DANGLING = frozenset({"and", "or", "but", "so", "then", "also", "plus", "because", "cause", "since", "when", "while"})
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "u", "ya", "y'all"})
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours"})
_MONEY_TOKEN = re.compile(r"^[$£€]?\d[\d,.]*[kKmM]$")
_TOO_STOP = frozenset({"and", "or", "but", "so", "as", "well", "then", "lol", "haha", "tbh"})

EMOTIONS_PIPE = "interview_emotions"
MODEL_SCORES = "interview_model_scores"
MODEL_RULE = "model.emotion."  # rule id prefix of an emotion the trained model found alone
# How often a highlight of this label is right, measured as the rules' precision on the
# project's notes sets (benchmarks/nlp_quality.py); the base of every confidence.
LABEL_PRECISION = {"problem": 0.85, "emotion": 0.8, "workaround": 0.8, "need": 0.8, "feature_request": 0.9}
WEAK_PRECISION = 0.65  # derived costs, "too", concession contrasts
# Groups the model reads with the negators' features: GoEmotions' frustration is anger,
# annoyance and *disapproval*, which is mostly said with a negator ("this is not ok"); leaving
# them out cost it a third of its recall (dev F1 .42 -> .48 with them kept, notes sets unchanged).
# Where a negator cancels a rules' cue ("not an issue") the speaker denies, and the negators'
# features are left out as for every group; a denied feeling ("not annoyed") is never added.
NEGATION_READ_BY_MODEL = frozenset({"frustration"})

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



_REPAIR_WORDS = frozenset({"sorry", "pardon"})


def _repairs(doc: "Doc", i: int) -> bool:
    """An apology word opening a sentence and followed by a comma is a repair ("Sorry, I mean
    the export"), a discourse marker rather than a feeling; GoEmotions reads it as remorse."""
    if doc[i].norm_ not in _REPAIR_WORDS or i + 1 >= len(doc) or doc[i + 1].text not in {",", "—", "-"}:
        return False
    return i == 0 or doc[i - 1].is_space or doc[i - 1].text in {".", "!", "?", "…"}

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
        self.record_model_scores = False
        self._dash_key = nlp.vocab.strings.add("context_dash")
        # the trained emotion component, when the pipeline has one (emotion_model.py)
        self.emotions: EmotionModel | None = (
            nlp.get_pipe(EMOTIONS_PIPE).model if EMOTIONS_PIPE in nlp.pipe_names else None
        )
        # (column, kind, threshold) of the groups the model may add to, as plain Python values
        self._model_groups: list[tuple[int, str, float]] = []
        if self.emotions is not None:
            model = self.emotions
            self._model_groups = [
                (column, kind, float(threshold))
                for column, (kind, threshold, mode) in enumerate(zip(model.kinds, model.thresholds, model.modes))
                if mode != "rules"
            ]
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
        found = self.find(doc, matches) if matches or doc.cats else []
        # one SpanGroup built with its attrs: assigning a list and setting attrs after costs
        # two more dict look-ups a doc (~5% of the CLI's time on one-line texts)
        doc.spans[self.span_group] = SpanGroup(
            doc, name=self.span_group, attrs={"confidence": [c for _, c in found]}, spans=[s for s, _ in found]
        )
        return doc

    def _model_hits(self, doc: Doc) -> dict[str, tuple[int, float]]:
        """Groups the trained model asserts, as kind -> (column, probability)."""
        cats = doc.cats
        if not cats:
            return {}
        return {kind: (column, cats[kind]) for column, kind, threshold in self._model_groups if cats[kind] >= threshold}

    # ------------------------------------------------------------------ rules

    def find(self, doc: Doc, matches: list[tuple[int, int, int]]) -> list[tuple[Span, float]]:
        dispatch = self._dispatch
        n = len(doc)
        bounds: list[int] = []
        sent_ends: list[int] = []
        qmarks: list[int] = []
        contrasts: list[int] = []
        ctx: dict[str, list[tuple[int, int]]] = {}
        raw: list[tuple[Rule, int, int]] = []
        dash = self._dash_key  # "-" and "/" end a clause unless they join a word: "colour-coded"
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
                if key == dash and _intra_word(doc, s):
                    continue  # "colour-coded", "and/or": one word, not two clauses
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
        model_hits = self._model_hits(doc)
        if not raw and not model_hits and not any(t in ctx for t in DERIVED_TRIGGERS):
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
        before_blocks = len(raw)
        if blocks:
            # a cue that contains the whole block is the more specific reading and stands:
            # "doesn't work on my phone" against the block "work on"
            raw = [
                c for c in raw
                if not any(bs < c[2] and c[1] < be and not (c[1] <= bs and be <= c[2]) for bs, be in blocks)
            ]

        # 2. negation
        denying = len(raw) < before_blocks  # the speaker denies something: "can't complain", "not an issue"
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
        denied_kinds: set[str] = set()  # emotions the speaker denies: "not worried"
        for rule, s, e in raw:
            if rule.label == "feature_request":
                cues.append((rule.label, rule.kind, rule.id, s, e))
                continue
            neg = negator_before(s, e)
            if rule.polarity == "negated":
                # the negator must be this cue's own: "never had issues with the sync"
                # negates "issues", not "sync"; one inside an overlapping cue counts too:
                # "don't know why" is both "don't know" (problem) and not knowing why (confusion)
                if neg is not None and bisect_right(raw_starts, s - 1) == bisect_right(raw_starts, neg):
                    cues.append((rule.label, rule.kind, rule.id, s, e))
                elif any(
                    0 <= s - ne <= 1 and clause_of(ns) == clause_of(s) for ns, ne in ctx.get("_negator", ())
                ):
                    cues.append((rule.label, rule.kind, rule.id, s, e))
            elif neg is None:
                cues.append((rule.label, rule.kind, rule.id, s, e))
            else:
                denying = True
                if rule.id in DENIAL_RULES:
                    denials.add(clause_of(s))
                elif rule.label == "emotion":
                    denied_kinds.add(rule.kind)
        if denials:
            cues = [c for c in cues if c[0] != "problem" or clause_of(c[3]) not in denials]
        feelings = [(s, e, k) for lab, k, _, s, e in cues if lab == "emotion"]
        if len(feelings) > 1:
            # an emotion cue inside a longer one of another kind is part of it:
            # "not happy" is disappointment, its "happy" is no delight
            cues = [
                c for c in cues
                if c[0] != "emotion"
                or not any(s <= c[3] and c[4] <= e and e - s > c[4] - c[3] and k != c[1] for s, e, k in feelings)
            ]
        doubts = [(s, e) for lab, k, _, s, e in cues if lab == "emotion" and k == "confusion"]
        doubts += ctx.get("_irrealis", [])  # "I wish the report just worked" is no delight

        def undoubted(found: list[Cue]) -> list[Cue]:
            """A hedge or a wish scopes over the delight or relief after it in its clause."""
            if not doubts:
                return found
            window = self.negation_window
            return [
                c for c in found
                if c[1] not in POSITIVE_KINDS
                or not any(0 <= c[3] - e <= window and clause_of(s) == clause_of(c[3]) for s, e in doubts)
            ]

        cues = undoubted(cues)
        requests = [(s, e) for lab, _, _, s, e in cues if lab == "need" or lab == "feature_request"]
        if requests:
            cues = [
                c
                for c in cues
                if c[0] != "emotion" or not any(s <= c[3] and c[4] <= e and e - s > c[4] - c[3] for s, e in requests)
            ]

        # 3. questions
        questions = {sent_of(q) for q in qmarks if not self._complaint_question(doc, sent_of(q), sent_start, q)}
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

        # 5b. the trained model adds the emotions the rules missed (not those the speaker denies).
        # It comes after every rule, so a sentence the rules read as a cost ("drivers wait at
        # the dock for two hours") holds it to the stricter threshold, and its guess never
        # outweighs what the rules found (a model's delight does not cancel a cost as a cue does).
        if model_hits:
            model_hits = {k: v for k, v in model_hits.items() if k not in denied_kinds}
            negator_tokens = [i for s, e in ctx.get("_negator", ()) for i in range(s, e)]
            cues.extend(undoubted(self._model_cues(doc, cues, model_hits, bset, questions, sent_of, negator_tokens,
                                                   denying)))

        # 6. emotions that state a problem
        for label, kind, rule_id, s, e in list(cues):
            if label == "emotion" and kind in self.problem_from_emotions and not rule_id.startswith(MODEL_RULE):
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

    @staticmethod
    def _complaint_question(doc: Doc, k: int, sent_start, q: int) -> bool:
        """'why won't it let me uninstall?': a question about the speaker's own trouble, not to them.

        A question that addresses no one ("you") and speaks of the speaker (I, me, we ...) or
        opens with "why" is a complaint; the interviewer's questions are addressed to "you".
        """
        words = [t.norm_ for t in doc[sent_start(k) : q]]
        if not words or any(w in _SECOND_PERSON for w in words):
            return False
        first = next((w for w in words if w.isalpha()), "")
        return first == "why" or any(w in _FIRST_PERSON for w in words)

    def _model_cues(self, doc, cues, hits, bset, questions, sent_of, negator_tokens, denying=False) -> list[Cue]:
        """One cue per group the model asserts and no rule found: at the token that weighs most for it.

        Never in a sentence where the rules named a feeling, and in one where they found a
        problem, need or workaround only past a stricter threshold (``ruled_thresholds``,
        chosen on dev): interview notes state problems without feelings, and Reddit's
        annotators read most complaints as annoyance.  Negation is the rules' business: the
        model must assert the group without the negators' features (GoEmotions ties "not",
        "never" to disapproval), except for frustration, which is disapproval
        (``NEGATION_READ_BY_MODEL``) unless the negation cancelled one of the rules' cues
        ("not an issue", "can't complain": a denial, not disapproval); a cue is never anchored
        on a negator.
        """
        model = self.emotions
        assert model is not None
        ruled = {c[1] for c in cues if c[0] == "emotion"}
        felt = {sent_of(c[3]) for c in cues if c[0] == "emotion"}  # sentences whose feeling the rules named
        read = {sent_of(c[3]) for c in cues}  # sentences the rules found something in
        norms = feats = None
        found: list[Cue] = []
        for kind, (column, p) in hits.items():
            if kind in ruled:
                continue
            if norms is None:  # once per doc, for every group the model asserts
                norms = doc_norms(doc)
                feats = feature_indices(norms, model.dim)
            if negator_tokens and (denying or kind not in NEGATION_READ_BY_MODEL):
                p = min(p, model.probability_without(norms, column, negator_tokens, feats))
                if p < model.thresholds[column]:
                    continue
            share = model.token_weights(norms, column, feats)
            for i in share.argsort()[::-1][:8].tolist():
                sent = sent_of(i)
                if i in bset or sent in questions or i in negator_tokens or sent in felt:
                    continue
                if doc[i].is_space or doc[i].is_punct:  # a highlight covers a word, never a blank or a mark
                    continue
                if _repairs(doc, i):  # "Sorry, I mean the export": the feeling rests on a repair, not on a word
                    break
                if self.record_model_scores:  # training/train_emotions.py chooses thresholds on these
                    doc.user_data.setdefault(MODEL_SCORES, {})[kind] = (p, sent in read)
                if sent not in read or p >= model.ruled_thresholds[column]:
                    found.append(("emotion", kind, MODEL_RULE + kind, i, i + 1))
                break
        return found

    def _confidence(self, cats: dict, label: str, kind: str | None, rule_ids: list[str]) -> float:
        """0-1: the rules' measured precision for the label, averaged with the model's probability.

        ``cats`` is the doc's ``doc.cats``, read once per doc (a quarter of ``_spans``' time went
        to reading it per span)."""
        if label == "emotion":
            if kind and kind in cats and self.emotions is not None:
                p = float(cats[kind])
                if all(r.startswith(MODEL_RULE) for r in rule_ids):
                    return round(p, 3)
                return round((LABEL_PRECISION["emotion"] + p) / 2, 3)
            return LABEL_PRECISION["emotion"]
        if label == "problem" and all(r in WEAK_PROBLEM_RULES or r == "problem.concession_contrast" for r in rule_ids):
            return WEAK_PRECISION
        return LABEL_PRECISION.get(label, 0.8)

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

    def _spans(self, doc: Doc, cues: list[Cue], bounds: list[int], nb: int, sent_of) -> list[tuple[Span, float]]:
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
            if label in OBJECT_LABELS and b < n and b - e <= 1 and doc[b].norm_ in _COMPLEMENT and c2 + 1 <= nb:
                # "I need to see | which invoices are overdue": what is needed is the next clause
                b = bounds[c2 + 1] if c2 + 1 < nb else n
            while a < s and _dangling(doc[a]):
                a += 1
            while b > e and _dangling(doc[b - 1]):
                b -= 1
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
        cats = doc.cats
        spans = []
        for a, b, label, kind, rule_ids in found:
            rule = rule_ids[0] if len(rule_ids) == 1 else ",".join(rule_ids)
            if rule not in ids:
                ids[rule] = doc.vocab.strings.add(rule)
            span = Span(doc, a, b, label=ids[label], kb_id=ids[kind or ""], span_id=ids[rule])
            spans.append((span, self._confidence(cats, label, kind, rule_ids)))
        return spans


def _dangling(token) -> bool:
    """A conjunction or space that would start or end a span on nothing: "and it crashed"."""
    return token.is_space or token.norm_ in _DANGLING


def _intra_word(doc: Doc, i: int) -> bool:
    """A hyphen or slash with no space on either side, between two words."""
    token = doc[i]
    return (
        token.text in ("-", "/")
        and 0 < i < len(doc) - 1
        and not doc[i - 1].whitespace_
        and not token.whitespace_
        and doc[i - 1].is_alpha
        and doc[i + 1].is_alpha
    )


def _span_order(item: tuple) -> tuple:
    return item[0], item[1], item[2]
