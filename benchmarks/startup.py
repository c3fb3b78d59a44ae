"""Start-up: from process start to the home screen's first paint, against a bare Textual app.

    /work/venv/bin/python benchmarks/startup.py            # 15 runs of each, alternating
    /work/venv/bin/python benchmarks/startup.py --runs 30

Each run is a fresh ``python`` process started from here. The interview child goes the
way a user does (``interview.cli:main`` -> open the database -> InterviewApp -> HomeScreen),
headless, and exits right after the first refresh that follows the home screen's mount;
it reports the wall time of that moment and whether spaCy was imported by then. The
bare child is a one-Static Textual app timed the same way. Target: interview / bare
<= 1.5 (medians), and spaCy never imported before first paint.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INTERVIEW_CHILD = r"""
import sys, time, json
from textual.app import App
from interview.app import InterviewApp

App_run = App.run
def run(self, *args, **kwargs):
    kwargs["headless"] = True
    return App_run(self, *args, **kwargs)
App.run = run

mount = InterviewApp.on_mount
def on_mount(self):
    mount(self)
    def painted():
        print(json.dumps({"painted": time.time(), "screen": type(self.screen).__name__,
                          "spacy": "spacy" in sys.modules}), flush=True)
        self.exit()
    self.call_after_refresh(lambda: self.call_after_refresh(painted))
InterviewApp.on_mount = on_mount

from interview.cli import main
main(["--db", sys.argv[1]], standalone_mode=False)
"""

BARE_CHILD = r"""
import sys, time, json
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        def painted():
            print(json.dumps({"painted": time.time(), "screen": "Bare", "spacy": "spacy" in sys.modules}), flush=True)
            self.exit()
        self.call_after_refresh(lambda: self.call_after_refresh(painted))

Bare().run(headless=True)
"""


def time_child(code: str, *args: str) -> dict:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({out.returncode}): {out.stderr[-2000:]}")
    result = json.loads(lines[-1])
    result["ms"] = (result["painted"] - started) * 1000
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "startup.db")
        time_child(INTERVIEW_CHILD, db)  # creates the file and warms the OS cache; not counted
        time_child(BARE_CHILD)
        interview, bare, spacy, screens = [], [], [], set()
        for _ in range(args.runs):
            result = time_child(INTERVIEW_CHILD, db)
            interview.append(result["ms"])
            spacy.append(result["spacy"])
            screens.add(result["screen"])
            bare.append(time_child(BARE_CHILD)["ms"])
    med_i, med_b = statistics.median(interview), statistics.median(bare)
    print(f"runs: {args.runs} of each, alternating (python {sys.version.split()[0]})")
    print(f"interview to home first paint: median {med_i:.0f} ms (min {min(interview):.0f}, max {max(interview):.0f})")
    print(f"bare Textual app first paint:  median {med_b:.0f} ms (min {min(bare):.0f}, max {max(bare):.0f})")
    print(f"ratio interview / bare: {med_i / med_b:.2f} (target <= 1.5)")
    print(f"screen painted: {', '.join(sorted(screens))}; spacy imported at first paint: {any(spacy)}")
    assert screens == {"HomeScreen"}, "the interview child did not reach the home screen"
    assert not any(spacy), "spaCy was imported before the first paint"


if __name__ == "__main__":
    main()
