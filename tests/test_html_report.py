"""`interview report --format html`: one self-contained page, all content without scripts, filters with one.

The browser checks (screenshots at 1280 and 390 px, the script running from file://)
are marked slow and skip when Debian's chromium is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import html_report_check as check  # noqa: E402

from test_export_fixtures import make_session  # noqa: E402


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    db = check.build_demo(tmp_path / "demo.db")
    result = CliRunner().invoke(main, ["--db", str(db), "report", "-o", "synthesis.html"])
    assert result.exit_code == 0, result.output
    return tmp_path / "synthesis.html"


class Refs(HTMLParser):
    """Every URL-bearing attribute and every tag, to prove the page fetches nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "action", "poster", "data", "srcset")]


def test_the_page_is_self_contained_and_fetches_nothing(page: Path):
    text = page.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o600
    refs = Refs()
    refs.feed(text)
    assert refs.urls and all(url.startswith("#") for url in refs.urls), refs.urls  # in-page links only
    assert "link" not in refs.tags and "img" not in refs.tags and "iframe" not in refs.tags
    assert "<script src" not in text and "@import" not in text and "url(" not in text
    assert "default-src 'none'" in text  # even a later edit cannot make it fetch
    assert '<meta name="viewport"' in text and "@media print" in text


def test_a_reader_without_scripts_sees_every_theme_quote_and_the_matrix(page: Path):
    text = page.read_text(encoding="utf-8")
    without_script = re.sub(r"<script>.*?</script>", "", text, flags=re.S)
    for section in ("Executive summary", "Themes", "Participants × themes", "Sessions read"):
        assert section in without_script
    for quote in ("Matching payouts to bank transactions is a nightmare",
                  "I worry we will fail the next audit because approvals live in email threads.",
                  "The payout totals never reconcile with the bank deposits"):
        assert quote in without_script
    # nothing is hidden in the markup except the controls that need the script
    hidden = re.findall(r"<(\w+)[^>]*\shidden[\s>]", without_script)
    assert set(hidden) <= {"form", "p"}, hidden
    assert '<form class="filters" id="filters" hidden' in without_script
    assert without_script.count("<tr data-segment=") == 5  # five participants in the matrix


def test_filters_offer_the_segments_sources_and_emotions_of_the_statements(page: Path):
    text = page.read_text(encoding="utf-8")
    for value in ("enterprise", "mid-market", "smb", "Interviews", "frustration", "worry", "confusion"):
        assert f'<option value="{value}">' in text, value
    assert '<label>Segment <select id="f-segment"' in text  # labelled controls
    assert 'data-segment="enterprise" data-source="Interviews" data-emotions="worry"' in text


def test_user_text_cannot_inject_markup(tmp_path: Path):
    db = tmp_path / "x.db"
    with Store(db) as store:
        make_session(store, name="Eve <script>alert(1)</script>", title="<img src=x onerror=alert(1)>")
    assert CliRunner().invoke(main, ["--db", str(db), "report", "-o", "x.html"]).exit_code == 0
    text = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_report_html_is_redacted_and_respects_external_consent(tmp_path: Path):
    db = tmp_path / "c.db"
    with Store(db) as store:
        make_session(store, scope="internal", name="Ana López", title="Inside only")
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db), "report", "-o", "r.html", "--redact"])
    assert result.exit_code == 0
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "López" not in text and "Participant 1" in text
    result = runner.invoke(main, ["--db", str(db), "report", "-o", "e.html", "--external"])
    assert result.exit_code == 0 and "allow no quotes outside the company" in result.stderr
    assert "took forever to reconcile" not in (tmp_path / "e.html").read_text(encoding="utf-8")


def test_a_report_cannot_be_qdpx(tmp_path: Path):
    Store(tmp_path / "e.db").close()
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "e.db"), "report", "-o", "x.qdpx"])
    assert result.exit_code == 2 and "choose docx, md, json or html" in result.output


needs_chromium = pytest.mark.skipif(check.chromium() is None, reason="Debian's chromium is not installed")


@pytest.mark.slow
@needs_chromium
def test_chromium_renders_it_at_desktop_and_phone_widths(page: Path, tmp_path: Path):
    for width in (1280, 390):
        png = check.screenshot(page, tmp_path / f"r{width}.png", width, height=1600)
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == width  # the page did not force a wider canvas


@pytest.mark.slow
@needs_chromium
def test_the_script_runs_from_file_url_and_filters(page: Path):
    dom = check.dom_after_script(page)
    assert '<form class="filters" id="filters" aria-label' in dom  # shown: the script ran from file://
    filtered = check.dom_after_script(page.with_name(page.name), query="?segment=enterprise")
    figures = re.findall(r'<figure class="quote"([^>]*)>', filtered)
    shown = [f for f in figures if "hidden" not in f]
    assert shown and all('data-segment="enterprise"' in f for f in shown)
    assert len(shown) < len(figures)
    assert "quotes match the filters." in filtered


@pytest.mark.slow
@needs_chromium
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_it_prints_without_the_controls(page: Path, tmp_path: Path):
    pdf = check.print_pdf(page, tmp_path / "r.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Executive summary" in text and "Participants × themes" in text
    assert "Matching payouts to bank transactions is a nightmare" in " ".join(text.split())
    assert "All segments" not in text and "Show all" not in text  # the filter form is not printed
