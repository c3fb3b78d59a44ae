"""Word layout (issue 17, item 9): one quote per note, attributions without the name twice, rows kept whole."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from interview.export import export_session, export_synthesis
from interview.models import Highlight
from interview.store import Store

TEXT = "The payout split is slow and the bank export is broken every single month."


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "x.db") as s:
        yield s


def session_with_two_problems_in_one_note(store: Store) -> str:
    person = store.add_participant("Dana Ruiz")
    sid = store.create_session(title="Problem discovery — Dana Ruiz", participant_id=person.id, consent_given=True).id
    note = store.add_note(sid, TEXT, speaker="participant")
    spans = [Highlight(start=TEXT.index(p), end=TEXT.index(p) + len(p), label="problem", text=p)
             for p in ("payout split is slow", "bank export is broken")]
    store.replace_auto_highlights(note.id, spans, "t")
    for h in store.get_note(note.id).highlights:
        store.set_highlight_status(h.id, "accepted", "tester")
    return sid


def test_a_note_with_several_highlights_is_quoted_once(store: Store, tmp_path: Path):
    sid = session_with_two_problems_in_one_note(store)
    document = docx.Document(export_session(store, sid, tmp_path / "s.docx"))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes == [f"“{TEXT}”"]
    markdown = export_session(store, sid, tmp_path / "s.md", fmt="md").read_text()
    assert markdown.split("## Notes")[0].count("every single month") == 1


def test_synthesis_attribution_names_the_participant_once(store: Store, tmp_path: Path):
    session_with_two_problems_in_one_note(store)
    document = docx.Document(export_synthesis(store, tmp_path / "y.docx"))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes and all(q.count("Dana Ruiz") == 1 for q in quotes)
    # the executive summary names who said it; a theme's quotes also where and when
    sections = [q for q in quotes if " · " in q]
    assert sections and all("— Dana Ruiz · Problem discovery · " in q for q in sections)
    assert all(q.endswith("— Dana Ruiz") for q in quotes if q not in sections)


def test_table_rows_never_split_across_pages(store: Store, tmp_path: Path):
    sid = session_with_two_problems_in_one_note(store)
    for path in (export_session(store, sid, tmp_path / "s.docx"), export_synthesis(store, tmp_path / "y.docx")):
        for table in docx.Document(path).tables:
            for row in table.rows:
                props = row._tr.trPr
                assert props is not None and props.find(qn("w:cantSplit")) is not None
                assert props[0].tag == qn("w:cantSplit")  # the schema's order: before tblHeader
