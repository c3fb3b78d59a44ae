"""Session summaries read back as a reader would: Word structure, styles, colours; Markdown; JSON; files."""

from __future__ import annotations

import json
import os
import stat
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_UNDERLINE
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview.cli import main
from interview.export import ExportError, export_session
from interview.labels import LABEL_COLORS
from interview.store import Store

from test_export_fixtures import add, make_session


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "x.db") as s:
        yield s


@pytest.fixture(autouse=True)
def _no_user_guides(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def run_fill(run) -> str | None:
    shade = run._r.rPr.find(qn("w:shd")) if run._r.rPr is not None else None
    return shade.get(qn("w:fill")) if shade is not None else None


def find_run(document, text: str, after: str = "Notes"):
    """The first run with exactly this text, after the heading ``after``."""
    seen = False
    for p in document.paragraphs:
        if p.style.name.startswith("Heading") and p.text == after:
            seen = True
        if seen:
            for run in p.runs:
                if run.text == text:
                    return run
    raise AssertionError(f"no run {text!r}")


def test_docx_summary_reads_in_the_promised_order_with_native_styles(store, tmp_path):
    sid = make_session(store)
    path = export_session(store, sid, tmp_path / "s.docx")
    document = docx.Document(path)
    assert headings(document) == [
        ("Title", "Closing the books"), ("Heading 1", "Key findings"), ("Heading 2", "Problems stated"),
        ("Heading 2", "Emotions"), ("Heading 2", "Workarounds"), ("Heading 2", "Needs"),
        ("Heading 2", "Feature requests: asks to probe further"), ("Heading 2", "Starred quotes"),
        ("Heading 2", "Questions not asked"), ("Heading 1", "Notes"), ("Heading 2", "Warm-up"),
        ("Heading 2", "The last close"),
    ]
    facts = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
    assert facts["Participant"] == "Ana López" and facts["Company"] == "Acme Logistics Inc."
    assert facts["Role"] == "Controller" and facts["Interviewer"] == "Sam Reviewer"
    assert facts["Guide"] == "Month-end close (month-end)" and facts["Consent"].endswith("internal use")
    assert document.tables[0].style.name == "Table Grid"
    texts = [p.text for p in document.paragraphs]
    styles = {p.text: p.style.name for p in document.paragraphs}
    # ranked problems: the one with an emotion first, each with its verbatim quote and its question
    problems = [t for t in texts if "answering" in t and ("reconcile" in t or "Reconciling" in t)]
    assert problems[0].startswith("took forever to reconcile the bank feeds")
    assert "Tell me about the last time you closed the books." in problems[0]
    quote = "“Last time we closed the books it took forever to reconcile the bank feeds, I was so frustrated.”"
    assert styles[quote] == "Quote"
    assert any(p.style.name == "Intense Quote" and "keep a spreadsheet" in p.text for p in document.paragraphs)
    assert "Frustration (1)" in texts and "Worry (1)" in texts
    assert "Wrap-up · Who else should I talk to?" in texts
    assert styles["Wrap-up · Who else should I talk to?"] == "List Bullet"
    # feature request is only suggested, so it stays out unless asked for
    assert not any("auto-match" in t for t in texts[: texts.index("Notes")])
    note = next(p for p in document.paragraphs if p.text.startswith("03:05"))
    assert "Participant: " in note.text and note.text.endswith("#reconciliation")


def test_highlights_are_coloured_runs_with_a_legend_on_the_first_page(store, tmp_path):
    sid = make_session(store)
    document = docx.Document(export_session(store, sid, tmp_path / "s.docx", include_suggested=True))
    problem = find_run(document, "took forever to reconcile the bank feeds")
    assert run_fill(problem) == LABEL_COLORS["problem"].lstrip("#").upper()
    assert run_fill(find_run(document, "so frustrated")) == LABEL_COLORS["emotion"].lstrip("#").upper()
    assert run_fill(find_run(document, "keep a spreadsheet of every mismatch")) == "F7D58B"
    suggested = find_run(document, "a button to auto-match everything")
    assert suggested.font.underline == WD_UNDERLINE.DOTTED and problem.font.underline is None
    index, legend = next((i, p) for i, p in enumerate(document.paragraphs) if p.text.startswith("Legend:"))
    assert {run_fill(r) for r in legend.runs if run_fill(r)} == {c.lstrip("#").upper() for c in LABEL_COLORS.values()}
    assert "suggested by the app" in legend.text
    assert index < 5


def test_header_footer_page_field_and_core_properties(store, tmp_path):
    sid = make_session(store)
    path = export_session(store, sid, tmp_path / "s.docx")
    document = docx.Document(path)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Confidential — customer research"
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    props = document.core_properties
    assert props.title == "Closing the books" and props.author == "Sam Reviewer"
    assert props.created is not None and abs(props.created.timestamp() - time.time()) < 300


def test_export_file_is_owner_only_and_never_overwritten_without_force(store, tmp_path):
    sid = make_session(store)
    target = tmp_path / "s.docx"
    export_session(store, sid, target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    before = target.read_bytes()
    with pytest.raises(ExportError, match="already exists"):
        export_session(store, sid, target, fmt="md")
    assert target.read_bytes() == before
    export_session(store, sid, target, fmt="md", force=True)
    assert target.read_text().startswith("# Closing the books")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with pytest.raises(ExportError, match="folder .* does not exist"):
        export_session(store, sid, tmp_path / "missing" / "s.docx")
    with pytest.raises(ExportError, match="is a folder"):
        export_session(store, sid, tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() != 0:  # root ignores permissions
        with pytest.raises(ExportError, match="not writable"):
            export_session(store, sid, locked / "s.docx")
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("command", [
    ["export", "last", "--format", "md"], ["export", "last", "--format", "qdpx"], ["report", "--format", "md"],
    ["backup"],
])
def test_writers_refuse_devices_and_pipes_even_with_force(store, tmp_path, command):
    """Issue 13: `export --force -o /dev/null` replaced the device with a regular file (as root)."""
    make_session(store)
    store.close()
    fifo = tmp_path / "pipe.out"
    os.mkfifo(fifo)
    device = tmp_path / "null.out"
    device.symlink_to("/dev/null")  # a link, so that even the old code could only ever replace the link
    for target, kind in ((fifo, "a named pipe (FIFO)"), (device, "a device")):
        result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), *command, "-o", str(target), "--force"])
        assert result.exit_code == 1, result.output
        assert result.output == f"Error: {target} is {kind}, not a regular file; interview writes only to regular files or new paths\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.path.islink(device)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_device_as_the_redaction_terms_file_is_refused(store, tmp_path):
    """/dev/zero would be read until memory ran out; /dev/null shows the same refusal safely."""
    make_session(store)
    store.close()
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "export", "last", "--redact-terms", "/dev/null",
                                       "-o", str(tmp_path / "r.md")])
    assert result.exit_code == 1 and not (tmp_path / "r.md").exists()
    assert result.output == ("Error: cannot read the redaction terms file /dev/null: is a device, "
                             "not a regular terms file\n")


def test_default_name_is_date_participant_guide_in_the_cwd(store, tmp_path, monkeypatch):
    sid = make_session(store)
    monkeypatch.chdir(tmp_path)
    path = export_session(store, sid, fmt="json")
    day = store.get_session(sid).started_at[:10]
    assert path == tmp_path / f"{day}-ana-lopez-month-end.json"
    redacted = export_session(store, sid, fmt="md", redact=True)
    assert redacted.name == f"{day}-participant-1-month-end.md"


def test_markdown_and_json_carry_the_same_content(store, tmp_path):
    sid = make_session(store)
    md = export_session(store, sid, tmp_path / "s.md", fmt="md", include_suggested=True).read_text()
    data = json.loads(export_session(store, sid, tmp_path / "s.json", fmt="json", include_suggested=True).read_text())
    assert data["format"] == "interview.session-summary" and data["version"] == 1
    assert [p["text"] for p in data["problems"]] == ["took forever to reconcile the bank feeds", "Reconciling is so slow"]
    assert data["feature_requests"][0]["status"] == "suggested"
    assert data["unasked"] == ["Wrap-up · Who else should I talk to?"]
    note = data["sections"][1]["questions"][0]["notes"][0]
    assert note["time"] == "03:05" and note["tags"] == ["reconciliation"]
    assert {s["text"] for s in note["spans"]} == {"took forever to reconcile the bank feeds", "so frustrated"}
    for finding in data["problems"] + data["workarounds"] + data["needs"]:
        assert finding["text"] in md
    assert "**took forever to reconcile the bank feeds** _(problem)_" in md
    assert "_a button to auto-match everything_ _(feature request?)_" in md
    assert "**Frustration (1)**" in md and "- Wrap-up · Who else should I talk to?" in md
    assert md.index("## Key findings") < md.index("### Starred quotes") < md.index("## Notes")


def test_notes_only_consent_leaves_verbatim_quotes_out_and_says_so(store, tmp_path):
    sid = make_session(store, scope="notes-only")
    document = docx.Document(export_session(store, sid, tmp_path / "s.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Consent covers notes only" in text and "6 verbatim quotes were left out" in text
    assert "reconcile the bank feeds" not in text and "spreadsheet" not in text
    assert "runs month-end close" in text  # the interviewer's own note stays


def test_co_creation_ideas_are_ranked_by_votes_with_their_proposers(store, tmp_path):
    sid = make_session(store)
    store.update_session(sid, title="Workshop")
    bea = store.add_participant("Bea Ortiz")
    cid = store.add_participant("Cid Moss")
    stamp = "2025-01-01T10:00:00Z"
    store.db["ideas"].insert_all([
        {"id": "i1", "session_id": sid, "text": "Shared close checklist", "participant_id": bea.id, "theme": "close",
         "deleted": 0, "created_at": stamp, "updated_at": stamp},
        {"id": "i2", "session_id": sid, "text": "Auto-match rules", "participant_id": cid.id, "theme": "",
         "deleted": 0, "created_at": stamp, "updated_at": stamp},
    ])
    store.db["votes"].insert_all([{"id": f"v{i}", "session_id": sid, "idea_id": "i2", "participant_id": bea.id,
                                   "created_at": stamp} for i in range(3)] +
                                 [{"id": "v9", "session_id": sid, "idea_id": "i1", "participant_id": cid.id,
                                   "created_at": stamp}])
    document = docx.Document(export_session(store, sid, tmp_path / "s.docx"))
    assert ("Heading 1", "Ideas, ranked by votes") in headings(document)
    ideas = next(t for t in document.tables if t.rows[0].cells[1].text == "Idea")
    assert [[c.text for c in r.cells] for r in ideas.rows[1:]] == [
        ["1", "#2 Auto-match rules", "3", "Cid Moss", ""], ["2", "#1 Shared close checklist", "1", "Bea Ortiz", "close"],
    ]  # "Rank" is the place; "#N" is the idea's own number, as in the grid and the themes
    plain = docx.Document(export_session(store, make_session(store, name="Dee Bo"), tmp_path / "p.docx"))
    assert ("Heading 1", "Ideas, ranked by votes") not in headings(plain)


def test_empty_session_exports_in_every_format(store, tmp_path):
    session = store.create_session(title="Nobody came")
    for fmt in ("docx", "md", "json"):
        path = export_session(store, session.id, tmp_path / f"e.{fmt}", fmt=fmt)
        assert path.stat().st_size > 0
    document = docx.Document(tmp_path / "e.docx")
    assert "No notes were taken in this session." in [p.text for p in document.paragraphs]
    assert json.loads((tmp_path / "e.json").read_text())["sections"] == []


def test_odd_content_emoji_rtl_control_characters_and_long_notes(store, tmp_path):
    sid = make_session(store)
    weird = "Ça coûte 🙃 trop\x00 cher\x0b — שלום עולם — مرحبا\x1f and it broke\ufffe again"
    add(store, sid, weird, None, 900, highlights=[("it broke", "problem")])
    add(store, sid, "slow " * 4000, None, 901)
    path = export_session(store, sid, tmp_path / "odd.docx", force=True)
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "Ça coûte 🙃 trop cher — שלום עולם — مرحبا and it broke again" in text
    run = find_run(docx.Document(path), "it broke")
    assert run_fill(run) == LABEL_COLORS["problem"].lstrip("#").upper()
    with zipfile.ZipFile(path) as z:
        assert "\x00" not in z.read("word/document.xml").decode()
    assert "and it broke again" in export_session(store, sid, tmp_path / "odd.md", fmt="md").read_text()


def test_two_thousand_notes_all_reach_the_document(store, tmp_path):
    """How fast is benchmarks/export.py's job; tests/test_docx_xml.py checks the work stays linear."""
    session = store.create_session(title="Marathon")
    store.db["notes"].insert_all(
        {"id": f"n{i}", "session_id": session.id, "text": f"Note {i}: the invoices were late again", "speaker":
         "participant", "kind": "note", "offset_seconds": i, "starred": 0, "deleted": 0,
         "created_at": f"2025-01-01T10:{i // 60 % 60:02d}:{i % 60:02d}.{i:04d}Z", "updated_at": "x"}
        for i in range(2000)
    )
    path = export_session(store, session.id, tmp_path / "big.docx")
    assert sum(p.text.startswith(("0", "1", "2", "3")) for p in docx.Document(path).paragraphs) == 2000


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=200).filter(lambda t: t.strip()), cut=st.integers(0, 200))
def test_any_note_text_becomes_a_valid_document(tmp_path_factory, text, cut):
    folder = tmp_path_factory.mktemp("h")
    with Store(folder / "h.db") as store:
        session = store.create_session(title=text[:30] or "x")
        note = store.add_note(session.id, text, speaker="participant")
        from interview.models import Highlight

        end = min(len(text), max(1, cut))
        store.replace_auto_highlights(note.id, [Highlight(0, end, "problem")], "t")
        store.set_highlight_status(store.get_note(note.id).highlights[0].id, "accepted")
        for fmt in ("docx", "md", "json"):
            export_session(store, session.id, folder / f"h.{fmt}", fmt=fmt)
    document = docx.Document(folder / "h.docx")
    assert document.paragraphs[0].style.name == "Title"
    json.loads((folder / "h.json").read_text())


def test_cli_export_last_writes_the_file_and_errors_are_one_sentence(tmp_path, monkeypatch):
    db = tmp_path / "cli.db"
    with Store(db) as store:
        make_session(store)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db), "export", "last", "-o", "out.md"])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and (tmp_path / "out.md").read_text().startswith("# Closing the books")
    again = runner.invoke(main, ["--db", str(db), "export", "last", "-o", "out.md"])
    assert again.exit_code == 1 and "already exists" in again.output and "Traceback" not in again.output
    missing = runner.invoke(main, ["--db", str(db), "export", "zzzz"])
    assert missing.exit_code == 1 and "no session matches 'zzzz'" in missing.output
    terms = runner.invoke(main, ["--db", str(db), "export", "last", "--redact-terms", "nope.txt", "-o", "r.md"])
    assert terms.exit_code == 1 and "does not exist" in terms.output
    (tmp_path / "terms.txt").write_text("bank feeds\n# a comment\n")
    ok = runner.invoke(main, ["--db", str(db), "export", "last", "--redact-terms", "terms.txt", "-o", "r.md"])
    assert ok.exit_code == 0, ok.output
    red = (tmp_path / "r.md").read_text()
    assert "bank feeds" not in red and "Ana" not in red and r"\[term 1\]" in red
