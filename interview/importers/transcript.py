"""Importing a recorded interview's transcript as a finished session.

The steps, each testable on its own::

    transcript = read_transcript(path)                    # cues, format, warnings
    plan = plan_import(transcript, ImportOptions(...))    # utterances with roles and questions
    analyse_plan(plan, progress)                          # highlights, before anything is written
    session = save_plan(store, plan)                      # one transaction: all or nothing

``import_transcript`` runs them all. Nothing touches the database until the
whole transcript has been read and analysed, and then it is written in one
transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Mapping

from interview.importers.coaching import Coaching, coaching_for_session
from interview.importers.cues import Transcript, TranscriptError, merge_fragments
from interview.importers.detect import read_transcript
from interview.importers.speakers import assign_roles, attach_questions
from interview.models import Guide, Note, Session, analysed

__all__ = ["ImportOptions", "ImportPlan", "ImportResult", "parse_when", "plan_import", "analyse_plan",
           "save_plan", "import_transcript"]

BATCH = 200


@dataclass
class ImportOptions:
    """What the user told `interview import` (everything optional)."""

    guide: Guide | None = None
    participant: str | None = None
    interviewer: str | None = None
    speaker_map: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None
    when: datetime | None = None  # when the recording started (UTC); default: the file's modification time
    company: str = ""  # the participant's company
    consent: bool = False  # the participant agreed to the recording being used (recorded at import)
    scope: str = "internal"  # what for: notes-only, internal or external


@dataclass
class ImportPlan:
    """A transcript ready to be written: one note per utterance, and the session's facts."""

    transcript: Transcript
    notes: list[Note]
    roles: dict[str, str]
    title: str
    participant_name: str
    interviewer: str
    started_at: str
    ended_at: str
    guide: Guide | None = None
    model_version: str = ""
    company: str = ""
    consent: bool = False
    scope: str = "internal"

    @property
    def warnings(self) -> list[str]:
        return self.transcript.warnings


@dataclass
class ImportResult:
    session: Session
    plan: ImportPlan
    highlights: int
    coaching: Coaching


def parse_when(text: str) -> datetime:
    """``2025-03-31`` or ``2025-03-31T14:00`` (local time unless it says otherwise) -> aware UTC datetime."""
    text = text.strip()
    try:
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--date must look like 2025-03-31 or 2025-03-31T14:00, not '{text}'") from None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # the user's local time
    return parsed.astimezone(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def plan_import(transcript: Transcript, options: ImportOptions, *, source: Path | None = None) -> ImportPlan:
    """Utterances with speakers, roles, offsets and guide questions; no database, no NLP."""
    utterances = merge_fragments(transcript.cues)
    if not utterances:
        raise TranscriptError("the transcript has no text to import")
    roles = assign_roles(utterances, options.speaker_map, interviewer=options.interviewer,
                         participant=options.participant)
    speaking = [name for name, role in roles.items() if role == "participant"]
    asking = [name for name, role in roles.items() if role == "interviewer"]
    participant_name = (options.participant or (speaking[0] if speaking else "") or "Participant").strip()
    interviewer = (options.interviewer or ", ".join(asking)).strip()
    if options.when is not None:
        start = options.when
    elif source is not None:
        start = datetime.fromtimestamp(source.stat().st_mtime, tz=timezone.utc)
    else:
        start = datetime.now(timezone.utc)
    try:
        return _plan(transcript, utterances, roles, participant_name, interviewer, start, options)
    except OverflowError:  # a --date near the year 9999 plus the recording's length
        raise TranscriptError("the recording's times run past the year 9999; check --date") from None


def _plan(transcript: Transcript, utterances: list, roles: dict[str, str], participant_name: str,
          interviewer: str, start: datetime, options: ImportOptions) -> ImportPlan:
    question_ids = attach_questions([(roles[u.speaker], u.text) for u in utterances], options.guide)
    notes: list[Note] = []
    offset = 0.0
    for utterance, question_id in zip(utterances, question_ids):
        offset = utterance.start if utterance.start is not None else offset  # untimed lines keep the last time
        role = roles[utterance.speaker]
        notes.append(Note(
            id="", session_id="", text=utterance.text, question_id=question_id, offset_seconds=offset,
            speaker=role, kind="quote" if role == "participant" else "note",
            created_at=_iso(start + timedelta(seconds=offset)),
        ))
    last = max((u.end if u.end is not None else u.start or 0.0) for u in utterances)
    if options.title:
        title = options.title.strip()
    elif options.guide is not None:
        title = f"{options.guide.title} — {participant_name}"
    else:
        title = f"Transcript — {participant_name}"
    return ImportPlan(
        transcript=transcript, notes=notes, roles=roles, title=title, participant_name=participant_name,
        interviewer=interviewer, started_at=_iso(start), ended_at=_iso(start + timedelta(seconds=last)),
        guide=options.guide, company=options.company.strip(), consent=options.consent, scope=options.scope,
    )


def analyse_plan(plan: ImportPlan, progress: Callable[[int], None] | None = None) -> int:
    """Attach automatic highlights to the plan's notes in batches; returns how many were found.

    Only what participants (and observers) said is analysed: the interviewer's turns are
    questions and pleasantries ("Thanks for joining") whose words are not the customer's.
    """
    from interview.nlp import analyze, pipeline_version

    plan.model_version = pipeline_version()
    found = 0
    for at in range(0, len(plan.notes), BATCH):
        batch = plan.notes[at : at + BATCH]
        spoken = [n for n in batch if analysed(n.speaker)]
        for note, highlights in zip(spoken, analyze([n.text for n in spoken])):
            note.highlights = list(highlights)
            found += len(note.highlights)
        if progress:
            progress(len(batch))
    return found


def save_plan(store, plan: ImportPlan) -> Session:
    """Write the participant, the session and every note with its highlights in one transaction."""
    guide = plan.guide
    snapshot: dict | None = None
    guide_name = guide_digest = ""
    if guide is not None:
        from interview.guides import guide_hash, guide_to_dict

        snapshot, guide_name, guide_digest = guide_to_dict(guide), guide.name, guide_hash(guide)
    return store.import_session(
        title=plan.title, participant_name=plan.participant_name, notes=plan.notes,
        interviewer=plan.interviewer, guide=snapshot, guide_name=guide_name, guide_hash=guide_digest,
        started_at=plan.started_at, ended_at=plan.ended_at, model_version=plan.model_version,
        company=plan.company, consent_given=plan.consent, consent_scope=plan.scope,
        variables=dict(guide.variables) if guide is not None else None,
    )


def import_transcript(
    store,
    path: str | Path,
    options: ImportOptions | None = None,
    *,
    analyse: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Read, plan, analyse and save one transcript file; TranscriptError/StoreError explain failures."""
    path = Path(path).expanduser()
    plan = plan_import(read_transcript(path), options or ImportOptions(), source=path)
    highlights = analyse_plan(plan, progress) if analyse else 0
    session = save_plan(store, plan)
    return ImportResult(session=session, plan=plan, highlights=highlights, coaching=coaching_for_session(store, session.id))
