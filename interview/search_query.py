"""What a user types into search, turned into a safe SQLite FTS5 query plus filters.

FTS5 has its own query language, and most of what people type by habit (a lone
``-``, an unbalanced quote, ``AND`` on its own, ``*``, ``C++``) is a syntax error in
it. Instead of passing text through, every term is rebuilt as a quoted FTS5 string,
so only the syntax we mean is ever produced:

- plain words must all appear: ``pricing spreadsheet``
- ``"quoted phrases"`` match word for word (an unclosed quote runs to the end)
- ``export*`` matches words starting with "export"
- ``csv OR excel`` matches either
- ``-word``, ``-"a phrase"`` or ``NOT word`` leaves notes with it out
- ``field:value`` filters (``tag:``, ``label:``, ``kind:``, ``guide:``,
  ``participant:``, ``segment:``, ``since:``, ``until:``); quote values with spaces:
  ``participant:"Ana López"``

No textual import: the CLI, the search screen and the tests share this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from interview.models import EMOTION_KINDS, HIGHLIGHT_LABELS, SearchFilters

FILTER_FIELDS: tuple[str, ...] = (
    "tag", "label", "kind", "guide", "participant", "segment", "since", "until",
)

# A token: optional "-", optional known "field:", then a "quoted run" (maybe unclosed) or a bare run.
_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+))|(?P<lone>-)'
)


class SearchQueryError(ValueError):
    """Text that cannot become a search, explained in one sentence."""


@dataclass(frozen=True)
class Term:
    """One thing to look for: a word or phrase, maybe a prefix, maybe excluded."""

    text: str
    prefix: bool = False
    negated: bool = False

    def fts(self) -> str:
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + "*" if self.prefix else quoted


@dataclass
class ParsedSearch:
    """The parts of a search: ``match`` and ``exclude`` are ready for ``notes_fts MATCH``."""

    groups: list[list[Term]] = field(default_factory=list)  # ANDed groups of ORed terms
    excluded: list[Term] = field(default_factory=list)
    filters: SearchFilters = field(default_factory=SearchFilters)

    @property
    def match(self) -> str:
        """Notes must match this ('' when only filters or exclusions were given)."""
        parts = []
        for group in self.groups:
            terms = [t.fts() for t in group]
            parts.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
        if not parts:
            return ""
        query = " AND ".join(parts)
        if self.excluded:
            query = "(" + query + ") NOT " + " NOT ".join(t.fts() for t in self.excluded)
        return query

    @property
    def exclude(self) -> str:
        """With nothing to match, exclusions are applied on their own (FTS5 NOT needs a left side)."""
        if self.groups or not self.excluded:
            return ""
        return " OR ".join(t.fts() for t in self.excluded)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded and self.filters.is_empty

    def words(self) -> list[str]:
        """The positive words and phrases, for a caller that marks them up itself."""
        return [t.text for group in self.groups for t in group]


def _searchable(text: str) -> bool:
    """FTS5's unicode61 tokenizer only indexes letters and digits; a term without any matches nothing."""
    return any(ch.isalnum() for ch in text)


def _date(name: str, value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise SearchQueryError(f"{name}: needs a date like 2024-05-31, not '{value}'") from None


def clean_filters(filters: SearchFilters) -> SearchFilters:
    """Check and normalise filter values (labels, emotion kinds, dates); raise SearchQueryError."""
    label = filters.label.strip().lower().replace("-", "_").replace(" ", "_") if filters.label else ""
    if label and label not in HIGHLIGHT_LABELS:
        raise SearchQueryError(f"label: '{filters.label}' is not a label; use one of {', '.join(HIGHLIGHT_LABELS)}")
    kind = filters.kind.strip().lower() if filters.kind else ""
    if kind and kind not in EMOTION_KINDS:
        raise SearchQueryError(f"kind: '{filters.kind}' is not an emotion kind; use one of {', '.join(EMOTION_KINDS)}")
    since = _date("since", filters.since) if filters.since else ""
    until = _date("until", filters.until) if filters.until else ""
    if since and until and since > until:
        raise SearchQueryError(f"since: {since} is after until: {until}, so nothing could match")
    return replace(
        filters,
        tag=filters.tag.strip().lstrip("#").strip(),
        label=label,
        kind=kind,
        guide=filters.guide.strip(),
        participant=filters.participant.strip(),
        segment=filters.segment.strip(),
        since=since,
        until=until,
    )


def parse_search(text: str, filters: SearchFilters | None = None) -> ParsedSearch:
    """Parse what the user typed; ``filters`` (e.g. from CLI options) are overridden by ``field:`` tokens.

    Never produces an FTS5 syntax error; raises SearchQueryError only for bad filter values.
    """
    parsed = ParsedSearch(filters=replace(filters) if filters else SearchFilters())
    text = text.replace("\x00", " ")  # FTS5 reads NUL as the end of the query
    pending_or = False
    pending_not = False
    for m in _TOKEN.finditer(text):
        if m.group("lone"):
            continue
        negated = bool(m.group("neg")) or pending_not
        name = (m.group("field") or "").lower()
        quoted = m.group("quoted")
        value = quoted if quoted is not None else m.group("bare") or ""
        if name and name in FILTER_FIELDS:
            setattr(parsed.filters, name, value)
            pending_not = False
            continue
        if name:  # "re:invoice", "10:30": an ordinary word with a colon in it
            value = f"{m.group('field')}:{value}"
        if quoted is None and not name and not negated and value in ("OR", "AND", "NOT"):
            pending_or = value == "OR" and bool(parsed.groups)
            pending_not = value == "NOT"
            continue
        prefix = quoted is None and value.endswith("*")
        value = value.rstrip("*") if quoted is None else value
        pending_not = False
        if not _searchable(value):
            pending_or = False
            continue
        term = Term(value, prefix=prefix, negated=negated)
        if negated:
            parsed.excluded.append(term)
            pending_or = False
        elif pending_or:
            parsed.groups[-1].append(term)
            pending_or = False
        else:
            parsed.groups.append([term])
    parsed.filters = clean_filters(parsed.filters)
    return parsed


def describe(parsed: ParsedSearch) -> str:
    """A one-line reading of the search, so users see how their text was understood."""
    parts = []
    for group in parsed.groups:
        shown = [f"{t.text}…" if t.prefix else t.text for t in group]
        parts.append(" or ".join(f"“{s}”" for s in shown))
    text = " and ".join(parts)
    if parsed.excluded:
        text += (" but not " if text else "notes without ") + ", ".join(f"“{t.text}”" for t in parsed.excluded)
    chips = [f"{name}: {getattr(parsed.filters, name)}" for name in FILTER_FIELDS if getattr(parsed.filters, name)]
    if chips:
        text += ("; " if text else "") + "; ".join(chips)
    return text
