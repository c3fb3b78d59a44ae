"""How the researcher's side holds up with a year of interviews: 1,000 sessions, 100,000 notes.

    /work/venv/bin/python benchmarks/scale.py            # generate into a temp dir, measure, delete
    /work/venv/bin/python benchmarks/scale.py --db big.db --reuse   # keep and re-measure a generated file

Measures, headless at 120x40 with the real app and real screens, the median and p95 of:
home list first paint, opening a 300-note session in review, a search with filters
(typed into the search screen and drawn), and accepting a highlight (written, redrawn,
summary recounted). Two figures each: "painted", to the first frame that shows the
result (checked: a frame without the data fails the run), and "settled", until the app
is idle again (the footer catching up with the new screen's keys and the like).
Target: each under 100 ms at p95, painted.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Awaitable, Callable

from interview.models import EMOTION_KINDS, HIGHLIGHT_LABELS, Highlight
from interview.store import Store

SESSIONS = 1000
NOTES = 100_000
BIG_SESSION_NOTES = 300
TARGET_MS = 100.0

WORDS = (
    "export invoice spreadsheet close month report bank feed reconcile approval vendor payment "
    "dashboard customer onboarding pricing budget audit deadline manager team email import csv "
    "workflow ticket support integration sync password login mobile billing refund contract"
).split()
OPENERS = [
    "Last time we had to", "Every week I", "Honestly it is painful to", "We work around it and",
    "I get so frustrated when we", "What I really need is to", "I worry that we", "It would help to",
]
TAGS = [f"theme-{i:02d}" for i in range(40)]
SEGMENTS = ["smb", "mid-market", "enterprise", "public-sector"]


def _note_text(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))
    return f"{rng.choice(OPENERS)} {words}."


def _highlights(rng: random.Random, text: str) -> list[Highlight]:
    spans = []
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        start = rng.randrange(0, max(1, len(text) - 20))
        end = min(len(text), start + rng.randint(8, 30))
        label = rng.choice(HIGHLIGHT_LABELS)
        kind = rng.choice(EMOTION_KINDS) if label == "emotion" else None
        spans.append(Highlight(start=start, end=end, label=label, kind=kind, text=text[start:end], rule="bench"))
    return spans


def generate(store: Store, seed: int = 7) -> str:
    """Fill the store; returns the id of the 300-note session. One transaction per session for speed
    (the app itself commits every note)."""
    from interview.guides import guide_to_dict, resolve_guide

    rng = random.Random(seed)
    guide = resolve_guide("problem-discovery")
    snapshot = guide_to_dict(guide)
    question_ids = [q.id for _, q in guide.questions()]
    people = [store.add_participant(f"Person {i:03d}", segment=rng.choice(SEGMENTS)) for i in range(300)]
    per_session = (NOTES - BIG_SESSION_NOTES) // (SESSIONS - 1)
    big_id = ""
    started = time.perf_counter()
    for number in range(SESSIONS):
        count = BIG_SESSION_NOTES if number == SESSIONS // 2 else per_session
        if number == SESSIONS - 1:
            count = NOTES - BIG_SESSION_NOTES - per_session * (SESSIONS - 2)
        day = f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}"
        with store._write():  # noqa: SLF001 - bulk load only
            session = store.create_session(
                title=f"Interview {number:04d}", guide=snapshot, guide_name=guide.name,
                participant_id=rng.choice(people).id, interviewer="Sam", consent_given=True,
            )
            for i in range(count):
                text = _note_text(rng)
                tags = rng.sample(TAGS, rng.choice((0, 0, 1, 2)))
                note = store.add_note(session.id, text, question_id=rng.choice(question_ids),
                                      speaker=rng.choice(("participant", "participant", "interviewer")),
                                      offset_seconds=i * 20, tags=tags)
                spans = _highlights(rng, text)
                if spans:
                    store.replace_auto_highlights(note.id, spans, "bench-1")
        store.set_session_times(session.id, f"{day}T09:00:00.000Z", f"{day}T09:45:00.000Z")
        store.update_session(session.id, status="done")
        if count == BIG_SESSION_NOTES:
            big_id = session.id
        if number % 100 == 99:
            print(f"  {number + 1} sessions ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return big_id


def _report(name: str, samples: list[tuple[float, float]]) -> bool:
    painted = sorted(p for p, _ in samples)
    settled = sorted(s for _, s in samples)
    p95 = painted[max(0, int(round(0.95 * len(painted))) - 1)]
    settled_p95 = settled[max(0, int(round(0.95 * len(settled))) - 1)]
    ok = p95 < TARGET_MS
    print(f"{name:<34} painted median {statistics.median(painted):6.1f} p95 {p95:6.1f} ms   "
          f"settled median {statistics.median(settled):6.1f} p95 {settled_p95:6.1f} ms   {'ok' if ok else 'SLOW'}")
    return ok


async def _timed(app, pilot, act: Callable[[], Awaitable[object] | object], ready: Callable[[], bool]) -> tuple[float, float]:
    """(painted, settled) in ms from the start of ``act``.

    painted: when the app hands the terminal the first frame that shows the data. The
    app's ``_display`` (which headless runs call too, then skip the write) is watched,
    and ``ready`` is checked as each frame goes out, so a screen that paints empty and
    fills in later is timed to the frame that has its data. settled: once the app has
    nothing left to do, including follow-up work such as the footer listing the new
    screen's keys.
    """
    loop = asyncio.get_running_loop()
    painted: asyncio.Future[float] = loop.create_future()
    display = app._display

    def watched(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and not app._batch_count and not painted.done() and screen is app.screen and ready():
            painted.set_result((time.perf_counter() - started) * 1e3)

    app._display = watched
    started = time.perf_counter()
    try:
        outcome = act()
        if inspect.isawaitable(outcome):
            await outcome
        first = await asyncio.wait_for(painted, timeout=30)
    finally:
        del app._display  # back to the class's method
    await pilot.pause()
    return first, (time.perf_counter() - started) * 1e3


async def measure(store: Store, big_id: str, runs: int) -> bool:
    from textual.screen import Screen
    from textual.widgets import Header, Input, Static

    from interview.app import InterviewApp
    from interview.screens.home import HomeScreen
    from interview.screens.review import ReviewScreen
    from interview.screens.search import SearchScreen
    from interview.widgets.footer import Footer
    from interview.widgets.review_notes import NoteList
    from interview.widgets.session_list import SessionList

    class Baseline(Screen[None]):
        """What any screen costs in this harness: header, one line of text, footer."""

        BINDINGS = HomeScreen.BINDINGS

        def compose(self):
            yield Header()
            yield Static("baseline")
            yield Footer()

    app = InterviewApp(store)
    results: dict[str, list[tuple[float, float]]] = {
        "home list first paint": [], "open 300-note session in review": [],
        "search with filters": [], "accept a highlight": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        baseline = []
        for _ in range(runs):
            baseline.append(await _timed(app, pilot, lambda: app.push_screen(Baseline()), lambda: True))
            await app.pop_screen()
        print(f"{'baseline: header, text, footer':<34} painted median {statistics.median(p for p, _ in baseline):6.1f} ms"
              f"           settled median {statistics.median(s for _, s in baseline):6.1f} ms  (harness cost)")

        def home_ready() -> bool:
            return app.screen.query_one(SessionList).option_count > 0

        for _ in range(runs):
            results["home list first paint"].append(await _timed(app, pilot, lambda: app.push_screen(HomeScreen()), home_ready))
            await app.pop_screen()

        def review_ready() -> bool:
            return app.screen.query_one(NoteList).note_count >= BIG_SESSION_NOTES

        for _ in range(runs):
            results["open 300-note session in review"].append(
                await _timed(app, pilot, lambda: app.push_screen(ReviewScreen(big_id)), review_ready))
            await app.pop_screen()

        await app.push_screen(SearchScreen())
        await pilot.pause()
        screen = app.screen
        queries = ["export* tag:theme-03", "invoice OR refund label:problem since:2024-03-01",
                   '"bank feed" segment:smb', "payment -csv kind:worry", "spreadsheet participant:\"Person 01\""]
        for i in range(runs):
            screen.query_one("#search-input", Input).value = queries[i % len(queries)]
            results["search with filters"].append(await _timed(app, pilot, screen.run_search, lambda: True))
        await app.pop_screen()

        await app.push_screen(ReviewScreen(big_id))
        await pilot.pause()
        review = app.screen
        view = review.query_one(NoteList)
        targets = [n.id for n in view.notes.values() if any(h.status == "suggested" for h in n.highlights)]
        for note_id in targets[:runs]:
            view.select_note(note_id)
            await pilot.pause()
            results["accept a highlight"].append(await _timed(app, pilot, review.action_accept, lambda: True))
            review.action_undo()  # leave the database as generated, so --reuse can measure again
            await pilot.pause()
        if not results["accept a highlight"]:
            raise SystemExit("the big session has no suggested highlight left to accept: generate the database again")
    return all([_report(name, samples) for name, samples in results.items()])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database file to generate into (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="measure an already generated --db")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    os.environ.setdefault("INTERVIEW_GUIDES_DIR", folder.name)  # bundled guides only
    path = args.db or Path(folder.name) / "scale.db"
    if args.reuse and path.exists():
        store = Store(path)
        big_id = store.get_setting("bench_big_session")
    else:
        path.unlink(missing_ok=True)
        store = Store(path)
        t = time.perf_counter()
        print(f"generating {SESSIONS} sessions, {NOTES} notes into {path} ...", file=sys.stderr)
        big_id = generate(store)
        store.set_setting("bench_big_session", big_id)
        print(f"generated in {time.perf_counter() - t:.0f} s ({path.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    try:
        ok = asyncio.run(measure(store, big_id, args.runs))
    finally:
        store.close()
        folder.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
