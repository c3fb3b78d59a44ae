"""How fast exports are: a 500-note session to Word (target < 0.5 s), a 100-session synthesis
(< 3 s), and a 5,000-note session to Word against the same session to Markdown (Word < 3 s).

Run: python benchmarks/export.py [--repeat 5] [--big-notes 5000]
Builds a throwaway database in a temporary folder through the Store API (the big session
with fsync off: it is filled once and only read), then prints the median of several runs
of each export (store reads and writing the file included).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from interview.export import ReportFilters, export_session, export_synthesis
from interview.models import Highlight
from interview.store import Store

PROBLEMS = [
    "it takes forever to reconcile the bank feeds", "reconciling is so slow at month end",
    "approvals get stuck in someone's inbox", "exports to Excel break the formatting",
    "we lost a day chasing missing receipts", "the audit trail is impossible to follow",
]
FILLER = "Last time we closed the books {p}, and I was really annoyed because the team had to stay late."


def note_text(rng: random.Random) -> tuple[str, list[Highlight]]:
    problem = rng.choice(PROBLEMS)
    text = FILLER.format(p=problem)
    start = text.index(problem)
    spans = [Highlight(start, start + len(problem), "problem", text=problem)]
    at = text.index("really annoyed")
    spans.append(Highlight(at, at + len("really annoyed"), "emotion", kind="frustration"))
    return text, spans


def fill_session(store: Store, rng: random.Random, notes: int, name: str) -> str:
    person = store.add_participant(name, company=f"{name} Ltd", segment=rng.choice(["smb", "enterprise"]))
    session = store.create_session(title=f"Interview with {name}", guide_name="problem-discovery",
                                   participant_id=person.id, consent_given=True)
    store.start_session(session.id)
    for i in range(notes):
        text, spans = note_text(rng)
        note = store.add_note(session.id, text, speaker="participant", offset_seconds=i * 7,
                              tags=["close"] if i % 5 == 0 else [])
        store.replace_auto_highlights(note.id, spans, "bench")
        for h in store.get_note(note.id).highlights:
            store.set_highlight_status(h.id, "accepted")
    store.end_session(session.id)
    return session.id


def median_seconds(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--big-notes", type=int, default=5000, help="notes in the big session (0 skips it)")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        with Store(base / "bench.db") as store:
            big = fill_session(store, rng, 500, "Ana López")
            for i in range(99):
                fill_session(store, rng, 12, f"Person {i}")
            out = base / "out"
            out.mkdir()
            session_docx = median_seconds(lambda: export_session(store, big, out / "s.docx", force=True), args.repeat)
            synthesis_docx = median_seconds(
                lambda: export_synthesis(store, out / "syn.docx", filters=ReportFilters(), force=True), args.repeat)
            synthesis_redacted = median_seconds(
                lambda: export_synthesis(store, out / "syn-r.docx", redact=True, force=True), args.repeat)
        if args.big_notes:
            with Store(base / "big.db") as store:
                store.conn.execute("PRAGMA synchronous = OFF")
                huge = fill_session(store, rng, args.big_notes, "Bo Berg")
                big_md = median_seconds(lambda: export_session(store, huge, out / "b.md", fmt="md", force=True),
                                        args.repeat)
                big_docx = median_seconds(lambda: export_session(store, huge, out / "b.docx", force=True),
                                          args.repeat)
    print(f"500-note session -> docx:          median {session_docx:.3f} s (target < 0.5 s)")
    print(f"100-session synthesis -> docx:     median {synthesis_docx:.3f} s (target < 3 s)")
    print(f"100-session synthesis, redacted:   median {synthesis_redacted:.3f} s")
    if args.big_notes:
        print(f"{args.big_notes:,}-note session -> md:          median {big_md:.3f} s")
        print(f"{args.big_notes:,}-note session -> docx:        median {big_docx:.3f} s (target < 3 s; "
              f"{big_docx / big_md:.1f}x Markdown)")


if __name__ == "__main__":
    main()
