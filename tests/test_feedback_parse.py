"""Reading feedback exports: formats, column guesses, dates, ratings, and every way a file can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview.importers.feedback import FeedbackError, mapping_options, plan_feedback
from interview.importers.feedback_read import parse_feedback_bytes
from interview.importers.feedback_values import DateReader, parse_rating

DATA = Path(__file__).parent / "data" / "feedback"


def plan(path: Path, **columns: str | None):
    return plan_feedback(path, mapping_options(**columns))


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# ------------------------------------------------------------------ the three real-format exports


def test_survey_csv_with_bom_and_multiline_cells_is_read_and_its_columns_guessed() -> None:
    p = plan(DATA / "survey.csv")
    assert p.table.columns[0] == "Respondent ID"  # the BOM is not part of the first header
    assert p.mapping.columns == {
        "text": "What is the main reason for your score?", "customer": "Name", "email": "Email",
        "date": "Submitted At", "segment": "Plan", "rating": "How likely are you to recommend Acme to a friend or colleague?",
    }
    assert p.mapping.others == ["Respondent ID", "Anything else?"]
    first, second, third = p.statements
    assert first.text.endswith("by hand.\nIt takes me two hours and I hate it.")  # a quoted cell over two lines
    assert "\r" not in third.text
    assert (first.row, first.customer, first.email, first.segment, first.rating) == (
        2, "José Pérez", "jose.perez@example.com", "Pro", 3.0)
    assert first.occurred_at == "2025-03-31T10:15:22.000Z"
    assert second.text == 'Setup was quick, "it just worked" on the first try.'
    assert second.meta == {"Respondent ID": "R_3c4d", "Anything else?": "Keep it simple, please"}
    assert p.skipped == [(4, "empty text")]  # a cell of spaces is empty
    assert third.row == 5


def test_support_desk_csv_with_semicolons_and_day_first_dates() -> None:
    p = plan(DATA / "support.csv")
    assert p.table.delimiter == ";"
    assert p.mapping["text"] == "Description" and p.mapping["email"] == "Requester email"
    assert p.mapping["customer"] == "Requester" and p.mapping["date"] == "Created"
    assert [s.occurred_at[:16] for s in p.statements] == ["2025-03-31T14:02", "2025-04-01T09:10", "2025-04-15T11:20"]
    # "good"/"bad" satisfaction is not a number: the guess is dropped and the column kept as metadata
    assert p.mapping["rating"] is None and "Satisfaction" in p.mapping.others
    assert any("Satisfaction" in w for w in p.warnings)
    assert p.statements[0].meta["Satisfaction"] == "bad"
    assert p.skipped == [(4, "empty text")]


def test_jsonl_reviews_with_nested_authors_and_unix_times() -> None:
    p = plan(DATA / "reviews.jsonl")
    assert p.table.unit == "line"
    assert p.mapping["text"] == "body" and p.mapping["customer"] == "author.name"
    assert p.mapping["email"] == "author.email" and p.mapping["rating"] == "rating"
    first, second = p.statements
    assert first.occurred_at == "2025-03-31T10:00:00.000Z" and first.rating == 2.0 and first.email == ""
    assert second.meta["tags"] == '["search", "speed"]'
    assert p.skipped == [(3, "empty text")]


def test_named_columns_beat_guesses_and_match_case_insensitively() -> None:
    p = plan(DATA / "survey.csv", text="anything else?", customer="email", segment="-")
    assert p.mapping["text"] == "Anything else?" and p.mapping["customer"] == "Email"
    assert p.mapping["segment"] is None and "Plan" in p.mapping.others
    assert "text" not in p.mapping.guessed


# ------------------------------------------------------------------ what stops a file (nothing written)


def test_a_wrong_column_name_names_the_option_and_lists_the_columns() -> None:
    with pytest.raises(FeedbackError) as caught:
        plan(DATA / "support.csv", text="Comment")
    message = str(caught.value)
    assert "support.csv" in message and "no column named 'Comment' (--text)" in message
    assert "'Description'" in message


def test_a_broken_date_names_the_row_the_column_and_the_value(tmp_path: Path) -> None:
    path = write(tmp_path, "tickets.csv", "id,created,text\n1,2025-03-01,fine\n2,2025-02-30,bad date\n")
    with pytest.raises(FeedbackError) as caught:
        plan(path)
    assert str(caught.value).startswith(f"{path}, row 3, column 'created': '2025-02-30' is not a date")


def test_a_broken_date_in_jsonl_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "r.jsonl", '{"text": "slow app", "date": "2025-01-01"}\n{"text": "ok", "date": "soon"}\n')
    with pytest.raises(FeedbackError, match=r"line 2, column 'date': 'soon' is not a date"):
        plan(path)


def test_an_empty_date_cell_is_no_date_not_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "text,date\nslow app,\nslower app,2025-01-02\n")
    assert [s.occurred_at for s in plan(path).statements] == [None, "2025-01-02T00:00:00.000Z"]


@pytest.mark.parametrize("content, expected", [
    ('text,who\n"never closed,ana\n', "row 2: is not valid CSV"),
    ("text,who\nslow,ana,extra,cells\n", "row 2: has 4 cells but the header has 2"),
    ("text\n", "has a header but no rows"),
    ("", "is empty"),
    ("\x00\x01\x02binary", "is a binary file"),
])
def test_unparseable_csv_stops_with_one_sentence(tmp_path: Path, content: str, expected: str) -> None:
    with pytest.raises(FeedbackError, match=expected):
        plan(write(tmp_path, "bad.csv", content))


@pytest.mark.parametrize("content, expected", [
    ('{"text": "fine"}\n{"text": "broken\n', "line 2: is not valid JSON"),
    ('{"text": "fine"}\n["a list"]\n', "line 2: is a JSON list, not an object"),
])
def test_unparseable_jsonl_stops_naming_the_line(tmp_path: Path, content: str, expected: str) -> None:
    with pytest.raises(FeedbackError, match=expected):
        plan(write(tmp_path, "bad.jsonl", content))


def test_no_text_column_asks_for_text_and_lists_the_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "scores.csv", "id,score\n1,5\n2,3\n")
    with pytest.raises(FeedbackError, match=r"name it with --text \(the columns are: 'id', 'score'\)"):
        plan(path)


def test_every_text_empty_is_nothing_to_import(tmp_path: Path) -> None:
    with pytest.raises(FeedbackError, match="empty; nothing to import"):
        plan(write(tmp_path, "e.csv", "comment,name\n,ana\n  ,lee\n"))


def test_an_excel_workbook_is_refused_with_what_to_do_instead() -> None:
    with pytest.raises(FeedbackError, match="save the sheet as 'CSV UTF-8'"):
        parse_feedback_bytes(b"PK\x03\x04rest-of-zip", ".xlsx")


# ------------------------------------------------------------------ values


def test_windows_1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    p = plan(write(tmp_path, "old.csv", "comment,name\nslow export,Jos\xe9\n".encode("cp1252")))
    assert p.statements[0].customer == "José" and "not UTF-8" in p.warnings[0]


def test_a_customer_cell_holding_an_email_is_the_email(tmp_path: Path) -> None:
    p = plan(write(tmp_path, "t.csv", "feedback,customer\nslow,ana@example.com\n"))
    assert p.mapping["customer"] is None and p.mapping["email"] == "customer"  # the guess reads the cells
    assert p.statements[0].email == "ana@example.com"


@pytest.mark.parametrize("values, value, expected", [
    (["03/31/2025 10:15:22 AM"], "03/31/2025 10:15:22 PM", "2025-03-31T22:15:22.000Z"),
    (["31/03/2025"], "04/03/2025", "2025-03-04T00:00:00.000Z"),  # the column is day-first
    (["2025-03-31T10:15:22+02:00"], "2025-03-31T10:15:22+02:00", "2025-03-31T08:15:22.000Z"),
    ([], "2025-03-31 10:15:22 +0000", "2025-03-31T10:15:22.000Z"),
    ([], "1743415200000", "2025-03-31T10:00:00.000Z"),
    ([], "Mar 31, 2025", "2025-03-31T00:00:00.000Z"),
    ([], "2025-03-31 10:15:22 UTC", "2025-03-31T10:15:22.000Z"),
])
def test_dates_as_export_tools_write_them(values: list[str], value: str, expected: str) -> None:
    assert DateReader(values).read(value) == expected


def test_a_column_mixing_day_and_month_order_is_refused() -> None:
    with pytest.raises(ValueError, match="--date-format"):
        DateReader(["31/03/2025", "03/31/2025"])


def test_date_format_overrides_the_guess(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "text,date\nslow,04/03/2025\n")
    p = plan_feedback(path, mapping_options(), date_format="%d/%m/%Y")
    assert p.statements[0].occurred_at.startswith("2025-03-04")
    ambiguous = plan(path)
    assert ambiguous.statements[0].occurred_at.startswith("2025-04-03")
    assert any("month/day" in w for w in ambiguous.warnings)


@pytest.mark.parametrize("value, expected", [
    ("4", 4.0), ("4,5", 4.5), ("4/5", 4.0), ("9 - Very likely", 9.0), ("★★★☆☆", 3.0), ("", None), ("good", None),
])
def test_ratings(value: str, expected: float | None) -> None:
    assert parse_rating(value) == expected


def test_repeated_and_blank_headers_get_names(tmp_path: Path) -> None:
    p = plan(write(tmp_path, "t.csv", "comment,,comment\nslow app,x,y\n"), text="comment")
    assert p.table.columns == ["comment", "column 2", "comment (2)"]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=st.sampled_from('ab ,;\t"\n\r{}[]:é@0123456789-/.'), max_size=300).map(str.encode),
), suffix=st.sampled_from([".csv", ".tsv", ".jsonl", ".json"]))
def test_any_bytes_either_import_or_fail_with_one_sentence(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(data)
    try:
        p = plan(path)
    except FeedbackError as error:
        assert str(error).startswith(str(path)) and "\n" not in str(error).split(": ", 1)[0]
        return
    assert p.statements and all(s.text.strip() for s in p.statements)


def test_feedback_files_fail_like_transcripts_folder_missing_and_device(tmp_path):
    """Reading goes through the shared reader: a device is refused, not read as an empty table."""
    from interview.importers.feedback_read import read_feedback_file

    (tmp_path / "export.csv").mkdir()
    cases = [(tmp_path / "export.csv", "is a folder, not a feedback file"),
             (tmp_path / "none.csv", "does not exist"),
             (Path("/dev/null"), "is a device, not a regular feedback file")]
    for path, sentence in cases:
        with pytest.raises(FeedbackError) as caught:
            read_feedback_file(path)
        assert sentence in str(caught.value)
        assert str(path) in str(caught.value)
