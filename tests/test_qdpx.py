"""REFI-QDA export: a .qdpx that reads back with every coded selection on exactly its words."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.export import ExportError
from interview.export.qdpx import NAMESPACE, export_qdpx, export_qdpx_refs
from interview.export.qdpx_read import QdpxError, read_qdpx
from interview.models import Highlight
from interview.store import Store

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "x.db") as store:
        person = store.add_participant("Zoë Ångström")
        session = store.create_session(title="Invoicing — Zoë", participant_id=person.id, interviewer="Priya")
        store.add_note(session.id, "Tell me about the last invoice run.", offset_seconds=3)
        text = "Ugh — it’s so frustrating 😤, the export drops codes."  # non-ASCII and an astral emoji
        note = store.add_note(session.id, text, speaker="participant", offset_seconds=65.2, tags=["export", "month-end"])
        spans = [(w, text.index(w)) for w in ("so frustrating", "the export drops codes", "Ugh")]
        store.replace_auto_highlights(note.id, [
            Highlight(at, at + len(w), "problem" if w.startswith("the") else "emotion",
                      kind=None if w.startswith("the") else "frustration", text=w) for w, at in spans
        ], "test-1")
        hl = {h.text: h for h in store.get_note(note.id).highlights}
        store.set_highlight_status(hl["so frustrating"].id, "accepted")
        store.set_highlight_status(hl["Ugh"].id, "rejected")
        second = store.create_session(title="Second", interviewer="Priya")
        store.add_note(second.id, "Nothing coded here.")
        yield store


def test_round_trip_puts_every_selection_on_its_words(store: Store, tmp_path: Path) -> None:
    path = export_qdpx(store, store.session_ids(), tmp_path / "p.qdpx", include_suggested=True)
    project = read_qdpx(path)
    assert project.origin.startswith("interview ") and list(project.users.values()) == ["Priya"]
    source = project.sources[0]
    assert source.name == "Invoicing — Zoë"
    assert "[01:05] Zoë Ångström: Ugh — it’s so frustrating 😤, the export drops codes." in source.text
    coded = sorted((source.quoted(s), [project.code_path(c) for c in s.codes]) for s in source.selections)
    assert coded == [
        ("Ugh — it’s so frustrating 😤, the export drops codes.", ["Tags/export", "Tags/month-end"]),
        ("so frustrating", ["Highlights/Emotion/frustration"]),
        ("the export drops codes", ["Highlights/Problem"]),  # rejected "Ugh" is not exported
    ]
    suggested = [s for s in source.selections if s.description]
    assert [source.quoted(s) for s in suggested] == ["the export drops codes"]
    assert [(c.name, len(c.sources)) for c in project.cases] == [("Zoë Ångström", 1)]
    assert project.sources[1].selections == []


def test_suggestions_are_left_out_unless_asked(store: Store, tmp_path: Path) -> None:
    project = read_qdpx(export_qdpx(store, store.session_ids()[:1], tmp_path / "p.qdpx"))
    assert sorted(project.sources[0].quoted(s) for s in project.sources[0].selections) == [
        "Ugh — it’s so frustrating 😤, the export drops codes.", "so frustrating"]


def test_the_file_follows_the_exchange_format(store: Store, tmp_path: Path) -> None:
    path = export_qdpx(store, store.session_ids(), tmp_path / "p.qdpx", include_suggested=True)
    assert path.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        xml = archive.read("project.qde").decode("utf-8")
    assert names[0] == "project.qde" and all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    assert f'<Project xmlns="{NAMESPACE}"' in xml and "ns0:" not in xml
    order = [xml.index(f"<{tag}") for tag in ("Users", "CodeBook", "Cases", "Sources")]
    assert order == sorted(order)  # the schema's sequence
    for guid in re.findall(r'(?:guid|GUID)="([^"]+)"', xml):
        assert GUID.match(guid), guid
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in re.findall(r'color="([^"]+)"', xml))


def test_same_sessions_give_the_same_guids(store: Store, tmp_path: Path) -> None:
    first = read_qdpx(export_qdpx(store, store.session_ids(), tmp_path / "a.qdpx"))
    second = read_qdpx(export_qdpx(store, store.session_ids(), tmp_path / "b.qdpx"))
    assert [s.guid for s in first.sources] == [s.guid for s in second.sources]
    assert sorted(first.codes) == sorted(second.codes)


def test_refs_and_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="name the sessions to export, or give --all"):
        export_qdpx_refs(store, [], path=tmp_path / "p.qdpx")
    with pytest.raises(ExportError, match="no session matches 'zzzz'"):
        export_qdpx_refs(store, ["zzzz"], path=tmp_path / "p.qdpx")
    export_qdpx_refs(store, ["last"], path=tmp_path / "p.qdpx")
    with pytest.raises(ExportError, match="already exists"):
        export_qdpx_refs(store, [], all_sessions=True, path=tmp_path / "p.qdpx")
    with pytest.raises(QdpxError, match="not a REFI-QDA project"):
        read_qdpx(b"not a zip")


def test_export_command_writes_a_project(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["--db", str(store.path), "export"]
    out = tmp_path / "all.qdpx"
    result = runner.invoke(main, base + ["--all", "-o", str(out)])
    assert result.exit_code == 0 and result.output == f"Wrote {out}\n"
    assert len(read_qdpx(out).sources) == 2
    one = runner.invoke(main, base + ["--format", "qdpx", store.session_ids()[0][:8], "-o", str(tmp_path / "o.qdpx")])
    assert one.exit_code == 0, one.output
    two = runner.invoke(main, base + ["a", "b", "-o", str(tmp_path / "x.md")])
    assert two.exit_code == 2 and "name one SESSION" in two.output
    redacted = runner.invoke(main, base + ["--all", "--redact", "-o", str(tmp_path / "r.qdpx")])
    assert redacted.exit_code == 2 and "not available with --format qdpx" in redacted.output


# --------------------------------------------------------------------------- malformed projects (issue 13, item 12)


def _project(codes: str = "", sources: str = "", files: dict[str, bytes] | None = None) -> bytes:
    import io

    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NAMESPACE}" name="p">'
           f"<CodeBook><Codes>{codes}</Codes></CodeBook><Sources>{sources}</Sources></Project>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _selection(start: str, end: str) -> str:
    return (f'<TextSource guid="s1" name="n" plainTextPath="internal://s1.txt">'
            f'<PlainTextSelection guid="sel1" startPosition="{start}" endPosition="{end}"/></TextSource>')


@pytest.mark.parametrize("data, message", [
    (_project(codes="".join(f'<Code guid="c{i}" name="x">' for i in range(1100)) + "</Code>" * 1100), "more than 200 levels deep"),
    (_project(sources=_selection("x", "4"), files={"sources/s1.txt": b"text"}), "startPosition 'x'"),
    (_project(sources=_selection("0", "-3"), files={"sources/s1.txt": b"text"}), "endPosition '-3'"),
    (_project(sources=_selection("0", "2"), files={"sources/s1.txt": b"\xff\xfe\xfa"}), "is not UTF-8 text"),
    (_project(codes='<Code guid="a" name="A"><Code guid="a" name="again"/></Code>'), "code GUID a twice"),
], ids=["deep-codes", "letter-start", "negative-end", "not-utf8", "code-cycle"])
def test_malformed_projects_are_one_sentence(data: bytes, message: str) -> None:
    with pytest.raises(QdpxError, match=message):
        read_qdpx(data)


def test_an_entity_bomb_in_project_qde_is_refused() -> None:
    import io

    entities = '<!ENTITY e0 "aaaaaaaaaa">' + "".join(f'<!ENTITY e{i + 1} "{f"&e{i};" * 10}">' for i in range(9))
    qde = (f'<?xml version="1.0"?><!DOCTYPE Project [{entities}]>'
           f'<Project xmlns="{NAMESPACE}" name="&e9;"/>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde)
    with pytest.raises(QdpxError, match="not well-formed XML"):
        read_qdpx(out.getvalue())


def test_a_code_cycle_ends_the_path_walk() -> None:
    from interview.export.qdpx_read import QdaCode, QdaProject

    class Bounded(dict):
        """Fails the test instead of looping forever (and filling memory) when the walk never ends."""

        looked = 0

        def __getitem__(self, key: str) -> QdaCode:
            Bounded.looked += 1
            if Bounded.looked > 1000:
                raise AssertionError("code_path never ended on a cycle")
            return super().__getitem__(key)

    codes = Bounded({"a": QdaCode("a", "A", "b"), "b": QdaCode("b", "B", "a")})
    assert QdaProject(name="p", codes=codes).code_path("a") == "B/A"


def test_devices_and_pipes_are_not_projects(tmp_path: Path) -> None:
    with pytest.raises(QdpxError, match="is a device"):
        read_qdpx("/dev/null")
