"""A WordPiece tokenizer (the uncased BERT scheme) in plain Python.

The shipped embedding table is indexed by the teacher model's WordPiece
vocabulary, so statements must be cut the same way the teacher cuts them. The
rules are short (lower-case, strip accents, split off punctuation, greedy
longest-match word pieces); writing them here keeps the run time on numpy alone
instead of a compiled tokenizer dependency. Words are cached, so a batch of
statements costs one dictionary look-up per repeated word.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

MAX_WORD_CHARS = 100


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def basic_words(text: str) -> list[str]:
    """Lower-cased, accent-free words with every punctuation mark as a word of its own."""
    text = unicodedata.normalize("NFD", text.lower())
    words: list[str] = []
    current: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if char in " \t\n\r" or category == "Zs":
            if current:
                words.append("".join(current))
                current = []
            continue
        if category == "Mn" or category.startswith("C") or char == "\ufffd":
            continue  # accents, control and format characters vanish, as in BERT
        if _is_punctuation(char) or _is_cjk(char):
            if current:
                words.append("".join(current))
                current = []
            words.append(char)
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


class WordPiece:
    """Token ids of a text under a WordPiece vocabulary (one token per line, id = line number)."""

    def __init__(self, vocab: list[str], unknown: str = "[UNK]") -> None:
        self.vocab = vocab
        self.ids = {token: index for index, token in enumerate(vocab)}
        self.unknown_id = self.ids.get(unknown, 0)
        self._word_ids = lru_cache(maxsize=200_000)(self._pieces)

    @classmethod
    def from_file(cls, path: Path) -> "WordPiece":
        return cls(path.read_text(encoding="utf-8").split("\n"))

    def word_ids(self, word: str) -> tuple[int, ...]:
        return self._word_ids(word)

    def _pieces(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_WORD_CHARS:
            return (self.unknown_id,)
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.ids.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return (self.unknown_id,)
            pieces.append(found)
            start = end
        return tuple(pieces)

    def encode(self, text: str) -> list[int]:
        """The token ids of ``text``, without the special [CLS]/[SEP] tokens."""
        ids: list[int] = []
        for word in basic_words(text):
            ids.extend(self._word_ids(word))
        return ids
