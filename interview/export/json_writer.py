"""Session summaries and syntheses as JSON, for scripts and other tools (schema: docs/export-json.md)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from interview.export.data import SessionReport

SCHEMA_VERSION = 1
# What a span holds in the JSON (docs/export-json.md), in this order; the rest of
# ``models.Highlight`` (rule, reviewer, confidence...) is the store's business.
SPAN_FIELDS = ("start", "end", "label", "kind", "status", "source")


def _with_span_text(data: dict[str, Any]) -> dict[str, Any]:
    """Each span also carries the text it covers, so readers need not slice offsets themselves."""
    for section in data.get("sections", []):
        for block in section["questions"]:
            for note in block["notes"]:
                _add_text(note)
    for note in data.get("starred", []):
        _add_text(note)
    return data


def _add_text(note: dict[str, Any]) -> None:
    note["spans"] = [{**{name: span[name] for name in SPAN_FIELDS}, "text": note["text"][span["start"]:span["end"]]}
                     for span in note["spans"]]


def session_json(report: SessionReport) -> str:
    data = {"format": "interview.session-summary", "version": SCHEMA_VERSION, **dataclasses.asdict(report)}
    return json.dumps(_with_span_text(data), indent=2, ensure_ascii=False) + "\n"


def synthesis_json(synthesis: Any) -> str:
    data = {"format": "interview.synthesis", "version": SCHEMA_VERSION, **dataclasses.asdict(synthesis)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
