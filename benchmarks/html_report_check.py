"""The shareable HTML report in a real browser: headless Chromium (Debian's package) renders it.

Run: python benchmarks/html_report_check.py [--out DIR] [--feedback 400]
Builds a demo database (five interviews in two segments, plus imported-style feedback
statements), writes `report --format html`, then with Chromium: screenshots at 1280 and
390 px wide, one with scripts disabled, and the DOM after the script ran. Prints the
file size, whether the filter form appeared, the counts of themes and quotes, and
where the PNGs are, for a person to look at. Exits 2 when chromium is not installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interview.models import Highlight
from interview.store import Store

INTERVIEWS = {
    ("Dana Ruiz", "mid-market"): [
        ("Last month the Stripe payouts didn't match what landed in our bank account and I was furious.",
         "the Stripe payouts didn't match what landed in our bank account", "furious", "frustration"),
        ("I keep a spreadsheet of every payout gap and tick them off by hand.", None, None, None),
        ("Our auditors asked for the contract amendments and nobody could find them.",
         "nobody could find them", None, None),
    ],
    ("Luis Moreno", "smb"): [
        ("The payout totals never reconcile with the bank deposits, so I chase the gap line by line.",
         "payout totals never reconcile with the bank deposits", None, None),
        ("I export everything to Excel because the dashboard times out on big date ranges, so annoying.",
         "the dashboard times out on big date ranges", "so annoying", "frustration"),
    ],
    ("Priya Shah", "enterprise"): [
        ("Yesterday the deposits in the bank feed were different from the payout amounts again.",
         "deposits in the bank feed were different from the payout amounts", None, None),
        ("I worry we will fail the next audit because approvals live in email threads.",
         "approvals live in email threads", "worry", "worry"),
    ],
    ("Tom Becker", "mid-market"): [
        ("Matching payouts to bank transactions is a nightmare, the amounts are off every single time.",
         "Matching payouts to bank transactions is a nightmare", "nightmare", "frustration"),
        ("Last week the dashboard timed out twice when I picked a full quarter.",
         "the dashboard timed out twice", None, None),
    ],
    ("Mei Chen", "enterprise"): [
        ("What we receive in the bank rarely equals the payout the processor says it sent, which is confusing.",
         "What we receive in the bank rarely equals the payout", "confusing", "confusion"),
    ],
}
FEEDBACK = [
    ("payout amount does not match bank deposit", "smb"),
    ("dashboard times out when exporting a year", "mid-market"),
    ("payout report is wrong again", "smb"),
]


def _span(text: str, part: str, label: str, kind: str | None = None) -> Highlight:
    start = text.index(part)
    return Highlight(start=start, end=start + len(part), label=label, kind=kind, text=part, rule="demo")


def build_demo(path: Path, feedback: int = 0) -> Path:
    """A demo database: five interviews (and ``feedback`` statements of one imported source, when supported)."""
    with Store(path) as store:
        for (name, segment), lines in INTERVIEWS.items():
            person = store.add_participant(name, segment=segment, company=f"{name.split()[1]} GmbH")
            session = store.create_session(title=f"Month-end with {name}", guide_name="month-end",
                                           participant_id=person.id, consent_given=True, consent_scope="internal")
            store.start_session(session.id)
            for text, problem, emotion, kind in lines:
                note = store.add_note(session.id, text, speaker="participant", kind="quote")
                spans = [_span(text, problem, "problem")] if problem else [
                    _span(text, text.split(" and ")[0].removeprefix("I "), "workaround")]
                if emotion:
                    spans.append(_span(text, emotion, "emotion", kind))
                store.replace_auto_highlights(note.id, spans, "demo")
                for h in store.get_note(note.id).highlights:
                    store.set_highlight_status(h.id, "accepted", "demo")
            store.end_session(session.id)
        if feedback:
            _add_feedback(store, feedback)
    return path


def _add_feedback(store: Store, count: int) -> None:
    """``count`` support tickets as one complete feedback source, through the import's own store calls."""
    from interview.models import FeedbackStatement

    source = store.start_feedback_source(name="Support tickets", file_name="tickets.csv", sha256="demo" * 16,
                                         fmt="csv", row_count=count, mapping={"text": "body"})
    statements, highlights = [], []
    for row in range(count):
        text, segment = FEEDBACK[row % len(FEEDBACK)]
        statements.append(FeedbackStatement(row=row + 2, text=text, customer=f"Customer {row % 97}", email="",
                                            occurred_at="2025-03-%02d" % (row % 28 + 1), rating=None,
                                            segment=segment, meta={}))
        highlights.append([_span(text, text, "problem")])
    batch = store.feedback_batch(source, statements, highlights, last_row=count + 1,
                                 customers=store.customer_index(source))
    store.add_feedback_batch(source, batch)
    store.complete_feedback_source(source, skipped=0)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _browser(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    base = [chromium() or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            f"--user-data-dir={profile}"]
    return subprocess.run(base + args, capture_output=True, text=True, timeout=120)


def screenshot(page: Path, png: Path, width: int, height: int = 2400, scripts: bool = True) -> Path:
    """A PNG of the page; ``scripts=False`` shows it as a reader without scripts sees it (the script removed:
    headless Chromium takes no screenshot with scripts switched off)."""
    if not scripts:
        import re

        bare = page.with_name(page.stem + "-noscript.html")
        bare.write_text(re.sub(r"<script>.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S),
                        encoding="utf-8")
        page = bare
    with tempfile.TemporaryDirectory() as profile:
        _browser([f"--window-size={width},{height}", f"--screenshot={png}", page.resolve().as_uri()], Path(profile))
    if not png.exists():
        raise SystemExit(f"chromium wrote no screenshot {png}")
    return png


def print_pdf(page: Path, pdf: Path) -> Path:
    """The page as the browser prints it (print styles: no filter controls)."""
    with tempfile.TemporaryDirectory() as profile:
        _browser(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri()], Path(profile))
    return pdf


def dom_after_script(page: Path, query: str = "") -> str:
    """The page's DOM after its script ran; ``query`` ("?segment=smb") presets the filters."""
    with tempfile.TemporaryDirectory() as profile:
        return _browser(["--dump-dom", page.resolve().as_uri() + query], Path(profile)).stdout


def write_report(db: Path, out: Path) -> Path:
    from click.testing import CliRunner

    from interview.cli import main

    target = out / "synthesis.html"
    result = CliRunner().invoke(main, ["--db", str(db), "report", "--format", "html", "-o", str(target), "--force"])
    if result.exit_code:
        raise SystemExit(result.output)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="html-report-")))
    parser.add_argument("--feedback", type=int, default=400)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    db = build_demo(args.out / "demo.db", args.feedback) if not (args.out / "demo.db").exists() else args.out / "demo.db"
    started = time.perf_counter()
    page = write_report(db, args.out)
    took = time.perf_counter() - started
    html = page.read_text(encoding="utf-8")
    print(f"report: {page} ({len(html.encode()) / 1024:.1f} KiB, written in {took:.2f} s)")
    themes, quotes = html.count('<section class="theme"'), html.count('<figure class="quote"')
    print(f"themes: {themes}, statements shown: {quotes}")
    if not chromium():
        print("chromium is not installed (apt-get install chromium): no screenshots")
        return 2
    for width in (1280, 390):
        print("screenshot:", screenshot(page, args.out / f"report-{width}.png", width))
    print("screenshot without scripts:", screenshot(page, args.out / "report-390-noscript.png", 390, scripts=False))
    pdf = print_pdf(page, args.out / "report.pdf")
    print(f"printed: {pdf} ({pdf.stat().st_size / 1024:.0f} KiB; look with pdftoppm -png)")
    dom = dom_after_script(page)
    print("filter form shown by the script:", '<form class="filters" id="filters" aria-label' in dom)
    return 0


if __name__ == "__main__":
    sys.exit(main())
