"""Building, caching and running the highlight pipeline.

The default pipeline is ``spacy.blank("en")`` plus ``interview_highlighter``
(components.py) and the pattern files shipped in ``interview/nlp/patterns``:
nothing to download.  If ``INTERVIEW_SPACY_MODEL`` names an installed trained
pipeline (e.g. ``en_core_web_sm``), it is loaded instead and its parser scopes
negation; the rules and pattern files are the same.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Iterable

from interview.nlp import spacy_import  # first: spaCy without its CLI
import spacy
from spacy.attrs import IS_ALPHA, IS_SPACE, LOWER, NORM
from spacy.language import Language

import interview.nlp.components  # noqa: F401  (registers the factory)
import interview.nlp.emotion_model  # noqa: F401  (registers the factory)
from interview.models import Highlight
from interview.nlp.components import SPAN_GROUP
from interview.nlp.emotion_model import MODEL_PATH
from interview.nlp.errors import PipelineError
from interview.nlp.version import PIPELINE_VERSION, RULES_VERSION, model_digest

spacy_import.attach()

MODEL_ENV = "INTERVIEW_SPACY_MODEL"
BLANK_MAX_LENGTH = 50_000_000  # the blank tokenizer is linear; notes are never this long
_VERSION_KEY = "interview_pipeline_version"

_cache: dict[str, Language] = {}
_lock = threading.Lock()


def configured_model() -> str:
    """The trained pipeline named in INTERVIEW_SPACY_MODEL, or "" for the blank default."""
    return os.environ.get(MODEL_ENV, "").strip()


def build_pipeline(
    model: str | None = None, *, patterns_dir: str | None = None, emotions: bool | str = True
) -> Language:
    """A new pipeline: blank English (default) or ``model``/INTERVIEW_SPACY_MODEL, plus our rules.

    ``emotions`` adds the trained emotion component (emotion_model.py) from the shipped
    weights (True) or a given .npz path; without the file, or with False, the rules work alone.

    Raises ``PipelineError`` when the named model is not installed or a pattern file is invalid.
    """
    name = configured_model() if model is None else model.strip()
    if name and name != "blank":
        try:
            nlp = spacy.load(name, exclude=["ner"])
        except (OSError, ImportError) as exc:
            raise PipelineError(
                f"The spaCy pipeline {name!r} named in {MODEL_ENV} is not installed "
                f"(install it with `python -m spacy download {name}`, or unset {MODEL_ENV} "
                "to use the built-in rules)."
            ) from exc
        version = f"{PIPELINE_VERSION}+{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', name)}-{nlp.meta.get('version', '0')}"
    else:
        nlp = spacy.blank("en")
        nlp.max_length = BLANK_MAX_LENGTH
        _keep_only_used_lexeme_attributes(nlp)
        version = PIPELINE_VERSION
    weights = MODEL_PATH if emotions is True else Path(emotions) if emotions else None
    if weights is not None and weights.is_file():
        nlp.add_pipe("interview_emotions", config={"model_path": str(weights)})
        if weights != MODEL_PATH:
            version = version.replace(PIPELINE_VERSION, RULES_VERSION) + f"+emotions-{model_digest(weights)}"
    else:
        version = version.replace(PIPELINE_VERSION, RULES_VERSION)
    nlp.add_pipe("interview_highlighter", config={"patterns_dir": patterns_dir})
    nlp.meta[_VERSION_KEY] = version
    return nlp


# The lexeme attributes our components read. Every word spaCy meets for the first time
# runs each getter in Python (about 20 for English: is_stop, like_url, shape, ...); on real
# text, where most words are new, that was the largest single cost (~40% of a first pass).
_USED_LEXEME_ATTRS = (LOWER, NORM, IS_ALPHA, IS_SPACE)


def _keep_only_used_lexeme_attributes(nlp: Language) -> None:
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {attr: getters[attr] for attr in _USED_LEXEME_ATTRS if attr in getters}


def get_pipeline() -> Language:
    """The shared pipeline for the configured model, built once per process (thread-safe)."""
    name = configured_model()
    nlp = _cache.get(name)
    if nlp is None:
        with _lock:
            nlp = _cache.get(name)
            if nlp is None:
                nlp = _cache[name] = build_pipeline(name)
    return nlp


def pipeline_version(nlp: Language | None = None) -> str:
    """The version stored on highlights made by ``nlp`` (default: the shared pipeline)."""
    if nlp is None:
        return PIPELINE_VERSION if not configured_model() else get_pipeline().meta[_VERSION_KEY]
    return nlp.meta.get(_VERSION_KEY, PIPELINE_VERSION)


def _highlights(doc, text: str, version: str) -> list[Highlight]:
    group = doc.spans[SPAN_GROUP]
    confidences = group.attrs.get("confidence") or [None] * len(group)
    return [
        Highlight(
            start=span.start_char,
            end=span.end_char,
            label=span.label_,
            kind=span.kb_id_ or None,
            text=text[span.start_char : span.end_char],
            rule=span.id_,
            model_version=version,
            confidence=confidence,
        )
        for span, confidence in zip(group, confidences)
    ]


def analyze(
    texts: Iterable[str], *, nlp: Language | None = None, batch_size: int = 512
) -> list[list[Highlight]]:
    """Highlights for each text, in order (an empty list when nothing fires).

    Offsets are character offsets into the text as given.  Runs ``nlp.pipe`` in
    batches on the shared pipeline unless ``nlp`` is given.
    """
    texts = list(texts)
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"analyze() takes strings, got {type(text).__name__}")
    nlp = nlp or get_pipeline()
    version = pipeline_version(nlp)
    return [
        _highlights(doc, text, version)
        for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size))
    ]


def analyze_one(text: str, *, nlp: Language | None = None) -> list[Highlight]:
    """Highlights for one note (the live screen's call after each Enter)."""
    if not isinstance(text, str):
        raise TypeError(f"analyze_one() takes a string, got {type(text).__name__}")
    nlp = nlp or get_pipeline()
    return _highlights(nlp(text), text, pipeline_version(nlp))
