"""Typing on the live screen while another program holds the database's write lock.

    .venv/bin/python benchmarks/locked_typing.py            # 5 rounds, real 5 s busy timeout

Headless at 120x40, real app, real SQLite file. Each round types a note, enter, and the
next words (29 keys) with the Pilot, which waits for each key to be handled, once with the
database free and once while a second process holds ``BEGIN IMMEDIATE``. Before the
writes moved to the writer thread, the locked round took the busy timeout (5 s) longer:
enter waited for the lock on the UI thread. Prints medians of both and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interview.app import InterviewApp
from interview.highlighter import Highlighter
from interview.store import Store

HOLD = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute('BEGIN IMMEDIATE')\n"
    "print('locked', flush=True)\n"
    "sys.stdin.readline()\n"
)
KEYS = [*"said while locked", "enter", *"typing more"]


async def one_round(folder: Path, n: int, locked: bool) -> float:
    path = folder / f"round-{n}-{'locked' if locked else 'free'}.db"
    store = Store(path)
    session_id = store.create_session(title="Benchmark", consent_given=True).id
    app = InterviewApp(store, live_session_id=session_id, highlighter=Highlighter(loader=lambda: (lambda text: [], "fake")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        holder = None
        if locked:
            holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
            holder.stdout.readline()
        started = time.perf_counter()
        await pilot.press(*KEYS)
        took = time.perf_counter() - started
        if holder is not None:
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait()
        await app.workers.wait_for_complete()
    store.close()
    return took


async def measure(rounds: int) -> tuple[list[float], list[float]]:
    free, locked = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(rounds):
            free.append(await one_round(Path(folder), n, locked=False))
            locked.append(await one_round(Path(folder), n, locked=True))
    return free, locked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("INTERVIEW_GUIDES_DIR", tempfile.mkdtemp())
    free, locked = asyncio.run(measure(args.rounds))
    f, lk = statistics.median(free), statistics.median(locked)
    print(f"a note and {len(KEYS) - 1} more keys, {args.rounds} rounds, python {sys.version.split()[0]}")
    print(f"database free:               median {f:5.2f} s")
    print(f"write lock held elsewhere:   median {lk:5.2f} s   (ratio {lk / f:.2f}; 1.00 means typing never waited)")


if __name__ == "__main__":
    main()
