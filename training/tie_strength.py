"""How strongly to tie words to their vectors, judged on a hold-out of the train split (not run in CI).

    .venv/bin/python training/tie_strength.py                 # untied, 1e-6, 1e-4, 1e-3
    .venv/bin/python training/tie_strength.py 1e-5 3e-4       # other strengths

Trains the emotion model of ``train_emotions.py`` on 90% of the GoEmotions train split
(fixed shuffle) for each L2 strength on the word-vector matrix (a negative strength:
untied) and prints the log loss on the other 10%, with each group's best F1 there.  The
shipped strength is the one with the lowest hold-out log loss; the dev split is not read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training.goemotions import TRAIN, read_groups  # noqa: E402
from training.train_emotions import (  # noqa: E402
    SEED, best_threshold, design, forward, norms_of, targets, train, word_vectors,
)

HOLD_OUT = 0.1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("strengths", nargs="*", type=float, default=[-1.0, 1e-6, 1e-4, 1e-3])
    parser.add_argument("--dim-bits", type=int, default=19)
    args = parser.parse_args()
    dim = 2**args.dim_bits
    texts, groups = read_groups(TRAIN)
    order = np.random.default_rng(7).permutation(len(texts))
    cut = int(len(texts) * (1 - HOLD_OUT))
    fit, held = order[:cut], order[cut:]
    norms, y = norms_of(texts), targets(groups)
    rows, idx, val = design([norms[i] for i in fit], dim)
    held_rows, held_idx, held_val = design([norms[i] for i in held], dim)
    tied = word_vectors(dim)
    for strength in args.strengths:
        t0 = time.perf_counter()
        w, b = train(rows, idx, val, y[fit], dim, epochs=300, lr=0.02, l2=1e-6, seed=SEED,
                     tied=tied if strength >= 0 else None, l2_tied=max(strength, 0.0))
        p = 1 / (1 + np.exp(-forward(w, b, held_rows, held_idx, held_val, len(held))))
        gold = y[held]
        loss = -np.mean(gold * np.log(p + 1e-7) + (1 - gold) * np.log(1 - p + 1e-7))
        f1 = [best_threshold(p[:, c], gold[:, c] > 0)[1] for c in range(gold.shape[1])]
        name = "untied" if strength < 0 else f"tied, L2 {strength:g}"
        print(f"{name:<16} hold-out log loss {loss:.4f}   best F1 per group {np.round(f1, 3).tolist()}"
              f"   ({time.perf_counter() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
