"""Finding people's names in free text however they were typed, with offsets into the original.

Redaction (``export/redact.py``) and forgetting someone (``store/forget.py``) must catch a
name written "Siobhán O'Brien", "siobhan obrien", "O’Brien" (curly apostrophe), "Smith-Jones"
or "Smith Jones", split by a line break, or pasted in Unicode NFD (macOS). Both fold text the
same way before matching: compatibility decomposition, accents dropped, case folded, every
apostrophe removed inside a word, hyphens and any run of whitespace made one separator. Matches
are found on words of the folded text and reported as (start, end) in the original text, so a
replacement never shifts a neighbouring character or a highlight.

Decision for single name parts (a first name or surname on its own): a part of one or two
letters ("Al", "Li"), or one that is an everyday English word (``name_words.txt``: Will, May,
Mark, Grace, Baker, White, ...), is matched only when written with a capital letter, so "Will
said" is caught while "it will work" is left alone. Every other part matches in any case.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Hashable, Iterable, TypeVar

V = TypeVar("V", bound=Hashable)

APOSTROPHES = "'’‘ʼ`´′"
HYPHENS = "-‐‑‒–—―"
# Letters without a Unicode decomposition that people type as plain Latin letters.
_TRANSLIT = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
_ASCII_FOLD = str.maketrans({**{c: " " for c in HYPHENS if c.isascii()}, "`": "'", "\t": " ", "\n": " ",
                             "\r": " ", "\x0b": " ", "\x0c": " "})
_WORD = re.compile(r"\w+(?:'+\w+)*'?")
_SEPARATOR = re.compile(r" +")

# Name particles: they identify no one on their own.
PARTICLES = frozenset({"de", "del", "della", "der", "den", "di", "da", "das", "dos", "du", "la", "le", "van",
                       "von", "bin", "al", "el", "y", "ten", "ter", "zu", "st", "st."})


@functools.lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Everyday English words that are also names (one per line in name_words.txt)."""
    text = (Path(__file__).with_name("name_words.txt")).read_text(encoding="utf-8")
    return frozenset(w.strip().casefold() for w in text.split() if w.strip() and not w.startswith("#"))


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in APOSTROPHES:
        return "'"
    if ch in HYPHENS or ch.isspace():
        return " "
    out = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).casefold()
    return "".join(_TRANSLIT.get(c, c) for c in out)


def fold(text: str) -> tuple[str, list[int] | None]:
    """(folded text, for each folded character the index of the original one; None when 1:1).

    ASCII text (most notes) keeps its length, so it needs no index map.
    """
    if text.isascii():
        return text.lower().translate(_ASCII_FOLD), None
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if unicodedata.combining(ch):
            continue  # an accent typed as its own character (NFD): belongs to the letter before
        for c in _fold_char(ch):
            out.append(c)
            where.append(i)
    return "".join(out), where


@functools.lru_cache(maxsize=4096)
def fold_key(text: str) -> str:
    """A term as a lookup key: folded words without apostrophes, one space between them."""
    folded, _ = fold(text)
    return " ".join(w.replace("'", "") for w in _WORD.findall(folded))


@functools.lru_cache(maxsize=4096)
def is_plain_term(text: str) -> bool:
    """Words joined by spaces, hyphens or single punctuation ("AT&T"): matched word by word."""
    folded, _ = fold(text.strip().rstrip("."))
    return bool(re.fullmatch(r"\w+(?:'+\w+)*(?: ?[^\w\s'] ?\w+(?:'+\w+)*| +\w+(?:'+\w+)*)*", folded.strip()))


def needs_capital(part: str) -> bool:
    """Whether a name part alone is matched only when capitalised (see the module's decision)."""
    key = fold_key(part)
    return len(key) <= 2 or key in name_words()


@dataclass(frozen=True)
class Found(Generic[V]):
    start: int
    end: int
    value: V


@dataclass(frozen=True)
class _Entry(Generic[V]):
    value: V
    capital: bool  # only when the original starts with a capital letter
    seps: tuple[str, ...]  # separators between the key's words (" " for space or hyphen)
    dot: bool  # the surface ended with "." ("Inc."): swallow a following full stop


class NameMatcher(Generic[V]):
    """Terms (names, companies, the user's words) -> a value; finds them in folded text."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], _Entry[V]] = {}
        self._literal: dict[str, V] = {}  # terms that are not plain words ("C++"): matched as written
        self._literal_re: re.Pattern[str] | None = None
        self._longest = 1
        self._first: set[str] = set()  # first words of every key

    def __len__(self) -> int:
        return len(self._entries) + len(self._literal)

    def add(self, surface: str, value: V, *, capital: bool = False) -> None:
        """Register ``surface``; an earlier registration of the same key wins (first come, first kept)."""
        surface = unicodedata.normalize("NFC", surface.strip())
        if not surface:
            return
        # Also as typed on a keyboard that drops letters it cannot make ("Ø" -> nothing).
        ascii_only = unicodedata.normalize("NFKD", surface).encode("ascii", "ignore").decode().strip()
        if ascii_only != surface and len(ascii_only) >= 2 and fold_key(ascii_only) != fold_key(surface):
            self._add(ascii_only, value, capital)
        self._add(surface, value, capital)

    def _add(self, surface: str, value: V, capital: bool) -> None:
        if not is_plain_term(surface):
            self._literal.setdefault(surface, value)
            self._literal_re = None
            return
        folded, _ = fold(surface)
        words = _WORD.findall(folded)
        if not words:
            return
        key = tuple(w.replace("'", "") for w in words)
        seps = tuple(_norm_sep(s) for s in re.split(r"\w+(?:'+\w+)*'?", folded.strip())[1:-1])
        self._entries.setdefault(key, _Entry(value, capital, seps, surface.endswith(".")))
        self._first.add(key[0])
        self._longest = max(self._longest, len(key))

    def find(self, text: str) -> list[Found[V]]:
        """Non-overlapping matches, leftmost then longest, as offsets into ``text``."""
        if not text or not (self._entries or self._literal):
            return []
        folded, where = fold(text)
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        found: list[Found[V]] = []
        firsts = self._first
        i = 0
        while i < len(words):
            word = words[i][2]
            if word in firsts or ("'" in word and (word.replace("'", "") in firsts
                                                  or _possessive(word).replace("'", "") in firsts)):
                hit = self._match_at(text, folded, where, words, i)
            else:
                hit = None  # most words start no name: no n-gram look-ups
            if hit is None:
                i += 1
                continue
            found.append(hit[0])
            i += hit[1]
        if self._literal:
            found = non_overlapping(found + self._literals(text))
        return found

    # ------------------------------------------------------------------ internals

    def _match_at(self, text: str, folded: str, where: list[int] | None, words: list, i: int):
        for length in range(min(self._longest, len(words) - i), 0, -1):
            span = words[i:i + length]
            seps = tuple(_norm_sep(folded[a[1]:b[0]]) for a, b in zip(span, span[1:]))
            if any(s is None for s in seps):
                continue
            last = span[-1][2]
            candidates = [last] if _possessive(last) == last else [last, _possessive(last)]  # "Ana's"
            for option in candidates:
                key = tuple(w[2].replace("'", "") for w in span[:-1]) + (option.replace("'", ""),)
                entry = self._entries.get(key)
                if entry is None or entry.seps != seps:
                    continue
                start = _orig(where, span[0][0])
                end = _orig_end(text, where, span[-1][0] + len(option))
                if entry.capital and not text[start].isupper():
                    continue
                if entry.dot and end < len(text) and text[end] == ".":
                    end += 1
                return Found(start, end, entry.value), length
        return None

    def _literals(self, text: str) -> list[Found[V]]:
        if self._literal_re is None:
            forms = sorted(self._literal, key=len, reverse=True)
            self._literal_re = re.compile("|".join(re.escape(f) for f in forms), re.IGNORECASE)
        lower = {k.casefold(): v for k, v in self._literal.items()}
        nfc = unicodedata.normalize("NFC", text)
        if len(nfc) != len(text):
            return []  # offsets would not match the original; plain terms cover NFD text
        return [Found(m.start(), m.end(), lower[m.group().casefold()]) for m in self._literal_re.finditer(nfc)
                if m.group().casefold() in lower]


def _possessive(word: str) -> str:
    """"ana's" -> "ana", "jones'" -> "jones"; other words unchanged."""
    if word.endswith("'s"):
        return word[:-2]
    return word[:-1] if word.endswith("'") else word


def _norm_sep(sep: str) -> str | None:
    """A separator between two words of a name: spaces/hyphens -> " ", one other mark kept; else None."""
    if not sep:
        return ""
    squeezed = _SEPARATOR.sub(" ", sep)
    core = squeezed.strip()
    if not core:
        return " "
    return core if len(core) == 1 and not core.isalnum() else None


def _orig(where: list[int] | None, pos: int) -> int:
    return pos if where is None else where[pos]


def _orig_end(text: str, where: list[int] | None, pos: int) -> int:
    """The original offset just after folded position ``pos - 1``, including trailing accents (NFD)."""
    if where is None:
        return pos
    end = where[pos - 1] + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


def non_overlapping(found: Iterable[Found[V]]) -> list[Found[V]]:
    """Leftmost first, then the longest; anything overlapping a kept match is dropped."""
    kept: list[Found[V]] = []
    end = -1
    for hit in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if hit.start >= end:
            kept.append(hit)
            end = hit.end
    return kept


# Legal suffixes and generic first words of company names: they identify no company on their own.
_LEGAL = {"inc", "inc.", "ltd", "ltd.", "llc", "gmbh", "ag", "sa", "s.a.", "bv", "b.v.", "plc", "corp", "corp.",
          "co", "co.", "oy", "ab", "srl", "sas"}
_GENERIC = {"the", "global", "united", "national", "general", "international", "new", "first", "american",
            "european", "group"}


def company_forms(company: str) -> list[str]:
    """A company as people write it: in full, without its legal suffix, its distinctive first word."""
    company = company.strip()
    if not company:
        return []
    forms = [company]
    words = company.split()
    while words and words[-1].casefold().strip(",") in _LEGAL:
        words.pop()
    if words:
        forms.append(" ".join(words).strip(","))
    if len(words) > 1 and len(words[0]) >= 3 and words[0].casefold() not in _GENERIC:
        forms.append(words[0])
    return list(dict.fromkeys(forms))


def spaced(text: str) -> str:
    """"O'Brien" as some type it: "O Brien"."""
    return re.sub(f"[{APOSTROPHES}]", " ", text)


def name_forms(name: str) -> list[str]:
    """A full name as written and with its apostrophes typed as spaces."""
    return list(dict.fromkeys([name.strip(), spaced(name.strip())]))


def name_parts(name: str) -> list[str]:
    """The parts of a full name that identify its owner alone: first names, surnames, each half
    of a hyphenated surname; particles ("de", "van") and initials left out."""
    parts: list[str] = []
    for index, word in enumerate(w for w in re.split(r"[\s,]+", name.strip()) if w):
        word = word.strip(".")
        # A particle ("de", "van", "al") is part of a surname, except as the first word: "Al Baker".
        if not word or (index and word.casefold() in PARTICLES) or len(fold_key(word)) < 2:
            continue
        parts.append(word)
        if spaced(word) != word:
            parts.append(spaced(word))
        pieces = [p for p in re.split(f"[{HYPHENS}]", word) if p]
        if len(pieces) > 1:
            parts += [p for p in pieces if len(fold_key(p)) >= 2 and p.casefold() not in PARTICLES]
    return list(dict.fromkeys(parts))
