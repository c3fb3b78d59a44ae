"""The trained emotion component: hashed 1-2-gram features and one logistic regression per group.

Registered as the spaCy factory ``interview_emotions``; it writes one probability per
emotion group to ``doc.cats`` (the attribute spaCy's own text classifiers fill), and
the rules component (components.py) combines them with its cues per group.

The weights live in ``interview/nlp/model/emotions.npz`` (float16, ~3.7 MB), trained by
``training/train_emotions.py`` from the GoEmotions train split (Apache-2.0) with a fixed
seed (words tied to the theme engine's word vectors during training, folded into these
weights); thresholds and the per-group way of combining with the rules were chosen on the
dev split.  When the file is absent the pipeline is the rules alone, unchanged.

Features are computed from token NORMs (spaCy's 64-bit string hashes, stable across
runs and machines), so training and run time share ``feature_indices`` exactly.  A batch
is scored with a few numpy calls, not per token Python: the component costs about a
microsecond a text on top of the tokenizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
from interview.nlp import spacy_import  # first: spaCy without its CLI
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc

from interview.nlp.version import MODEL_FILE as MODEL_PATH

spacy_import.attach()

_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd constant: bigram hash = a * MIX + b (mod 2**64)
_START = np.uint64(0x5BD1E9955BD1E995)  # stands for "before the first token"
MODES = ("rules", "union")  # per group: the rules alone, or the rules plus what the model adds


def feature_indices(norms: np.ndarray, dim: int) -> np.ndarray:
    """Hashed unigram and bigram buckets of one text's token NORM hashes (uint64)."""
    if norms.size == 0:
        return np.zeros(0, dtype=np.int64)
    prev = np.empty_like(norms)
    prev[0] = _START
    prev[1:] = norms[:-1]
    with np.errstate(over="ignore"):
        bigrams = prev * _MIX + norms
    both = np.concatenate((norms, bigrams >> np.uint64(7)))
    return (both % np.uint64(dim)).astype(np.int64)


def doc_norms(doc: Doc) -> np.ndarray:
    return doc.to_array(NORM).astype(np.uint64, copy=False).reshape(-1)


@dataclass
class EmotionModel:
    """Weights (dim x groups), biases, and per group a threshold and a combination mode."""

    kinds: tuple[str, ...]
    weights: np.ndarray  # float16 or float32, shape (dim, len(kinds))
    bias: np.ndarray
    thresholds: np.ndarray
    modes: tuple[str, ...]
    version: str = ""
    # per group: the threshold in a sentence where the rules found a problem, need ... (stricter)
    ruled_thresholds: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.ruled_thresholds is None:
            self.ruled_thresholds = np.full(len(self.kinds), 2.0, dtype=np.float32)  # never

    @property
    def dim(self) -> int:
        return int(self.weights.shape[0])

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "EmotionModel | None":
        """The shipped model, or None when the file is absent (the rules then work alone)."""
        path = Path(path)
        if not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as data:
            return cls(
                kinds=tuple(str(k) for k in data["kinds"]),
                weights=data["weights"].astype(np.float32),
                bias=data["bias"].astype(np.float32),
                thresholds=data["thresholds"].astype(np.float32),
                modes=tuple(str(m) for m in data["modes"]),
                version=str(data["version"]),
                ruled_thresholds=data["ruled_thresholds"].astype(np.float32) if "ruled_thresholds" in data else None,
            )

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path,
            kinds=np.array(self.kinds),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
            modes=np.array(self.modes),
            version=np.array(self.version),
            ruled_thresholds=np.asarray(self.ruled_thresholds, dtype=np.float32),
        )

    def scores(self, texts_norms: list[np.ndarray]) -> np.ndarray:
        """Probabilities, shape (len(texts_norms), len(kinds)); one vectorised pass over the batch."""
        n = len(texts_norms)
        out = np.zeros((n, len(self.kinds)), dtype=np.float32)
        lengths = np.fromiter((t.size for t in texts_norms), dtype=np.int64, count=n)
        nonempty = lengths > 0
        if nonempty.any():
            norms = np.concatenate(texts_norms)
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            prev = np.empty_like(norms)
            prev[1:] = norms[:-1]
            prev[starts[nonempty]] = _START
            with np.errstate(over="ignore"):
                bigrams = (prev * _MIX + norms) >> np.uint64(7)
            dim = np.uint64(self.dim)
            both = self.weights[(norms % dim).astype(np.int64)] + self.weights[(bigrams % dim).astype(np.int64)]
            sums = np.add.reduceat(both, starts[nonempty], axis=0)
            out[nonempty] = sums / np.sqrt(2 * lengths[nonempty])[:, None]
        out += self.bias
        return 1.0 / (1.0 + np.exp(-out))

    def probability_without(
        self, norms: np.ndarray, column: int, dropped: list[int], feats: np.ndarray | None = None
    ) -> float:
        """The group's probability with the features that involve the ``dropped`` tokens left out
        (``feats``: ``feature_indices(norms, self.dim)`` when the caller has them already)."""
        n = norms.size
        if feats is None:
            feats = feature_indices(norms, self.dim)
        keep = np.ones(2 * n, dtype=bool)
        for i in dropped:
            keep[i] = False  # its unigram
            keep[n + i] = False  # the bigram ending at it
            if i + 1 < n:
                keep[n + i + 1] = False  # the bigram starting at it
        z = float(self.weights[feats[keep], column].sum()) / np.sqrt(2 * n) + float(self.bias[column])
        return 1.0 / (1.0 + np.exp(-z))

    def token_weights(self, norms: np.ndarray, column: int, feats: np.ndarray | None = None) -> np.ndarray:
        """Each token's share of the score for one group (its unigram plus the bigrams it is in)."""
        n = norms.size
        if feats is None:
            feats = feature_indices(norms, self.dim)
        w = self.weights[feats, column]
        uni, bi = w[:n], w[n:]
        share = uni + bi  # bigram i ends at token i ...
        share[:-1] += bi[1:]  # ... and starts at token i for the next one
        return share


class EmotionScorer:
    """The spaCy component: fills ``doc.cats`` with a probability per emotion group."""

    def __init__(self, name: str, model: EmotionModel | None) -> None:
        self.name = name
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        model = self.model
        if model is None:
            yield from docs
            return
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._score(batch)
                batch = []
        if batch:
            yield from self._score(batch)

    def _score(self, batch: list[Doc]) -> list[Doc]:
        model = self.model
        assert model is not None
        probs = model.scores([doc_norms(doc) for doc in batch]).tolist()
        kinds = model.kinds
        for doc, row in zip(batch, probs):
            doc.cats = dict(zip(kinds, row))
        return batch


@Language.factory("interview_emotions", default_config={"model_path": None})
def make_emotion_scorer(nlp: Language, name: str, model_path: str | None) -> EmotionScorer:
    return EmotionScorer(name, EmotionModel.load(model_path or MODEL_PATH))
