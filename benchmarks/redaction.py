"""Redaction cost: registering everyone the database knows, then redacting a long session.

Since issue 13 (item 4) a redacted export knows every participant in the database, not
only the exported session's, so both the registration and the per-note matching must
stay cheap as the database grows. Times ``Redactor.know_person`` for N people (names
with accents, hyphens, apostrophes; e-mails; companies) and ``Redactor.text`` over
5,000 notes of about 120 characters that mention some of them. Prints medians.

    python benchmarks/redaction.py [--people 200] [--notes 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interview.export.redact import Redactor  # noqa: E402
from interview.models import Participant  # noqa: E402

FIRST = ["Ana", "Bob", "Siobhán", "Jan", "Maya", "Will", "Grace", "Li", "Omar", "Zoë"]
LAST = ["López", "Smith-Jones", "O'Brien", "Kowalski", "Whitfield", "Ngata", "Müller", "Baker", "Chen", "Dubois"]


def once(people: int, notes: int, seed: int) -> tuple[float, float]:
    rng = random.Random(seed)
    start = time.perf_counter()
    redactor = Redactor(["Project Falcon"])
    for i in range(people):
        redactor.know_person(Participant(id=str(i), name=f"{rng.choice(FIRST)} {rng.choice(LAST)}{i}",
                                         email=f"p{i}@x.example", company=f"Company{i} Ltd"))
    registered = time.perf_counter()
    texts = [f"Last time we closed the books with {rng.choice(FIRST)} it took forever to reconcile the bank "
             f"feeds, call 555-0134 ({i})." for i in range(notes)]
    for text in texts:
        redactor.text(text)
    return registered - start, time.perf_counter() - registered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = [once(args.people, args.notes, seed) for seed in range(args.runs)]
    register = statistics.median(r[0] for r in runs)
    redact = statistics.median(r[1] for r in runs)
    print(f"register {args.people} people: median {register * 1000:.0f} ms")
    print(f"redact {args.notes} notes: median {redact:.2f} s ({redact / args.notes * 1e6:.0f} µs per note)")


if __name__ == "__main__":
    main()
