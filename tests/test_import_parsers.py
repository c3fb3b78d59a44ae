"""Transcript readers: every format and tool, malformed input, and our own writers round-tripping."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview.importers.cues import Cue, TranscriptError, decode_transcript, merge_fragments, parse_clock
from interview.importers.detect import detect_format, parse_transcript, read_transcript
from interview.importers.srt import parse_srt, to_srt
from interview.importers.vtt import parse_vtt, to_vtt

DATA = Path(__file__).parent / "data" / "transcripts"
INTERVIEWER_TURNS = [
    "Thanks for making the time today, Dana.",
    "Tell me about the last time you sent invoices at the end of the month.",
    "Don't you think the export is painful?",
    "Do you use that spreadsheet every month?",
    "Would you use a tool that did the mapping automatically?",
    "What did you try before the spreadsheet?",
]


def utterances(name: str) -> list[Cue]:
    return merge_fragments(read_transcript(DATA / name).cues)


@pytest.mark.parametrize(
    "name, fmt, interviewer, participant",
    [
        ("zoom.vtt", "vtt", "Priya Raman", "Dana Smith"),
        ("teams.vtt", "vtt", "Priya Raman", "Dana Smith"),
        ("meet.vtt", "vtt", "Priya Raman", "Dana Smith"),
        ("zoom.srt", "srt", "Priya Raman", "Dana Smith"),
        ("notes.txt", "text", "Priya", "Dana"),
        ("otter.txt", "text", "Speaker 1", "Speaker 2"),
        ("teams.docx", "docx", "Priya Raman", "Dana Smith"),
        ("teams-old.docx", "docx", "Priya Raman", "Dana Smith"),
        ("otter.docx", "docx", "Speaker 1", "Speaker 2"),
    ],
)
def test_every_tool_gives_the_same_twelve_turns(name: str, fmt: str, interviewer: str, participant: str) -> None:
    transcript = read_transcript(DATA / name)
    turns = merge_fragments(transcript.cues)
    assert transcript.format == fmt
    assert [t.speaker for t in turns] == [interviewer, participant] * 6
    assert [t.text for t in turns[::2]] == INTERVIEWER_TURNS
    assert turns[3].text.startswith("So last Friday") and turns[3].text.endswith("drops the project codes.")
    assert int(turns[-1].start) == 71 and all(t.start is not None for t in turns)
    starts = [t.start for t in turns]
    assert starts == sorted(starts)


def test_teams_docx_title_above_the_first_turn_is_skipped_with_a_warning() -> None:
    transcript = read_transcript(DATA / "teams.docx")
    assert transcript.warnings == ["paragraphs 1-2: text before the first speaker was skipped"]


def test_fragments_of_one_turn_merge_with_first_start_and_last_end() -> None:
    turns = utterances("meet.vtt")
    assert (turns[1].start, turns[1].end) == (5.01, 9.87)
    assert turns[1].text == "Sure, happy to help. I only have about thirty minutes though."


def test_srt_markup_is_dropped() -> None:
    assert "<i>" not in utterances("zoom.srt")[3].text
    assert "really frustrating because" in utterances("zoom.srt")[3].text


@pytest.mark.parametrize("name", ["zoom.vtt", "zoom.srt", "notes.txt", "teams.docx"])
def test_format_is_detected_by_content_not_extension(tmp_path: Path, name: str) -> None:
    renamed = tmp_path / "transcript.dat"
    renamed.write_bytes((DATA / name).read_bytes())
    assert read_transcript(renamed).format == read_transcript(DATA / name).format


def test_headerless_vtt_is_read_with_a_warning() -> None:
    text = "1\n00:00:01.000 --> 00:00:02.000\nAna: Hello there?\n\n2\n00:00:03.000 --> 00:00:04.000\nBo: Hi.\n"
    assert detect_format(text.encode()) == "vtt"
    transcript = parse_transcript(text.encode())
    assert [c.speaker for c in transcript.cues] == ["Ana", "Bo"]
    assert "no WEBVTT header" in transcript.warnings[0]


# --------------------------------------------------------------------------- malformed input


def test_bad_vtt_timestamp_is_an_error_with_its_line() -> None:
    text = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAna: Hi.\n\n2\n00:61:00.000 --> 00:61:02.000\nBo: Hey.\n"
    with pytest.raises(TranscriptError) as caught:
        parse_vtt(text)
    assert caught.value.line == 8
    assert "bad timestamp '00:61:00.000'" in str(caught.value)


def test_bad_srt_timestamp_is_an_error_with_its_line() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nAna: Hi.\n\n2\n00:00:03,000 --> 0x:00:04,000\nBo: Hey.\n"
    with pytest.raises(TranscriptError) as caught:
        parse_srt(text)
    assert caught.value.line == 6


def test_bad_bracketed_timestamp_in_text_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("[00:00:01] Ana: Hi?\n[00:00:05] Bo: Hello.\n[00:99:00] Ana: And?\n")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert str(caught.value).startswith(f"{path}, line 3: bad timestamp")


def test_cue_with_no_text_is_skipped_with_a_warning() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana></v>\n\n00:00:03.000 --> 00:00:04.000\n<v Bo>Hi.</v>\n"
    transcript = parse_vtt(text)
    assert [c.text for c in transcript.cues] == ["Hi."]
    assert transcript.warnings == ["line 3: a cue with no text was skipped"]


def test_srt_cue_with_no_text_and_block_without_timing_are_warnings() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n\n2\ngarbage\n\n3\n00:00:03,000 --> 00:00:04,000\nBo: Hi.\n"
    transcript = parse_srt(text)
    assert [c.text for c in transcript.cues] == ["Hi."]
    assert len(transcript.warnings) == 2


def test_bom_and_crlf_are_handled() -> None:
    data = b"\xef\xbb\xbfWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v Ana>Hi.</v>\r\n"
    cues = parse_transcript(data, ".vtt").cues
    assert [(c.speaker, c.text) for c in cues] == [("Ana", "Hi.")]


def test_utf16_with_bom_is_read() -> None:
    data = "Ana: Hi, how are you?\nBo: Fine, thanks.\n".encode("utf-16")
    cues = parse_transcript(data, ".txt").cues
    assert [c.speaker for c in cues] == ["Ana", "Bo"]


def test_mixed_encodings_read_the_bad_line_as_cp1252_with_a_warning() -> None:
    data = "Ana: Où est le café?\n".encode() + "Bo: Très bien, merci.\n".encode("cp1252")
    text, warnings = decode_transcript(data)
    assert "Très bien" in text and "Où" in text
    assert warnings == ["line 2: not UTF-8, read as Windows-1252"]


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"  \n\n ", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"PK\x03\x04garbage", "damaged zip"),
    (b"just some words without any speaker at all\nand more\n", "no speaker names"),
    (b"WEBVTT\n\nNOTE nothing here\n", "no cues with text"),
])
def test_unusable_files_get_one_sentence(data: bytes, message: str) -> None:
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(data)
    assert message in str(caught.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="does not exist"):
        read_transcript(tmp_path / "nope.vtt")
    with pytest.raises(TranscriptError, match="is a folder"):
        read_transcript(tmp_path)


def test_a_word_file_that_is_not_word(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "t.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(TranscriptError, match="zip file, not a transcript"):
        read_transcript(path)


def test_one_off_colon_is_not_a_speaker() -> None:
    text = "\n".join(["Ana: Hi?", "Bo: Hello.", "Ana: So?", "Bo: Note: the export broke.", "Ana: Why?", "Bo: No idea."])
    cues = parse_transcript(text.encode()).cues
    assert cues[3].speaker == "Bo" and cues[3].text == "Note: the export broke."


@pytest.mark.parametrize("text, seconds", [
    ("00:01:02.500", 62.5), ("01:02,5", 62.5), ("1:2:3.0", 3723.0), ("0:00", 0.0), ("10:00:00", 36000.0),
])
def test_clock_forms(text: str, seconds: float) -> None:
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["00:60:00", "1:75", "abc", "00:00:00.0000", ""])
def test_bad_clocks(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)


# --------------------------------------------------------------------------- our writers round-trip

_words = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\x85"),
    min_size=1, max_size=40,
).map(lambda s: " ".join(s.split())).filter(bool)
_names = st.sampled_from(["Ana", "Bo Li", "Speaker 2", "Dr Kim"])


@st.composite
def _cues(draw) -> list[Cue]:
    count = draw(st.integers(min_value=1, max_value=12))
    at, cues = 0, []
    for _ in range(count):
        at += draw(st.integers(min_value=0, max_value=90_000))
        length = draw(st.integers(min_value=0, max_value=20_000))
        cues.append(Cue(at / 1000, (at + length) / 1000, draw(_names), draw(_words)))
    return cues


def _plain(cues: list[Cue]) -> list[tuple]:
    return [(c.start, c.end, c.speaker, c.text) for c in cues]


@settings(max_examples=150, deadline=None)
@given(_cues())
def test_vtt_we_write_reads_back_the_same_cues(cues: list[Cue]) -> None:
    assert _plain(parse_vtt(to_vtt(cues)).cues) == _plain(cues)


@settings(max_examples=150, deadline=None)
@given(_cues())
def test_srt_we_write_reads_back_the_same_cues(cues: list[Cue]) -> None:
    assert _plain(parse_srt(to_srt(cues)).cues) == _plain(cues)


# --------------------------------------------------------------------------- hostile or broken files (issue 13)


@pytest.mark.parametrize("data", [
    b"WEBVTT\n\n99999999999999999999:00:00.000 --> 99999999999999999999:00:01.000\nA: hello there\n",
    b"1\n99999999999999999999:00:00,000 --> 99999999999999999999:00:01,000\nA: hello\n",
    b"[99999999999999999999:00:00] Dana: hello\n[99999999999999999999:00:05] Priya: hi\n",
    b"WEBVTT\n\n" + b"9" * 5000 + b":00:00.000 --> 00:00:01.000\nA: hi\n",
    b"[" + b"9" * 5000 + b":00:00] Dana: hello\nPriya: hi\n",
], ids=["vtt", "srt", "text", "vtt-5000-digits", "text-5000-digits"])
def test_absurd_timestamps_are_one_short_sentence(data: bytes) -> None:
    from interview.importers.transcript import ImportOptions, plan_import

    with pytest.raises(TranscriptError) as caught:
        plan_import(parse_transcript(data), ImportOptions())
    message = str(caught.value)
    assert "bad timestamp" in message and len(message) < 160 and "digits" not in message


def test_a_date_near_the_year_9999_is_a_sentence_not_an_overflow() -> None:
    from datetime import datetime, timezone

    from interview.importers.transcript import ImportOptions, plan_import

    transcript = parse_transcript(b"[9000:00:00] Dana: hello\n[9000:00:05] Priya: hi\n")
    with pytest.raises(TranscriptError, match="past the year 9999"):
        plan_import(transcript, ImportOptions(when=datetime(9999, 12, 1, tzinfo=timezone.utc)))


def _docx_with(document_xml: bytes) -> bytes:
    """teams.docx with its document.xml replaced."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(DATA / "teams.docx") as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else source.read(info.filename)
            target.writestr(info.filename, data)
    return out.getvalue()


def test_an_xml_entity_bomb_in_a_word_file_is_refused_in_a_sentence() -> None:
    import zipfile

    original = zipfile.ZipFile(DATA / "teams.docx").read("word/document.xml")
    entities = b'<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10) for i in range(9))
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE w:document [' + entities + b"]>"
            + original.split(b"?>", 1)[1].replace(b"Priya", b"&j;", 1))
    with pytest.raises(TranscriptError, match="XML is damaged or hostile"):
        parse_transcript(_docx_with(bomb), ".docx")


def test_a_small_word_file_that_unpacks_past_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import interview.zip_limits as zip_limits

    monkeypatch.setattr(zip_limits, "MAX_UNPACKED", 1_000_000)  # the real cap is 200 MB; the rule is the same
    data = _docx_with(b"<w:document/>" + b" " * 2_000_000)
    assert len(data) < 100_000
    with pytest.raises(TranscriptError, match=r"unpacks to \d MB, more than the 1 MB"):
        parse_transcript(data, ".docx")


def test_devices_are_refused_without_reading(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="is a device, not a regular transcript file"):
        read_transcript("/dev/null")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "call.vtt"
    os.mkfifo(fifo)
    outcome: list[BaseException | object] = []

    def read() -> None:
        try:
            outcome.append(read_transcript(fifo))
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # the old behaviour: blocked in open(); release it so the test can fail cleanly
        with open(fifo, "wb") as writer:
            writer.write(b"WEBVTT\n\n00:00.000 --> 00:01.000\nA: hi\n")
        reader.join()
        pytest.fail("read_transcript waited for a writer on a named pipe")
    assert isinstance(outcome[0], TranscriptError) and "named pipe" in str(outcome[0])


def test_a_file_over_the_cap_is_refused_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import interview.importers.detect as detect

    monkeypatch.setattr(detect, "MAX_BYTES", 1000)
    path = tmp_path / "long.txt"
    path.write_bytes(b"Ana: hello\n" * 200)
    with pytest.raises(TranscriptError, match="larger than 1 KB"):
        read_transcript(path)
