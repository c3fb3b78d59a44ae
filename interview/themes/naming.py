"""Short names for themes, written the way a researcher labels a sticky-note cluster.

A theme's key words are the ones most of its statements use and other themes
do not (class-based TF-IDF over light stems). The name is then the shortest
stretch of one member statement that holds the two strongest key words, e.g.
"card hasn't arrived" out of "My card hasn't arrived yet, what do I do?", trimmed of
filler at both ends. When no short stretch holds them, the key words
themselves name the theme ("Refund · pending").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

MAX_NAME_WORDS = 6

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+")

FILLER = frozenset("""
a about above after again all also am an and any anyone anything are as at be been being but by can
could did do does doing for from get got had has have having he her here hi hello his how i i'd i'll
i'm i've if in into is it it's its just me might my myself now of on or our please so some someone
something than thanks thank that that's the their them then there these they this those to too us was
we were what when where which who why will with would yet you your yours im ive id dont cant
much many able way possible ok okay still already really very one want wanted know like tell let ago
""".split())

# a name reads badly when it starts with these ("Long do top ups take")
NOT_FIRST = frozenset("long ago soon often far give used are is do does did".split())

# kept inside a name but never a key word on their own
GLUE = frozenset("not no never don't doesn't didn't can't cannot won't isn't wasn't hasn't haven't".split())

NEGATION = "<not>"

_SUFFIXES = ("ing", "ed", "es", "s")


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def cased_words(text: str) -> list[str]:
    """Words as written, except that a capital at the start of a sentence is not kept."""
    found = [w.replace("’", "'") for w in _WORD.findall(text)]
    return [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in found]


def stem(word: str) -> str:
    """A light stem so "arrive", "arrived" and "arriving" count as one key word."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def is_key(word: str) -> bool:
    return word not in FILLER and word not in GLUE and len(word) > 1 and not word.isdigit()


def key_words(members: Sequence[Sequence[str]], theme_frequency: Counter, themes: int) -> list[str]:
    """Stems ranked by how many members use them times how rare they are across themes."""
    coverage: Counter = Counter()
    for member in members:
        coverage.update({stem(w) for w in member if is_key(w)})
    size = len(members)
    scored = {
        term: (count / size) * math.log(1 + themes / theme_frequency[term])
        for term, count in coverage.items()
        if count >= max(2, 0.2 * size)
    }
    if not scored:  # nothing shared: the most distinctive words of the most central statement
        scored = {t: math.log(1 + themes / theme_frequency[t]) for t in {stem(w) for w in members[0] if is_key(w)}}
    return sorted(scored, key=lambda t: (-scored[t], t))


def name_theme(statements: Sequence[str], keys: Sequence[str]) -> str:
    """A short phrase from the statements that holds the strongest key words.

    When most statements are negative ("hasn't arrived"), so is the name: a
    name must not say the opposite of its theme.
    """
    if not keys:
        return _capital(" ".join(words(statements[0])[:MAX_NAME_WORDS])) or "Other"
    negative = sum(any(w in GLUE for w in words(t)) for t in statements) >= 0.4 * len(statements)
    extra = [NEGATION] if negative else []
    for wanted in (keys[:3] + extra, keys[:2] + extra, keys[:2]):
        span = _shortest_span(statements, set(wanted))
        if span and len(span) <= max(MAX_NAME_WORDS - 1, len(wanted) + 2):
            if len(span) == 1:
                span = _phrase_from(statements, keys[0]) or span
            return _capital(" ".join(span))
    phrase = _phrase_from(statements, keys[0])
    if phrase:
        return _capital(" ".join(phrase))
    return _capital(" · ".join(_surface(statements, k) for k in keys[:2]))


def _phrase_from(statements: Sequence[str], key: str) -> list[str] | None:
    """The key word and what follows it in the most central statement that uses it, up to
    the next key word ("Deposit" -> "deposit a cheque"); None when nothing follows."""
    for text in statements:
        tokens = cased_words(text)
        stems = [stem(w.lower()) for w in tokens]
        if key not in stems:
            continue
        start = stems.index(key)
        for end in range(start + 1, min(len(tokens), start + 4)):
            if is_key(tokens[end].lower()):
                return tokens[start : end + 1]
    return None


def _shortest_span(statements: Sequence[str], wanted: set[str]) -> list[str] | None:
    best: list[str] | None = None
    for text in statements:
        tokens = cased_words(text)
        stems = [NEGATION if w.lower() in GLUE else stem(w.lower()) for w in tokens]
        for start, first in enumerate(stems):
            if first not in wanted or tokens[start].lower() in NOT_FIRST:
                continue
            seen: set[str] = set()
            for end in range(start, min(len(stems), start + MAX_NAME_WORDS + 2)):
                if stems[end] in wanted:
                    seen.add(stems[end])
                if seen == wanted:
                    if stems[end] == NEGATION and end + 1 < len(tokens):
                        end += 1  # "card has not" says nothing until the word after it
                    span = tokens[start : end + 1]
                    if best is None or len(span) < len(best):
                        best = span
                    break
    return best


def _surface(statements: Sequence[str], key: str) -> str:
    forms = Counter(w for text in statements for w in cased_words(text) if stem(w.lower()) == key)
    return forms.most_common(1)[0][0] if forms else key


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def name_themes(texts: Sequence[str], labels: Sequence[int], order: Sequence[int] | None = None) -> dict[int, str]:
    """A name per theme id in ``labels`` (-1 ignored); ``order`` lists statements most central first."""
    tokenised = [words(t) for t in texts]
    members: dict[int, list[int]] = {}
    for index in order if order is not None else range(len(texts)):
        if labels[index] >= 0:
            members.setdefault(int(labels[index]), []).append(index)
    frequency: Counter = Counter()
    for indices in members.values():
        frequency.update({stem(w) for i in indices for w in tokenised[i] if is_key(w)})
    names: dict[int, str] = {}
    for theme, indices in members.items():
        keys = key_words([tokenised[i] for i in indices], frequency, len(members))
        names[theme] = name_theme([texts[i] for i in indices], keys)
    return names


def theme_name(statements: Sequence[str]) -> str:
    """The name one group of statements would get on its own (used to name a theme from only
    the statements that may be shown)."""
    return name_themes(statements, [0] * len(statements)).get(0, "") if statements else ""

