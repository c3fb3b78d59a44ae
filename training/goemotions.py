"""Reading the shared GoEmotions group splits and scoring group predictions (training and benchmarks)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path("/work/shared/data")
TRAIN = DATA / "goemotions_groups_train.tsv"
DEV = DATA / "goemotions_groups_dev.tsv"


def read_groups(path: Path) -> tuple[list[str], list[set[str]]]:
    """Texts and, for each, its set of emotion groups (empty: none)."""
    texts, groups = [], []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts.append(row["text"])
            groups.append({g for g in row["groups"].split(",") if g})
    return texts, groups


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def group_counts(gold: list[set[str]], pred: list[set[str]], kinds) -> dict[str, tuple[int, int, int]]:
    counts = {k: [0, 0, 0] for k in kinds}
    for g, p in zip(gold, pred):
        for k in kinds:
            if k in p and k in g:
                counts[k][0] += 1
            elif k in p:
                counts[k][1] += 1
            elif k in g:
                counts[k][2] += 1
    return {k: tuple(v) for k, v in counts.items()}


def summary(counts: dict[str, tuple[int, int, int]], skip: tuple[str, ...] = ()) -> tuple[float, float, float, float]:
    """Micro P, R, F1 and macro F1 over the groups not in ``skip``."""
    keys = [k for k in counts if k not in skip]
    tp, fp, fn = (sum(counts[k][i] for k in keys) for i in range(3))
    p, r, f = prf(tp, fp, fn)
    macro = sum(prf(*counts[k])[2] for k in keys) / len(keys)
    return p, r, f, macro
