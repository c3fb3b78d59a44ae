"""PIPELINE_VERSION: changes whenever the rules (code or pattern files) or the trained model change.

Stored with every highlight (``Highlight.model_version``) so a researcher can tell
which suggestions came from which rules.  Computed from the bytes of the shipped
pattern files, so editing a pattern changes the version without anyone having to
remember to bump it; ``RULES_CODE_VERSION`` is bumped by hand when the logic in
``components.py`` changes behaviour.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RULES_CODE_VERSION = "3"
PATTERNS_DIR = Path(__file__).with_name("patterns")
MODEL_FILE = Path(__file__).with_name("model") / "emotions.npz"


def patterns_digest(directory: Path = PATTERNS_DIR) -> str:
    """A short hex digest over every ``*.jsonl`` file in ``directory`` (name and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.jsonl")):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def model_digest(path: Path = MODEL_FILE) -> str:
    """A short hex digest of the trained emotion model's file, "" when it is absent."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return ""


RULES_VERSION: str = f"rules-{RULES_CODE_VERSION}+{patterns_digest()}"
_MODEL_DIGEST = model_digest()
# The shipped pipeline: the rules plus, when its file is there, the trained emotion model.
PIPELINE_VERSION: str = RULES_VERSION + (f"+emotions-{_MODEL_DIGEST}" if _MODEL_DIGEST else "")
