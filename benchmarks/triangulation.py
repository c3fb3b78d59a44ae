"""How long a synthesis takes when imported feedback joins five interviews.

Run: python benchmarks/triangulation.py [--feedback 10000 50000] [--repeat 3]
For each size: a throwaway database with the five demo interviews of
html_report_check.py and N feedback statements (about a third of them repeated words,
as tickets are), then the median time of build_synthesis and of rendering it as HTML,
the number of themes, and whether the interviewees' top theme stayed first.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import html_report_check as demo  # noqa: E402
from interview.export import build_synthesis  # noqa: E402
from interview.export.html_synthesis import synthesis_html  # noqa: E402
from interview.models import FeedbackStatement, Highlight  # noqa: E402
from interview.store import Store  # noqa: E402

WORDS = ("payout bank deposit invoice tax export dashboard login password sync slow crash report fee refund "
         "mobile app statement currency approval").split()


def add_feedback(store: Store, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    source = store.start_feedback_source(name="Tickets", file_name="t.csv", sha256="b" * 64, fmt="csv",
                                         row_count=count, mapping={"text": "text"})
    for start in range(0, count, 5000):
        rows = []
        for i in range(start, min(count, start + 5000)):
            words = rng.sample(WORDS, 4) if i % 3 else ["payout", "does", "not", "match", "bank"]
            rows.append(" ".join(words) + ("" if i % 3 == 0 else f" case {i % 4000}"))
        statements = [FeedbackStatement(row=start + k + 2, text=t, customer=f"C{(start + k) % 900}",
                                        segment=("smb", "enterprise")[k % 2]) for k, t in enumerate(rows)]
        spans = [[Highlight(start=0, end=len(t), label="problem", text=t, rule="bench")] for t in rows]
        store.add_feedback_batch(source, store.feedback_batch(source, statements, spans, last_row=start + len(rows) + 1,
                                                              customers=store.customer_index(source)))
    store.complete_feedback_source(source, skipped=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feedback", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = demo.build_demo(Path(folder) / "base.db")
        with Store(base) as store:
            top = build_synthesis(store).themes[0].name
        for size in args.feedback:
            db = Path(folder) / f"f{size}.db"
            db.write_bytes(base.read_bytes())
            with Store(db) as store:
                add_feedback(store, size)
                times, renders = [], []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    synthesis = build_synthesis(store)
                    times.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    synthesis_html(synthesis)
                    renders.append(time.perf_counter() - started)
            first = synthesis.themes[0]
            print(f"{size:>7} feedback: synthesis median {statistics.median(times):.2f} s "
                  f"({size / statistics.median(times):,.0f} statements/s), html {statistics.median(renders):.3f} s, "
                  f"{len(synthesis.themes)} themes; first '{first.name}' ({first.participants} interviewees, "
                  f"{first.feedback} feedback); interviewees' top theme '{top}' "
                  f"{'still first' if first.participants >= max(t.participants for t in synthesis.themes) else 'MOVED'}")


if __name__ == "__main__":
    main()
