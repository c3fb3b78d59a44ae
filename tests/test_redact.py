"""Redaction: no original identity survives anywhere in the written files."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest

from interview.export import ReportFilters, export_session, export_synthesis
from interview.export.redact import Redactor, read_terms_file
from interview.models import Highlight, Participant
from interview.store import Store

from test_export_fixtures import add, make_session

SECRETS = ["Ana López", "Ana", "López", "Lopez", "Acme Logistics Inc.", "Acme", "ana.lopez@acme.com",
           "555-0134", "415", "acme.example.com", "bank feeds"]


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "x.db") as s:
        yield s


def docx_texts(path: Path) -> tuple[str, str]:
    """All XML of the package, and the text of every paragraph with its runs joined (names split across runs)."""
    with zipfile.ZipFile(path) as z:
        xml = "\n".join(z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml"))
    joined = "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
                       for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S))
    return xml, joined


def person(**fields) -> Participant:
    return Participant(id=fields.pop("id", "p1"), name=fields.pop("name", "Ana López"), **fields)


@pytest.mark.parametrize("text, expected", [
    ("Ana López said so", "Participant 1 said so"),
    ("ana lópez said so", "Participant 1 said so"),
    ("Ana Lopez said so", "Participant 1 said so"),
    ("Ana's team", "Participant 1's team"),
    ("Mrs López agreed", "Mrs Participant 1 agreed"),
    ("Anabel is someone else", "Anabel is someone else"),
    ("She works at Acme Logistics Inc. in Leeds", "She works at Company A in Leeds"),
    ("Acme Logistics and Acme", "Company A and Company A"),
    ("write to ana.lopez@acme.com or x.y+z@corp.example.org", "write to [email 1] or [email 2]"),
    ("call +44 20 7946 0958 or (415) 555-0134", "call [phone 1] or [phone 2]"),
    ("on 2024-03-14 we paid 1,200 in 3 days", "on 2024-03-14 we paid 1,200 in 3 days"),
    ("see https://acme.example.com/close?x=1. Then www.foo.io", "see [link 1]. Then [link 2]"),
    ("the Project Falcon rollout", "the [term 1] rollout"),
])
def test_redactor_replaces_identities_with_stable_placeholders(text, expected):
    redactor = Redactor(["Project Falcon"])
    redactor.add_person(person(company="Acme Logistics Inc.", email="ana.lopez@acme.com"))
    assert redactor.text(text) == expected


def test_placeholders_are_stable_and_numbered_in_order_of_appearance():
    redactor = Redactor()
    assert redactor.add_person(person(id="a", name="Ana López", company="Acme")) == "Participant 1"
    assert redactor.add_person(person(id="b", name="Bob de la Cruz", company="Globex GmbH")) == "Participant 2"
    assert redactor.add_person(person(id="a", name="Ana López")) == "Participant 1"
    text = "Bob told Ana that Cruz from Globex and Acme met; Bob again."
    assert redactor.text(text) == ("Participant 2 told Participant 1 that Participant 2 from Company B and "
                                   "Company A met; Participant 2 again.")
    assert redactor.text("de la") == "de la"  # particles identify no one


def test_spans_follow_the_words_they_covered_after_redaction():
    redactor = Redactor()
    redactor.add_person(person())
    text = "Ana López said the close took forever, López added."
    spans = [Highlight(text.index("the close"), text.index("took forever") + len("took forever"), "problem"),
             Highlight(0, len("Ana López said"), "need")]
    new, moved = redactor.text_with_spans(text, spans)
    assert new == "Participant 1 said the close took forever, Participant 1 added."
    assert new[moved[0].start:moved[0].end] == "the close took forever"
    assert new[moved[1].start:moved[1].end] == "Participant 1 said"


def test_terms_file_skips_blanks_and_comments(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text("Falcon\n\n  # internal codename list\n  Northwind  \n", encoding="utf-8")
    assert read_terms_file(path) == ["Falcon", "Northwind"]


def test_redacted_docx_holds_no_original_string_in_body_tables_header_or_properties(store, tmp_path):
    sid = make_session(store)
    store.update_session(sid, title="Closing the books with Ana López at Acme")
    # a name split across runs: the highlight ends in the middle of the participant's name
    text = "Then Ana López phoned ana.lopez@acme.com about bank feeds at Acme."
    note = add(store, sid, text, None, 950, highlights=[("Then Ana", "problem")])
    assert note
    path = export_session(store, sid, tmp_path / "r.docx", redact=True, redact_terms=["bank feeds"],
                          include_suggested=True)
    xml, joined = docx_texts(path)
    for secret in SECRETS:
        assert secret not in xml, secret
        assert secret not in joined, secret
    props = docx.Document(path).core_properties
    assert props.title == "Closing the books with Participant 1 at Company A"
    assert "Then Participant 1 phoned [email 1] about [term 1] at Company A." in joined
    facts = {r.cells[0].text: r.cells[1].text for r in docx.Document(path).tables[0].rows}
    assert facts["Participant"] == "Participant 1" and facts["Company"] == "Company A"
    assert "Redacted:" in joined


def _without_ids(value):
    """JSON minus its random hex ids, which may contain a digit run such as "415" by chance."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_redacted_markdown_and_json_hold_no_original_string(store, tmp_path):
    sid = make_session(store)
    for fmt in ("md", "json"):
        out = export_session(store, sid, tmp_path / f"r.{fmt}", fmt=fmt, redact=True, redact_terms=["bank feeds"],
                             include_suggested=True).read_text()
        plain = json.dumps(_without_ids(json.loads(out)), ensure_ascii=False) if fmt == "json" else out
        for secret in SECRETS:
            assert secret not in plain, (fmt, secret)


def test_synthesis_redaction_is_consistent_across_sessions(store, tmp_path):
    make_session(store)
    make_session(store, name="Bob Smith", company="Globex", email="bob@globex.io", title="Globex close")
    make_session(store, name="Ana López", company="Acme Logistics Inc.", email="ana.lopez@acme.com",
                 title="Second talk with Ana")
    path = export_synthesis(store, tmp_path / "s.docx", redact=True, filters=ReportFilters())
    xml, joined = docx_texts(path)
    for secret in ["Ana", "López", "Bob", "Smith", "Globex", "Acme", "ana.lopez@acme.com", "bob@globex.io"]:
        assert secret not in xml, secret
    data = json.loads(export_synthesis(store, tmp_path / "s.json", fmt="json", redact=True).read_text())
    # two participant records named Ana López are one person to a reader: one placeholder, counted once
    assert data["participants"] == ["Participant 1", "Participant 2"]
    assert [s["participant"] for s in data["sessions"]] == ["Participant 1", "Participant 2", "Participant 1"]
    assert data["sessions"][2]["title"] == "Second talk with Participant 1"
    quotes = {q["participant"] for t in data["themes"] for q in t["quotes"]}
    assert quotes <= set(data["participants"])


# ---------------------------------------------------------------------- everyone the database knows (issue 13, item 4)

def _other_participant_mentioned(store) -> str:
    """Ana's session mentions Dana, a participant of another session, and her company."""
    sid = make_session(store)
    make_session(store, name="Dana Whitfield", company="Globex Corp", email="dana@globex.example",
                 title="Globex close")
    add(store, sid, "Dana Whitfield from Globex Corp told us the same; whitfield's team uses it too.", None, 700,
        tags=["shared"], highlights=[("told us the same", "problem")])
    return sid


@pytest.mark.parametrize("fmt", ["docx", "md", "json"])
def test_session_export_redacts_people_of_other_sessions(store, tmp_path, fmt):
    sid = _other_participant_mentioned(store)
    path = export_session(store, sid, tmp_path / f"r.{fmt}", fmt=fmt, redact=True, include_suggested=True)
    text = docx_texts(path)[1] if fmt == "docx" else path.read_text(encoding="utf-8")
    for secret in ("Dana", "Whitfield", "whitfield", "Globex", "dana@globex.example"):
        assert secret not in text, (fmt, secret)
    assert "Participant 2 from Company B told us the same; Participant 2's team" in text


def test_filtered_report_redacts_people_outside_the_filter(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from interview.cli import main

    db = tmp_path / "r.db"
    with Store(db) as s:
        _other_participant_mentioned(s)
    terms = tmp_path / "terms.txt"
    terms.write_text("Project Falcon\n", encoding="utf-8")
    with Store(db) as s:
        sid = next(x.id for x in s.list_sessions() if x.title == "Closing the books")
        add(s, sid, "Project Falcon slipped again", None, 10, highlights=[("slipped again", "problem")],
            tags=["shared"])
    for fmt in ("md", "json", "docx"):
        out = tmp_path / f"report.{fmt}"
        result = CliRunner().invoke(main, ["--db", str(db), "report", "--redact", "--redact-terms", str(terms),
                                           "--tag", "shared", "--include-suggested", "-o", str(out)])
        assert result.exit_code == 0, result.output
        text = docx_texts(out)[1] if fmt == "docx" else out.read_text(encoding="utf-8")
        assert "told us the same" in text or "told us the same".replace(" ", "") in text  # the statement is there
        for secret in ("Dana", "Whitfield", "Globex", "Ana", "López", "Acme", "Project Falcon"):
            assert secret not in text, (fmt, secret)


# ---------------------------------------------------------------------- name variants (issue 13, item 5)

VARIANTS = [
    ("Kowalski called back", "Participant 3 called back"),
    ("Ask O'Brien first", "Ask Participant 2 first"),
    ("Ask O’Brien’s manager", "Ask Participant 2’s manager"),
    ("siobhan obrien said no", "Participant 2 said no"),
    ("SIOBHÁN O'BRIEN said no", "Participant 2 said no"),
    ("Siobhán\nO’Brien said no", "Participant 2 said no"),
    ("Siobhan O Brien said no", "Participant 2 said no"),
    ("Smith-Jones agreed, as did Ms Smith Jones and smith–jones", "Participant 4 agreed, as did Ms Participant 4 and Participant 4"),
    ("Ms Jones called", "Ms Participant 4 called"),  # each half of a hyphenated surname alone
    ("Jan Kowalski and jan kowalski", "Participant 3 and Participant 3"),
    ("Jan asked; in jan we close", "Participant 3 asked; in jan we close"),
    ("Will said it will work", "Participant 5 said it will work"),
    ("Maya Lopez-Ngata wrote", "Participant 6 wrote"),
    ("Lopez-Ngata wrote", "Participant 6 wrote"),
]


@pytest.mark.parametrize("text, expected", VARIANTS)
def test_name_variants_are_redacted(text, expected):
    import unicodedata

    redactor = Redactor()
    for pid, name in enumerate(["Ana López", "Siobhán O'Brien", "Jan Kowalski", "Anna Smith-Jones",
                                "Will Hart", "Maya López-Ngata"]):
        redactor.add_person(person(id=str(pid), name=name))
    assert redactor.text(text) == expected
    nfd = unicodedata.normalize("NFD", text)  # pasted on macOS: accents as separate characters
    assert unicodedata.normalize("NFC", redactor.text(nfd)) == unicodedata.normalize("NFC", expected)


def test_nfd_text_keeps_highlights_on_the_same_words():
    import unicodedata

    redactor = Redactor()
    redactor.add_person(person(name="Siobhán O'Brien"))
    text = unicodedata.normalize("NFD", "Siobhán O’Brien: the close took forever, said Siobhán.")
    spans = [Highlight(text.index("the close"), text.index("forever") + len("forever"), "problem")]
    new, moved = redactor.text_with_spans(text, spans)
    assert new == "Participant 1: the close took forever, said Participant 1."
    assert new[moved[0].start:moved[0].end] == "the close took forever"


def test_short_and_common_first_names_only_when_capitalised():
    redactor = Redactor()
    redactor.add_person(person(id="a", name="Al Baker"))
    redactor.add_person(person(id="b", name="Grace Mbeki"))
    assert redactor.text("Al said the baker and al dente; Baker agreed") == \
        "Participant 1 said the baker and al dente; Participant 1 agreed"
    assert redactor.text("by grace of Grace; mbeki wrote") == "by grace of Participant 2; Participant 2 wrote"
