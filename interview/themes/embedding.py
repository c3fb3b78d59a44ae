"""Statement vectors from the shipped static embedding table (numpy only).

The table (``data/vectors.npy``, float16, one row per WordPiece token in
``data/vocab.txt``) was distilled offline from the all-MiniLM-L6-v2 sentence
model by ``training/build_theme_vectors.py``: each token row starts as the
model's view of that token alone and is then trained so that the mean of a
sentence's rows points where the full model's sentence vector points. At run
time a statement's vector is that mean, so 3,000 statements cost a dictionary
look-up per word and one numpy sum each, instead of a transformer pass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from interview.themes.tokenizer import WordPiece


@dataclass(frozen=True)
class Table:
    """A token embedding table and the tokenizer that indexes it."""

    vectors: np.ndarray  # (vocabulary, dimensions) float32
    tokenizer: WordPiece
    meta: dict

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length vector per text (a zero vector for a text with no known token)."""
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self.tokenizer.encode(text)
            if ids:
                out[row] = self.vectors[ids].sum(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


def data_dir() -> Path:
    return Path(str(resources.files("interview.themes") / "data"))


class ThemesError(Exception):
    """A failure a user can meet (a damaged install), said in one sentence."""


@lru_cache(maxsize=1)
def load_table() -> Table:
    """The shipped table, loaded once per process (about 0.1 s)."""
    folder = data_dir()
    try:
        vectors = np.load(folder / "vectors.npy").astype(np.float32)
        tokenizer = WordPiece.from_file(folder / "vocab.txt")
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise ThemesError(
            f"The theme engine's word table in {folder} is missing or damaged ({error}); reinstall interview."
        ) from None
    if vectors.ndim != 2 or len(vectors) != len(tokenizer.vocab):
        raise ThemesError(f"The theme engine's word table in {folder} does not match its vocabulary; reinstall interview.")
    return Table(vectors=vectors, tokenizer=tokenizer, meta=meta)
