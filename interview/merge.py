"""Merging another laptop's interview database into this one, and saying what changed.

The work (all SQL) is ``Store.merge_from``; this module names it for the CLI
and turns a :class:`MergeResult` into sentences people read.

    result = merge_database(store, "laptop-b.db", dry_run=True)
    print("\\n".join(merge_report_lines(result)))
"""

from __future__ import annotations

from pathlib import Path

from interview.models import MergeResult
from interview.store import Store

__all__ = ["merge_database", "merge_report_lines"]

_NAMES = {  # table -> (one, many)
    "participants": ("participant", "participants"), "sessions": ("session", "sessions"),
    "session_participants": ("workshop seat", "workshop seats"), "notes": ("note", "notes"),
    "asked_questions": ("question marked asked", "questions marked asked"),
    "highlights": ("highlight", "highlights"), "tags": ("tag", "tags"), "note_tags": ("tag on a note", "tags on notes"),
    "ideas": ("idea", "ideas"), "votes": ("vote", "votes"),
    "themes": ("theme", "themes"), "theme_statements": ("statement placed in a theme", "statements placed in themes"),
    "feedback_sources": ("feedback source", "feedback sources"),
    "feedback_customers": ("customer of a feedback source", "customers of feedback sources"),
    "feedback_items": ("feedback row", "feedback rows"),
}


def merge_database(store: Store, other: str | Path, *, dry_run: bool = False) -> MergeResult:
    """Merge ``other`` into ``store`` (or only count, with ``dry_run``); StoreError explains refusals."""
    return store.merge_from(other, dry_run=dry_run)


def _counts(counts: dict[str, int]) -> str:
    parts = [f"{n} {_NAMES.get(table, (table, table))[n != 1]}" for table, n in counts.items() if n]
    return ", ".join(parts)


def merge_report_lines(result: MergeResult, other: str | Path = "the other database") -> list[str]:
    """What was added and updated, then each conflict with the version kept."""
    verb = ("would add", "would update") if result.dry_run else ("added", "updated")
    lines: list[str] = []
    erased = (f"Left out {result.erased_skipped} row{'s' if result.erased_skipped != 1 else ''} of {other} "
              "that were erased here (participants forget).")
    if not result.changed and not result.conflicts:
        return [f"Nothing to merge: everything in {other} is already here."] + ([erased] if result.erased_skipped else [])
    if any(result.added.values()):
        lines.append(f"{verb[0].capitalize()} {_counts(result.added)}.")
    if any(result.updated.values()):
        lines.append(f"{verb[1].capitalize()} {_counts(result.updated)} (newer in {other}).")
    for theirs, given in result.renamed_sources:
        lines.append(f'Feedback source "{theirs}" of {other} {"would be" if result.dry_run else "was"} '
                     f'added as "{given}": a source here already has that name.')
    for conflict in result.conflicts:
        kept = "theirs (newer)" if conflict.kept == "theirs" else "ours (newer)"
        what = f"{conflict.kind} {conflict.note_id[:8]}"
        if conflict.kind != "note":
            what += f" ({conflict.column})"
        lines.append(f"Conflict on {what}: edited on both sides; kept {kept}.")
        lines.append(f"  ours:   {_short(conflict.ours)}")
        lines.append(f"  theirs: {_short(conflict.theirs)}")
    if result.erased_skipped:
        lines.append(erased)
    if result.dry_run:
        lines.append("Dry run: nothing was changed.")
    return lines


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
