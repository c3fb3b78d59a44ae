"""Which emotion phrases earn their place, judged on the GoEmotions train split (not run in CI).

    .venv/bin/python training/emotion_phrases.py                       # every phrase in emotion.jsonl
    .venv/bin/python training/emotion_phrases.py --kinds worry,relief  # some groups
    .venv/bin/python training/emotion_phrases.py --add "frustration:i disagree" --add "delight:made my day"

For each phrase, the rules pipeline (no model) runs over the train texts that contain its
words twice, with and without it; its marginal true and false positives are the texts whose
group it alone decides.  A phrase whose marginal precision is under half its group's train
F1 lowers that F1 (and one above raises it), so the verdict is DROP / ADD on that line when
it decides at least 4 texts.  This is how the shipped phrases were chosen; a verdict was
applied only when `benchmarks/nlp_quality.py` showed no notes-set figure moving, and
phrases read in interviews in another sense than on Reddit were kept ('concerned',
'embarrassed').  The dev split is not read here.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.nlp.labels import KINDS  # noqa: E402
from interview.nlp.pipeline import analyze, build_pipeline  # noqa: E402
from interview.nlp.version import PATTERNS_DIR  # noqa: E402
from training.goemotions import TRAIN, prf, read_groups  # noqa: E402

MIN_DECIDED = 4


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z]+", " ", text.lower().replace("’", "'").replace("n't", " not").replace("'", " ")).split()


def kinds_found(texts: list[str], nlp) -> list[set[str]]:
    return [{h.kind for h in found if h.label == "emotion"} for found in analyze(texts, nlp=nlp)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated emotion groups")
    parser.add_argument("--add", action="append", default=[], metavar="KIND:PHRASE", help="a phrase to try adding")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    texts, groups = read_groups(TRAIN)
    padded = [" " + " ".join(words(t)) + " " for t in texts]
    base = kinds_found(texts, build_pipeline("blank", emotions=False))
    f1 = {}
    for k in KINDS:
        tp = sum(k in p and k in g for p, g in zip(base, groups))
        fp = sum(k in p and k not in g for p, g in zip(base, groups))
        fn = sum(k not in p and k in g for p, g in zip(base, groups))
        f1[k] = prf(tp, fp, fn)[2]
    print("train F1, rules alone: " + ", ".join(f"{k} {f1[k]:.3f}" for k in KINDS))
    lines = (PATTERNS_DIR / "emotion.jsonl").read_text(encoding="utf-8").splitlines()
    trials: list[tuple[str, str, list[str]]] = []  # (kind, phrase, the emotion.jsonl lines to try)
    if not args.add:
        for n, line in enumerate(lines):
            row = json.loads(line) if line.strip() else {}
            if row.get("kind") in kinds and isinstance(row.get("pattern"), str):
                trials.append((row["kind"], row["pattern"], lines[:n] + lines[n + 1 :]))
    for item in args.add:
        kind, _, phrase = item.partition(":")
        if kind not in KINDS or not phrase.strip():
            parser.error(f"--add wants KIND:PHRASE with KIND one of {', '.join(KINDS)}, not {item!r}")
        rule = next(json.loads(x)["id"] for x in lines if x.strip() and json.loads(x).get("kind") == kind)
        new = json.dumps({"id": rule, "label": "emotion", "pattern": phrase.strip(), "kind": kind})
        trials.append((kind, phrase.strip(), lines + [new]))
    with tempfile.TemporaryDirectory() as folder:
        patterns = Path(folder) / "patterns"
        for kind, phrase, trial in trials:
            key = " " + " ".join(words(phrase)) + " "
            rows = [i for i, t in enumerate(padded) if key in t]
            if not rows:
                continue
            shutil.rmtree(patterns, ignore_errors=True)
            shutil.copytree(PATTERNS_DIR, patterns)
            (patterns / "emotion.jsonl").write_text("\n".join(trial) + "\n", encoding="utf-8")
            nlp = build_pipeline("blank", patterns_dir=str(patterns), emotions=False)
            after = kinds_found([texts[i] for i in rows], nlp)
            decided = [i for i, a in zip(rows, after) if (kind in a) != (kind in base[i])]
            tp = sum(kind in groups[i] for i in decided)
            fp = len(decided) - tp
            if not decided:
                continue
            precision = tp / len(decided)
            adding = len(trial) > len(lines)
            better = precision > f1[kind] / 2 if adding else precision < f1[kind] / 2
            verdict = ("ADD" if adding else "DROP") if better and len(decided) >= MIN_DECIDED else ""
            print(f"{verdict:<5}{kind:<15}{phrase!r:<30} decides {len(decided):4d}: {tp:3d} right, precision {precision:.2f}")


if __name__ == "__main__":
    main()
