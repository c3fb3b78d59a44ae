"""Highlight labels and their display colours; shared by the CLI and the UI.

Kept free of spaCy so the UI can import it before the pipeline has loaded.
"""

from __future__ import annotations

from interview.models import EMOTION_KINDS, HIGHLIGHT_LABELS

LABELS: tuple[str, ...] = HIGHLIGHT_LABELS
KINDS: tuple[str, ...] = EMOTION_KINDS

# Rich / Textual colour names, one per label; readable on dark and light themes.
LABEL_COLORS: dict[str, str] = {
    "problem": "red3",
    "emotion": "magenta",
    "workaround": "dark_orange",
    "need": "dodger_blue2",
    "feature_request": "green3",
}
