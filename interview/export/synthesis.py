"""Problems stated across sessions, grouped into themes (method: docs/synthesis.md).

Themes a researcher saved on the synthesis board come first, with their names
and takeaways; then tags a researcher gave form a theme per tag; the theme
engine groups the rest by meaning. Each theme counts distinct participants, its emotions, and how much of
it rests on specific past events rather than general opinion.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from interview.cocreation import ranked as ranked_ideas
from interview.export.data import keeps_note, load_guide, quotes_allowed, visible_highlights
from interview.export.redact import Redactor
from interview.nlp.terms import evidence, key_terms
from interview.export.textmap import clean
from interview.models import StoredTheme
from interview.store import Store

QUOTES_PER_THEME = 3
SINGLE_NAME_WORDS = 7
FEEDBACK_ENGINE_TEXTS = 1500  # distinct feedback texts the theme engine groups (its memory is n x n)
RANKING_RULE = ("Themes are ranked by how many interviewees raised them; imported feedback (tickets, surveys, "
                "reviews) only breaks ties, so its volume never pushes aside what interviewees said. "
                "Quotes from interviews come before feedback quotes.")
CATEGORY_TAGS = frozenset(
    "problem problems pain need needs emotion emotions workaround workarounds feature_request feature request "
    "quote insight idea ideas observation".split()
)


@dataclass
class ReportFilters:
    """Which sessions a synthesis reads; every field is optional."""

    guide: str | None = None
    tag: str | None = None
    segment: str | None = None
    since: str | None = None
    until: str | None = None
    sources: tuple[str, ...] = ()  # feedback source names, and/or "interviews"; all when empty

    def describe(self) -> str:
        parts = [f"{name} {value}" for name, value in (
            ("guide", self.guide), ("tag", self.tag), ("segment", self.segment),
            ("since", self.since), ("until", self.until), ("source", ", ".join(self.sources))) if value]
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
    highlight_id: str = ""  # the evidence: the problem highlight this statement is
    note_id: str = ""  # the stored note the quote is (issue drafts trace every quote to it)
    segment: str = ""  # the speaker's segment, as recorded for the participant
    workarounds: list[str] = field(default_factory=list)  # the speaker's workarounds in the session, this note's first
    source: str = ""  # the feedback source's name; empty for an interview
    role: str = ""  # the speaker's role and company; empty in a redacted synthesis
    company: str = ""
    kind: str = "problem"  # "problem", "workaround", "need" or "idea" (from a co-creation workshop)
    votes: int = 0  # an idea's dot votes


@dataclass
class Theme:
    name: str
    method: str  # "saved" (the board), "tag", "meaning" (the theme engine) or "single" (fits no theme)
    participants: int
    participant_names: list[str]
    specific: int
    general: int
    emotions: dict[str, int]
    quotes: list[Statement]
    statements: list[Statement]
    terms: list[str] = field(default_factory=list)
    takeaway: str = ""  # a researcher's one-line insight (synthesis board)
    theme_id: str = ""  # the saved theme's id, when it comes from the board
    feedback: int = 0  # imported feedback statements in the theme, counted apart from interviewees
    feedback_sources: dict[str, int] = field(default_factory=dict)  # of them, per source
    kind: str = "problem"  # "problem", or "idea" for ideas from co-creation workshops (never counted as problems)
    workarounds: list[str] = field(default_factory=list)  # today's workarounds (texts of ``related``)
    needs: list[str] = field(default_factory=list)
    related: list[Statement] = field(default_factory=list)  # workarounds and needs tied to a problem theme
    votes: int = 0  # an idea theme's dot votes

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
    unreviewed: int = 0  # problem suggestions in these sessions nobody has accepted or rejected yet
    feedback_count: int = 0  # problem statements from imported feedback that were read
    feedback_sources: list[str] = field(default_factory=list)
    ranking_rule: str = RANKING_RULE
    summary: list = field(default_factory=list)  # the executive summary: interview.export.executive.SummaryItem
    other_themes: list[Theme] = field(default_factory=list)  # ideas, and workarounds and needs tied to no problem
    min_confidence: float = 0.0  # highlights less sure than this were left out


def _statements(store: Store, filters: ReportFilters, include_suggested: bool, redactor: Redactor | None,
                external: bool = False, others: list[tuple[str, Statement]] | None = None,
                min_confidence: float = 0.0):
    """Sessions, participants and problem statements; workarounds, needs and ideas go to ``others``."""
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
        segments = {keys[p.id]: clean(p.segment) for p in people}
        for person in people:
            participants.setdefault(keys[person.id], clean(person.name))
            if redactor:
                redactor.add_person(person)
        fallback = f"session:{session.id}"
        if not people:
            participants.setdefault(fallback, f"Unnamed ({clean(session.title)})")
        names = keys
        by_key = {keys[p.id]: p for p in people}
        main = keys[people[0].id] if people else fallback
        guide = load_guide(store, session.id)
        questions = {q.id: clean(q.text) for _, q in guide.questions()} if guide else {}
        date = (session.started_at or session.created_at or "")[:10]
        refs.append(SessionRef(session.id, clean(session.title), date,
                               participants[main], clean(session.guide_name)))
        notes_only = not quotes_allowed(session, external)
        withheld_sessions += notes_only
        # In a workshop each person's own consent decides for their words.
        keep = keeps_note(session, store.seat_consents(session.id) if session.kind == "co-creation" else {}, external)
        notes = store.notes_for_session(session.id)
        coping = _workarounds(notes, include_suggested, keep, lambda n: names.get(n.participant_id or "", main),
                             min_confidence)
        for note in notes:
            shown = visible_highlights(note, include_suggested, min_confidence)
            emotions = [h.kind or "unspecified" for h in shown if h.label == "emotion"]
            who = names.get(note.participant_id or "", main)
            person = None if redactor else by_key.get(who)
            text = clean(note.text)
            for h in shown:
                if h.label not in ("problem", "workaround", "need") or (h.label != "problem" and others is None):
                    continue
                span = clean(note.text[max(0, h.start):h.end]).strip()
                if not span:
                    continue
                (statements if h.label == "problem" else others).append((who, Statement(
                    text=span, quote=text, participant=participants[who], session_title=clean(session.title),
                    session_id=session.id, date=date, question=questions.get(note.question_id or "", ""),
                    evidence=evidence(text), status=h.status, emotions=emotions, starred=note.starred,
                    withheld=not keep(note), tags=[clean(t) for t in note.tags],
                    highlight_id=h.id, note_id=note.id, segment=segments.get(who, ""),
                    workarounds=sorted(coping.get(who, {}), key=lambda w: coping[who][w] != note.id),
                    role=clean(person.role) if person else "",
                    company=clean(person.company) if person else "", kind=h.label,
                )))
        if session.kind == "co-creation" and others is not None:
            others.extend(_ideas(store, session, names, main, participants, external))
    return refs, participants, statements, withheld_sessions


def _workarounds(notes, include_suggested: bool, keep, speaker, min_confidence: float = 0.0) -> dict[str, dict[str, str]]:
    """Per speaker, the workarounds they described in the session (text -> note id), from notes consent lets us quote.

    A workaround is often told in another answer than the problem it works around, so a
    statement carries its speaker's workarounds of the whole session, its own note's first.
    """
    found: dict[str, dict[str, str]] = {}
    for note in notes:
        if not keep(note):
            continue
        for h in visible_highlights(note, include_suggested, min_confidence):
            text = clean(note.text[max(0, h.start):h.end]).strip() if h.label == "workaround" else ""
            if text:
                found.setdefault(speaker(note), {}).setdefault(text, note.id)
    return found


def _group(statements: list[tuple[str, Statement]], saved: list[StoredTheme] | None = None):
    """(name, method, terms, statement indexes, saved theme) per theme: the board's saved themes
    first, then tags, then the theme engine.

    Tags that only repeat a highlight category (#need, #problem) say nothing about
    the topic, so they make no theme.
    """
    groups: list[tuple[str, str, list[str], list[int], StoredTheme | None]] = []
    on_board: dict[str, StoredTheme] = {s.highlight_id: t for t in saved or [] for s in t.statements}
    members: dict[str, list[int]] = {}
    for i, (_, statement) in enumerate(statements):
        if statement.highlight_id in on_board:
            members.setdefault(on_board[statement.highlight_id].id, []).append(i)
    for theme in saved or []:
        if theme.id in members:
            name = theme.name
            if theme.named_by == "engine":
                name = _visible_name(statements, members[theme.id], name)
            groups.append((name, "saved", list(key_terms(name)), members[theme.id], theme))
    by_tag: dict[str, tuple[str, list[int]]] = {}
    untagged: list[int] = []
    for i, (_, statement) in enumerate(statements):
        if statement.highlight_id in on_board:
            continue
        topical = [tag for tag in statement.tags if tag.casefold() not in CATEGORY_TAGS]
        for tag in topical:
            by_tag.setdefault(tag.casefold(), (tag, []))[1].append(i)
        if not topical:
            untagged.append(i)
    # An untagged statement that uses a tag's own key term ("reconciling" for #reconciliation) joins that tag.
    for name, tagged in by_tag.values():
        tag_terms = list(key_terms(name.replace("-", " ").replace("_", " ")))
        joined = [i for i in untagged if any(t in statements[i][1].terms for t in tag_terms)]
        untagged = [i for i in untagged if i not in joined]
        groups.append((name, "tag", tag_terms, sorted(tagged + joined), None))

    groups.extend(_group_by_meaning(statements, untagged))
    return groups


def _visible_name(statements: list[tuple[str, Statement]], indexes: list[int], name: str) -> str:
    """The engine's name, or, when some statements are withheld, a name from the others only:
    a name must not quote what consent withholds."""
    from interview.themes import theme_name

    if not any(statements[i][1].withheld for i in indexes):
        return name
    shown = [statements[i][1].text for i in indexes if not statements[i][1].withheld]
    return theme_name(shown) or "Statements withheld (consent covers notes only)"


def _group_by_meaning(statements: list[tuple[str, Statement]], members: list[int]):
    """The theme engine's themes among ``members``; an interview statement that fits none stays a theme of one,
    and so do feedback words that repeat (a feedback statement said once that fits no theme stays out)."""
    from interview.themes import find_themes

    members, copies = _distinct_feedback(statements, members)
    result = find_themes([statements[i][1].text for i in members], participants=[statements[i][0] for i in members])
    spoken = _interviewees_names(statements, members, result.themes)
    for number, theme in enumerate(result.themes):
        indexes = sorted(j for k in theme.statements for j in copies.get(members[k], [members[k]]))
        label = spoken.get(number) or _visible_name(statements, indexes, theme.label)
        yield label, "meaning", list(key_terms(label)), indexes, None
    for k, theme_id in enumerate(result.assignment):
        group = copies.get(members[k], [members[k]])
        if theme_id is None and (not statements[members[k]][1].source or len(group) > 1):
            statement = statements[members[k]][1]
            if statement.withheld:
                yield "Statement withheld (consent covers notes only)", "single", [], group, None
                continue
            # one statement (or one feedback text repeated): its own opening words name it best
            words = statement.text.split()
            name = " ".join(words[:SINGLE_NAME_WORDS]) + ("…" if len(words) > SINGLE_NAME_WORDS else "")
            yield name, "single", list(statement.terms)[:2], group, None


def _interviewees_names(statements: list[tuple[str, Statement]], members: list[int], themes) -> dict[int, str]:
    """Names from the interviewees' own words for themes that mix interviews and feedback (theme number -> name),
    so a flood of tickets does not rename what interviewees described."""
    from interview.themes.naming import name_themes

    texts: list[str] = []
    labels: list[int] = []
    mixed: set[int] = set()
    for number, theme in enumerate(themes):
        said = [statements[members[k]][1] for k in theme.statements]
        if any(s.source for s in said) and any(not s.source for s in said):
            mixed.add(number)
        for statement in said:
            if not statement.source and not statement.withheld:  # a name never quotes withheld words
                texts.append(statement.text)
                labels.append(number)
    if not mixed:
        return {}
    names = name_themes(texts, labels)
    return {number: names[number] for number in mixed if names.get(number)}


def _distinct_feedback(statements: list[tuple[str, Statement]], members: list[int]):
    """Interview members, plus one member per distinct feedback text (most frequent first, at most
    ``FEEDBACK_ENGINE_TEXTS``); and for each such member, every statement that repeats its text."""
    kept = [i for i in members if not statements[i][1].source]
    copies: dict[str, list[int]] = {}
    for i in members:
        if statements[i][1].source:
            copies.setdefault(" ".join(statements[i][1].text.casefold().split()), []).append(i)
    ranked = sorted(copies.values(), key=lambda group: (-len(group), group[0]))[:FEEDBACK_ENGINE_TEXTS]
    return kept + [group[0] for group in ranked], {group[0]: group for group in ranked}


def _ideas(store: Store, session, names: dict[str, str], main: str, participants: dict[str, str],
           external: bool) -> list[tuple[str, Statement]]:
    """A workshop's ideas as statements of kind "idea"; each follows its proposer's own consent."""
    from interview.export.data import scope_allows

    seats = store.seat_consents(session.id)
    out = []
    for idea in ranked_ideas(store.ideas_for_session(session.id)):
        text = clean(idea.text).strip()
        if not text:
            continue
        who = names.get(idea.participant_id or "", main)
        seat = seats.get(idea.participant_id or "")
        shown = scope_allows(seat.given, seat.scope, external) if seat else quotes_allowed(session, external)
        out.append((who, Statement(
            text=text, quote=text, participant=participants[who], session_title=clean(session.title),
            session_id=session.id, date=(session.started_at or session.created_at or "")[:10], question="",
            evidence="general", status="accepted", withheld=not shown, highlight_id=idea.id, kind="idea",
            votes=idea.votes,
        )))
    return out


def _strength(statement: Statement) -> tuple:
    return (not statement.source, statement.status == "accepted", statement.evidence == "specific", bool(statement.emotions),
            statement.starred, min(len(statement.quote), 200))


def strongest_quotes(members: list[Statement], limit: int = QUOTES_PER_THEME) -> list[Statement]:
    """The strongest quotes, one per participant before any participant gets a second.

    A note quoted once: two problems highlighted in one note are two statements but one quote.
    """
    ranked, quoted = [], set()
    for statement in sorted((s for s in members if not s.withheld), key=_strength, reverse=True):
        note = statement.note_id or statement.quote
        if note not in quoted:
            quoted.add(note)
            ranked.append(statement)
    chosen: list[Statement] = []
    seen: set[str] = set()
    for statement in ranked:
        if statement.participant not in seen:
            chosen.append(statement)
            seen.add(statement.participant)
    chosen += [s for s in ranked if s not in chosen]
    return chosen[:limit]


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
    from interview.export.feedback_evidence import feedback_statements, wants_interviews

    others: list[tuple[str, Statement]] = []
    if wants_interviews(filters):
        refs, participants, statements, withheld = _statements(store, filters, include_suggested, redactor, external,
                                                               others, min_confidence)
    else:
        refs, participants, statements, withheld = [], {}, [], 0
    statements += feedback_statements(store, filters, external, min_confidence)
    for _, statement in statements + others:
        if redactor:
            redactor.apply(statement)
        statement.terms = key_terms(statement.text)
    keys = list(participants)
    themes: list[tuple[Theme, list[str]]] = []
    for name, method, terms, members, stored in _group(statements, store.list_themes()):
        chosen = [statements[i][1] for i in members]
        who = list(dict.fromkeys(statements[i][0] for i in members if not statements[i][1].source))
        sources = Counter(s.source for s in chosen if s.source)
        emotions = Counter(kind for s in {id(s): s for s in chosen}.values() for kind in s.emotions)
        specific = sum(s.evidence == "specific" for s in chosen)
        theme = Theme(
            name=name, method=method, participants=len(who), participant_names=[participants[k] for k in who],
            specific=specific, general=len(chosen) - specific, emotions=dict(emotions.most_common()),
            quotes=strongest_quotes(chosen), statements=chosen, terms=terms,
            takeaway=stored.takeaway if stored else "", theme_id=stored.id if stored else "",
            feedback=sum(sources.values()), feedback_sources=dict(sources.most_common()),
        )
        themes.append((theme, [statements[i][0] for i in members]))
    themes.sort(key=lambda item: (-item[0].participants, -item[0].feedback, -len(item[0].statements),
                                  item[0].name.casefold()))
    from interview.export.synthesis_kinds import attach, kind_themes

    loose = attach([theme for theme, _ in themes], [s for _, s in others])
    keyed = {id(s): who for who, s in others}
    other_themes = kind_themes(loose, [keyed[id(s)] for s in loose], participants)
    for _, statement in statements + others:
        if statement.withheld:  # still counted in its theme, but none of its words go into any file
            statement.text = statement.quote = ""
            statement.terms = {}
            statement.workarounds = []
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
        other_themes=other_themes,
        statement_count=sum(1 for _, s in statements if not s.source),  # interviews; feedback_count apart
        withheld_sessions=withheld,
        external=external,
        unreviewed=store.count_suggestions([ref.id for ref in refs], "problem"),
        feedback_count=sum(1 for _, s in statements if s.source),
        feedback_sources=sorted({s.source for _, s in statements if s.source}, key=str.casefold),
        min_confidence=min_confidence,
    )
    if redactor:
        redactor.apply(synthesis)
    from interview.export.executive import top_problems

    synthesis.summary = top_problems(synthesis)
    return synthesis
