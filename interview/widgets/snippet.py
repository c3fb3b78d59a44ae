"""A search hit's snippet drawn for a terminal: shared by the search screen and `interview search`."""

from __future__ import annotations

from rich.text import Text


def snippet_text(snippet: str) -> Text:
    """A snippet whose [marked] words (SQLite FTS ``snippet()`` markers) are drawn bold."""
    text = Text()
    rest = snippet
    while "[" in rest:
        before, _, after = rest.partition("[")
        word, closed, tail = after.partition("]")
        if not closed:
            break
        text.append(before)
        text.append(word, style="bold reverse")
        rest = tail
    text.append(rest)
    return text
