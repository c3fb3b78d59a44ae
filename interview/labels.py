"""How highlight labels look everywhere: terminal, app and Word export share one palette.

Colours are hex so rich, Textual and python-docx can all use them; each is readable
as a background behind dark text and distinct for the common colour-vision deficiencies.
"""

from __future__ import annotations

LABEL_COLORS: dict[str, str] = {
    "problem": "#f4a6a6",
    "emotion": "#c9b6f2",
    "workaround": "#f7d58b",
    "need": "#9fd8c4",
    "feature_request": "#a9c8f5",
}

LABEL_NAMES: dict[str, str] = {
    "problem": "Problem",
    "emotion": "Emotion",
    "workaround": "Workaround",
    "need": "Need",
    "feature_request": "Feature request",
}

# Word's highlighter only has a fixed palette (WD_COLOR_INDEX); these are the nearest.
LABEL_DOCX_HIGHLIGHT: dict[str, str] = {
    "problem": "PINK",
    "emotion": "VIOLET",
    "workaround": "YELLOW",
    "need": "BRIGHT_GREEN",
    "feature_request": "TURQUOISE",
}


def label_style(label: str, status: str = "accepted") -> str:
    """A rich style for a highlight: suggestions are underlined, decisions are filled."""
    color = LABEL_COLORS.get(label, "#dddddd")
    if status == "suggested":
        return f"underline {color}"
    if status == "rejected":
        return "strike dim"
    return f"#111111 on {color}"
