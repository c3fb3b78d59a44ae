"""Sentence-level precision / recall / F1 of the highlight rules, per label and emotion kind.

    python benchmarks/nlp_quality.py                 # dev set + every tests/data/nlp_*.jsonl
    python benchmarks/nlp_quality.py FILE.jsonl ...  # just these sets
    python benchmarks/nlp_quality.py --errors        # also list every false positive / negative

A labelled line is {"text", "problem", "workaround", "need", "feature_request": bool,
"emotions": [kind, ...]}.  A label counts as predicted when any highlight of it fires
anywhere in the text (for emotions: any highlight of that kind).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.nlp import PIPELINE_VERSION, analyze  # noqa: E402
from interview.nlp.labels import KINDS  # noqa: E402

DEV_SET = Path("/work/shared/data/interview_notes_dev.jsonl")
BINARY = ("problem", "workaround", "need", "feature_request")


def default_sets() -> list[Path]:
    sets = [DEV_SET] if DEV_SET.exists() else []
    return sets + sorted((ROOT / "tests" / "data").glob("nlp_*.jsonl"))


def gold_labels(row: dict) -> set[str]:
    labels = {label for label in BINARY if row.get(label)}
    labels |= {f"emotion:{kind}" for kind in row.get("emotions", [])}
    if row.get("emotions"):
        labels.add("emotion")
    return labels


def predicted_labels(highlights) -> set[str]:
    labels = {h.label for h in highlights}
    labels |= {f"emotion:{h.kind}" for h in highlights if h.label == "emotion"}
    return labels


def score(rows: list[dict]) -> tuple[dict[str, tuple[int, int, int]], list[tuple]]:
    predictions = analyze([row["text"] for row in rows])
    keys = list(BINARY) + ["emotion"] + [f"emotion:{k}" for k in KINDS]
    counts = {key: [0, 0, 0] for key in keys}  # tp, fp, fn
    errors = []
    for row, highlights in zip(rows, predictions):
        gold, pred = gold_labels(row), predicted_labels(highlights)
        for key in keys:
            if key in gold and key in pred:
                counts[key][0] += 1
            elif key in pred:
                counts[key][1] += 1
                errors.append(("FP", key, row["text"], highlights))
            elif key in gold:
                counts[key][2] += 1
                errors.append(("FN", key, row["text"], highlights))
    return {k: tuple(v) for k, v in counts.items()}, errors


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def print_table(name: str, n: int, counts: dict[str, tuple[int, int, int]]) -> None:
    print(f"\n{name}  ({n} texts)")
    print(f"  {'label':<24}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}")
    for key, (tp, fp, fn) in counts.items():
        support = tp + fn
        if support == 0 and fp == 0:
            continue
        p, r, f = prf(tp, fp, fn)
        print(f"  {key:<24}{p:>7.2f}{r:>7.2f}{f:>7.2f}{support:>9}")
    main = [counts[k] for k in list(BINARY) + ["emotion"]]
    tp, fp, fn = (sum(c[i] for c in main) for i in range(3))
    p, r, f = prf(tp, fp, fn)
    print(f"  {'micro (5 labels)':<24}{p:>7.2f}{r:>7.2f}{f:>7.2f}{tp + fn:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--errors", action="store_true", help="list false positives and negatives")
    args = parser.parse_args()
    print(f"pipeline {PIPELINE_VERSION}")
    for path in args.sets or default_sets():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        counts, errors = score(rows)
        print_table(path.name, len(rows), counts)
        if args.errors:
            for kind, key, text, highlights in errors:
                fired = "; ".join(f"{h.label}{'/' + h.kind if h.kind else ''}<{h.rule}>" for h in highlights)
                print(f"    {kind} {key:<22} {text}   [{fired}]")


if __name__ == "__main__":
    main()
