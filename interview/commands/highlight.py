"""`interview highlight [FILE|-] [--json]`: run the highlight rules over one text per line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator

import click

CHUNK_LINES = 2000  # analyse and print in chunks, so long inputs stream
MAX_INPUT_BYTES = 50_000_000  # as for transcripts: a device or a runaway file is refused, not read to the end


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


def chunks(lines: list[str], size: int = CHUNK_LINES) -> Iterator[list[str]]:
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
    }


@click.command("highlight")
@click.argument("source", metavar="[FILE|-]", default="-", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input line.")
def highlight(source: str, as_json: bool) -> None:
    """Highlight problems, emotions, workarounds, needs and feature requests.

    Reads one text per line from FILE (or standard input) and prints each with
    its highlights coloured, or with --json one {"highlights": [...]} object per
    line, in input order.
    """
    from interview.nlp import PipelineError, analyze, get_pipeline

    lines = read_lines(source)
    if not lines:
        return
    try:
        nlp = get_pipeline()
    except PipelineError as error:
        raise click.ClickException(str(error)) from None
    out = sys.stdout
    console = None if as_json else _console(out)
    for chunk in chunks(lines):
        results = analyze(chunk, nlp=nlp)
        if as_json:
            for highlights in results:
                record = {"highlights": [highlight_json(h) for h in highlights]}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            for text, highlights in zip(chunk, results):
                console.print(_rich_text(text, highlights))
    out.flush()


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
