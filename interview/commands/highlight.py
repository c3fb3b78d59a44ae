"""`interview highlight [FILE|-] [--json]`: run the highlight rules over one text per line."""

from __future__ import annotations

import os
import sys
from json.encoder import encode_basestring as _json_string  # json.dumps' own escaper (ensure_ascii=False)
from pathlib import Path
from typing import Iterator

import click

from interview.commands.common import min_confidence_option

CHUNK_LINES = 2000  # analyse and print in chunks, so long inputs stream
MAX_INPUT_BYTES = 50_000_000  # as for transcripts: a device or a runaway file is refused, not read to the end
_NOTHING = '{"highlights": []}\n'  # most lines: json.dumps of it, written once
PARALLEL_MIN_LINES = 2 * CHUNK_LINES  # below this, starting processes costs more than it saves


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container or taskset narrows)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows: no affinity call
        return os.cpu_count() or 1


def read_lines(source: str) -> list[str]:
    """The input's lines (without line endings); one clear sentence on failure."""
    if source == "-":
        stream = sys.stdin
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
        name = "standard input"
    else:
        from interview.regular_files import FileKindError, read_regular

        try:
            data = read_regular(Path(source), limit=MAX_INPUT_BYTES, what="text")
        except FileKindError as error:
            raise click.ClickException(f"{source} {error}.") from None
        except FileNotFoundError:
            raise click.ClickException(f"No such file: {source}.") from None
        except IsADirectoryError:
            raise click.ClickException(f"{source} is a directory, not a text file.") from None
        except OSError as error:
            raise click.ClickException(f"Cannot read {source}: {error.strerror or error}.") from None
        name = source
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{name} is not UTF-8 text (invalid byte at offset {error.start}); convert it to UTF-8 first."
        ) from None
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def chunks(lines: list[str], size: int | None = None) -> Iterator[list[str]]:
    size = size or CHUNK_LINES
    for start in range(0, len(lines), size):
        yield lines[start : start + size]


def highlight_json(highlight) -> dict:
    return {
        "label": highlight.label,
        "kind": highlight.kind,
        "start": highlight.start,
        "end": highlight.end,
        "text": highlight.text,
        "rule": highlight.rule,
        "confidence": highlight.confidence,
    }


def json_record(found: list) -> str:
    """One output line: what ``json.dumps({"highlights": [highlight_json(h) ...]}, ensure_ascii=False)``
    writes, byte for byte, built with json's own string escaper. Half the cost of building a dict
    per highlight and dumping it (benchmarks/nlp_speed.py; tests hold the two equal)."""
    if not found:
        return _NOTHING
    return '{"highlights": [' + ", ".join(map(_json_highlight, found)) + "]}\n"


def _json_highlight(h) -> str:
    kind = "null" if h.kind is None else _json_string(h.kind)
    confidence = "null" if h.confidence is None else float.__repr__(float(h.confidence))
    return (f'{{"label": {_json_string(h.label)}, "kind": {kind}, "start": {h.start}, "end": {h.end}, '
            f'"text": {_json_string(h.text)}, "rule": {_json_string(h.rule)}, "confidence": {confidence}}}')


@click.command("highlight")
@click.argument("source", metavar="[FILE|-]", default="-", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input line.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help=f"Processes for --json on inputs of {PARALLEL_MIN_LINES:,}+ lines (forked after loading) "
    "[default: the cores available; 1 for the same work in one process].",
)
@min_confidence_option()
def highlight(source: str, as_json: bool, min_confidence: float, jobs: int | None) -> None:
    """Highlight problems, emotions, workarounds, needs and feature requests.

    Reads one text per line from FILE (or standard input) and prints each with
    its highlights coloured, or with --json one {"highlights": [...]} object per
    line, in input order; each highlight has a confidence from 0 to 1.

    The highlighter is rules (pattern files) plus a small trained emotion model
    shipped with the package (interview/nlp/model/emotions.npz, trained on
    GoEmotions). If that file is absent, the rules work alone and everything
    else is unchanged.
    """
    lines = read_lines(source)
    if not lines:
        return  # nothing to do: spaCy is not even imported
    from interview.nlp import PipelineError, get_pipeline

    try:
        get_pipeline()
    except PipelineError as error:
        raise click.ClickException(str(error)) from None
    _quiet_garbage_collector()
    out = sys.stdout
    if as_json:
        for text in _json_chunks(lines, min_confidence, jobs or available_cores()):
            out.write(text)
        out.flush()
        return
    console = _console(out)
    for chunk in chunks(lines):
        for text, highlights in zip(chunk, _analyse(chunk, min_confidence)):
            console.print(_rich_text(text, highlights))
    out.flush()


def _quiet_garbage_collector() -> None:
    """Keep Python's cycle collector off the loaded pipeline and rarely on the docs.

    The pipeline's million objects never die, yet every full collection walked them; and
    each text allocates a few dozen objects that die by reference counting, which made the
    youngest generation collect every few texts. Freezing the first and collecting the
    second less often saved ~10% of a 15k-text run; memory stays flat (no cycles per doc).
    """
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _analyse(chunk: list[str], min_confidence: float) -> list:
    from interview.nlp import analyze

    results = analyze(chunk)
    if min_confidence > 0:
        results = [[h for h in found if h.at_least(min_confidence)] for found in results]
    return results


def _json_chunk(chunk: list[str], min_confidence: float) -> str:
    """The JSON lines of one chunk, as one string (what a worker process sends back)."""
    return "".join(map(json_record, _analyse(chunk, min_confidence)))


def _json_chunks(lines: list[str], min_confidence: float, jobs: int) -> Iterator[str]:
    """JSON lines chunk by chunk, in input order; with ``jobs`` > 1 long inputs are spread
    over forked processes (the output is byte for byte that of one process).

    The processes are forked after the pipeline has loaded, so they start in milliseconds
    and share its memory; each analyses whole chunks and sends back their text. The default
    is one per available core: on two idle cores two processes ran 15k real texts at
    20-29k texts/s against 15-17k for one (benchmarks/nlp_speed.py); with the other core
    busy they were ~10% slower than one, which ``--jobs 1`` avoids.
    """
    import multiprocessing
    from functools import partial

    work = partial(_json_chunk, min_confidence=min_confidence)
    if jobs < 2 or len(lines) < PARALLEL_MIN_LINES or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(work, chunks(lines))
        return
    with multiprocessing.get_context("fork").Pool(min(jobs, -(-len(lines) // CHUNK_LINES))) as pool:
        yield from pool.imap(work, chunks(lines))


def _console(out):
    from rich.console import Console

    return Console(file=out, highlight=False, soft_wrap=True, emoji=False, markup=False)


def _rich_text(text: str, highlights):
    from rich.text import Text

    from interview.labels import label_style

    rendered = Text(text)
    # longer spans first, so a nested highlight stays visible on top of its clause;
    # the same filled pastels as the app and the Word export
    for h in sorted(highlights, key=lambda h: h.start - h.end):
        rendered.stylize(label_style(h.label), h.start, h.end)
    if highlights:
        tags = ", ".join(f"{h.label}/{h.kind}" if h.kind else h.label for h in highlights)
        rendered.append(f"  [{tags}]", style="dim")
    return rendered


if __name__ == "__main__":  # pragma: no cover
    highlight(sys.argv[1:])
