"""Statements -> vectors -> groups -> named themes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from interview.themes.cluster import average_linkage, gather_leftovers, refine
from interview.themes.embedding import Table, load_table
from interview.themes.naming import name_themes


@dataclass(frozen=True)
class Settings:
    """Where a theme ends.

    Chosen on the tuning 70% of BANKING77 train (``benchmarks/themes.py --tune``):
    ARI peaks at merge 0.62-0.63 (0.474) and is flat for attach 0.47-0.62; attach
    0.55 sits in that flat range, where a statement about a neighbouring topic
    (fees on a separate statement, centre cosine 0.52) stays out of a theme whose
    own statements are at 0.8.
    """

    merge: float = 0.625  # mean cosine two groups need to become one theme
    attach: float = 0.55  # cosine to a theme's centre a statement needs to join it
    min_size: int = 2  # a theme holds at least this many statements


@dataclass
class Theme:
    """One theme: its name and the input positions of its statements."""

    id: int
    label: str
    statements: list[int]
    participants: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.statements)


@dataclass
class ThemeResult:
    """Themes, largest first, and each input statement's theme id (None: fits no theme)."""

    themes: list[Theme]
    assignment: list[int | None]

    def label_of(self, index: int) -> str | None:
        theme = self.assignment[index]
        return None if theme is None else self.themes[theme].label


def find_themes(
    statements: Sequence[str],
    participants: Sequence[str | None] | None = None,
    settings: Settings | None = None,
    table: Table | None = None,
) -> ThemeResult:
    """Group ``statements`` into named themes; ``participants`` (same length) says who said each."""
    settings = settings or Settings()
    texts = [s.strip() for s in statements]
    usable = [i for i, t in enumerate(texts) if t]
    assignment: list[int | None] = [None] * len(texts)
    if len(usable) < settings.min_size:
        return ThemeResult([], assignment)
    vectors = (table or load_table()).embed([texts[i] for i in usable])
    known = np.linalg.norm(vectors, axis=1) > 0
    groups = average_linkage(vectors, settings.merge)
    groups = np.where(known, groups, -1)
    labels = np.where(known, refine(vectors, groups, settings.min_size, settings.attach), -1)
    labels = np.where(known, gather_leftovers(vectors, labels, settings.attach, settings.min_size), -1)
    names = name_themes([texts[i] for i in usable], labels, order=_central_first(vectors, labels))
    themes: list[Theme] = []
    for theme_id in range(int(labels.max()) + 1 if len(labels) else 0):
        members = [usable[k] for k in np.flatnonzero(labels == theme_id)]
        if not members:
            continue
        who = _distinct(participants[i] for i in members) if participants is not None else []
        theme = Theme(id=len(themes), label=names[theme_id], statements=members, participants=who)
        themes.append(theme)
        for index in members:
            assignment[index] = theme.id
    return ThemeResult(themes, assignment)


def _central_first(vectors: np.ndarray, labels: np.ndarray) -> list[int]:
    """Statement positions ordered by closeness to their theme's centre (names come from the core)."""
    closeness = np.zeros(len(vectors), dtype=np.float32)
    for theme_id in np.unique(labels[labels >= 0]):
        members = np.flatnonzero(labels == theme_id)
        centre = vectors[members].mean(axis=0)
        closeness[members] = vectors[members] @ centre
    return list(np.argsort(-closeness, kind="stable"))


def _distinct(names) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        if name:
            seen.setdefault(name, None)
    return list(seen)


def group_statements(statements: Sequence[str], participants: Sequence[str]) -> list[tuple[str, list[int]]]:
    """(name, statement positions) per theme: the shape ``Store.refresh_themes`` asks for."""
    return [(theme.label, theme.statements) for theme in find_themes(statements, participants).themes]

