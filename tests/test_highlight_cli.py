"""`interview highlight`: one text per line in, highlights out, clear errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from interview.commands.highlight import highlight


@pytest.fixture(scope="module")
def runner():
    from interview.nlp import get_pipeline

    get_pipeline()  # load once for the module
    return CliRunner()


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_json_gives_one_object_per_input_line_in_order(runner):
    text = "Exporting a report takes forever.\n\nWe meet on Tuesdays.\nCan you add dark mode?\n"
    result = runner.invoke(highlight, ["--json"], input=text)
    assert result.exit_code == 0, result.output
    records = json_lines(result.output)
    assert len(records) == 4
    assert [sorted({h["label"] for h in r["highlights"]}) for r in records] == [
        ["problem"],
        [],
        [],
        ["feature_request"],
    ]
    first = records[0]["highlights"][0]
    assert set(first) == {"label", "kind", "start", "end", "text", "rule", "confidence"}
    assert 0.0 <= first["confidence"] <= 1.0
    assert "Exporting a report takes forever."[first["start"] : first["end"]] == first["text"]


def test_json_from_a_file_and_from_dash(runner, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("ugh, so annoying\r\nwe copy it by hand\r\n", encoding="utf-8")
    from_file = runner.invoke(highlight, [str(path), "--json"])
    from_stdin = runner.invoke(highlight, ["-", "--json"], input=path.read_bytes())
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.output == from_stdin.output
    emotion, workaround = json_lines(from_file.output)
    assert {"emotion"} <= {h["label"] for h in emotion["highlights"]}
    assert [h["kind"] for h in emotion["highlights"] if h["label"] == "emotion"] == ["frustration"]
    assert {h["label"] for h in workaround["highlights"]} == {"workaround"}


def test_empty_input_prints_nothing(runner):
    result = runner.invoke(highlight, ["--json"], input="")
    assert (result.exit_code, result.output) == (0, "")


def test_blank_lines_get_an_empty_list(runner):
    result = runner.invoke(highlight, ["--json"], input="\n   \n")
    assert json_lines(result.output) == [{"highlights": []}, {"highlights": []}]


def test_a_100kb_line_is_handled(runner):
    line = "the sync is slow and we copy everything into excel " * 2000
    assert len(line) > 100_000
    result = runner.invoke(highlight, ["--json"], input=line + "\nok\n")
    assert result.exit_code == 0
    big, small = json_lines(result.output)
    assert big["highlights"] and small == {"highlights": []}
    assert all(line[h["start"] : h["end"]] == h["text"] for h in big["highlights"])


def test_plain_output_prints_every_text(runner):
    result = runner.invoke(highlight, [], input="The export is painful.\nWe meet on Tuesdays.\n")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("The export is painful.") and "problem" in lines[0]
    assert lines[1] == "We meet on Tuesdays."


def test_a_missing_file_is_one_sentence_and_exit_1(runner, tmp_path):
    result = runner.invoke(highlight, [str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "No such file" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_non_utf8_input_is_one_sentence_and_exit_1(runner, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("café is slow".encode("latin-1"))
    for args, kwargs in (([str(path)], {}), (["-"], {"input": path.read_bytes()})):
        result = runner.invoke(highlight, args, **kwargs)
        assert result.exit_code == 1
        assert "not UTF-8" in result.output and "Traceback" not in result.output


def test_a_missing_model_is_one_sentence_and_exit_1(runner, monkeypatch):
    import interview.nlp.pipeline as pipeline

    monkeypatch.setenv("INTERVIEW_SPACY_MODEL", "en_core_web_doesnotexist")
    monkeypatch.setattr(pipeline, "_cache", {})
    result = runner.invoke(highlight, ["--json"], input="slow\n")
    assert result.exit_code == 1
    assert "not installed" in result.output


def test_min_confidence_leaves_out_less_sure_highlights(runner):
    text = "It's fine, but the export is painful.\n"
    everything = json_lines(runner.invoke(highlight, ["--json"], input=text).output)[0]["highlights"]
    assert everything
    top = max(h["confidence"] for h in everything)
    kept = json_lines(runner.invoke(highlight, ["--json", "--min-confidence", str(top)], input=text).output)[0]
    assert kept["highlights"] and all(h["confidence"] >= top for h in kept["highlights"])
    result = runner.invoke(highlight, ["--json", "--min-confidence", "2"], input=text)
    assert result.exit_code != 0 and "--min-confidence" in result.output


def test_help_says_the_rules_work_alone_without_the_model(runner):
    result = runner.invoke(highlight, ["--help"])
    assert "rules work alone" in " ".join(result.output.split())


def test_empty_input_does_not_import_spacy():
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from interview.commands.highlight import highlight; "
        "r = CliRunner().invoke(highlight, ['--json'], input=''); "
        "print(r.exit_code, 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "False"]


def test_several_processes_give_the_same_lines_in_order(runner, monkeypatch):
    import interview.commands.highlight as command

    monkeypatch.setattr(command, "CHUNK_LINES", 7)
    monkeypatch.setattr(command, "PARALLEL_MIN_LINES", 10)
    text = "".join(f"{i}: the export is painful and I hate it\nwe meet on Tuesdays\n" for i in range(25))
    serial = runner.invoke(highlight, ["--json", "--jobs", "1"], input=text)
    parallel = runner.invoke(highlight, ["--json", "--jobs", "2"], input=text)
    assert serial.exit_code == parallel.exit_code == 0
    assert parallel.output == serial.output
    assert len(json_lines(parallel.output)) == 50


@pytest.fixture
def pools(monkeypatch):
    """The process counts of the pools ``highlight`` starts (they still run)."""
    import multiprocessing

    fork = type(multiprocessing.get_context("fork"))
    real, started = fork.Pool, []

    def spy(self, processes=None, *args, **kwargs):
        started.append(processes)
        return real(self, processes, *args, **kwargs)

    monkeypatch.setattr(fork, "Pool", spy)
    return started


MIXED = [
    "I'm not happy with how long the close takes.",
    "",
    "ugh, the export crashes every day 😤 and I'm worried about the audit",
    "Thanks to the new dashboard I was so relieved\r",
    "¿Qué? The invoice shows \"€1.200\" twice — I'm confused.",
    "we copy paste into a template every monday",
]


def test_default_spreads_long_input_over_the_available_cores_with_identical_output(runner, monkeypatch, pools):
    import interview.commands.highlight as command

    monkeypatch.setattr(command, "CHUNK_LINES", 5)
    monkeypatch.setattr(command, "PARALLEL_MIN_LINES", 10)
    monkeypatch.setattr(command, "available_cores", lambda: 2)
    text = "".join(f"{i} {line}\n" for i in range(40) for line in MIXED)
    serial = runner.invoke(highlight, ["--json", "--jobs", "1"], input=text)
    assert pools == []  # --jobs 1: one process
    default = runner.invoke(highlight, ["--json"], input=text)
    assert pools == [2]
    assert serial.exit_code == default.exit_code == 0
    assert default.output == serial.output
    assert len(json_lines(default.output)) == 40 * len(MIXED)


def test_short_input_stays_in_one_process(runner, monkeypatch, pools):
    import interview.commands.highlight as command

    monkeypatch.setattr(command, "available_cores", lambda: 4)
    result = runner.invoke(highlight, ["--json"], input="\n".join(MIXED) + "\n")
    assert result.exit_code == 0 and pools == []
    assert len(json_lines(result.output)) == len(MIXED)


def test_available_cores_is_at_least_one():
    from interview.commands.highlight import available_cores

    assert available_cores() >= 1


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(), rule=st.text(max_size=20), kind=st.none() | st.sampled_from(["delight", "relief"]),
    confidence=st.none() | st.floats(0, 1), start=st.integers(0, 10**6),
)
def test_json_lines_are_what_json_dumps_writes(text, rule, kind, confidence, start):
    import json

    from interview.commands.highlight import highlight_json, json_record
    from interview.models import Highlight

    found = [Highlight(start, start + len(text), "emotion", kind, text, rule, confidence=confidence),
             Highlight(0, 1, "problem", None, '"\\\n\u2028é😀', "r", confidence=0.85)]
    expected = json.dumps({"highlights": [highlight_json(h) for h in found]}, ensure_ascii=False) + "\n"
    assert json_record(found) == expected
    assert json_record([]) == json.dumps({"highlights": []}) + "\n"
