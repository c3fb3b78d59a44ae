"""Problems stated across sessions, grouped into themes (method: docs/synthesis.md).

Tags a researcher gave are the strongest signal, so tagged statements form a
theme per tag first; the rest are grouped greedily by their most widely shared
key term. Each theme counts distinct participants, its emotions, and how much of
it rests on specific past events rather than general opinion.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from interview.export.data import is_verbatim, load_guide, quotes_allowed, visible_highlights
from interview.export.redact import Redactor
from interview.nlp.terms import evidence, key_terms
from interview.export.textmap import clean
from interview.store import Store

QUOTES_PER_THEME = 3


@dataclass
class ReportFilters:
    """Which sessions a synthesis reads; every field is optional."""

    guide: str | None = None
    tag: str | None = None
    segment: str | None = None
    since: str | None = None
    until: str | None = None

    def describe(self) -> str:
        parts = [f"{name} {value}" for name, value in (
            ("guide", self.guide), ("tag", self.tag), ("segment", self.segment),
            ("since", self.since), ("until", self.until)) if value]
        return ", ".join(parts) or "all sessions with notes"


@dataclass
class Statement:
    """One stated problem: the highlighted words, the note around them and who said it."""

    text: str
    quote: str
    participant: str
    session_title: str
    session_id: str
    date: str
    question: str
    evidence: str
    status: str
    emotions: list[str] = field(default_factory=list)
    starred: bool = False
    withheld: bool = False
    tags: list[str] = field(default_factory=list)
    terms: dict[str, str] = field(default_factory=dict)


@dataclass
class Theme:
    name: str
    method: str  # "tag" or "terms"
    participants: int
    participant_names: list[str]
    specific: int
    general: int
    emotions: dict[str, int]
    quotes: list[Statement]
    statements: list[Statement]
    terms: list[str] = field(default_factory=list)

    @property
    def statement_count(self) -> int:
        return len(self.statements)


@dataclass
class SessionRef:
    id: str
    title: str
    date: str
    participant: str
    guide: str


@dataclass
class Synthesis:
    title: str
    filters: str
    generated_at: str
    include_suggested: bool
    redacted: bool
    sessions: list[SessionRef]
    participants: list[str]
    themes: list[Theme]
    matrix: list[list[int]]  # one row per participant, one column per theme: statements made
    statement_count: int
    withheld_sessions: int = 0
    external: bool = False  # made to leave the company: only "external" consent allows quotes
    min_confidence: float = 0.0  # highlights less sure than this were left out


def _statements(store: Store, filters: ReportFilters, include_suggested: bool, redactor: Redactor | None,
                external: bool = False, min_confidence: float = 0.0):
    sessions = store.sessions_for_report(
        guide=filters.guide, tag=filters.tag, segment=filters.segment, since=filters.since, until=filters.until
    )
    refs: list[SessionRef] = []
    participants: dict[str, str] = {}  # key -> label, in order of first appearance
    statements: list[tuple[str, Statement]] = []
    withheld_sessions = 0
    for session in sessions:
        people = store.session_people(session.id)
        # People are counted by name: two records with one name are one person to a reader.
        keys = {p.id: clean(p.name).strip().casefold() or p.id for p in people}
        for person in people:
            participants.setdefault(keys[person.id], clean(person.name))
            if redactor:
                redactor.add_person(person)
        fallback = f"session:{session.id}"
        if not people:
            participants.setdefault(fallback, f"Unnamed ({clean(session.title)})")
        names = keys
        main = keys[people[0].id] if people else fallback
        guide = load_guide(store, session.id)
        questions = {q.id: clean(q.text) for _, q in guide.questions()} if guide else {}
        date = (session.started_at or session.created_at or "")[:10]
        refs.append(SessionRef(session.id, clean(session.title), date,
                               participants[main], clean(session.guide_name)))
        notes_only = not quotes_allowed(session, external)
        withheld_sessions += notes_only
        for note in store.notes_for_session(session.id):
            shown = visible_highlights(note, include_suggested, min_confidence)
            emotions = [h.kind or "unspecified" for h in shown if h.label == "emotion"]
            who = names.get(note.participant_id or "", main)
            text = clean(note.text)
            for h in shown:
                if h.label != "problem":
                    continue
                span = clean(note.text[max(0, h.start):h.end]).strip()
                if not span:
                    continue
                statements.append((who, Statement(
                    text=span, quote=text, participant=participants[who], session_title=clean(session.title),
                    session_id=session.id, date=date, question=questions.get(note.question_id or "", ""),
                    evidence=evidence(text), status=h.status, emotions=emotions, starred=note.starred,
                    withheld=notes_only and is_verbatim(note), tags=[clean(t) for t in note.tags],
                )))
    return refs, participants, statements, withheld_sessions


def _group(statements: list[tuple[str, Statement]]) -> list[tuple[str, str, list[str], list[int]]]:
    """(name, method, terms, statement indexes) per theme: tags first, then shared key terms."""
    groups: list[tuple[str, str, list[str], list[int]]] = []
    by_tag: dict[str, tuple[str, list[int]]] = {}
    untagged: list[int] = []
    for i, (_, statement) in enumerate(statements):
        for tag in statement.tags:
            by_tag.setdefault(tag.casefold(), (tag, []))[1].append(i)
        if not statement.tags:
            untagged.append(i)
    # An untagged statement that uses a tag's own key term ("reconciling" for #reconciliation) joins that tag.
    for name, members in by_tag.values():
        tag_terms = list(key_terms(name.replace("-", " ").replace("_", " ")))
        joined = [i for i in untagged if any(t in statements[i][1].terms for t in tag_terms)]
        untagged = [i for i in untagged if i not in joined]
        groups.append((name, "tag", tag_terms, sorted(members + joined)))

    surface: dict[str, Counter] = {}
    for i in untagged:
        for term, word in statements[i][1].terms.items():
            surface.setdefault(term, Counter())[word] += 1
    remaining = set(untagged)
    while remaining:
        index: dict[str, list[int]] = {}
        for i in sorted(remaining):
            for term in statements[i][1].terms:
                index.setdefault(term, []).append(i)
        shared = {t: m for t, m in index.items() if len(m) >= 2}
        if not shared:
            break
        term = max(shared, key=lambda t: (len({statements[i][0] for i in shared[t]}), len(shared[t]), len(t), t))
        members = shared[term]
        others = Counter(t for i in members for t in statements[i][1].terms if t != term)
        terms = [term] + [t for t, n in others.most_common(1) if n >= 2 and n * 2 >= len(members)]
        name = " · ".join(surface[t].most_common(1)[0][0] for t in terms)
        groups.append((name, "terms", terms, members))
        remaining -= set(members)
    for i in sorted(remaining):
        terms = list(statements[i][1].terms)[:2]
        name = " · ".join(statements[i][1].terms[t] for t in terms) or statements[i][1].text[:40]
        groups.append((name, "terms", terms, [i]))
    return groups


def _strength(statement: Statement) -> tuple:
    return (statement.status == "accepted", statement.evidence == "specific", bool(statement.emotions),
            statement.starred, min(len(statement.quote), 200))


def _quotes(members: list[Statement]) -> list[Statement]:
    """The strongest quotes, one per participant before any participant gets a second."""
    ranked = sorted((s for s in members if not s.withheld), key=_strength, reverse=True)
    chosen: list[Statement] = []
    seen: set[str] = set()
    for statement in ranked:
        if statement.participant not in seen:
            chosen.append(statement)
            seen.add(statement.participant)
    chosen += [s for s in ranked if s not in chosen]
    return chosen[:QUOTES_PER_THEME]


def build_synthesis(
    store: Store,
    filters: ReportFilters | None = None,
    *,
    include_suggested: bool = False,
    redactor: Redactor | None = None,
    external: bool = False,
    min_confidence: float = 0.0,
) -> Synthesis:
    """Themes of the problems stated in the sessions the filters choose, strongest first.

    ``external``: the document leaves the company, so quotes need "external" consent.
    """
    filters = filters or ReportFilters()
    refs, participants, statements, withheld = _statements(store, filters, include_suggested, redactor, external,
                                                               min_confidence)
    for _, statement in statements:
        if redactor:
            redactor.apply(statement)
        statement.terms = key_terms(statement.text)
    keys = list(participants)
    themes: list[tuple[Theme, list[str]]] = []
    for name, method, terms, members in _group(statements):
        chosen = [statements[i][1] for i in members]
        who = list(dict.fromkeys(statements[i][0] for i in members))
        emotions = Counter(kind for s in {id(s): s for s in chosen}.values() for kind in s.emotions)
        specific = sum(s.evidence == "specific" for s in chosen)
        theme = Theme(
            name=name, method=method, participants=len(who), participant_names=[participants[k] for k in who],
            specific=specific, general=len(chosen) - specific, emotions=dict(emotions.most_common()),
            quotes=_quotes(chosen), statements=chosen, terms=terms,
        )
        themes.append((theme, [statements[i][0] for i in members]))
    themes.sort(key=lambda item: (-item[0].participants, -len(item[0].statements), item[0].name.casefold()))
    for _, statement in statements:
        if statement.withheld:  # still counted in its theme, but none of its words go into any file
            statement.text = statement.quote = ""
            statement.terms = {}
    matrix = [[speakers.count(key) for _, speakers in themes] for key in keys]
    synthesis = Synthesis(
        title="Synthesis: problems across sessions",
        filters=filters.describe(),
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        include_suggested=include_suggested,
        redacted=redactor is not None,
        sessions=refs,
        participants=[participants[k] for k in keys],
        themes=[theme for theme, _ in themes],
        matrix=matrix,
        statement_count=len(statements),
        withheld_sessions=withheld,
        external=external,
        min_confidence=min_confidence,
    )
    if redactor:
        redactor.apply(synthesis)
    return synthesis
