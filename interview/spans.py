"""Moving highlight spans along when a note's text is edited.

A reviewer who fixes a typo must not lose the decisions already taken on the rest of
the note, so spans are carried through a character diff of the old and new text.
No SQL and no textual here: the store calls this inside its edit transaction.
"""

from __future__ import annotations

from difflib import SequenceMatcher


def _opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    return SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def _map(position: int, opcodes: list[tuple[str, int, int, int, int]], *, is_end: bool) -> int:
    """Where an offset of the old text lands in the new text."""
    for tag, i1, i2, j1, j2 in opcodes:
        inside = i1 <= position < i2 or (is_end and position == i2 and i1 < i2)
        if not inside:
            continue
        if tag == "equal":
            return j1 + (position - i1)
        return j2 if is_end else j1
    return opcodes[-1][4] if opcodes else 0


def remap_span(old: str, new: str, start: int, end: int, *, keep_changed: bool) -> tuple[int, int] | None:
    """The span's offsets in ``new``; None when its text was edited and ``keep_changed`` is False.

    Automatic suggestions are dropped when edited (re-analysis suggests them afresh);
    a reviewer's own highlight is stretched or shrunk with the edit instead.
    """
    opcodes = _opcodes(old, new)
    return remap_with(opcodes, old, start, end, keep_changed=keep_changed)


def remap_with(
    opcodes: list[tuple[str, int, int, int, int]], old: str, start: int, end: int, *, keep_changed: bool
) -> tuple[int, int] | None:
    """As ``remap_span`` with the diff computed once for all spans of a note."""
    for tag, i1, i2, j1, _j2 in opcodes:
        if tag == "equal" and i1 <= start and end <= i2:
            return j1 + (start - i1), j1 + (end - i1)
    if not keep_changed:
        return None
    new_start = _map(start, opcodes, is_end=False)
    new_end = _map(end, opcodes, is_end=True)
    return (new_start, new_end) if new_start < new_end else None


def diff_opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """The character diff ``remap_with`` expects."""
    return _opcodes(old, new)
