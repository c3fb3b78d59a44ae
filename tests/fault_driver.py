"""A headless researcher for fault tests: store-level work in a loop, reporting each commit.

Every step writes ``BEGIN <json>`` before it touches the store and ``ACK <json>``
once the store method returned (so the write is committed). Each step carries its
*facts*: ``[key, value]`` pairs that must hold once it has happened, all of them or
none (one transaction). ``tests/test_faults.py`` kills the worker with SIGKILL at
random moments and checks the file against the facts of every acknowledged step.

Import-light on purpose (the store and sqlite-utils only; no textual, no spaCy) so a
worker starts in milliseconds. Run by hand, it works on a database until killed::

    python tests/fault_driver.py /tmp/f.db 7        # prepare, then steps forever
    python tests/fault_driver.py /tmp/f.db 7 --notes 50   # add 50 notes, print ACKs, exit
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interview.models import Highlight, Note  # noqa: E402
from interview.store import Store, StoreError  # noqa: E402

FORGOTTEN = "[forgotten participant]"
TAGS = ("pricing", "onboarding", "closing", "export")
STATUSES = ("suggested", "accepted", "rejected")
Key = tuple


@dataclass
class World:
    """Ids made by ``prepare``: which notes are edited, which are reviewed, who can be forgotten."""

    session_id: str
    edit_notes: list[str]
    review_notes: list[str]
    highlights: dict[str, list[str]]  # review note -> its highlight ids
    people: dict[str, str]  # participant id -> their own session id
    laptops: dict[str, list[str]] = field(default_factory=dict)  # another database to merge -> its session ids
    facts: dict[Key, Any] = field(default_factory=dict)  # what the file holds now


def _laptop(path: Path, number: int) -> list[str]:
    """A colleague's database with two finished sessions, to be merged in."""
    with Store(path) as store:
        person = store.add_participant(f"Colleague contact {number}")
        ids = []
        for s in range(2):
            session = store.create_session(title=f"Laptop {number} session {s}", participant_id=person.id)
            for i in range(6):
                store.add_note(session.id, f"laptop {number}.{s} said {i}: the handover is manual", speaker="participant")
            ids.append(session.id)
    return ids


def transcript(count: int = 40) -> list[Note]:
    """What an importer hands the store: turns with speakers, times and suggested highlights."""
    notes = []
    for i in range(count):
        text = f"turn {i}: exporting the ledger is painful every month"
        notes.append(Note(id="", session_id="", text=text, offset_seconds=i * 7.5,
                          speaker="participant" if i % 2 else "interviewer",
                          highlights=[Highlight(8, 27, "problem", text=text[8:27])] if i % 2 else []))
    return notes


def prepare(path: Path, *, edit: int = 10, review: int = 10, people: int = 60, laptops: int = 12) -> World:
    """A live session with notes to edit and notes with suggestions to review, people to forget, laptops to merge."""
    with Store(path) as store:
        session = store.create_session(title="Fault drill", consent_given=True)
        store.start_session(session.id)
        edit_ids = [store.add_note(session.id, f"edit me {i}: the close takes four days").id for i in range(edit)]
        review_ids, highlights = [], {}
        for i in range(review):
            text = f"review {i}: reconciling is slow and I feel stuck with spreadsheets"
            note = store.add_note(session.id, text, speaker="participant")
            spans = [Highlight(13, 27, "problem"), Highlight(44, 49, "emotion", kind="frustration"),
                     Highlight(55, 67, "workaround")]
            store.replace_auto_highlights(note.id, spans, "drill-1")
            review_ids.append(note.id)
            highlights[note.id] = [h.id for h in store.get_note(note.id).highlights]
        owners = {}
        for i in range(people):
            person = store.add_participant(f"Person{i} Zed{i}", company=f"Firm{i}")
            own = store.create_session(title=f"Own {i}", participant_id=person.id)
            store.add_note(own.id, f"Person{i} said the invoices pile up")
            owners[person.id] = own.id
    others = {str(path.with_name(f"{path.stem}-laptop{n}.db")): [] for n in range(laptops)}
    for number, other in enumerate(others):
        others[other] = _laptop(Path(other), number)
    world = World(session.id, edit_ids, review_ids, highlights, owners, others)
    with Store(path) as store:
        world.facts = read_facts(store, world, initial_keys(world))
    return world


def initial_keys(world: World) -> list[Key]:
    keys: list[Key] = [("draft", world.session_id)]
    for nid in world.edit_notes:
        keys += [("text", nid), ("deleted", nid)]
    for nid in world.review_notes:
        keys += [("starred", nid), ("manual", nid)] + [("tag", nid, t) for t in TAGS]
        keys += [("status", hid) for hid in world.highlights[nid]]
    keys += [("forgotten", pid) for pid in world.people]
    keys += [("merged", other) for other in world.laptops]
    return keys


def read_facts(store: Store, world: World, keys: list[Key]) -> dict[Key, Any]:
    """What the database says for each key, read through the public Store API."""
    notes = {n.id: n for n in store.notes_for_session(world.session_id, include_deleted=True)}
    by_text = {n.text: n for n in notes.values()}
    draft = store.get_draft(world.session_id)
    out: dict[Key, Any] = {}
    for key in keys:
        kind, ref = key[0], key[1]
        note = notes.get(ref)
        if kind == "text":
            out[key] = note.text
        elif kind == "deleted":
            out[key] = note.deleted
        elif kind == "starred":
            out[key] = note.starred
        elif kind == "tag":
            out[key] = key[2] in note.tags
        elif kind == "manual":
            out[key] = sum(h.source == "manual" for h in note.highlights)
        elif kind == "status":
            found = [h.status for n in notes.values() for h in n.highlights if h.id == ref]
            out[key] = found[0] if found else None
        elif kind == "draft":
            out[key] = draft.text if draft else ""
        elif kind == "added":  # (added, token): the note's tags, or None if it is not there
            hit = by_text.get(ref)
            out[key] = sorted(hit.tags) if hit else None
        elif kind == "forgotten":
            person = store.get_participant(ref)
            gone = not store.notes_for_session(world.people[ref], include_deleted=True)
            out[key] = [person.name == FORGOTTEN, gone]
        elif kind == "imported":  # (imported, title): how many notes the session has, or None if absent
            found = [s for s in store.list_sessions(text=ref, limit=5) if s.title == ref]
            out[key] = [len(store.notes_for_session(s.id, include_deleted=True)) for s in found] or None
        elif kind == "merged":  # (merged, other file): [sessions, notes] of it present here
            present = [s for s in world.laptops[ref] if store.get_session(s) is not None]
            out[key] = [len(present), sum(len(store.notes_for_session(s, include_deleted=True)) for s in present)]
        else:
            raise ValueError(f"unknown fact {key}")
    return out


def _step(store: Store, world: World, rng: random.Random, counter: int) -> tuple[str, list, Any]:
    """Do one random user action; return its name and the facts it makes true."""
    facts = world.facts
    roll = rng.random()
    sid = world.session_id
    if roll < 0.22:
        token = f"drill note {os.getpid()}-{counter}-{rng.randrange(10**9)}"
        tags = sorted(rng.sample(TAGS, rng.randrange(3)))
        facts_made = [[("added", token), tags], [("draft", sid), ""]]  # a saved note clears the draft
        return "add_note", facts_made, lambda: store.add_note(sid, token, tags=tags, speaker="participant")
    if roll < 0.34:
        nid = rng.choice(world.edit_notes)
        text = f"edited {counter}: " + rng.choice(["the close takes four days", "exports break", "x" * rng.randrange(1, 400)])
        return "edit", [[("text", nid), text]], lambda: store.edit_note_text(nid, text)
    if roll < 0.42:
        nid = rng.choice(world.edit_notes)
        value = not facts[("deleted", nid)]
        return "delete", [[("deleted", nid), value]], lambda: store.set_deleted(nid, value)
    if roll < 0.50:
        nid = rng.choice(world.review_notes)
        value = not facts[("starred", nid)]
        return "star", [[("starred", nid), value]], lambda: store.set_starred(nid, value)
    if roll < 0.60:
        nid, tag = rng.choice(world.review_notes), rng.choice(TAGS)
        if facts[("tag", nid, tag)]:
            return "untag", [[("tag", nid, tag), False]], lambda: store.untag_note(nid, tag)
        return "tag", [[("tag", nid, tag), True]], lambda: store.tag_note(nid, tag)
    if roll < 0.72:
        nid = rng.choice(world.review_notes)
        hid, status = rng.choice(world.highlights[nid]), rng.choice(STATUSES)
        return "review", [[("status", hid), status]], lambda: store.set_highlight_status(hid, status, "drill")
    if roll < 0.78:
        nid = rng.choice(world.review_notes)
        changed = [[("status", h), "accepted"] for h in world.highlights[nid] if facts[("status", h)] == "suggested"]
        return "accept_all", changed, lambda: store.accept_suggestions(nid, "drill")
    if roll < 0.84:
        nid = rng.choice(world.review_notes)
        count = facts[("manual", nid)] + 1
        span = Highlight(0, 6, rng.choice(["need", "problem"]), text="review")
        return "highlight", [[("manual", nid), count]], lambda: store.add_manual_highlight(nid, span, "drill")
    if roll < 0.90:
        text = f"half-typed thought {counter} " + "y" * rng.randrange(200)
        return "draft", [[("draft", sid), text]], lambda: store.save_draft(sid, text)
    if roll < 0.94:
        title = f"Imported {os.getpid()}-{counter}-{rng.randrange(10**9)}"
        turns = transcript(rng.randrange(20, 80))
        action = lambda: store.import_session(title=title, participant_name="Imported Person", notes=turns,  # noqa: E731
                                              model_version="drill-1")
        return "import", [[("imported", title), [len(turns)]]], action
    if roll < 0.97:
        waiting = [o for o in world.laptops if facts[("merged", o)] == [0, 0]]
        if waiting:
            other = rng.choice(waiting)
            return "merge", [[("merged", other), [2, 12]]], lambda: store.merge_from(other)
    left = [pid for pid in world.people if facts[("forgotten", pid)] == [False, False]]
    if not left:
        return "noop", [], lambda: None
    pid = rng.choice(left)
    return "forget", [[("forgotten", pid), [True, True]]], lambda: store.forget_participant(pid, with_notes=True)


def work(path: Path, world: World, seed: int, out_fd: int, steps: int | None = None,
         stop_at: int | None = None) -> None:
    """Open the store and take random steps, reporting each; forever unless ``steps`` is given.

    ``stop_at``: the worker stops itself (SIGSTOP) as its ``stop_at``-th SQL statement starts,
    for the parent to kill: a kill point chosen by the seed, not by how fast the machine is.
    """
    rng = random.Random(seed)

    def say(line: str) -> None:
        os.write(out_fd, (line + "\n").encode())  # one write() per line: atomic on a pipe

    store = Store(path)
    if stop_at is not None:
        statements = itertools.count(1)

        def stop_on(_sql: str) -> None:
            if next(statements) == stop_at:
                os.kill(os.getpid(), signal.SIGSTOP)

        store.conn.set_trace_callback(stop_on)
    say("READY")
    counter = 0
    while steps is None or counter < steps:
        counter += 1
        name, facts, action = _step(store, world, rng, counter)
        encoded = json.dumps([name, [[list(k), v] for k, v in facts]])
        say("BEGIN " + encoded)
        action()
        for key, value in facts:
            world.facts[key] = value
        say("ACK " + encoded)
    store.close()


def parse_log(data: bytes) -> tuple[list[list], list | None]:
    """(acknowledged steps' facts, the facts of the step in flight when the worker died or None)."""
    acked: list[list] = []
    pending = None
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith("BEGIN "):
            pending = json.loads(line[6:])[1]
        elif line.startswith("ACK "):
            acked.append(json.loads(line[4:])[1])
            pending = None
    return acked, pending


def main(argv: list[str]) -> int:
    path, seed = Path(argv[0]), int(argv[1])
    steps = int(argv[3]) if len(argv) > 3 and argv[2] == "--notes" else None
    if steps is None:
        work(path, prepare(path), seed, sys.stdout.fileno())
        return 0
    try:  # note entry only, as on a call: each note acknowledged once committed
        with Store(path) as store:
            session = store.create_session(title=f"Bulk {seed}")
            for i in range(steps):
                note = store.add_note(session.id, f"bulk note {seed}-{i} " + "z" * 200)
                print(f"ACK {note.id}", flush=True)
    except StoreError as error:
        print(f"ERROR {error}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
