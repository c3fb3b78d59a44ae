"""Workarounds, needs and workshop ideas in a synthesis, each kept as what it is.

Problem themes stay problem themes: a workaround or need said in the same note
as a problem, or close in meaning to a problem theme (the theme engine's own
"attach" cosine), is listed with that theme as what people do today or need; the
rest, and every idea from a co-creation workshop (an idea is a proposal, not a
problem), form themes of their own kind, grouped by meaning and never counted
as problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from interview.export.synthesis import SINGLE_NAME_WORDS, Statement, Theme

KINDS = ("idea", "workaround", "need")  # the order their sections take


def attach(themes: list[Theme], others: list[Statement]) -> list[Statement]:
    """Give each problem theme the workarounds and needs that belong to it; returns those that belong nowhere.

    Same note first (the person said both in one breath), then meaning.
    """
    problem = [t for t in themes if t.kind == "problem"]
    by_note = {s.note_id: t for t in reversed(problem) for s in t.statements}
    loose: list[Statement] = []
    for statement in others:
        if statement.kind == "idea":
            loose.append(statement)
        elif statement.note_id in by_note:
            by_note[statement.note_id].related.append(statement)
        else:
            loose.append(statement)
    said = [s for s in loose if s.kind != "idea"]
    near = _nearest(said, [t for t in problem if t.method != "single"])
    for index, theme in near.items():
        theme.related.append(said[index])
    placed = {id(said[i]) for i in near}
    loose = [s for s in loose if id(s) not in placed]
    for theme in problem:
        theme.workarounds = _texts(s for s in theme.related if s.kind == "workaround")
        theme.needs = _texts(s for s in theme.related if s.kind == "need")
    return loose


def kind_themes(loose: list[Statement], who: list[str], names: dict[str, str]) -> list[Theme]:
    """Themes of one kind each (ideas, workarounds, needs), grouped by meaning; ``who`` is each statement's
    participant key, ``names`` a key's label. Ideas are ranked by votes, the others by participants."""
    from interview.themes import find_themes

    out: list[Theme] = []
    for kind in KINDS:
        members = [i for i, s in enumerate(loose) if s.kind == kind]
        if not members:
            continue
        result = find_themes([loose[i].text for i in members], participants=[who[i] for i in members])
        groups = [[members[k] for k in theme.statements] for theme in result.themes]
        labels = [theme.label for theme in result.themes]
        for k, theme_id in enumerate(result.assignment):
            if theme_id is None:
                groups.append([members[k]])
                words = loose[members[k]].text.split()
                labels.append(" ".join(words[:SINGLE_NAME_WORDS]) + ("…" if len(words) > SINGLE_NAME_WORDS else ""))
        themes = [_theme(kind, label, [loose[i] for i in group], [who[i] for i in group], names)
                  for label, group in zip(labels, groups)]
        themes.sort(key=lambda t: (-t.votes, -t.participants, -t.statement_count, t.name.casefold()) if kind == "idea"
                    else (-t.participants, -t.statement_count, t.name.casefold()))
        out += themes
    return out


def _theme(kind: str, label: str, chosen: list[Statement], keys: list[str], names: dict[str, str]) -> Theme:
    who = list(dict.fromkeys(keys))
    if any(s.withheld for s in chosen):
        shown = [s.text for s in chosen if not s.withheld]
        from interview.themes import theme_name

        label = (theme_name(shown) if len(shown) > 1 else " ".join(shown[0].split()[:SINGLE_NAME_WORDS]) if shown
                 else "") or f"{kind.capitalize()}s withheld (consent covers notes only)"
    ranked = sorted((s for s in chosen if not s.withheld), key=lambda s: (-s.votes, -len(s.quote)))
    specific = sum(s.evidence == "specific" for s in chosen)
    return Theme(
        name=label, method="meaning" if len(chosen) > 1 else "single", participants=len(who),
        participant_names=[names[k] for k in who], specific=specific, general=len(chosen) - specific,
        emotions=dict(Counter(e for s in chosen for e in s.emotions).most_common()), quotes=ranked[:5],
        statements=chosen, kind=kind, votes=sum(s.votes for s in chosen),
    )


def _nearest(items: list[Statement], themes: list[Theme]) -> dict[int, Theme]:
    """The position of each item whose vector reaches a theme's centre at the engine's attach cosine, with that theme."""
    if not items or not themes:
        return {}
    import numpy as np

    from interview.themes import Settings
    from interview.themes.embedding import load_table

    table = load_table()
    centres = np.stack([table.embed([s.text for s in t.statements]).mean(axis=0) for t in themes])
    norms = np.linalg.norm(centres, axis=1, keepdims=True)
    centres = np.divide(centres, norms, out=np.zeros_like(centres), where=norms > 0)
    scores = table.embed([s.text for s in items]) @ centres.T
    best = scores.argmax(axis=1)
    return {i: themes[int(b)] for i, (b, row) in enumerate(zip(best, scores)) if row[b] >= Settings().attach}


def _texts(statements: Iterable[Statement]) -> list[str]:
    seen: dict[str, str] = {}
    for statement in statements:
        if not statement.withheld and statement.text:
            seen.setdefault(statement.text.casefold(), statement.text)
    return list(seen.values())
