"""Highlight labels and kinds as the pipeline knows them; colours come from ``interview.labels``.

Kept free of spaCy so the UI can import it before the pipeline has loaded.
"""

from __future__ import annotations

from interview.labels import LABEL_COLORS
from interview.models import EMOTION_KINDS, HIGHLIGHT_LABELS

LABELS: tuple[str, ...] = HIGHLIGHT_LABELS
KINDS: tuple[str, ...] = EMOTION_KINDS

# One palette for the terminal, the app and Word: interview.labels.
__all__ = ["KINDS", "LABELS", "LABEL_COLORS"]
