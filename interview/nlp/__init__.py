"""Highlights for interview notes: problems, emotions, workarounds, needs, feature requests.

    >>> from interview.nlp import analyze_one
    >>> [(h.label, h.text) for h in analyze_one("It's fine, but the export takes forever.")]
    [('problem', 'the export takes forever')]

Importing this package is cheap (no spaCy); ``analyze``, ``analyze_one`` and
``build_pipeline`` load spaCy on first use.  Never imports textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview.nlp.errors import PipelineError
from interview.nlp.labels import LABEL_COLORS
from interview.nlp.version import PIPELINE_VERSION

if TYPE_CHECKING:
    from interview.nlp.pipeline import analyze, analyze_one, build_pipeline, get_pipeline, pipeline_version

__all__ = [
    "PIPELINE_VERSION",
    "LABEL_COLORS",
    "PipelineError",
    "analyze",
    "analyze_one",
    "build_pipeline",
    "get_pipeline",
    "pipeline_version",
]

_LAZY = {"analyze", "analyze_one", "build_pipeline", "get_pipeline", "pipeline_version"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from interview.nlp import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'interview.nlp' has no attribute {name!r}")
