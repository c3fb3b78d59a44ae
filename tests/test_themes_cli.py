"""`interview themes`: one statement per line in, named themes out, clear errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from interview.cli import main
from interview.commands.themes import themes

STATEMENTS = """\
My card still hasn't arrived
I ordered a card two weeks ago and it never came

How long does delivery of a new card take?
I forgot my PIN and can't pay
How do I reset my PIN?
Where can I change my PIN number?
The cat sat on the mat in the sun
"""


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_json_gives_one_object_per_input_line_in_order(runner):
    result = runner.invoke(themes, ["--json"], input=STATEMENTS)
    assert result.exit_code == 0, result.output
    records = json_lines(result.output)
    assert len(records) == len(STATEMENTS.splitlines())
    assert all(set(r) == {"theme", "theme_id"} for r in records)
    card, pin = records[0], records[4]
    assert records[1] == card and records[3] == card
    assert records[5] == pin and records[6] == pin
    assert card["theme_id"] != pin["theme_id"] and isinstance(card["theme_id"], int)
    assert "card" in card["theme"].lower() and "pin" in pin["theme"].lower()
    assert records[2] == {"theme": None, "theme_id": None}  # the blank line
    assert records[7] == {"theme": None, "theme_id": None}  # fits nowhere


def test_a_file_and_dash_read_the_same(runner, tmp_path):
    path = tmp_path / "statements.txt"
    path.write_text(STATEMENTS.replace("\n", "\r\n"), encoding="utf-8")
    from_file = runner.invoke(themes, [str(path), "--json"])
    from_stdin = runner.invoke(themes, ["-", "--json"], input=STATEMENTS)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.output == from_stdin.output


def test_plain_output_lists_themes_with_their_statements_and_the_odd_ones(runner):
    result = runner.invoke(main, ["themes"], input=STATEMENTS)
    assert result.exit_code == 0, result.output
    assert "(3 statements)" in result.output
    assert "  - How do I reset my PIN?" in result.output
    assert result.output.rstrip().endswith("  - The cat sat on the mat in the sun")
    assert "Fits no theme (1)" in result.output


def test_empty_input_prints_nothing(runner):
    result = runner.invoke(themes, ["--json"], input="")
    assert (result.exit_code, result.output) == (0, "")


def test_a_100kb_line_and_odd_characters_are_handled(runner):
    line = "the payout never matches the bank " * 3000 + "x" * 500
    text = "\n".join([line, "\x00\x1b[31m😀\u200d", "payouts never match the bank deposits"]) + "\n"
    result = runner.invoke(themes, ["--json"], input=text)
    assert result.exit_code == 0, result.output
    assert len(json_lines(result.output)) == 3


def test_a_missing_file_is_one_sentence_and_exit_1(runner, tmp_path):
    result = runner.invoke(themes, [str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "No such file" in result.output and "Traceback" not in result.output


def test_non_utf8_input_is_one_sentence_and_exit_1(runner, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("café card never arrived".encode("latin-1"))
    result = runner.invoke(themes, [str(path)])
    assert result.exit_code == 1
    assert "not UTF-8" in result.output and "Traceback" not in result.output


def test_a_damaged_table_is_one_sentence_and_exit_1(runner, tmp_path, monkeypatch):
    import interview.themes.embedding as embedding

    (tmp_path / "vectors.npy").write_bytes(b"not numpy")
    monkeypatch.setattr(embedding, "data_dir", lambda: tmp_path)
    embedding.load_table.cache_clear()
    try:
        result = runner.invoke(themes, ["--json"], input="card never came\ncard did not arrive\n")
    finally:
        embedding.load_table.cache_clear()
    assert result.exit_code == 1
    assert "reinstall" in result.output and "Traceback" not in result.output
