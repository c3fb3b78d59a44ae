"""How long a 2-hour interview transcript (about 20,000 words) takes to import and analyse.

    /work/venv/bin/python benchmarks/import.py [--runs 5]

Writes a Zoom-style WebVTT file (two speakers, the participant talking about
two thirds of the time, a few sentences per cue), then imports it into a fresh
database each run: read, merge fragments, roles, guide-question matching,
highlighting every utterance, and the one-transaction save. The first run
pays for loading spaCy and is reported apart; the median is over warm runs.
Target: under 3 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from interview.guides import fill_variables, resolve_guide
from interview.importers.cues import Cue
from interview.importers.transcript import ImportOptions, import_transcript
from interview.importers.vtt import to_vtt
from interview.store import Store

QUESTIONS = [
    "Tell me about the last time you had to deal with keeping track of customer feedback.",
    "Walk me through what you did, step by step.", "What was the hardest part of that?",
    "How do you handle it today?", "What have you tried already to make it easier?",
    "Don't you think that is painful?", "Would you use a tool that did that for you?",
]
ANSWERS = [
    "Last week I spent two hours copying feedback from emails into our spreadsheet, which was really frustrating.",
    "We keep a shared doc, but nobody updates it, so I end up chasing people on Slack every Friday.",
    "Honestly I worry that we miss the important requests because they are buried in support tickets.",
    "I just export everything to CSV and sort it by hand, it takes forever and I hate doing it.",
    "It would be great to see which customers asked for the same thing without reading every ticket.",
    "The last time it broke, the sales team promised a feature we had already dropped, and it was embarrassing.",
]


def transcript(words: int = 20_000, seed: int = 7) -> list[Cue]:
    rng = random.Random(seed)
    cues, at, count, speaker_is_participant = [], 0.0, 0, False
    while count < words:
        speaker_is_participant = not speaker_is_participant if rng.random() < 0.7 else speaker_is_participant
        text = rng.choice(ANSWERS if speaker_is_participant else QUESTIONS)
        if speaker_is_participant and rng.random() < 0.5:
            text += " " + rng.choice(ANSWERS)
        length = len(text.split()) / 2.6  # about 155 words a minute
        cues.append(Cue(at, at + length, "Dana Smith" if speaker_is_participant else "Priya Raman", text))
        at += length + 0.4
        count += len(text.split())
    return cues


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    guide = fill_variables(resolve_guide("problem-discovery"), {})
    with tempfile.TemporaryDirectory() as tmp:
        cues = transcript()
        path = Path(tmp) / "two-hours.vtt"
        path.write_text(to_vtt(cues), encoding="utf-8")
        words = sum(len(c.text.split()) for c in cues)
        times = []
        for run in range(args.runs + 1):
            with Store(Path(tmp) / f"run{run}.db") as store:
                started = time.perf_counter()
                result = import_transcript(store, path, ImportOptions(guide=guide))
                times.append(time.perf_counter() - started)
        notes, minutes = len(result.plan.notes), cues[-1].end / 60
        print(f"{len(cues)} cues, {words} words, {minutes:.0f} min -> {notes} notes, {result.highlights} highlights")
        print(f"first run (loads spaCy): {times[0]:.2f} s")
        print(f"median of {args.runs} warm runs: {statistics.median(times[1:]):.2f} s "
              f"(min {min(times[1:]):.2f}, max {max(times[1:]):.2f}); target < 3 s")


if __name__ == "__main__":
    main()
