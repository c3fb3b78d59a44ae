"""REFI-QDA project export (.qdpx): sessions as coded text for NVivo, ATLAS.ti, MAXQDA, QDA Miner.

A ``.qdpx`` file is a zip holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``) and ``sources/`` with one UTF-8 plain-text file per
session. What we write:

* **Sources**: each session is a ``TextSource`` whose text is the transcript as
  people read it, one line per note: ``[mm:ss] Speaker: text``.
* **Codes**: a "Highlights" branch with one code per label (problem, emotion,
  workaround, need, feature request; emotion kinds as its children) and a
  "Tags" branch with one code per tag used.
* **Coded selections**: each highlight is a ``PlainTextSelection`` over exactly
  its words; each tagged note is one selection over the note's text coded with
  its tags. Positions count characters (Unicode code points) from 0 in the
  source text, end exclusive, as the standard's plain-text selections do.
* **Cases**: one per participant, pointing at their sessions. **Users**: the
  interviewers.

GUIDs are derived from our ids, so exporting the same sessions twice gives the
same GUIDs (re-importing updates rather than duplicates, in tools that merge).
Rejected highlights are never exported; suggested ones only when asked.
"""

from __future__ import annotations

import io
import uuid
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from interview import __version__
from interview.export.files import ExportError, check_target, write_private
from interview.labels import LABEL_COLORS, LABEL_NAMES
from interview.models import EMOTION_KINDS, HIGHLIGHT_LABELS, Note, Session
from interview.store import Store, StoreError
from interview.timefmt import mmss

__all__ = ["NAMESPACE", "SourceText", "guid_for", "session_source", "build_project", "export_qdpx", "export_qdpx_refs"]

NAMESPACE = "urn:QDA-XML:project:1.0"
_NS = f"{{{NAMESPACE}}}"
_GUIDS = uuid.UUID("6f1c3c1e-4a57-4d52-9a0e-5f3b1c2d7e80")  # namespace for derived GUIDs
_SPEAKER = {"interviewer": "Interviewer", "participant": "Participant", "observer": "Observer"}
_TAG_COLOR = "#B0B0B0"


def guid_for(kind: str, key: str) -> str:
    """A stable GUID: our uuid4 hex ids as they are, anything else derived by uuid5."""
    if kind in ("session", "highlight", "tag", "participant") and len(key) == 32:
        try:
            return str(uuid.UUID(hex=key))
        except ValueError:
            pass
    return str(uuid.uuid5(_GUIDS, f"{kind}:{key}"))


@dataclass
class SourceText:
    """A session rendered as plain text, with where each note's text starts in it."""

    text: str
    starts: dict[str, int]


def session_source(session: Session, notes: list[Note], participant: str = "") -> SourceText:
    """``title``, a facts line, a blank line, then ``[mm:ss] Speaker: text`` per note."""
    facts = [session.started_at[:10] if session.started_at else session.created_at[:10]]
    if participant:
        facts.append(f"participant: {participant}")
    if session.interviewer:
        facts.append(f"interviewer: {session.interviewer}")
    parts = [f"{session.title}\n", " · ".join(facts) + "\n", "\n"]
    position = sum(len(p) for p in parts)
    starts: dict[str, int] = {}
    for note in notes:
        who = _SPEAKER.get(note.speaker, note.speaker.title())
        if note.speaker == "participant" and participant:
            who = participant
        prefix = f"[{mmss(note.offset_seconds)}] {who}: "
        text = note.text.replace("\r", " ").replace("\n", " ")  # one line per note; same length
        starts[note.id] = position + len(prefix)
        parts.append(prefix + text + "\n")
        position += len(prefix) + len(text) + 1
    return SourceText("".join(parts), starts)


def _stamp(value: str | None) -> str:
    if not value:
        return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.replace("+00:00", "Z").split(".")[0].rstrip("Z") + "Z"


def _el(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, _NS + tag, {k: v for k, v in attrs.items() if v is not None})


def build_project(
    store: Store, session_ids: Iterable[str], *, include_suggested: bool = False, name: str = "Interviews",
    min_confidence: float = 0.0,
) -> tuple[bytes, dict[str, str]]:
    """The ``project.qde`` XML and ``{file name in sources/: text}`` for the given sessions."""
    now = _stamp(None)
    users: dict[str, str] = {}
    sessions: list[tuple[Session, list[Note], str, SourceText]] = []
    people: dict[str, str] = {}  # participant id -> name
    for session_id in session_ids:
        session = store.get_session(session_id)
        if session is None:
            raise ExportError(f"session {session_id} no longer exists")
        person = store.get_participant(session.participant_id) if session.participant_id else None
        notes = store.notes_for_session(session_id)
        participant = person.name if person else ""
        if person:
            people[person.id] = person.name
        sessions.append((session, notes, participant, session_source(session, notes, participant)))
        who = session.interviewer or "interview"
        users.setdefault(who, guid_for("user", who))
    default_user = next(iter(users.values()), guid_for("user", "interview"))

    root = ET.Element(_NS + "Project", {
        "name": name, "origin": f"interview {__version__}", "creatingUserGUID": default_user,
        "creationDateTime": now,
    })
    users_el = _el(root, "Users")
    for who, guid in users.items():
        _el(users_el, "User", guid=guid, name=who)

    codes_el = _el(_el(root, "CodeBook"), "Codes")
    highlights_el = _el(codes_el, "Code", guid=guid_for("code", "highlights"), name="Highlights", isCodable="false")
    label_guids: dict[str, str] = {}
    for label in HIGHLIGHT_LABELS:
        label_guids[label] = guid_for("code", label)
        code = _el(highlights_el, "Code", guid=label_guids[label], name=LABEL_NAMES.get(label, label),
                   isCodable="true", color=LABEL_COLORS.get(label, "#dddddd").upper())
        if label == "emotion":
            for kind in EMOTION_KINDS:
                label_guids[f"emotion:{kind}"] = guid_for("code", f"emotion:{kind}")
                _el(code, "Code", guid=label_guids[f"emotion:{kind}"], name=kind, isCodable="true",
                    color=LABEL_COLORS["emotion"].upper())
    tags = sorted({t for _, notes, _, _ in sessions for n in notes for t in n.tags}, key=str.lower)
    tag_guids = {tag.lower(): guid_for("tag", _tag_id(store, tag)) for tag in tags}
    if tags:
        tags_el = _el(codes_el, "Code", guid=guid_for("code", "tags"), name="Tags", isCodable="false")
        for tag in tags:
            _el(tags_el, "Code", guid=tag_guids[tag.lower()], name=tag, isCodable="true", color=_TAG_COLOR)

    cases: dict[str, list[str]] = {}
    files: dict[str, str] = {}
    sources_el = ET.Element(_NS + "Sources")
    for session, notes, participant, source in sessions:
        source_guid = guid_for("session", session.id)
        user = users[session.interviewer or "interview"]
        files[f"{source_guid}.txt"] = source.text
        element = _el(sources_el, "TextSource", guid=source_guid, name=session.title,
                      plainTextPath=f"internal://{source_guid}.txt", creatingUser=user,
                      creationDateTime=_stamp(session.started_at or session.created_at))
        _el(element, "Description").text = f"interview session {session.id} ({session.guide_name or 'no guide'})"
        for note in notes:
            _selections(element, note, source.starts[note.id], user, label_guids, tag_guids, include_suggested,
                        min_confidence)
        if session.participant_id in people:
            cases.setdefault(session.participant_id, []).append(source_guid)
    if cases:
        cases_el = _el(root, "Cases")
        for person_id, source_guids in cases.items():
            case = _el(cases_el, "Case", guid=guid_for("participant", person_id), name=people[person_id])
            for source_guid in source_guids:
                _el(case, "SourceRef", targetGUID=source_guid)
    root.append(sources_el)
    ET.indent(root)
    ET.register_namespace("", NAMESPACE)  # the standard's namespace as the default, no ns0: prefixes
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), files


def _selections(parent: ET.Element, note: Note, start: int, user: str, label_guids: dict[str, str],
                tag_guids: dict[str, str], include_suggested: bool, min_confidence: float = 0.0) -> None:
    stamp = _stamp(note.created_at)
    for h in note.highlights:
        if h.status == "rejected" or (h.status == "suggested" and not include_suggested):
            continue
        if not h.at_least(min_confidence):
            continue
        if not (0 <= h.start < h.end <= len(note.text)):
            continue  # a span that no longer fits its note cannot be placed
        code = label_guids.get(f"emotion:{h.kind}") if h.label == "emotion" and h.kind else None
        code = code or label_guids[h.label]
        selection = _el(parent, "PlainTextSelection", guid=guid_for("highlight", h.id or f"{note.id}:{h.start}"),
                        name=note.text[h.start:h.end][:60], startPosition=str(start + h.start),
                        endPosition=str(start + h.end), creatingUser=user, creationDateTime=stamp)
        if h.status == "suggested":
            _el(selection, "Description").text = "suggested by the highlighter, not yet reviewed"
        coding = _el(selection, "Coding", guid=guid_for("coding", f"{h.id}:{code}"), creatingUser=user,
                     creationDateTime=stamp)
        _el(coding, "CodeRef", targetGUID=code)
    if note.tags:
        selection = _el(parent, "PlainTextSelection", guid=guid_for("note-tags", note.id), name=note.text[:60],
                        startPosition=str(start), endPosition=str(start + len(note.text)), creatingUser=user,
                        creationDateTime=stamp)
        for tag in note.tags:
            coding = _el(selection, "Coding", guid=guid_for("coding", f"{note.id}:{tag.lower()}"),
                         creatingUser=user, creationDateTime=stamp)
            _el(coding, "CodeRef", targetGUID=tag_guids[tag.lower()])


def _tag_id(store: Store, name: str) -> str:
    tag = store.tag_named(name)
    return tag.id if tag else name.lower()


def export_qdpx(
    store: Store,
    session_ids: Iterable[str],
    path: str | Path,
    *,
    include_suggested: bool = False,
    force: bool = False,
    min_confidence: float = 0.0,
) -> Path:
    """Write a REFI-QDA project of the sessions to ``path`` (0600, never over a file unless ``force``)."""
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        raise ExportError("there are no sessions to export")
    target = check_target(Path(path), force=force)
    try:
        project, files = build_project(store, ids, include_suggested=include_suggested, name=target.stem,
                                       min_confidence=min_confidence)
    except StoreError as error:
        raise ExportError(str(error)) from None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project)
        for name, text in files.items():
            archive.writestr(f"sources/{name}", text.encode("utf-8"))
    return write_private(target, buffer.getvalue(), force=force)


def export_qdpx_refs(
    store: Store,
    refs: Iterable[str],
    *,
    all_sessions: bool = False,
    path: str | Path | None = None,
    include_suggested: bool = False,
    force: bool = False,
    min_confidence: float = 0.0,
) -> Path:
    """What `interview export --format qdpx` does: sessions named by id, prefix or ``last`` (or all)."""
    refs = list(refs)
    if all_sessions == bool(refs):
        raise ExportError("name the sessions to export, or give --all (not both)")
    try:
        ids = store.session_ids() if all_sessions else [store.resolve_session(ref).id for ref in refs]
    except StoreError as error:
        raise ExportError(str(error)) from None
    return export_qdpx(store, ids, Path(path) if path else Path("interviews.qdpx"),
                       include_suggested=include_suggested, force=force, min_confidence=min_confidence)
