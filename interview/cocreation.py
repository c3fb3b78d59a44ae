"""What a co-creation workshop computes, apart from any screen: timeboxes, idea shorthand,
dots, rankings, suggested themes, the impact x effort grid and the "How might we" framing.

No textual and no SQL here, so the live screen, the exports and the tests share one
definition of each rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable

from interview.guides import OPTION_LIMITS
from interview.models import Guide, Idea, Note, Section, WorkshopTimer

DEFAULT_DOTS = 3
DEFAULT_TOP = 8
EXTEND_SECONDS = 120
HIGH = 3  # impact or effort of 3 or more counts as high on the 2x2 grid

ACTIVITY_NAMES = {
    "discuss": "Discussion",
    "ideas": "Idea capture",
    "cluster": "Clustering",
    "vote": "Dot voting",
    "prioritise": "Impact x effort",
    "wrap-up": "Wrap-up",
}

# Quadrant key (high impact?, high effort?) -> name, in the order a reader takes them in.
QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, False): "Quick wins",
    (True, True): "Big bets",
    (False, False): "Fill-ins",
    (False, True): "Money pits",
}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# --------------------------------------------------------------------------- guide options


def _whole_number(section: Section, key: str, default: int, low: int, high: int) -> int:
    raw = section.options.get(key)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise ValueError(
            f"line {section.line}: '{key}={raw}' in the section '{section.title}' must be a whole number "
            f"from {low} to {high}"
        )
    return int(raw)


def dots_for(section: Section) -> int:
    """Dots per participant in a vote activity (``{vote dots=5}``; 3 when not given)."""
    return _whole_number(section, "dots", DEFAULT_DOTS, *OPTION_LIMITS["dots"])


def top_for(section: Section) -> int:
    """How many top-voted ideas a prioritise activity places (``{prioritise top=5}``; 8 by default)."""
    return _whole_number(section, "top", DEFAULT_TOP, *OPTION_LIMITS["top"])


def option_problems(guide: Guide) -> list[str]:
    """Every activity option the workshop cannot use, one sentence each (empty when all is well)."""
    problems = []
    for section in guide.sections:
        for check in (dots_for, top_for):
            try:
                check(section)
            except ValueError as error:
                problems.append(str(error))
    return problems


# --------------------------------------------------------------------------- timebox


@dataclass
class Countdown:
    """A timebox that can be started, paused and extended; ``remaining`` may go negative (overrun).

    Kept as plain numbers so the screen can save it (``saved``, a ``WorkshopTimer``) and a
    restarted app resumes the same countdown (``resumed``).
    """

    seconds: float
    used: float = 0.0
    running_since: str | None = None  # ISO time when the current run started

    def elapsed(self, now: datetime) -> float:
        extra = (now - datetime.fromisoformat(self.running_since)).total_seconds() if self.running_since else 0.0
        return self.used + max(0.0, extra)

    def remaining(self, now: datetime) -> float:
        return self.seconds - self.elapsed(now)

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def start(self, now: datetime) -> None:
        if not self.running:
            self.running_since = now.isoformat()

    def pause(self, now: datetime) -> None:
        if self.running:
            self.used = self.elapsed(now)
            self.running_since = None

    def toggle(self, now: datetime) -> bool:
        """Start or pause; returns True when now running."""
        if self.running:
            self.pause(now)
        else:
            self.start(now)
        return self.running

    def extend(self, seconds: float = EXTEND_SECONDS) -> None:
        self.seconds += seconds

    def saved(self, section_id: str) -> WorkshopTimer:
        """This countdown as the store keeps it for ``section_id``."""
        return WorkshopTimer(section_id, self.seconds, self.used, self.running_since)

    @classmethod
    def resumed(cls, timer: WorkshopTimer | None, default_seconds: float) -> "Countdown":
        """The countdown a restarted workshop goes on with (a fresh one when none was saved).

        A start time that is not an ISO time with a zone cannot be counted from, so that
        countdown resumes paused at the time it had used.
        """
        if timer is None:
            return cls(default_seconds)
        since = timer.running_since
        try:
            if since is not None and datetime.fromisoformat(since).tzinfo is None:
                since = None
        except (TypeError, ValueError):
            since = None
        return cls(float(timer.seconds), float(timer.used), since)


def clock_text(seconds: float) -> str:
    """``12:05`` for a countdown, ``-1:30`` once the timebox is over (for the Digits display)."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))  # 0.2 s left still shows 0:01
    return f"{sign}{whole // 60}:{whole % 60:02d}"


# --------------------------------------------------------------------------- idea shorthand

# "2:" (one digit, not a time like "2:30") then "^4"; both optional.
_IDEA_PREFIX = re.compile(r"\s*(?:([1-9])\s*:(?!\d))?\s*(?:\^\s*#?(\d{1,4})\b)?\s*")


@dataclass(frozen=True)
class IdeaInput:
    """A line typed in the idea box: ``2: ^4 pair new hires with a buddy``."""

    text: str
    number: int | None = None  # the proposer's number key; None: anonymous
    builds_on: int | None = None  # the number of an earlier idea


def parse_idea_input(raw: str) -> IdeaInput:
    """Read ``N:`` (proposer number) and ``^M`` (builds on idea M) from the start of the line."""
    match = _IDEA_PREFIX.match(raw)
    number = int(match.group(1)) if match and match.group(1) else None
    builds = int(match.group(2)) if match and match.group(2) else None
    return IdeaInput(raw[match.end():].strip() if match else raw.strip(), number, builds)


def initials(name: str) -> str:
    """``Ana López`` -> ``AL``: short enough to sit beside every idea."""
    parts = [p for p in re.split(r"[\s\-]+", name.strip()) if p]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0][:2].upper()
    return (parts[0][0] + parts[-1][0]).upper()


# --------------------------------------------------------------------------- ranking and themes


def ranked(ideas: Iterable[Idea]) -> list[Idea]:
    """Most dots first; ties keep capture order (the earlier idea first)."""
    return sorted((i for i in ideas if not i.deleted), key=lambda i: (-i.votes, i.number))


def top_ideas(ideas: Iterable[Idea], n: int) -> list[Idea]:
    """The ideas a prioritise activity places: the top ``n`` with at least one vote, else the top ``n``."""
    order = ranked(ideas)
    voted = [i for i in order if i.votes]
    return (voted or order)[:n]


def themes_of(ideas: Iterable[Idea]) -> list[str]:
    """Theme names in the order they were first used."""
    return list(dict.fromkeys(i.theme for i in ideas if i.theme and not i.deleted))


@dataclass
class ThemeSuggestion:
    """A theme the app proposes: ideas sharing a key term, named after the word they share."""

    name: str
    idea_ids: list[str] = field(default_factory=list)
    term: str = ""


def suggest_themes(ideas: Iterable[Idea], *, min_ideas: int = 2) -> list[ThemeSuggestion]:
    """Group ideas that share a key term, largest group first; each idea joins at most one theme.

    Explainable on purpose: the facilitator sees the shared word as the theme name and
    accepts or renames it. Ideas already in a theme are left alone.
    """
    from interview.nlp.terms import key_terms

    pool = [i for i in ideas if not i.deleted and not i.theme]
    surfaces: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for idea in pool:
        for stem, word in key_terms(idea.text).items():
            surfaces.setdefault(stem, word)
            members.setdefault(stem, []).append(idea.id)
    taken: set[str] = set()
    out: list[ThemeSuggestion] = []
    while True:
        best, best_ids = None, []
        for stem, ids in members.items():  # first-seen term wins a tie
            free = [i for i in ids if i not in taken]
            if len(free) > len(best_ids):
                best, best_ids = stem, free
        if best is None or len(best_ids) < min_ideas:
            return out
        out.append(ThemeSuggestion(surfaces[best].capitalize(), best_ids, best))
        taken.update(best_ids)
        del members[best]


# --------------------------------------------------------------------------- impact x effort


def quadrant(impact: int, effort: int) -> str:
    return QUADRANTS[(impact >= HIGH, effort >= HIGH)]


def grid(ideas: Iterable[Idea]) -> dict[str, list[Idea]]:
    """Rated ideas by quadrant (every quadrant present, in reading order), highest impact first."""
    cells: dict[str, list[Idea]] = {name: [] for name in QUADRANTS.values()}
    for idea in ideas:
        if idea.impact is not None and idea.effort is not None and not idea.deleted:
            cells[quadrant(idea.impact, idea.effort)].append(idea)
    for items in cells.values():
        items.sort(key=lambda i: (-(i.impact or 0), i.effort or 0, i.number))
    return cells


# --------------------------------------------------------------------------- framing

_HMW = re.compile(r"how might we\b", re.IGNORECASE)


def how_might_we(guide: Guide | None, notes: Iterable[Note] = ()) -> list[str]:
    """The workshop's "How might we ...?" framing.

    The questions the group agreed and the facilitator noted during the session come
    first; without any, the guide's own first "How might we" question (or facilitator
    note) stands in, preferring a section whose title mentions framing.
    """
    agreed = [n.text.strip() for n in notes if not n.deleted and _HMW.search(n.text)]
    if agreed:
        return list(dict.fromkeys(agreed))
    if guide is None:
        return []
    sections = sorted(guide.sections, key=lambda s: "fram" not in s.title.lower())
    for section in sections:
        for question in section.questions:
            if _HMW.search(question.text):
                return [question.text.strip()]
        for text in section.notes:
            if _HMW.match(text.strip().lstrip("\"“")):
                return [text.strip()]
    return []
