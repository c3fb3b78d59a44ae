"""Redaction: identities out of the report data before any file is written.

One ``Redactor`` serves one export (a session summary or a whole synthesis), so
a person or company gets the same placeholder everywhere in it ("Participant 1",
"Company A"). Matching is case-insensitive on whole words and also catches names
typed without accents ("Lopez" for "López"). E-mail addresses, phone numbers and
links are replaced whoever they belong to.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable

from interview.export.textmap import remap, substitute
from interview.models import Participant

EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
URL = r"(?:https?://|www\.)[^\s<>\"'()\[\]]+"
PHONE = r"\+?\(?\d[\d ().-]{5,}\d"
_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")

# Name particles and legal suffixes that identify no one on their own.
_PARTICLES = {"de", "del", "della", "der", "den", "di", "da", "das", "dos", "du", "la", "le", "van", "von", "bin", "al", "el", "y"}
_LEGAL = {"inc", "inc.", "ltd", "ltd.", "llc", "gmbh", "ag", "sa", "s.a.", "bv", "b.v.", "plc", "corp", "corp.", "co", "co.", "oy", "ab", "srl", "sas"}
_GENERIC = {"the", "global", "united", "national", "general", "international", "new", "first", "american", "european", "group"}

# Fields that hold codes, not free text: never rewritten.
SKIP_FIELDS = frozenset({"id", "session_id", "note_id", "label", "kind", "status", "source", "speaker",
                         "time", "date", "generated_at", "evidence", "format", "terms", "method"})


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


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
        self._names: dict[str, str] = {}  # casefolded surface form -> placeholder
        # Forms as written and casefolded: a regex's IGNORECASE does not fold "ß" to "ss", so
        # matching only casefolded keys would let "Weiß" or "Straße" through unredacted.
        self._surfaces: set[str] = set()
        self._people: dict[str, str] = {}  # participant id (or name) -> placeholder
        self._companies: dict[str, str] = {}  # casefolded company name -> placeholder
        self._counters: dict[str, dict[str, str]] = {"email": {}, "phone": {}, "link": {}, "term": {}}
        self._pattern: re.Pattern[str] | None = None
        for term in terms:
            term = term.strip()
            if term:
                key = term.casefold()
                seen = self._counters["term"]
                placeholder = seen.setdefault(key, f"[term {len(seen) + 1}]")
                self._add_surface(term, placeholder)

    # ------------------------------------------------------------------ registering

    def _add_surface(self, surface: str, placeholder: str) -> None:
        for form in {surface, _plain(surface)}:
            form = form.strip()
            if len(form) >= 2:
                self._names.setdefault(form.casefold(), placeholder)
                self._surfaces.update((form, form.casefold()))
        self._pattern = None

    def add_person(self, person: Participant | str) -> str:
        """Register a participant (full, first and last name, e-mail); returns their placeholder."""
        name = person.name if isinstance(person, Participant) else person
        key = person.id if isinstance(person, Participant) else name.casefold()
        if key in self._people:
            return self._people[key]
        known = self._names.get(name.strip().casefold(), "")
        # Two records with one name are one person to a reader: keep one placeholder.
        placeholder = known if known.startswith("Participant ") else f"Participant {len(set(self._people.values())) + 1}"
        self._people[key] = placeholder
        self._add_surface(name, placeholder)
        parts = [p for p in re.split(r"[\s,]+", name) if p and p.casefold() not in _PARTICLES]
        for part in parts:
            self._add_surface(part.strip(".'"), placeholder)
        if isinstance(person, Participant):
            if person.email:
                self._add_surface(person.email, self._numbered("email", person.email))
            if person.company:
                self.add_company(person.company)
        return placeholder

    def add_company(self, company: str) -> str:
        """Register a company (full name, without legal suffix, distinctive first word)."""
        company = company.strip()
        if not company:
            return ""
        key = company.casefold()
        if key not in self._companies:
            self._companies[key] = f"Company {_letters(len(self._companies))}"
        placeholder = self._companies[key]
        self._add_surface(company, placeholder)
        words = company.split()
        while words and words[-1].casefold().strip(",") in _LEGAL:
            words.pop()
        if words:
            self._add_surface(" ".join(words).strip(","), placeholder)
        if len(words) > 1 and len(words[0]) >= 3 and words[0].casefold() not in _GENERIC:
            self._add_surface(words[0], placeholder)
        return placeholder

    def person(self, person: Participant | str) -> str:
        return self.add_person(person)

    def _numbered(self, kind: str, value: str) -> str:
        seen = self._counters[kind]
        return seen.setdefault(value.casefold(), f"[{kind} {len(seen) + 1}]")

    # ------------------------------------------------------------------ replacing

    def _compiled(self) -> re.Pattern[str]:
        if self._pattern is None:
            names = sorted(self._surfaces, key=len, reverse=True)
            alternatives = [f"(?P<email>{EMAIL})", f"(?P<link>{URL})"]
            if names:
                alternatives.append("(?P<name>" + "|".join(re.escape(n) for n in names) + ")")
            alternatives.append(f"(?P<phone>{PHONE})")
            self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
        return self._pattern

    def _edits(self, text: str) -> list[tuple[int, int, str]]:
        edits = []
        for match in self._compiled().finditer(text):
            group, value = match.lastgroup, match.group()
            start, end = match.span()
            if group == "name":
                edits.append((start, end, self._names.get(value.casefold(), "[redacted]")))
            elif group == "phone":
                digits = sum(c.isdigit() for c in value)
                if digits >= 7 and not _DATE_LIKE.search(value):
                    edits.append((start, end, self._numbered("phone", value)))
            elif group == "link":
                trimmed = value.rstrip(".,;:!?")
                edits.append((start, start + len(trimmed), self._numbered("link", trimmed)))
            else:
                edits.append((start, end, self._numbered("email", value)))
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
