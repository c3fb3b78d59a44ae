"""Text-level precision / recall / F1 of the highlighter: rules alone, trained model alone, combined.

    python benchmarks/nlp_quality.py                 # notes sets + the GoEmotions dev split
    python benchmarks/nlp_quality.py FILE.jsonl ...  # just these notes sets (and GoEmotions dev)
    python benchmarks/nlp_quality.py --errors        # also list every false positive / negative (notes sets)
    python benchmarks/nlp_quality.py --no-goemotions # notes sets only

Notes sets: /work/shared/data/interview_notes_dev.jsonl and every tests/data/nlp_*.jsonl,
one {"text", "problem", "workaround", "need", "feature_request": bool, "emotions": [kind, ...]}
a line.  GoEmotions dev (/work/shared/data/goemotions_groups_dev.tsv): Reddit comments with
the product's seven emotion groups.  A label counts as predicted when any highlight of it fires
anywhere in the text (for emotions: any highlight of that kind).  "model" is the trained
component alone (its probability >= its dev threshold, whatever the per-group combination).
All figures are development figures: thresholds were chosen on the GoEmotions dev split.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.nlp.labels import KINDS  # noqa: E402
from interview.nlp.pipeline import analyze, build_pipeline, pipeline_version  # noqa: E402
from training.goemotions import DEV, group_counts, prf, read_groups, summary  # noqa: E402

DEV_SET = Path("/work/shared/data/interview_notes_dev.jsonl")
BINARY = ("problem", "workaround", "need", "feature_request")
KEYS = list(BINARY) + ["emotion"] + [f"emotion:{k}" for k in KINDS]


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


def model_labels(nlp, texts: list[str]) -> list[set[str]]:
    """The trained component's groups alone (its thresholds), as predicted label sets."""
    scorer = nlp.get_pipe("interview_emotions")
    model = scorer.model
    out = []
    for doc in scorer.pipe(nlp.tokenizer.pipe(texts, batch_size=1000)):
        kinds = {f"emotion:{k}" for k, t in zip(model.kinds, model.thresholds) if doc.cats.get(k, 0.0) >= t}
        out.append(kinds | ({"emotion"} if kinds else set()))
    return out


def count(gold: list[set[str]], pred: list[set[str]], keys: list[str]) -> dict[str, tuple[int, int, int]]:
    return group_counts(gold, pred, keys)


def print_table(title: str, counts: dict[str, tuple[int, int, int]], micro_keys: list[str]) -> None:
    print(f"\n{title}")
    print(f"  {'label':<24}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}")
    for key, (tp, fp, fn) in counts.items():
        if tp + fn == 0 and fp == 0:
            continue
        p, r, f = prf(tp, fp, fn)
        print(f"  {key:<24}{p:>7.3f}{r:>7.3f}{f:>7.3f}{tp + fn:>9}")
    if micro_keys:
        tp, fp, fn = (sum(counts[k][i] for k in micro_keys) for i in range(3))
        p, r, f = prf(tp, fp, fn)
        print(f"  {'micro (5 labels)':<24}{p:>7.3f}{r:>7.3f}{f:>7.3f}{tp + fn:>9}")


def print_groups(counts: dict[str, tuple[int, int, int]]) -> tuple[float, float]:
    """Prints the group summary; returns (micro-F1, macro-F1)."""
    groups = {k.removeprefix("emotion:"): v for k, v in counts.items() if k.startswith("emotion:")}
    p, r, f, macro = summary(groups)
    macro_nr = summary(groups, skip=("relief",))[3]
    micro_nr = summary(groups, skip=("relief",))[2]
    print(f"  {'groups micro':<24}{p:>7.3f}{r:>7.3f}{f:>7.3f}   (without relief F1 {micro_nr:.3f})")
    print(f"  {'groups macro F1':<24}{'':>14}{macro:>7.3f}   (without relief {macro_nr:.3f})")
    return f, macro


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--errors", action="store_true", help="list false positives and negatives")
    parser.add_argument("--no-goemotions", action="store_true", help="skip the GoEmotions dev split")
    args = parser.parse_args()
    rules = build_pipeline("blank", emotions=False)
    combined = build_pipeline("blank")
    has_model = "interview_emotions" in combined.pipe_names
    print(f"rules: {pipeline_version(rules)}   combined: {pipeline_version(combined)}")
    if not has_model:
        print("(no trained model file: 'combined' is the rules alone)")
    emotion_keys = ["emotion"] + [f"emotion:{k}" for k in KINDS]
    for path in args.sets or default_sets():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts = [row["text"] for row in rows]
        gold = [gold_labels(row) for row in rows]
        for name, nlp in (("rules", rules), ("combined", combined)):
            found = analyze(texts, nlp=nlp)
            pred = [predicted_labels(h) for h in found]
            counts = count(gold, pred, KEYS)
            print_table(f"{path.name} ({len(rows)} texts) — {name}", counts, list(BINARY) + ["emotion"])
            print_groups(counts)
            if args.errors and name == "combined":
                for row, g, p, hs in zip(rows, gold, pred, found):
                    fired = "; ".join(f"{h.label}{'/' + h.kind if h.kind else ''}<{h.rule}>" for h in hs)
                    for key in KEYS:
                        if (key in g) != (key in p):
                            print(f"    {'FP' if key in p else 'FN'} {key:<22} {row['text']}   [{fired}]")
        if has_model:
            counts = count(gold, model_labels(combined, texts), emotion_keys)
            print_table(f"{path.name} — model alone (emotions only)", counts, [])
            print_groups(counts)
    if args.no_goemotions or not DEV.exists():
        return
    texts, groups = read_groups(DEV)
    gold = [{f"emotion:{g}" for g in gs} | ({"emotion"} if gs else set()) for gs in groups]
    variants = [("rules", [predicted_labels(h) for h in analyze(texts, nlp=rules)])]
    if has_model:
        variants.append(("model alone", model_labels(combined, texts)))
        variants.append(("combined", [predicted_labels(h) for h in analyze(texts, nlp=combined)]))
    for name, pred in variants:
        counts = count(gold, pred, emotion_keys)
        print_table(f"GoEmotions dev ({len(texts)} texts) — {name}", counts, [])
        micro, macro = print_groups(counts)
    # the targets sit within a few thousandths: say them to four places
    print(f"\nGoEmotions dev, {name}: groups micro-F1 {micro:.4f} (target .65), macro-F1 {macro:.4f} (target .50)")


if __name__ == "__main__":
    main()
