"""Interview guides on disk: where they are found, reading files, filling variables, snapshots.

The format itself (and ``parse_guide``/``GuideError``) is in :mod:`interview.guides.format`;
both are re-exported here, where the rest of the app looks for them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import platformdirs

from interview.guides.format import (
    ACTIVITIES,
    MAX_GUIDE_BYTES,
    OPTION_LIMITS,
    PLACEHOLDER,
    GuideError,
    parse_guide,
)
from interview.models import Guide, Question, Section
from interview.regular_files import FileKindError, read_regular

SNAPSHOT_FORMAT = 1  # bump when guide_to_dict's shape changes

__all__ = [
    "ACTIVITIES", "OPTION_LIMITS", "STARTER_GUIDE", "GuideEntry", "GuideError", "bundled_guides_dir",
    "fill_variables", "guide_from_dict", "guide_hash", "guide_to_dict", "list_guides", "load_guide_file",
    "parse_guide", "resolve_guide", "user_guides_dir",
]


# --------------------------------------------------------------------------- files


def load_guide_file(path: Path) -> Guide:
    """Read a guide file: strict UTF-8 (a BOM is fine), any line endings.

    Only a regular file of at most MAX_GUIDE_BYTES is read: a device, a pipe or a huge
    file in the guides folder is refused at once instead of stalling every listing.
    """
    path = Path(path)
    try:
        data = read_regular(path, limit=MAX_GUIDE_BYTES, what="guide")
    except FileKindError as err:
        raise GuideError(str(err), path=path) from None
    except FileNotFoundError:
        raise GuideError("file not found", path=path) from None
    except IsADirectoryError:
        raise GuideError("is a folder, not a guide file", path=path) from None
    except OSError as err:
        raise GuideError(f"cannot be read: {err.strerror or err}", path=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise GuideError(f"the file is not UTF-8 text (byte 0x{data[err.start]:02x}); save it "
                         "as UTF-8", path=path, line=line) from None
    return parse_guide(text, path=path, name=path.stem)


def _fill(text: str, values: Mapping[str, str]) -> str:
    def sub(m: re.Match) -> str:
        if m.group(1) is None:
            return m.group(0)[0]
        return str(values.get(m.group(1), m.group(0)))

    return PLACEHOLDER.sub(sub, text)


def fill_variables(guide: Guide, values: Mapping[str, str]) -> Guide:
    """Fill {placeholders} from values, else the declared defaults; ids stay unchanged.

    Fill a parsed guide once: filling turns ``{{`` into ``{``, so filling twice could
    read a literal brace as a placeholder.
    """
    merged = {**guide.variables, **{k: str(v) for k, v in values.items()}}

    def f(text: str) -> str:
        return _fill(text, merged)

    sections = tuple(
        replace(s, title=f(s.title), notes=tuple(map(f, s.notes)), questions=tuple(
            replace(q, text=f(q.text), probes=tuple(map(f, q.probes))) for q in s.questions))
        for s in guide.sections
    )
    return replace(guide, title=f(guide.title), description=f(guide.description),
                   notes=tuple(map(f, guide.notes)), sections=sections, variables=merged)


def bundled_guides_dir() -> Path:
    """The guides shipped with the app: the checkout's guides/ or the installed package."""
    package = Path(__file__).resolve().parent.parent  # interview/
    checkout = package.parent
    if (checkout / "guides").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout / "guides"
    try:
        found = resources.files("interview.bundled_guides")
        if isinstance(found, Path):
            return found
        # guides/ has no __init__.py, so installed it is a namespace package whose
        # files() is a MultiplexedPath, not a Path: ask the import system where it is.
        spec = importlib.util.find_spec("interview.bundled_guides")
        return Path(next(iter(spec.submodule_search_locations or ())))  # type: ignore[union-attr]
    except (ModuleNotFoundError, StopIteration, AttributeError):
        return package / "bundled_guides"


def user_guides_dir() -> Path:
    """Where the user's own guides live; INTERVIEW_GUIDES_DIR overrides (tests use it)."""
    override = os.environ.get("INTERVIEW_GUIDES_DIR")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path("interview") / "guides"


@dataclass
class GuideEntry:
    """One guide in the listing; a broken file carries its error instead of a guide."""

    name: str
    path: Path
    source: str
    guide: Guide | None = None
    error: GuideError | None = None


def _guide_files() -> list[tuple[str, Path]]:
    """(source, file) for every bundled and user guide file, bundled first; nothing is read."""
    found: list[tuple[str, Path]] = []
    for source, folder in (("bundled", bundled_guides_dir()), ("user", user_guides_dir())):
        try:
            files = sorted(folder.glob("*.md")) if folder.is_dir() else []
        except OSError:
            files = []
        found.extend((source, file) for file in files)
    return found


def list_guides() -> list[GuideEntry]:
    """Bundled and user guides by name; a user guide overrides a bundled one of the same name."""
    entries: dict[str, GuideEntry] = {}
    for source, file in _guide_files():
        entry = GuideEntry(name=file.stem, path=file, source=source)
        try:
            entry.guide = load_guide_file(file)
        except GuideError as err:
            entry.error = err
        entries[file.stem] = entry
    return [entries[name] for name in sorted(entries)]


def resolve_guide(ref: str) -> Guide:
    """A guide from a path to a .md file or a name shown by list_guides().

    A name reads only that guide's file (the user's own before the bundled one), so a
    broken or slow file elsewhere in the guides folders cannot hold it up.
    """
    path = Path(ref).expanduser()
    if path.suffix.lower() == ".md" or os.sep in ref or "/" in ref:
        return load_guide_file(path)
    files = {file.stem: file for _source, file in _guide_files()}  # later (user) wins
    if ref not in files:
        names = ", ".join(sorted(files)) or "none"
        raise GuideError(f"unknown guide '{ref}': available guides are {names} "
                         "(or give a path to a .md file)")
    return load_guide_file(files[ref])


# --------------------------------------------------------------------------- snapshots


def guide_hash(guide: Guide) -> str:
    """sha256 of the source text, so a session can tell which version of a guide it used."""
    return hashlib.sha256(guide.source.encode("utf-8")).hexdigest()


def guide_to_dict(guide: Guide) -> dict:
    """A JSON-ready snapshot of the guide, stored with each session."""
    return {
        "format": SNAPSHOT_FORMAT, "name": guide.name, "title": guide.title, "kind": guide.kind,
        "duration": guide.duration, "description": guide.description,
        "variables": dict(guide.variables), "notes": list(guide.notes), "path": guide.path,
        "source": guide.source,
        "sections": [
            {"id": s.id, "title": s.title, "minutes": s.minutes, "notes": list(s.notes),
             "line": s.line, "activity": s.activity, "options": dict(s.options),
             "questions": [{"id": q.id, "text": q.text, "probes": list(q.probes), "line": q.line}
                           for q in s.questions]}
            for s in guide.sections
        ],
    }


def guide_from_dict(d: Mapping[str, Any]) -> Guide:
    """The Guide a snapshot was made from; a damaged snapshot raises GuideError."""
    try:
        sections = tuple(
            Section(id=s["id"], title=s["title"], minutes=s.get("minutes"),
                    notes=tuple(s.get("notes", ())), line=s.get("line", 0),
                    activity=s.get("activity"), options=dict(s.get("options") or {}),
                    questions=tuple(Question(id=q["id"], text=q["text"],
                                             probes=tuple(q.get("probes", ())),
                                             line=q.get("line", 0))
                                    for q in s.get("questions", ())))
            for s in d.get("sections", ())
        )
        return Guide(name=d["name"], title=d["title"], kind=d.get("kind", "interview"),
                     duration=d.get("duration"), description=d.get("description", ""),
                     variables=dict(d.get("variables") or {}), sections=sections,
                     notes=tuple(d.get("notes", ())), path=d.get("path"),
                     source=d.get("source", ""))
    except (KeyError, TypeError, AttributeError, ValueError) as err:
        raise GuideError(f"the stored guide snapshot is damaged ({err})") from None


STARTER_GUIDE = """\
---
title: My interview guide
kind: interview
duration: 30
description: What this interview is for, in one line.
variables:
  product: our product
---
<!--
  Everything between --- lines above is front matter. {product} below is
  filled in when a session starts. Headings are sections, with an optional
  timebox like (5 min). Top-level list items are questions; nested items are
  probes. Paragraphs are notes for you, the facilitator. HTML comments like
  this one are ignored. Check the guide with: interview guides lint FILE
-->
Ask about past behaviour and specific episodes, never about the future or
about {product}. Listen more than you talk.

## Warm-up (5 min)
Explain that there are no wrong answers.

- Tell me about your role.
  - What does a week at work look like for you?

## The last time (15 min)
Stay with one real, recent episode.

- Tell me about the last time this problem came up.
  - What happened next?
  - What made it hard?
- How do you handle it today?
  - What have you tried already?

## Close (5 min)
- What should I have asked that I didn't?
  - Who else should I talk to?
"""
