"""Throughput and latency of the highlighter: the CLI on real text, and ``analyze`` in process.

    python benchmarks/nlp_speed.py [--notes 10000] [--runs 5] [--cli-texts 15000] [--no-cli]

1. CLI: ``interview highlight --json`` on 15,000 real texts (the GoEmotions dev split's
   Reddit comments, repeated), as a user runs it: start-up (median wall time on one
   line), and texts/s excluding start-up (15,000 / (full run - start-up)), median of runs,
   for ``--jobs 1`` (one process) and the default (one forked process per available core).
2. In process: 10,000 realistic notes (labelled sentences from the notes sets recombined
   into 1-3 sentence notes with shorthand variants): import and load time, notes/s through
   ``analyze`` (median of several runs) and per-note latency of ``analyze_one`` after load
   (median and p99).
"""

from __future__ import annotations

import argparse
import os
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV_SET = Path("/work/shared/data/interview_notes_dev.jsonl")
GOEMOTIONS_DEV = Path("/work/shared/data/goemotions_groups_dev.tsv")


def real_texts(count: int) -> list[str]:
    """The GoEmotions dev comments (one per line), repeated up to ``count``."""
    import csv

    with open(GOEMOTIONS_DEV, encoding="utf-8", newline="") as handle:
        texts = [row["text"].replace("\n", " ") for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return (texts * (count // len(texts) + 1))[:count]


def time_cli(path: Path, runs: int, jobs: int | None = None) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system, all processes) of the CLI on ``path``."""
    import resource

    command = [str(Path(sys.executable).with_name("interview")), "highlight", "--json", str(path)]
    if jobs:
        command += ["--jobs", str(jobs)]
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def cli_figures(count: int, runs: int) -> None:
    if not GOEMOTIONS_DEV.exists():
        print(f"(no {GOEMOTIONS_DEV}: CLI figures skipped)")
        return
    texts = real_texts(count)
    with tempfile.TemporaryDirectory() as folder:
        one, many = Path(folder) / "one.txt", Path(folder) / "many.txt"
        one.write_text(texts[0] + "\n", encoding="utf-8")
        many.write_text("\n".join(texts) + "\n", encoding="utf-8")
        startup, startup_cpu = time_cli(one, runs)
        print(f"CLI `interview highlight --json`, median of {runs} runs; start-up (one line): "
              f"{startup:.2f} s wall, {startup_cpu:.2f} s CPU")
        from interview.commands.highlight import available_cores

        for jobs in (1, None):
            full, full_cpu = time_cli(many, runs, jobs)
            label = "--jobs 1  " if jobs == 1 else f"default ({available_cores()} cores)"
            print(f"  {label} {count:,} real texts: {full:.2f} s wall -> "
                  f"{count / max(full - startup, 1e-9):,.0f} texts/s excluding start-up "
                  f"({count / full:,.0f} including it); CPU {full_cpu:.2f} s -> "
                  f"{count / max(full_cpu - startup_cpu, 1e-9):,.0f} texts per CPU-second excluding start-up")
    print(f"  (load average now {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores: wall figures need idle cores)")


def corpus_sentences() -> list[str]:
    paths = ([DEV_SET] if DEV_SET.exists() else []) + sorted((ROOT / "tests" / "data").glob("nlp_*.jsonl"))
    sentences = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                sentences.append(json.loads(line)["text"])
    return sentences


def realistic_notes(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    sentences = corpus_sentences()
    notes = []
    for _ in range(count):
        parts = rng.sample(sentences, rng.choice((1, 1, 1, 2, 2, 3)))
        note = " ".join(parts)
        if rng.random() < 0.2:
            note = note.lower().rstrip(".")
        notes.append(note)
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli-texts", type=int, default=15_000)
    parser.add_argument("--no-cli", action="store_true", help="only the in-process figures")
    args = parser.parse_args()
    if not args.no_cli:
        cli_figures(args.cli_texts, max(3, args.runs // 2))

    t0 = time.perf_counter()
    from interview.nlp import analyze, analyze_one, get_pipeline

    t1 = time.perf_counter()
    nlp = get_pipeline()
    t2 = time.perf_counter()
    print(f"import interview.nlp + spacy: {t1 - t0:.2f} s   build pipeline: {t2 - t1:.2f} s")

    notes = realistic_notes(args.notes)
    mean_chars = statistics.mean(len(n) for n in notes)
    print(f"{len(notes)} notes, mean {mean_chars:.0f} chars, {len(nlp.get_pipe('interview_highlighter').rules)} pattern ids")
    analyze(notes[:500])  # warm the vocab / tokenizer cache like a running app
    rates = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = analyze(notes)
        rates.append(len(notes) / (time.perf_counter() - start))
    fired = sum(1 for r in result if r)
    print(f"analyze: median {statistics.median(rates):,.0f} notes/s over {args.runs} runs "
          f"(min {min(rates):,.0f}, max {max(rates):,.0f}); {fired / len(notes):.0%} of notes get a highlight")

    latencies = []
    for note in notes[:2000]:
        start = time.perf_counter()
        analyze_one(note)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"analyze_one latency: median {statistics.median(latencies):.3f} ms, p99 {p99:.3f} ms, max {latencies[-1]:.3f} ms")


if __name__ == "__main__":
    main()
