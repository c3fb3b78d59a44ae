"""The guide format: Markdown with YAML front matter, parsed into a ``Guide``.

A guide is Markdown with YAML front matter::

    ---
    title: Problem discovery          # required
    kind: interview                   # or co-creation; default interview
    duration: 45                      # minutes, optional
    description: One line for the guide list.
    variables:                        # name -> default, used as {name} below
      product: our product
    ---
    Text before the first section is a note for the facilitator.

    ## Warm-up (5 min)
    A paragraph under a heading is a note for that section.
    - Tell me about your role.        # a top-level list item is a question
      - What does a normal week look like?   # a nested item is a probe

Reading rules:

- Headings ``#`` to ``###`` start sections; deeper headings are kept as notes.
  The first heading is the document's own title, not a section, when it is a
  ``#`` heading, the only ``#`` heading in the file, and other headings follow
  it; text under it becomes guide notes.
- A heading may end with a timebox ``(10 min)`` / ``(10 mins)`` / ``(10 minutes)``
  and, in a co-creation guide, an activity tag ``{vote dots=3}`` (either order).
  A trailing ``{name}`` is a placeholder, not a tag, when ``name`` is a declared
  variable; in an interview guide it is also a placeholder unless it names an
  activity or carries ``key=value`` options.
- In a list item the first paragraph is the question; later paragraphs or
  blocks become section notes. Nested list items at any depth are probes.
- ``{name}`` placeholders must be declared under ``variables``; ``{{`` and ``}}``
  are literal braces. Parsed guides keep placeholders unfilled (ids are computed
  from that text, so they are stable); :func:`fill_variables` fills them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from interview.models import GUIDE_KINDS, Guide, Question, Section

ACTIVITIES: tuple[str, ...] = ("discuss", "ideas", "cluster", "vote", "prioritise", "wrap-up")
# Activity options that count something: dots per person, how many top ideas to prioritise.
OPTION_LIMITS: dict[str, tuple[int, int]] = {"dots": (1, 20), "top": (1, 50)}

# A {name} placeholder, or a literal {{ or }}.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TAG = re.compile(r"(?<!\{)\{\s*([A-Za-z][\w-]*)((?:\s+[^\s{}]+)*)\s*\}\s*$")
_OPTION = re.compile(r"([A-Za-z_][\w-]*)=(\S+)\Z")
_TIMEBOX = re.compile(r"\(\s*([^()]+?)\s*(?<![A-Za-z])(?:mins?|minutes?)\.?\s*\)\s*$", re.I)
_MINUTES = re.compile(r"[0-9]{1,6}")  # not str.isdigit(): int("²") fails
_LISTS = ("bullet_list_open", "ordered_list_open")
# The longest bundled guide is 3 KB; parsing and linting cost about 5 ms per KB, so a
# 100 KB guide takes half a second and a 50 MB one would take minutes.
MAX_GUIDE_BYTES = 100_000


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases: ``*name`` can make 400 bytes expand to gigabytes
    when the value is printed or walked (a "billion laughs"), and a guide has no use for them."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed; write the value out", event.start_mark)
        return super().compose_node(parent, index)


class GuideError(Exception):
    """A guide a user wrote or chose cannot be used; ``str()`` is one sentence with its place."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}" if self.path else self.message


# --------------------------------------------------------------------------- parsing


def parse_guide(text: str, *, path: str | Path = "<string>", name: str | None = None) -> Guide:
    """Parse guide text; raises GuideError naming the line and what was expected."""
    if len(text) > MAX_GUIDE_BYTES:
        raise GuideError(f"is larger than {MAX_GUIDE_BYTES // 1000} KB; that is not a guide",
                         path=path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if name is None:
        name = Path(str(path)).stem if str(path) != "<string>" else "guide"
    return _Parser(text, str(path), name).parse()


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def _make_id(prefix: str, text: str, seen: dict[str, int]) -> str:
    base = prefix + hashlib.sha1(_normalise(text).encode("utf-8")).hexdigest()[:8]
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def _close(tokens: list[Token], i: int) -> int:
    """Index of the token closing the block opened at ``i`` (``i`` itself if none)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for k in range(i, len(tokens)):
        depth += tokens[k].nesting
        if depth == 0:
            return k
    return len(tokens) - 1


def _blocks(tokens: list[Token], lo: int, hi: int):
    """(start, end) index pairs of the sibling blocks in tokens[lo:hi]."""
    i = lo
    while i < hi:
        j = _close(tokens, i)
        yield i, j
        i = j + 1


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child))
    return " ".join("".join(parts).split())


def _block_text(tokens: list[Token], lo: int, hi: int) -> str:
    texts = []
    for t in tokens[lo : hi + 1]:
        if t.type == "inline":
            texts.append(_inline_text(t))
        elif t.type in ("fence", "code_block"):
            texts.append(t.content.strip())
    return " ".join(t for t in texts if t)


def _clip(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind_of(value: Any) -> str:
    return {list: "a list", str: "a single line of text"}.get(type(value), f"a {type(value).__name__}")


class _Parser:
    """One parse of one text; holds the place so errors can name it."""

    def __init__(self, text: str, path: str, name: str):
        self.text, self.path, self.name = text, path, name
        self.variables: dict[str, str] = {}
        self.kind = "interview"

    def fail(self, message: str, line: int | None = None) -> GuideError:
        return GuideError(message, path=self.path, line=line)

    def check_vars(self, text: str, line: int | None) -> None:
        for m in PLACEHOLDER.finditer(text):
            if m.group(1) and m.group(1) not in self.variables:
                known = ", ".join(sorted(self.variables)) or "none are declared"
                raise self.fail(
                    f"unknown variable {{{m.group(1)}}}: declare it under 'variables:' in the "
                    f"front matter (declared: {known}), or write {{{{ }}}} for literal braces",
                    line,
                )

    # ----------------------------------------------------------- front matter

    def parse(self) -> Guide:
        lines = self.text.split("\n")
        if lines[0].rstrip() != "---":
            raise self.fail("the guide has no title: start it with front matter "
                             "('---', 'title: ...', '---')", 1)
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is None:
            raise self.fail("the front matter opened on line 1 is never closed with '---'", 1)
        self.fm_lines = lines[1:end]
        meta = self.load_yaml("\n".join(self.fm_lines))
        title, description, duration = self.read_meta(meta)
        self.offset = end + 1
        sections, notes = self.parse_body("\n".join(lines[end + 1 :]))
        return Guide(
            name=self.name, title=title, kind=self.kind, duration=duration,
            description=description, variables=dict(self.variables), sections=sections,
            notes=notes, path=self.path, source=self.text,
        )

    def load_yaml(self, text: str) -> dict:
        try:
            meta = yaml.load(text, Loader=_NoAliasLoader)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
            problem = getattr(err, "problem", None) or "it cannot be read"
            raise self.fail(f"the front matter is not valid YAML: {problem}",
                            mark.line + 2 if mark else 2) from None
        except (ValueError, TypeError, OverflowError, RecursionError) as err:
            raise self.fail(f"the front matter is not valid YAML: {err}", 2) from None
        if meta is None:
            return {}
        if not isinstance(meta, dict):
            raise self.fail("the front matter must be 'key: value' lines (title, kind, ...), "
                            f"not {_kind_of(meta)}", 2)
        return meta

    def key_line(self, key: str) -> int:
        for i, line in enumerate(self.fm_lines):
            if re.match(rf"{re.escape(key)}\s*:", line):
                return i + 2
        return 1

    def scalar(self, meta: dict, key: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list, set)):
            raise self.fail(f"'{key}' must be text, not {_kind_of(value)}", self.key_line(key))
        return str(value).strip()

    def read_meta(self, meta: dict) -> tuple[str, str, int | None]:
        title = self.scalar(meta, "title")
        if not title:
            raise self.fail("the front matter has no title: add a line 'title: ...'", 1)
        kind = meta.get("kind", "interview")
        if kind not in GUIDE_KINDS:
            raise self.fail(f"unknown kind '{_clip(kind)}': use one of {', '.join(GUIDE_KINDS)}",
                            self.key_line("kind"))
        self.kind = kind
        duration = meta.get("duration")
        if isinstance(duration, str) and _MINUTES.fullmatch(duration.strip()):
            duration = int(duration)
        if duration is not None and (type(duration) is not int or duration <= 0):
            raise self.fail(f"duration must be a whole number of minutes, like 'duration: 45', "
                            f"not '{_clip(duration)}'", self.key_line("duration"))
        variables = meta.get("variables") or {}
        if not isinstance(variables, dict):
            raise self.fail("'variables' must be 'name: default' lines, not "
                            f"{_kind_of(variables)}", self.key_line("variables"))
        for key, value in variables.items():
            if not _VARIABLE_NAME.match(str(key)):
                raise self.fail(f"the variable name '{_clip(key)}' must be letters, digits and "
                                "underscores", self.key_line("variables"))
            if isinstance(value, (dict, list, set)):
                raise self.fail(f"the default of variable '{_clip(key)}' must be text",
                                self.key_line("variables"))
            self.variables[str(key)] = "" if value is None else str(value)
        description = self.scalar(meta, "description") or ""
        self.check_vars(title, self.key_line("title"))
        self.check_vars(description, self.key_line("description"))
        return title, description, duration

    # ----------------------------------------------------------- body

    def line_of(self, token: Token) -> int:
        return self.offset + (token.map[0] if token.map else 0) + 1

    def parse_body(self, body: str) -> tuple[tuple[Section, ...], tuple[str, ...]]:
        tokens = MarkdownIt("commonmark").parse(body)
        body_lines = body.split("\n")
        heads = [t for t in tokens if t.type == "heading_open" and t.level == 0]
        h1s = [t for t in heads if t.tag == "h1"]
        doc_title = heads[0] if len(heads) > 1 and heads[0].tag == "h1" and len(h1s) == 1 else None
        guide_notes: list[str] = []
        sections: list[dict] = []

        def note(text: str, line: int) -> None:
            if text:
                self.check_vars(text, line)
                (sections[-1]["notes"] if sections else guide_notes).append(text)

        for a, b in _blocks(tokens, 0, len(tokens)):
            tok, line = tokens[a], self.line_of(tokens[a])
            if tok.type == "heading_open":
                text = _inline_text(tokens[a + 1])
                if tok is doc_title:
                    self.check_vars(text, line)
                elif tok.tag in ("h1", "h2", "h3"):
                    sections.append(self.heading(text, line))
                else:
                    note(text, line)
            elif tok.type in _LISTS:
                if not sections:
                    raise self.fail("a question must come after a section heading like "
                                    "'## Warm-up'", line)
                first = body_lines[tok.map[0]] if tok.map else ""
                if len(first) - len(first.lstrip()) >= 2:
                    raise self.fail("a probe must be nested under a question: put a "
                                    "'- question' line above it", line)
                self.questions(tokens, a + 1, b, sections[-1], note)
            elif tok.type in ("paragraph_open", "blockquote_open", "fence", "code_block"):
                note(_block_text(tokens, a, b), line)

        if not sections:
            raise self.fail("the guide has no sections: add a heading like '## Warm-up' "
                            "with '- question' items under it")
        return self.freeze(sections), tuple(guide_notes)

    def heading(self, raw: str, line: int) -> dict:
        title, activity, options, minutes = raw, None, {}, None
        for step in ("tag", "box", "tag"):
            if step == "tag" and activity is None and (m := _TAG.search(title)):
                name, opts = m.group(1), m.group(2).split()
                is_tag = bool(opts) or (name not in self.variables and (
                    name in ACTIVITIES or self.kind == "co-creation"))
                if is_tag:
                    activity, options = self.activity(name, opts, line), {}
                    for opt in opts:
                        key, value = _OPTION.match(opt).groups()  # type: ignore[union-attr]
                        options[key] = value
                    title = title[: m.start()].rstrip()
            elif step == "box" and (m := _TIMEBOX.search(title)):
                value = m.group(1).strip()
                if not _MINUTES.fullmatch(value) or int(value) <= 0:
                    raise self.fail(f"the timebox '{m.group(0).strip()}' must be a whole number "
                                    "of minutes, like '(10 min)'", line)
                minutes, title = int(value), title[: m.start()].rstrip()
        if not title:
            raise self.fail("a heading has no title", line)
        self.check_vars(title, line)
        if activity is None and self.kind == "co-creation":
            activity = "discuss"
        return {"title": title, "minutes": minutes, "activity": activity, "options": options,
                "line": line, "notes": [], "questions": []}

    def activity(self, name: str, opts: list[str], line: int) -> str:
        if self.kind != "co-creation":
            raise self.fail(f"the activity tag {{{name}}} needs a co-creation guide: add "
                            "'kind: co-creation' to the front matter", line)
        if name not in ACTIVITIES:
            raise self.fail(f"unknown activity type '{name}': use one of "
                            f"{', '.join(ACTIVITIES)}", line)
        for opt in opts:
            if not _OPTION.match(opt):
                raise self.fail(f"activity options are written key=value, not '{opt}'", line)
            key, _, value = opt.partition("=")
            if key in OPTION_LIMITS:
                low, high = OPTION_LIMITS[key]
                if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
                    raise self.fail(f"{key}={value} must be a whole number from {low} to {high}", line)
        return name

    def questions(self, tokens: list[Token], lo: int, hi: int, section: dict, note) -> None:
        for a, b in _blocks(tokens, lo, hi):
            if tokens[a].type != "list_item_open":
                continue
            line, text, probes = self.line_of(tokens[a]), "", []
            for c, d in _blocks(tokens, a + 1, b):
                kind = tokens[c].type
                if kind in _LISTS:
                    probes.extend(self.probes(tokens, c + 1, d))
                elif kind == "paragraph_open" and not text:
                    text = _block_text(tokens, c, d)
                else:
                    note(_block_text(tokens, c, d), self.line_of(tokens[c]))
            if not text:
                if probes:
                    raise self.fail("a probe must be nested under a question, but this list "
                                    "item has no question text", line)
                continue
            self.check_vars(text, line)
            section["questions"].append({"text": text, "probes": probes, "line": line})

    def probes(self, tokens: list[Token], lo: int, hi: int) -> list[str]:
        found: list[str] = []
        for a, b in _blocks(tokens, lo, hi):
            if tokens[a].type != "list_item_open":
                continue
            own, deeper = [], []
            for c, d in _blocks(tokens, a + 1, b):
                if tokens[c].type in _LISTS:
                    deeper.extend(self.probes(tokens, c + 1, d))
                else:
                    own.append(_block_text(tokens, c, d))
            text = " ".join(t for t in own if t)
            if text:
                self.check_vars(text, self.line_of(tokens[a]))
                found.append(text)
            found.extend(deeper)
        return found

    def freeze(self, sections: list[dict]) -> tuple[Section, ...]:
        section_ids: dict[str, int] = {}
        question_ids: dict[str, int] = {}
        frozen = []
        for s in sections:
            if not s["questions"] and (self.kind == "interview" or s["activity"] == "discuss"):
                raise self.fail(f"the section '{s['title']}' has no questions: list at least one "
                                "as '- ...' under its heading", s["line"])
            questions = tuple(
                Question(id=_make_id("q-", q["text"], question_ids), text=q["text"],
                         probes=tuple(q["probes"]), line=q["line"])
                for q in s["questions"]
            )
            frozen.append(Section(
                id=_make_id("s-", s["title"], section_ids), title=s["title"],
                minutes=s["minutes"], notes=tuple(s["notes"]), questions=questions,
                line=s["line"], activity=s["activity"], options=s["options"],
            ))
        return tuple(frozen)
