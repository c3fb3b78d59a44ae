"""Key terms and evidence strength of a statement, for grouping problems into themes.

Deliberately simple and explainable (docs/synthesis.md): lower-cased words, stop
words removed, a light suffix-stripping stemmer, so "takes forever to reconcile"
and "reconciling is so slow" share the key term ``reconcil``. No spaCy model is
needed, and the result is the same on every laptop.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_PLACEHOLDER = re.compile(r"Participant \d+|Company [A-Z]+|\[(?:email|phone|link|term) \d+\]")

STOP_WORDS = frozenset("""
a about above after again against all almost also always am an and any are aren't around as at away back
be because been before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't done down during each either else enough even ever every everything few for from
further get gets getting go goes going gone got had hadn't has hasn't have haven't having he her here hers
herself him himself his how i i'd i'm i've if in into is isn't it it's its itself just kind know let like
lot lots made make makes making many may me might more most much must my myself need needs never no nor
not nothing now of off often on once one only or other our ours ourselves out over own pretty quite rather
really said same say says see she should shouldn't so some something sometimes sort still stuff such sure
take takes taking than that that's the their theirs them themselves then there there's these they they're
thing things think this those though through to too took under until up us use used using very was wasn't
way we we're were weren't what when where which while who whom why will with without won't would wouldn't
yeah yes yet you you're your yours yourself yourselves
""".split())

_SUFFIXES = ("ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A light stem: reconciling, reconciled, reconcile, reconciliation -> reconcil."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            if suffix == "es" and not word.endswith(("ses", "xes", "zes", "ches", "shes")):
                continue
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            elif suffix in ("ing", "ed", "ings") and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # running -> run, stopped -> stop
            break
    if word.endswith("i") and len(word) > 4:
        word = word[:-1]  # reconcili(ation) -> reconcil
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # reconcile -> reconcil
    return word


def key_terms(text: str) -> dict[str, str]:
    """Key term stem -> the first surface word it came from, in reading order."""
    text = _PLACEHOLDER.sub(" ", text)
    terms: dict[str, str] = {}
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("’", "'")
        if word in STOP_WORDS or len(word) < 3:
            continue
        terms.setdefault(stem(word), word)
    return terms


# ---------------------------------------------------------------------- evidence strength

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WHEN = re.compile(
    rf"\b(last (time|week|month|year|quarter|night|sprint|release|audit|close|{_DAYS})|yesterday|"
    rf"\w+ (days|weeks|months|years) ago|ago\b|this (morning|week)|earlier today|the other day|"
    rf"on ({_DAYS})|in ({_MONTHS})|back in|once when|that time)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b(\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}(/\d{{2,4}})?|({_MONTHS}|jan|feb|mar|apr|jun|jul|aug|"
    rf"sep|sept|oct|nov|dec)\.? \d{{1,2}}(st|nd|rd|th)?|\d{{1,2}}(st|nd|rd|th)? (of )?({_MONTHS}))\b",
    re.IGNORECASE,
)
_IRREGULAR_PAST = frozenset(
    "was were had did went took spent got lost made said told came found gave sent thought knew saw began "
    "broke forgot paid ran wrote kept left felt bought brought caught became chose fell hit meant met put "
    "quit read set sat stood understood woke won".split()
)
_NOT_PAST = frozenset("need speed indeed feed seed bed red shed bleed breed proceed succeed exceed embed".split())
_GENERAL = re.compile(
    r"\b(always|usually|generally|typically|normally|every time|whenever|tend to|in general|would|could be|"
    r"i think|i guess|probably|should)\b",
    re.IGNORECASE,
)


def evidence(text: str) -> str:
    """``specific`` for a statement about a past event (a date, "last time", past tense), else ``general``."""
    if _WHEN.search(text) or _DATE.search(text):
        return "specific"
    words = [w.lower() for w in _WORD.findall(text)]
    past = any(w in _IRREGULAR_PAST or (w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST) for w in words)
    if past and not _GENERAL.search(text):
        return "specific"
    return "general"
