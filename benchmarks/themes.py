"""How well the theme engine groups like a researcher, and how fast (BANKING77 train, a dev file).

    .venv/bin/python benchmarks/themes.py [--csv PATH] [--part all|tune|report] [--samples N]
    .venv/bin/python benchmarks/themes.py --tune     # grid of thresholds on the tuning part only

Scores the engine's themes against the 77 intents with the adjusted Rand index
(ARI: one theme for everything, or one per statement, both score 0; a
statement left out of every theme counts as a theme of its own). The number of
themes is the engine's own choice. Parameters are chosen on the ``tune`` part
(a fixed random 70% of the rows, the part the shipped vectors were distilled
on); ``report`` is the other 30%, which nothing was fitted to. Prints ARI,
themes found, statements left out, statements per second (median of 3 runs)
and a sample of theme names. Also times 100 and 3,000 statements.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interview.themes import Settings, find_themes  # noqa: E402
from interview.themes.cluster import cut, merge_tree, refine  # noqa: E402
from interview.themes.embedding import load_table  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "banking77_train.csv"
TUNE_SHARE = 0.7
SPLIT_SEED = 77


def read_rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["text"], row["category"]) for row in csv.DictReader(handle)]


def split(count: int) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the tuning part and the report part (fixed, seeded)."""
    order = np.random.default_rng(SPLIT_SEED).permutation(count)
    cut = int(round(count * TUNE_SHARE))
    return np.sort(order[:cut]), np.sort(order[cut:])


def adjusted_rand_index(truth: list, found: list) -> float:
    """ARI (Hubert and Arabie) from the contingency table."""
    def pairs(x):
        return x * (x - 1) / 2

    table = Counter(zip(truth, found))
    sum_cells = sum(pairs(n) for n in table.values())
    sum_truth = sum(pairs(n) for n in Counter(truth).values())
    sum_found = sum(pairs(n) for n in Counter(found).values())
    expected = sum_truth * sum_found / pairs(len(truth))
    maximum = (sum_truth + sum_found) / 2
    return 1.0 if maximum == expected else (sum_cells - expected) / (maximum - expected)


def clusters_of(assignment: list[int | None]) -> list[int]:
    """Theme ids with each left-out statement as a theme of its own."""
    return [theme if theme is not None else -(i + 1) for i, theme in enumerate(assignment)]


def score(texts: list[str], intents: list[str], settings: Settings | None = None, runs: int = 3):
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = find_themes(texts, settings=settings)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    ari = adjusted_rand_index(intents, clusters_of(result.assignment))
    score.cpu = statistics.median(cpu)
    return ari, result, statistics.median(times)


def tune_grid(texts: list[str], intents: list[str], merges: list[float], offsets: list[float]) -> Settings:
    """ARI for each merge threshold and attach = merge + offset on ``texts``; returns the best.

    One merge tree serves every cut."""
    vectors = load_table().embed(texts)
    tree = merge_tree(vectors, min(merges))
    best, best_ari = Settings(), -1.0
    for merge in merges:
        groups = cut(len(texts), tree, merge)
        for attach in [round(merge + offset, 3) for offset in offsets]:
            labels = refine(vectors, groups, Settings().min_size, attach)
            found = clusters_of([int(x) if x >= 0 else None for x in labels])
            ari = adjusted_rand_index(intents, found)
            print(f"merge {merge:.2f} attach {attach:.2f}: ARI {ari:.3f}, themes {labels.max() + 1}, "
                  f"left out {(labels < 0).sum()}", flush=True)
            if ari > best_ari:
                best, best_ari = Settings(merge=merge, attach=attach), ari
    print(f"best on this part: merge {best.merge:.2f} attach {best.attach:.2f} (ARI {best_ari:.3f})")
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DATA)
    parser.add_argument("--part", choices=("all", "tune", "report", "each"), default="each")
    parser.add_argument("--samples", type=int, default=12)
    parser.add_argument("--tune", action="store_true", help="choose thresholds on the tuning part")
    args = parser.parse_args(argv)
    rows = read_rows(args.csv)
    load_table()  # loading the table once per process is not part of the per-statement figure
    tune, report = split(len(rows))
    if args.tune:
        grid = [round(0.3 + 0.025 * i, 3) for i in range(17)]
        tune_grid([rows[i][0] for i in tune], [rows[i][1] for i in tune], grid, [-0.15, -0.1, -0.05, 0.0])
        return
    parts = {"tune": tune, "report": report, "all": np.arange(len(rows))}
    names = list(parts) if args.part == "each" else [args.part]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall-clock figures depend on it)")
    print(f"{args.csv.name}: {len(rows)} statements, {len(set(i for _, i in rows))} intents (dev data)")
    for name in names:
        texts = [rows[i][0] for i in parts[name]]
        intents = [rows[i][1] for i in parts[name]]
        ari, result, seconds = score(texts, intents)
        left_out = sum(t is None for t in result.assignment)
        print(
            f"{name:>6}: {len(texts):5d} statements  ARI {ari:.3f}  themes {len(result.themes)} "
            f"(true {len(set(intents))})  left out {left_out} ({left_out / len(texts):.1%})  "
            f"{len(texts) / seconds:,.0f} statements/s ({seconds:.2f} s, median of 3)"
        )
    for size in (100, 3000):
        texts = [rows[i][0] for i in report[:size]] if size <= len(report) else [t for t, _ in rows[:size]]
        _, _, seconds = score(texts, ["x"] * len(texts))
        print(f"speed: {size} statements in {seconds:.3f} s (median of 3; {score.cpu:.3f} s of CPU)")
    texts = [rows[i][0] for i in report]
    intents = [rows[i][1] for i in report]
    _, result, _ = score(texts, intents, runs=1)
    print("sample of theme names (report part): name <- most common intent in it")
    step = max(1, len(result.themes) // args.samples)
    for theme in result.themes[::step][: args.samples]:
        top, count = Counter(intents[i] for i in theme.statements).most_common(1)[0]
        print(f"  {theme.label!r:40} {theme.size:4d} statements  <- {top} ({count})")


if __name__ == "__main__":
    main()
