"""Notes survive kill -9: every note the screen showed is in the database, which stays sound.

The test runs this file as a child process (see ``drive`` at the bottom): a headless
app on a live session that pastes notes and presses enter, printing ``ACK <text>``
once a note is in the log and ``DRAFTED <text>`` once half-typed text was kept as a
draft. The parent kills it with SIGKILL at a random moment after a random number of
acknowledged notes (so a slow machine changes when, never whether, the kill proves
something), then checks the file holds what was acknowledged. The 20-kill drill is
``slow``; ``INTERVIEW_KILL_RUNS`` raises its count (two children at a time).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

GUIDE = """\
---
title: Kill test
---
## Only (5 min)
- Tell me about the last time it broke.
- What did you do next?
"""

RUNS = int(os.environ.get("INTERVIEW_KILL_RUNS", "20"))
PARALLEL = 2
WORDS = "we export to excel every friday and it breaks when the invoice has a credit note".split()


def note_text(tag: str, i: int, rng: random.Random) -> str:
    return f"{tag} note {i}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))


async def drive(db: str, session_id: str, tag: str, seed: int, hold_after_draft: bool = False) -> None:
    """Child process: take notes until killed, acknowledging each one the log shows; with
    ``hold_after_draft``, stop typing once a draft is kept and wait to be killed."""
    from textual import events

    from interview.app import InterviewApp
    from interview.highlighter import Highlighter
    from interview.models import Highlight
    from interview.store import Store
    from interview.widgets import draft_pacer
    from interview.widgets.note_input import NoteInput
    from interview.widgets.note_log import NoteLog

    def breaks(text: str) -> list[Highlight]:
        # Instant stand-in for spaCy: the highlight writes still race the kill, the start-up stays short.
        at = text.find("breaks")
        return [Highlight(start=at, end=at + 6, label="problem", text="breaks")] if at >= 0 else []

    draft_pacer.DRAFT_DELAY = 0.15
    rng = random.Random(seed)
    store = Store(db)
    app = InterviewApp(store, live_session_id=session_id, highlighter=Highlighter(loader=lambda: (breaks, "kill-test")))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        print("READY", flush=True)
        for i in range(10_000):
            text = note_text(tag, i, rng)
            cut = rng.randint(1, len(text) - 1)
            app.post_message(events.Paste(text[:cut]))
            await pilot.pause()
            if i % 3 == 1:
                typed = app.screen.query_one(NoteInput).text
                while (draft := store.get_draft(session_id)) is None or draft.text != typed:
                    await pilot.pause(0.05)  # the draft is kept once typing pauses (DRAFT_DELAY)
                print(f"DRAFTED {typed}", flush=True)
                if hold_after_draft:
                    await asyncio.Event().wait()  # until the parent's SIGKILL
            app.post_message(events.Paste(text[cut:]))
            await pilot.pause()
            await pilot.press("enter")
            log = app.screen.query_one(NoteLog)
            while not log.notes or log.notes[-1].text != text or log.saving:  # shown as saved, not "saving…"
                await pilot.pause()
            print(f"ACK {text}", flush=True)


def new_session(db: Path, title: str) -> str:
    from interview.guides import guide_to_dict, parse_guide
    from interview.store import Store

    with Store(db) as store:
        guide = parse_guide(GUIDE, name="kill")
        return store.create_session(title=title, guide=guide_to_dict(guide), consent_given=True).id


def kill_run(db: Path, tag: str, seed: int, *, after_draft: bool = False) -> tuple[str, list[str], list[str]]:
    """Start a child on a fresh session and SIGKILL it at a random moment after its first 1-3
    acknowledged notes (or once it kept a draft and stopped typing); return what it acknowledged."""
    session_id = new_session(db, tag)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [sys.executable, __file__, str(db), session_id, tag, str(seed), "hold" if after_draft else "go"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )
    assert child.stdout is not None
    ready = child.stdout.readline()
    assert ready.strip() == "READY", f"child did not start: {ready!r}"
    rng = random.Random(seed)
    acks_first, then = rng.randint(1, 3), rng.uniform(0.0, 0.5)
    lines: list[str] = []
    while line := child.stdout.readline():  # "" once the child is gone, which the returncode check below catches
        lines.append(line.rstrip("\n"))
        if line.startswith("DRAFTED ") if after_draft else sum(x.startswith("ACK ") for x in lines) >= acks_first:
            break
    if not after_draft:
        time.sleep(then)  # into the next note's typing, draft or save
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, f"the child ended on its own ({child.returncode}) before the kill"
    lines += child.stdout.read().splitlines()
    acked = [line[4:] for line in lines if line.startswith("ACK ")]
    events = [line for line in lines if line.startswith(("ACK ", "DRAFTED "))]
    return session_id, acked, events


def check_database(db: Path, runs: list[tuple[str, list[str], list[str]]]) -> None:
    from interview.store import Store

    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(db) as store:
        for session_id, acked, events in runs:
            saved = [n.text for n in store.notes_for_session(session_id)]
            missing = [text for text in acked if text not in saved]
            assert not missing, f"acknowledged notes lost after kill -9: {missing}"
            assert len(saved) == len(set(saved)), "a note was saved twice"
            assert saved[: len(acked)] == acked, "notes are out of order"
            draft = store.get_draft(session_id)
            if events and events[-1].startswith("DRAFTED "):
                typed = events[-1][len("DRAFTED "):]
                # Killed after the half-typed text was kept: it is the draft, unless the
                # note was committed (and the draft cleared) just before the kill.
                assert (draft is not None and draft.text.startswith(typed)) or any(
                    text.startswith(typed) for text in saved[len(acked):]
                ), f"the draft {typed!r} was lost"
            if draft is not None:
                assert draft.text.strip() and draft.text not in acked


async def restored_draft(db: Path, session_id: str) -> str:
    from interview.app import InterviewApp
    from interview.store import Store
    from interview.widgets.note_input import NoteInput

    with Store(db) as store:
        app = InterviewApp(store, live_session_id=session_id)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return app.screen.query_one(NoteInput).text


@pytest.mark.slow
def test_acknowledged_notes_survive_kill_9(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    dbs = [tmp_path / f"kill-{n}.db" for n in range(PARALLEL)]

    def worker(n: int) -> list[tuple[str, list[str], list[str]]]:
        return [kill_run(dbs[n], f"run{n}.{k}", seed=1000 * n + k) for k in range(n, RUNS, PARALLEL)]

    with ThreadPoolExecutor(PARALLEL) as pool:
        results = list(pool.map(worker, range(PARALLEL)))
    for db, runs in zip(dbs, results):
        check_database(db, runs)
    acked_total = sum(len(acked) for runs in results for _, acked, _ in runs)
    print(f"\n{RUNS} kills, {acked_total} acknowledged notes all saved")


def test_a_draft_left_by_a_kill_comes_back_in_the_note_box(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    db = tmp_path / "draft.db"
    session_id, acked, events = kill_run(db, "draft", seed=7, after_draft=True)
    assert acked, "the child acknowledges a note before it keeps the second one's draft"
    check_database(db, [(session_id, acked, events)])
    from interview.store import Store

    with Store(db) as store:
        draft = store.get_draft(session_id)
    assert draft is not None and events[-1] == f"DRAFTED {draft.text}"
    assert asyncio.run(restored_draft(db, session_id)) == draft.text


if __name__ == "__main__":
    asyncio.run(drive(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "hold"))
