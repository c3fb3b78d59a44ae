"""Redaction: identities out of the report data before any file is written.

One ``Redactor`` serves one export (a session summary or a whole synthesis), so
a person or company gets the same placeholder everywhere in it ("Participant 1",
"Company A"). Names are found however they were typed (``interview.names``: any
case, without accents or apostrophes, curly apostrophes, hyphen or line break
between the words, NFD text), full names and each first name and surname alone.
E-mail addresses, phone numbers and links are replaced whoever they belong to.

Every participant and company the database knows is registered, not only the
people of the exported sessions: a note about one interview often names people
met in another. People outside the export are numbered only when the text
mentions them, in order of appearance.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Iterable

from interview.export.textmap import remap, substitute
from interview.models import Participant
from interview.store.forget import FORGOTTEN
from interview.names import Found, NameMatcher, company_forms, fold_key, name_forms, name_parts, needs_capital, non_overlapping

EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
URL = r"(?:https?://|www\.)[^\s<>\"'()\[\]]+"
PHONE = r"\+?\(?\d[\d ().-]{5,}\d"
_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_PATTERNS = re.compile(rf"(?<!\w)(?:(?P<email>{EMAIL})|(?P<link>{URL})|(?P<phone>{PHONE}))(?!\w)", re.IGNORECASE)

# Fields that hold codes, not free text: never rewritten.
SKIP_FIELDS = frozenset({"id", "session_id", "note_id", "highlight_id", "theme_id", "label", "kind", "status", "source", "speaker",
                         "time", "date", "generated_at", "evidence", "format", "terms", "method"})


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet-style company letters."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def read_terms_file(path: str | Path) -> list[str]:
    """Extra terms, one per line; blank lines and lines starting with # are ignored."""
    from interview.regular_files import read_regular

    # A regular file of at most 10 MB: /dev/zero or a pipe given by mistake is refused (FileKindError), not read forever.
    text = read_regular(Path(path).expanduser(), limit=10_000_000, what="terms").decode("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


class Redactor:
    """Replaces identities in text with stable placeholders."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        # Matched name, company or term -> the entity it stands for; placeholders are given on first use.
        self._matcher: NameMatcher[tuple[str, str]] = NameMatcher()
        self._placeholders: dict[tuple[str, str], str] = {}
        self._people: dict[str, tuple[str, str]] = {}  # participant id (or name) -> entity
        self._companies: set[tuple[str, str]] = set()
        self._counters: dict[str, dict[str, str]] = {"email": {}, "phone": {}, "link": {}, "term": {}}
        for term in terms:
            term = term.strip()
            if term:
                entity = ("term", fold_key(term) or term.casefold())
                self._placeholder(entity)
                self._matcher.add(term, entity)

    # ------------------------------------------------------------------ registering

    def _placeholder(self, entity: tuple[str, str]) -> str:
        if entity not in self._placeholders:
            kind = entity[0]
            count = sum(1 for k in self._placeholders if k[0] == kind)
            self._placeholders[entity] = {
                "person": f"Participant {count + 1}", "company": f"Company {_letters(count)}",
                "term": f"[term {count + 1}]",
            }[kind]
        return self._placeholders[entity]

    def know_person(self, person: Participant | str) -> tuple[str, str] | None:
        """Register a participant's names, e-mail and company without numbering them yet.

        Used for everyone in the database who is not in the exported sessions: they get a
        placeholder only if the text mentions them.
        """
        name = (person.name if isinstance(person, Participant) else person).strip()
        key = person.id if isinstance(person, Participant) else name.casefold()
        if key in self._people:
            return self._people[key]
        if not name or name == FORGOTTEN:
            return None
        # Two records with one name are one person to a reader: one entity, one placeholder.
        entity = ("person", fold_key(name) or name.casefold())
        self._people[key] = entity
        for form in name_forms(name):
            self._matcher.add(form, entity)
        for part in name_parts(name):
            self._matcher.add(part, entity, capital=needs_capital(part))
        if isinstance(person, Participant):
            if person.email:
                self._numbered("email", person.email)
                self._matcher.add(person.email, ("email", person.email.casefold()))
            if person.company:
                self.know_company(person.company)
        return entity

    def add_person(self, person: Participant | str) -> str:
        """Register a participant of the export (full, first and last name, e-mail); returns their placeholder."""
        entity = self.know_person(person)
        if entity is None:
            return FORGOTTEN if (person.name if isinstance(person, Participant) else person).strip() else ""
        if isinstance(person, Participant) and person.company:
            self.add_company(person.company)
        return self._placeholder(entity)

    def know_company(self, company: str) -> tuple[str, str] | None:
        """Register a company (full name, without legal suffix, distinctive first word), unnumbered."""
        forms = company_forms(company)
        if not forms:
            return None
        entity = ("company", fold_key(company) or company.casefold())
        if entity not in self._companies:
            self._companies.add(entity)
            for form in forms:
                self._matcher.add(form, entity)
        return entity

    def add_company(self, company: str) -> str:
        entity = self.know_company(company)
        return self._placeholder(entity) if entity else ""

    def person(self, person: Participant | str) -> str:
        return self.add_person(person)

    def _numbered(self, kind: str, value: str) -> str:
        seen = self._counters[kind]
        return seen.setdefault(value.casefold(), f"[{kind} {len(seen) + 1}]")

    # ------------------------------------------------------------------ replacing

    def _edits(self, text: str) -> list[tuple[int, int, str]]:
        found: list[Found] = list(self._matcher.find(text))
        for match in _PATTERNS.finditer(text):
            group, value = match.lastgroup, match.group()
            start, end = match.span()
            if group == "phone":
                digits = sum(c.isdigit() for c in value)
                if digits >= 7 and not _DATE_LIKE.search(value):
                    found.append(Found(start, end, ("phone", value)))
            elif group == "link":
                trimmed = value.rstrip(".,;:!?")
                found.append(Found(start, start + len(trimmed), ("link", trimmed)))
            else:
                found.append(Found(start, end, ("email", value)))
        edits = []
        for hit in non_overlapping(found):
            kind, value = hit.value
            if kind in ("email", "phone", "link"):
                edits.append((hit.start, hit.end, self._numbered(kind, value if kind != "email" else text[hit.start:hit.end])))
            else:
                edits.append((hit.start, hit.end, self._placeholder(hit.value)))
        return edits

    def text(self, text: str) -> str:
        if not text:
            return text
        edits = self._edits(text)
        return substitute(text, edits)[0] if edits else text

    def text_with_spans(self, text: str, spans: list[Any]) -> tuple[str, list[Any]]:
        """Redact ``text`` and move its highlight spans so they still cover the same words."""
        edits = self._edits(text)
        if not edits:
            return text, spans
        new_text, offsets = substitute(text, edits)
        return new_text, remap(spans, offsets, len(new_text))

    def apply(self, obj: Any) -> Any:
        """Redact every free-text string inside a report's dataclasses, in place; returns obj."""
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            names = {f.name for f in dataclasses.fields(obj)}
            if {"text", "spans"} <= names:
                obj.text, obj.spans = self.text_with_spans(obj.text, obj.spans)
            for field in dataclasses.fields(obj):
                if field.name in SKIP_FIELDS or (field.name in ("text", "spans") and "spans" in names):
                    continue
                setattr(obj, field.name, self._value(getattr(obj, field.name)))
            return obj
        return self._value(obj)

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            value[:] = [self._value(v) for v in value]
            return value
        if isinstance(value, tuple):
            return tuple(self._value(v) for v in value)
        if isinstance(value, dict):
            return {self._value(k) if isinstance(k, str) else k: self._value(v) for k, v in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self.apply(value)
        return value
