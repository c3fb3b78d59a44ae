"""A session summary as plain data, built once from the store and given to every writer.

Writers (Word, Markdown, JSON) only lay out a ``SessionReport``; what goes in it,
in which order, what consent allows and what redaction hides is decided here, so
the three formats always carry the same content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from interview.export.textmap import clean, clean_with_spans
from interview.cocreation import grid, how_might_we, ranked, themes_of
from interview.models import Guide, Highlight, Idea, Note, Participant, SeatConsent, Session
from interview.store import Store, StoreError
from interview.timefmt import duration_text, local_date, mmss

CONSENT_TEXT = {
    "notes-only": "notes only (no verbatim quotes)",
    "internal": "internal use",
    "external": "may be shared outside the company",
}
STATUS_RANK = {"accepted": 0, "suggested": 1}
WITHHELD_IDEA = "[left out: its author's consent does not cover this document]"


@dataclass
class NoteLine:
    id: str
    text: str
    time: str
    offset_seconds: float
    speaker: str
    kind: str
    tags: list[str] = field(default_factory=list)
    starred: bool = False
    spans: list[Highlight] = field(default_factory=list)  # offsets into ``text`` (the cleaned one)
    person: str = ""  # who said it, in a co-creation session

    def segments(self) -> list[tuple[str, Highlight | None]]:
        """The text cut at highlight edges; each piece with the span drawn on top (if any)."""
        return segment(self.text, self.spans)


@dataclass
class QuestionBlock:
    id: str | None
    text: str
    notes: list[NoteLine] = field(default_factory=list)


@dataclass
class SectionBlock:
    title: str
    questions: list[QuestionBlock] = field(default_factory=list)


@dataclass
class Finding:
    """One highlighted statement with the note it came from and the question it answered."""

    label: str
    kind: str | None
    text: str
    quote: str
    question: str
    time: str
    status: str
    note_id: str
    starred: bool = False

    def span(self) -> Highlight:
        """The whole statement as one highlight, so writers draw it like a highlighted note."""
        return Highlight(0, len(self.text), self.label, self.kind, status=self.status)


@dataclass
class IdeaLine:
    rank: int
    text: str
    votes: int
    proposer: str
    theme: str = ""
    number: int = 0  # the idea's number in the workshop ("builds on #4")
    builds_on: str = ""  # "#4 Buddy for the first week" when it builds on an earlier idea


@dataclass
class ThemeBlock:
    """A cluster of a co-creation session: its name and its ideas in capture order."""

    name: str
    ideas: list[IdeaLine] = field(default_factory=list)


@dataclass
class PriorityLine:
    """An idea placed on the impact x effort grid."""

    quadrant: str
    number: int
    text: str
    impact: int
    effort: int
    votes: int = 0


@dataclass
class SessionReport:
    session_id: str
    title: str
    kind: str
    date: str
    author: str
    metadata: list[list[str]]
    participant: str
    company: str
    guide: str
    consent_scope: str
    quotes_withheld: int
    problems: list[Finding]
    emotions: list[Finding]
    workarounds: list[Finding]
    needs: list[Finding]
    feature_requests: list[Finding]
    starred: list[NoteLine]
    unasked: list[str]
    sections: list[SectionBlock]
    ideas: list[IdeaLine]
    note_count: int
    include_suggested: bool = False
    min_confidence: float = 0.0  # highlights less sure than this were left out
    redacted: bool = False
    generated_at: str = ""
    external: bool = False  # made to leave the company: only "external" consent allows quotes
    consent_given: bool = True
    how_might_we: list[str] = field(default_factory=list)  # co-creation: the framing question(s)
    themes: list[ThemeBlock] = field(default_factory=list)
    priorities: list[PriorityLine] = field(default_factory=list)
    # The app's highlights nobody has accepted or rejected yet, by label: a document without
    # them must say they exist, or a fresh session's summary reads as if nothing was found.
    unreviewed: dict[str, int] = field(default_factory=dict)


def segment(text: str, spans: list[Highlight]) -> list[tuple[str, Highlight | None]]:
    """Cut text at every span edge; where spans overlap, accepted and manual ones win."""
    if not spans:
        return [(text, None)] if text else []
    order = sorted(spans, key=lambda s: (STATUS_RANK.get(s.status, 2) * -1, s.source == "manual"))
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    pieces: list[tuple[str, Highlight | None]] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        top = None
        for span in order:
            if span.start <= a and b <= span.end:
                top = span
        pieces.append((text[a:b], top))
    return pieces


def is_verbatim(note: Note) -> bool:
    """The participant's own words: what a notes-only consent keeps out of exports."""
    return note.kind == "quote" or note.speaker == "participant"


def quotes_allowed(session: Session, external: bool = False) -> bool:
    """Whether the participant agreed to their own words going where this export goes.

    Exports are internal by default, which every scope but notes-only allows; a
    document that leaves the company needs recorded consent with scope "external".
    """
    return scope_allows(session.consent_given, session.consent_scope, external)


def scope_allows(given: bool, scope: str, external: bool) -> bool:
    """One person's consent (or a session's) against where the document goes."""
    if scope == "notes-only":
        return False
    if external:
        return given and scope == "external"
    return True


def keeps_note(session: Session, seats: dict[str, SeatConsent], external: bool) -> Callable[[Note], bool]:
    """Whether a note goes in: a workshop participant's words follow that person's own consent."""
    session_allows = quotes_allowed(session, external)

    def keep(note: Note) -> bool:
        if note.participant_id and note.participant_id in seats:
            seat = seats[note.participant_id]
            return scope_allows(seat.given, seat.scope, external)
        return session_allows or not is_verbatim(note)
    return keep


def unreviewed_by_label(notes: list[Note]) -> dict[str, int]:
    """How many suggestions (not yet accepted or rejected) the notes hold, per label."""
    counts: dict[str, int] = {}
    for note in notes:
        for h in note.highlights:
            if h.status == "suggested" and h.label:
                counts[h.label] = counts.get(h.label, 0) + 1
    return counts


def visible_highlights(note: Note, include_suggested: bool, min_confidence: float = 0.0) -> list[Highlight]:
    """The highlights an export shows: accepted (and suggested if asked), at least ``min_confidence`` sure."""
    allowed = {"accepted", "suggested"} if include_suggested else {"accepted"}
    return [h for h in note.highlights if h.status in allowed and h.label and h.at_least(min_confidence)]


def note_line(note: Note, include_suggested: bool, person: str = "", min_confidence: float = 0.0) -> NoteLine:
    # Fresh copies carrying only what a document shows: cleaning and redaction move them,
    # and the store's own rows (text, rule, reviewer) stay out of every export.
    spans = [Highlight(h.start, h.end, h.label, h.kind, source=h.source, status=h.status)
             for h in visible_highlights(note, include_suggested, min_confidence)]
    text, spans = clean_with_spans(note.text, spans)
    return NoteLine(
        id=note.id, text=text, time=mmss(note.offset_seconds), offset_seconds=note.offset_seconds,
        speaker=note.speaker, kind=note.kind, tags=[clean(t) for t in note.tags], starred=note.starred,
        spans=spans, person=clean(person),
    )


def load_guide(store: Store, session_id: str) -> Guide | None:
    """The guide snapshot of the session, or None when there is none or it is damaged."""
    snapshot = store.session_guide(session_id)
    if not snapshot:
        return None
    from interview.guides import GuideError, guide_from_dict

    try:
        return guide_from_dict(snapshot)
    except (GuideError, KeyError, TypeError, ValueError):
        return None


def _sections(notes: list[NoteLine], by_note: dict[str, str | None], guide: Guide | None) -> list[SectionBlock]:
    grouped: dict[str | None, list[NoteLine]] = {}
    for line in notes:
        grouped.setdefault(by_note[line.id], []).append(line)
    sections: list[SectionBlock] = []
    placed: set[str | None] = set()
    if guide:
        for section in guide.sections:
            block = SectionBlock(clean(section.title))
            for question in section.questions:
                if question.id in grouped:
                    block.questions.append(QuestionBlock(question.id, clean(question.text), grouped[question.id]))
                    placed.add(question.id)
            if block.questions:
                sections.append(block)
    rest = [line for qid, lines in grouped.items() if qid not in placed for line in lines]
    if rest:
        rest.sort(key=lambda n: n.offset_seconds)
        title = "Other notes" if sections else "Notes"
        sections.append(SectionBlock(title, [QuestionBlock(None, "", rest)]))
    return sections


def consent_text(given: bool, scope: str, at: str | None) -> str:
    if not given:
        return "not recorded"
    return f"given {local_date(at)[:10]}, {CONSENT_TEXT.get(scope, scope)}"


def _metadata(session: Session, people: list[Participant], guide: Guide | None,
              seats: dict[str, SeatConsent] | None = None) -> list[list[str]]:
    """The facts table. In a workshop each person has their own role and consent, so both are per person."""
    main = people[0] if people else None
    consent = consent_text(session.consent_given, session.consent_scope, session.consent_at)
    names = ", ".join(p.name for p in people)
    role = main.role if main else ""
    if seats:
        names = "; ".join(p.name + (f" ({p.role})" if p.role else "") for p in people)
        role = ""
        consent = "; ".join(
            f"{p.name}: {consent_text(seats[p.id].given, seats[p.id].scope, seats[p.id].at)}"
            for p in people if p.id in seats
        )
    rows = [
        ["Participants" if len(people) > 1 else "Participant", names],
        ["Role", role],
        ["Company", ", ".join(dict.fromkeys(p.company for p in people if p.company))],
        ["Segment", ", ".join(dict.fromkeys(p.segment for p in people if p.segment))],
        ["Date", local_date(session.started_at or session.created_at)],
        ["Duration", duration_text(session.started_at, session.ended_at)],
        ["Interviewer", session.interviewer],
        ["Guide", f"{guide.title} ({session.guide_name})" if guide and guide.title else session.guide_name],
        ["Consent", consent],
    ]
    return [[label, clean(value)] for label, value in rows]


def build_session_report(
    store: Store, session_id: str, *, include_suggested: bool = False, external: bool = False,
    min_confidence: float = 0.0,
) -> SessionReport:
    """Everything a session summary shows, in reading order. Raises StoreError for an unknown id.

    ``external``: the document leaves the company, so quotes need "external" consent.
    """
    session = store.get_session(session_id)
    if session is None:
        raise StoreError(f"session {session_id} no longer exists")
    people = store.session_people(session.id)
    names = {p.id: p.name for p in people}
    guide = load_guide(store, session.id)
    seats = store.seat_consents(session.id) if session.kind == "co-creation" else {}
    keep = keeps_note(session, seats, external)
    all_notes = store.notes_for_session(session.id)
    kept = [n for n in all_notes if keep(n)]
    questions = {q.id: (clean(q.text), clean(s.title)) for s, q in guide.questions()} if guide else {}
    lines = [note_line(n, include_suggested, names.get(n.participant_id or "", ""), min_confidence) for n in kept]
    by_note = {n.id: (n.question_id if n.question_id in questions else None) for n in kept}

    findings: dict[str, list[tuple[tuple, Finding]]] = {label: [] for label in
                                                         ("problem", "emotion", "workaround", "need", "feature_request")}
    for line in lines:
        has_emotion = any(s.label == "emotion" for s in line.spans)
        qid = by_note[line.id]
        question = questions[qid][0] if qid else ""
        for span in line.spans:
            if span.label not in findings:
                continue
            found = Finding(span.label, span.kind, line.text[span.start:span.end].strip(), line.text, question,
                            line.time, span.status, line.id, line.starred)
            rank = (STATUS_RANK.get(span.status, 2), not line.starred, not has_emotion, line.offset_seconds)
            findings[span.label].append((rank, found))
    ranked = {label: [f for _, f in sorted(items, key=lambda item: item[0])] for label, items in findings.items()}
    ranked["emotion"].sort(key=lambda f: (f.kind or "", STATUS_RANK.get(f.status, 2)))

    asked = store.asked_question_ids(session.id)
    # A workshop only shows the questions of its discussion activities; the others cannot be "not asked".
    unasked = [f"{clean(s.title)} · {clean(q.text)}" for s, q in guide.questions() if q.id not in asked
               and (session.kind != "co-creation" or (s.activity or "discuss") in ("discuss", "wrap-up"))] if guide else []
    found_ideas = store.ideas_for_session(session.id)
    held = {i.id for i in found_ideas if i.participant_id in seats
            and not scope_allows(seats[i.participant_id].given, seats[i.participant_id].scope, external)}
    ideas, themes, priorities = _workshop(found_ideas, held)
    main = people[0] if people else None
    return SessionReport(
        session_id=session.id,
        title=clean(session.title) or "Interview",
        kind=session.kind,
        date=(session.started_at or session.created_at or "")[:10],
        author=clean(session.interviewer),
        metadata=_metadata(session, people, guide, seats),
        participant=clean(main.name) if main else "",
        company=clean(main.company) if main else "",
        guide=clean(session.guide_name),
        consent_scope=session.consent_scope,
        quotes_withheld=len(all_notes) - len(kept) + len(held),
        problems=ranked["problem"],
        emotions=ranked["emotion"],
        workarounds=ranked["workaround"],
        needs=ranked["need"],
        feature_requests=ranked["feature_request"],
        starred=[line for line in lines if line.starred],
        unasked=unasked,
        sections=_sections(lines, by_note, guide),
        ideas=ideas,
        note_count=len(lines),
        include_suggested=include_suggested,
        min_confidence=min_confidence,
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        external=external,
        consent_given=session.consent_given,
        how_might_we=[clean(text) for text in how_might_we(guide, kept)] if session.kind == "co-creation" else [],
        themes=themes,
        priorities=priorities,
        unreviewed=unreviewed_by_label(kept),
    )


def _workshop(found: list[Idea], held: set[str] = frozenset()) -> tuple[list[IdeaLine], list[ThemeBlock], list[PriorityLine]]:
    """A co-creation session's ideas ranked by dots, grouped by theme, and placed on impact x effort.

    ``held``: ideas whose author's consent does not reach this document keep their number
    and dots (the ranking stays true) but lose their words and their author's name.
    """
    by_id = {i.id: i for i in found}

    def words(idea: Idea) -> str:
        return WITHHELD_IDEA if idea.id in held else clean(idea.text)

    def line(idea: Idea, rank: int = 0) -> IdeaLine:
        base = by_id.get(idea.builds_on or "")
        builds = f"#{base.number} {words(base)}" if base else ""
        proposer = "" if idea.id in held else clean(idea.proposer)
        return IdeaLine(rank, words(idea), idea.votes, proposer, clean(idea.theme), idea.number, builds)

    ranking = [line(idea, rank) for rank, idea in enumerate(ranked(found), start=1)]
    themes = [ThemeBlock(clean(name), [line(i) for i in found if i.theme == name]) for name in themes_of(found)]
    loose = [line(i) for i in found if not i.theme]
    if themes and loose:
        themes.append(ThemeBlock("No theme", loose))
    priorities = [
        PriorityLine(name, i.number, words(i), i.impact or 0, i.effort or 0, i.votes)
        for name, cell in grid(found).items() for i in cell
    ]
    return ranking, themes, priorities


def redact_session_report(report: SessionReport, redactor) -> SessionReport:
    """Replace identities everywhere in the report (see ``redact.Redactor``); in place."""
    report.redacted = True
    return redactor.apply(report)


def priority_rows(priorities: list[PriorityLine], sep: str) -> list[list[str]]:
    """The impact x effort grid as two table rows (high impact first); each cell lists its ideas."""
    def cell(quadrant: str) -> str:
        items = [f"#{p.number} {p.text} ({p.impact}/{p.effort})" for p in priorities if p.quadrant == quadrant]
        return quadrant + (":\n" if sep == "\n" else ": ") + (sep.join(items) or "none")

    return [["High impact", cell("Quick wins"), cell("Big bets")], ["Low impact", cell("Fill-ins"), cell("Money pits")]]
