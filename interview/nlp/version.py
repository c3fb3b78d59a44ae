"""PIPELINE_VERSION: changes whenever the rules (code or pattern files) change.

Stored with every highlight (``Highlight.model_version``) so a researcher can tell
which suggestions came from which rules.  Computed from the bytes of the shipped
pattern files, so editing a pattern changes the version without anyone having to
remember to bump it; ``RULES_CODE_VERSION`` is bumped by hand when the logic in
``components.py`` changes behaviour.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RULES_CODE_VERSION = "1"
PATTERNS_DIR = Path(__file__).with_name("patterns")


def patterns_digest(directory: Path = PATTERNS_DIR) -> str:
    """A short hex digest over every ``*.jsonl`` file in ``directory`` (name and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.jsonl")):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


PIPELINE_VERSION: str = f"rules-{RULES_CODE_VERSION}+{patterns_digest()}"
