"""How long 100,000 rows of feedback take to import and analyse.

    .venv/bin/python benchmarks/feedback_import.py [--rows 100000] [--runs 1] [--batch 2000]

Writes a survey-tool style CSV (UTF-8 BOM, quoted cells, some spanning lines, about
20,000 distinct customers with e-mails, plans, 0-10 scores, dates over a year, 2% empty
answers) built from templates here, then imports it into a fresh database exactly as
``interview import`` does: read and check every row, then one transaction per batch,
each batch through the highlighter, customers matched or created. Prints the time of
each phase, the total and rows/s (median over runs), and the CPU time, which does
not depend on what else the machine is running. Target: under 60 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ["Ana", "José", "Dana", "Lee", "Sam", "Priya", "Chen", "Fatima", "Lars", "Noor", "Kofi", "Mia", "Omar",
         "Zoë", "Ivan", "Léa", "Ravi", "Sofia", "Tom", "Yuki", "Elif", "Mateo", "Hana", "Jonas", "Amara"]
LAST = ["López", "Pérez", "Smith", "Wong", "Patel", "Müller", "Okafor", "Kim", "Nowak", "Rossi", "Haddad", "Berg",
        "Silva", "Ito", "Novak", "Dubois", "Khan", "García", "Brown", "Jensen", "Costa", "Ahmed", "Larsen"]
PLANS = ["Free", "Pro", "Team", "Enterprise"]
THINGS = ["the export", "the invoice screen", "search", "the mobile app", "the dashboard", "SSO", "the API",
          "the reports", "notifications", "the calendar sync", "onboarding", "billing", "the CSV import"]
OPENERS = [
    "{thing} keeps failing when I {task}, so I {workaround}.",
    "Every week I {task} by hand because {thing} is too slow.",
    "I'm really frustrated that {thing} doesn't let me {task}.",
    "It would be great if {thing} could {task} automatically.",
    "We love {thing}, it saves us hours every month.",
    "Honestly {thing} is confusing; I never know where to {task}.",
    "The last time I tried to {task}, {thing} crashed and I lost my work.",
    "I worry that our team misses requests because {thing} hides them.",
    "Please add a way to {task} from {thing}.",
    "{thing} works fine, no complaints.",
]
TASKS = ["export a month of data", "match invoices to orders", "share a report", "find an old ticket",
         "add a teammate", "change my plan", "filter by customer", "download receipts", "set reminders"]
WORKAROUNDS = ["copy everything into a spreadsheet", "ask support every time", "take screenshots",
               "keep a second tool open", "email the file to myself"]
EXTRA = ["Thanks.", "", "", "It takes about two hours each time.", "My manager asked me to report this.",
         "We're thinking about switching.", "", "Otherwise great product!"]


def write_rows(path: Path, rows: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    people = []
    for n in range(20_000):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        people.append((f"{first} {last}", f"{first.lower()}.{last.lower()}{n}@example.com", rng.choice(PLANS)))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["Respondent ID", "Submitted At", "Name", "Email", "Plan",
                         "How likely are you to recommend us?", "What is the main reason for your score?", "Country"])
        for i in range(rows):
            name, email, plan = rng.choice(people)
            sentences = [rng.choice(OPENERS).format(thing=rng.choice(THINGS), task=rng.choice(TASKS),
                                                    workaround=rng.choice(WORKAROUNDS))]
            if rng.random() < 0.4:
                sentences.append(rng.choice(OPENERS).format(thing=rng.choice(THINGS), task=rng.choice(TASKS),
                                                            workaround=rng.choice(WORKAROUNDS)))
            text = " ".join(sentences)
            extra = rng.choice(EXTRA)
            if extra:
                text += ("\n" if rng.random() < 0.3 else " ") + extra
            if rng.random() < 0.02:
                text = ""
            text = text[0].upper() + text[1:] if text else text
            day = 1 + (i * 365 // rows)
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1735689600 + day * 86400 + rng.randrange(86400)))
            writer.writerow([f"R_{i:07d}", stamp, name, email, plan, rng.randrange(11), text,
                             rng.choice(["DE", "US", "FR", "GB", "IN", "BR"])])


ANALYSIS = {"cpu": 0.0, "wall": 0.0}
WRITING = {"cpu": 0.0, "wall": 0.0}


def _timed_writer() -> None:
    """Count the writer thread's time: matching customers and the SQLite transactions (full-text index included)."""
    from interview.store import Store

    real = Store.add_feedback_batch

    def timed(self, *args, **kwargs):
        c, t = time.thread_time(), time.perf_counter()
        try:
            return real(self, *args, **kwargs)
        finally:
            WRITING["cpu"] += time.thread_time() - c
            WRITING["wall"] += time.perf_counter() - t

    Store.add_feedback_batch = timed


def _timed_highlighter() -> None:
    """Count the time spent in the highlighter apart from the rest (reading, matching, SQLite)."""
    import interview.importers.feedback as feedback

    real = feedback.highlight_statements

    def timed(texts):
        c, t = time.thread_time(), time.perf_counter()
        try:
            return real(texts)
        finally:
            ANALYSIS["cpu"] += time.thread_time() - c
            ANALYSIS["wall"] += time.perf_counter() - t

    feedback.highlight_statements = timed


def run_once(csv_path: Path, db_path: Path, batch: int) -> tuple[float, float, float, int]:
    from interview.importers.feedback import plan_feedback, save_feedback
    from interview.store import Store

    c0, t0 = time.process_time(), time.perf_counter()
    plan = plan_feedback(csv_path, {})
    t1 = time.perf_counter()
    with Store(db_path) as store:
        result = save_feedback(store, plan, batch_size=batch)
    t2 = time.perf_counter()
    cpu = time.process_time() - c0
    assert result.source.complete and result.source.statement_count == len(plan.statements)
    return t1 - t0, t2 - t1, cpu, plan.row_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=None)
    args = parser.parse_args()
    from interview.importers.feedback import BATCH_SIZE
    from interview.nlp import get_pipeline

    batch = args.batch or BATCH_SIZE
    _timed_highlighter()
    _timed_writer()
    with tempfile.TemporaryDirectory(prefix="feedback-bench-") as tmp:
        csv_path = Path(tmp) / "survey.csv"
        write_rows(csv_path, args.rows)
        size = csv_path.stat().st_size
        t = time.perf_counter()
        get_pipeline()  # loaded once per process, as the command does before its progress bar
        load = time.perf_counter() - t
        reads, saves, totals, cpus = [], [], [], []
        for run in range(args.runs):
            read, save, cpu, rows = run_once(csv_path, Path(tmp) / f"run{run}.db", batch)
            reads.append(read)
            saves.append(save)
            totals.append(read + save)
            cpus.append(cpu)
        total = statistics.median(totals)
        print(f"file: {rows:,} rows, {size / 1e6:.1f} MB CSV; batch {batch}; runs {args.runs}")
        print(f"highlighter load (once): {load:.2f} s")
        print(f"read + check every row:  {statistics.median(reads):.2f} s")
        print(f"analyse + save batches:  {statistics.median(saves):.2f} s")
        print(f"import total:            {total:.2f} s  ({rows / total:,.0f} rows/s)  target < 60 s")
        print(f"  of which highlighter:  {ANALYSIS['wall'] / args.runs:.2f} s wall, {ANALYSIS['cpu'] / args.runs:.2f} s CPU "
              "(the writer thread overlaps it)")
        print(f"  of which batch writes: {WRITING['wall'] / args.runs:.2f} s wall, {WRITING['cpu'] / args.runs:.2f} s CPU")
        print(f"CPU time of the import:  {statistics.median(cpus):.2f} s (both threads; wall time depends on "
              f"the machine's load, 1-min load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
