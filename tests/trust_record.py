"""Counts the trust tests leave behind for ``benchmarks/trust_report.py``.

When ``INTERVIEW_TRUST_RECORD`` names a file, each fault or fuzz test appends one
JSON line (target, counts); otherwise recording is a no-op, so ordinary test runs
write nothing.
"""

from __future__ import annotations

import json
import os
from typing import Any


def record(target: str, **counts: Any) -> None:
    path = os.environ.get("INTERVIEW_TRUST_RECORD")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"target": target, **counts}) + "\n")
