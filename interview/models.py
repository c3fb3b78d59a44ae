"""Plain dataclasses passed between layers.

Screens, the store, the NLP pipeline and the exporters all speak in these
types, so no layer ever sees another layer's internals (a SQL row, a widget,
a spaCy ``Doc``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Literal

GuideKind = Literal["interview", "co-creation"]
GUIDE_KINDS: tuple[str, ...] = ("interview", "co-creation")

SessionStatus = Literal["planned", "live", "done"]
SESSION_STATUSES: tuple[str, ...] = ("planned", "live", "done")

Speaker = Literal["interviewer", "participant", "observer"]
SPEAKERS: tuple[str, ...] = ("interviewer", "participant", "observer")

NoteKind = Literal["note", "quote", "observation", "idea"]
NOTE_KINDS: tuple[str, ...] = ("note", "quote", "observation", "idea")

HighlightLabel = Literal["problem", "emotion", "workaround", "need", "feature_request"]
HIGHLIGHT_LABELS: tuple[str, ...] = (
    "problem",
    "emotion",
    "workaround",
    "need",
    "feature_request",
)
EMOTION_KINDS: tuple[str, ...] = (
    "frustration",
    "worry",
    "disappointment",
    "confusion",
    "delight",
    "relief",
    "surprise",
)
HIGHLIGHT_SOURCES: tuple[str, ...] = ("auto", "manual")
HIGHLIGHT_STATUSES: tuple[str, ...] = ("suggested", "accepted", "rejected")

CONSENT_SCOPES: tuple[str, ...] = ("notes-only", "internal", "external")


# --------------------------------------------------------------------------- guides


@dataclass(frozen=True)
class Question:
    """An open question to ask; ``id`` is stable across re-reads of the guide."""

    id: str
    text: str
    probes: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Section:
    """A heading of a guide: a phase of the interview or an activity of a workshop."""

    id: str
    title: str
    minutes: int | None = None
    notes: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    line: int = 0
    activity: str | None = None
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Guide:
    """A parsed guide file. ``name`` is the file stem; it is how users refer to it."""

    name: str
    title: str
    kind: str = "interview"
    duration: int | None = None
    description: str = ""
    variables: dict[str, str] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    notes: tuple[str, ...] = ()
    path: str | None = None
    source: str = ""

    def questions(self) -> Iterator[tuple[Section, Question]]:
        for section in self.sections:
            for question in section.questions:
                yield section, question

    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)

    def planned_minutes(self) -> int | None:
        """The front-matter duration, else the sum of the section timeboxes."""
        if self.duration:
            return self.duration
        boxes = [s.minutes for s in self.sections if s.minutes]
        return sum(boxes) if boxes else None

    def find_question(self, question_id: str) -> tuple[Section, Question] | None:
        for section, question in self.questions():
            if question.id == question_id:
                return section, question
        return None


# --------------------------------------------------------------------------- people and sessions


@dataclass
class Participant:
    id: str
    name: str
    role: str = ""
    company: str = ""
    segment: str = ""
    email: str = ""
    notes: str = ""
    created_at: str = ""


@dataclass
class SeatConsent:
    """What one workshop participant agreed to: each person in the room consents for themselves."""

    given: bool = False
    scope: str = "internal"
    at: str | None = None


@dataclass
class ParticipantSummary:
    """A participant with how much of the database is about them (for `participants list`)."""

    participant: Participant
    session_count: int = 0
    note_count: int = 0


@dataclass
class ForgetReport:
    """What `participants forget` erased, so the user can see the promise was kept."""

    participant_id: str
    sessions_scrubbed: int = 0
    notes_deleted: int = 0
    ideas_deleted: int = 0
    mentions_replaced: int = 0
    tags_deleted: int = 0
    # After the erase was committed: whether a scan of the file's bytes (database and WAL) found
    # none of their name, e-mail or company; what was still found (labels, never the text); why.
    verified: bool = False
    leftover: list[str] = field(default_factory=list)
    problem: str = ""


@dataclass
class Session:
    id: str
    title: str
    kind: str = "interview"
    guide_name: str = ""
    guide_hash: str = ""
    participant_id: str | None = None
    interviewer: str = ""
    status: str = "planned"
    consent_given: bool = False
    consent_at: str | None = None
    consent_scope: str = "internal"
    started_at: str | None = None
    ended_at: str | None = None
    created_at: str = ""
    variables: dict[str, str] = field(default_factory=dict)
    current_question_id: str | None = None
    paused_seconds: float = 0.0  # live-clock time paused so far, left out of note times


@dataclass
class SessionSummary:
    """One row of a session list: what the home screen and `sessions list` show."""

    id: str
    title: str
    kind: str
    guide_name: str
    status: str
    participant_name: str
    interviewer: str
    created_at: str
    started_at: str | None
    ended_at: str | None
    note_count: int

    @property
    def date(self) -> str:
        return (self.started_at or self.created_at or "")[:10]


# --------------------------------------------------------------------------- notes and highlights


@dataclass
class Highlight:
    """A labelled span of a note; offsets are character offsets into the note text."""

    start: int
    end: int
    label: str
    kind: str | None = None
    text: str = ""
    rule: str = ""
    id: str | None = None
    note_id: str | None = None
    source: str = "auto"
    status: str = "suggested"
    model_version: str = ""
    reviewer: str = ""
    confidence: float | None = None  # 0-1 for suggestions; None when unknown (older rows)

    def at_least(self, threshold: float) -> bool:
        """Whether the highlight is at least this sure (0-1); an unknown confidence counts as unsure.

        The one rule behind every ``--min-confidence`` and the review filter.
        """
        return not threshold or (self.confidence or 0.0) >= threshold


@dataclass
class Note:
    id: str
    session_id: str
    text: str
    question_id: str | None = None
    offset_seconds: float = 0.0
    speaker: str = "interviewer"
    kind: str = "note"
    starred: bool = False
    deleted: bool = False
    created_at: str = ""
    updated_at: str = ""
    participant_id: str | None = None
    tags: list[str] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)


def analysed(speaker: str) -> bool:
    """Whether the highlighter reads a note by this speaker: what participants and observers said,
    never the interviewer's own turns (questions and pleasantries such as "Thanks for joining" are
    not the customer's words). Live notes, re-analysis and transcript imports all ask this."""
    return speaker != "interviewer"


@dataclass
class Tag:
    id: str
    name: str
    color: str = ""
    note_count: int = 0


# --------------------------------------------------------------------------- search


@dataclass
class SearchFilters:
    """Narrowing a search across sessions; an empty string means "any"."""

    tag: str = ""
    label: str = ""
    kind: str = ""
    guide: str = ""
    participant: str = ""
    segment: str = ""
    since: str = ""  # YYYY-MM-DD, inclusive, on the session's date
    until: str = ""  # YYYY-MM-DD, inclusive

    @property
    def is_empty(self) -> bool:
        return not any(vars(self).values())


@dataclass
class SearchHit:
    """One note found by search, with where it came from and a snippet marked with [ ]."""

    note: Note
    snippet: str
    session_title: str
    session_date: str
    participant_name: str = ""
    guide_name: str = ""


@dataclass
class Draft:
    session_id: str
    text: str
    question_id: str | None
    updated_at: str


@dataclass
class Idea:
    """A co-creation idea as the workshop screen shows it: numbered, attributed, themed, voted, placed.

    ``number`` is its place in the order ideas were captured (deleted ones keep
    theirs), so "builds on #4" means the same idea all session long.
    """

    id: str
    session_id: str
    text: str
    number: int = 0
    participant_id: str | None = None
    proposer: str = ""
    builds_on: str | None = None
    theme: str = ""
    impact: int | None = None
    effort: int | None = None
    votes: int = 0
    section_id: str | None = None
    deleted: bool = False
    created_at: str = ""


@dataclass
class WorkshopTimer:
    """One activity's countdown as saved, so a restarted workshop resumes it.

    ``seconds`` is the timebox with its extensions, ``used`` the seconds it ran before
    ``running_since`` (an ISO time; None while paused or not started).
    """

    section_id: str
    seconds: float
    used: float = 0.0
    running_since: str | None = None


@dataclass
class WorkshopProgress:
    """Where a workshop is on this laptop: the activity shown (index in the guide) and each countdown by section id."""

    activity: int = 0
    timers: dict[str, WorkshopTimer] = field(default_factory=dict)


@dataclass
class MergeConflict:
    """A row edited differently in two databases; the newer edit (by updated_at) was kept.

    ``kind`` says what the row is (note, participant, session) and ``column`` which of its
    fields differ; ``note_id`` is that row's id (named for the first kind there was).
    """

    note_id: str
    session_id: str
    kept: str  # "ours" | "theirs"
    ours: str
    theirs: str
    kind: str = "note"  # "note" | "participant" | "session"
    column: str = "text"


@dataclass
class MergeResult:
    """What merging another database brought in (or would, on a dry run): rows per table."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    conflicts: list[MergeConflict] = field(default_factory=list)
    dry_run: bool = False
    erased_skipped: int = 0  # rows left out because `participants forget` erased them here
    # feedback sources whose name was taken here by another source: (their name, the name given)
    renamed_sources: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.added.values()) or any(self.updated.values())


@dataclass
class ThemeStatement:
    """A problem statement (a problem highlight) as a theme holds it."""

    highlight_id: str
    note_id: str
    session_id: str
    text: str
    note_text: str
    participant: str
    emotions: list[str] = field(default_factory=list)
    placed_by: str = "engine"  # "engine" | "researcher"
    source: str = ""  # the feedback source's name for an imported statement; empty for an interview


@dataclass
class StoredTheme:
    """A theme as saved: the engine's group with whatever a researcher changed."""

    id: str
    name: str
    named_by: str = "engine"  # "engine" | "researcher"
    pinned: bool = False
    insight: bool = False
    takeaway: str = ""
    statements: list[ThemeStatement] = field(default_factory=list)

    @property
    def participants(self) -> list[str]:
        """The interviewees who said it; imported feedback is counted apart (``feedback``), so a
        flood of tickets never outweighs what people said in interviews."""
        return list(dict.fromkeys(s.participant for s in self.statements if not s.source))

    @property
    def feedback(self) -> int:
        """Statements from imported feedback (tickets, surveys, reviews) in the theme."""
        return sum(1 for s in self.statements if s.source)

    @property
    def emotions(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for statement in self.statements:
            for kind in statement.emotions:
                counts[kind] = counts.get(kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


# --------------------------------------------------------------------------- feedback sources


@dataclass
class FeedbackSource:
    """One imported feedback file (survey answers, tickets, reviews): its rows are statements.

    ``session_id`` is the hidden session-like row that owns the statements (as notes), so
    highlights, tags, search and theme evidence work on them unchanged; readers of
    interviews leave these sessions out. ``status`` is 'importing' until the last batch.
    """

    id: str
    session_id: str
    name: str
    file_name: str
    file_sha256: str
    format: str = ""
    row_count: int = 0
    last_row: int = 0
    statement_count: int = 0
    skipped_count: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    status: str = "importing"
    created_at: str = ""
    completed_at: str | None = None
    customer_count: int = 0

    @property
    def complete(self) -> bool:
        return self.status == "complete"


@dataclass
class FeedbackStatement:
    """One row of a feedback file, parsed and ready to store (``row`` is its number in the file)."""

    row: int
    text: str
    customer: str = ""
    email: str = ""
    occurred_at: str | None = None  # ISO-8601 UTC
    segment: str = ""
    rating: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class FeedbackOrigin:
    """Where a feedback note came from: what themes need to count tickets apart from interviewees."""

    note_id: str
    source_id: str
    source_name: str
    participant_id: str | None
    segment: str
    rating: float | None
    occurred_at: str | None
