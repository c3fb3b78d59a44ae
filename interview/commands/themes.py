"""`interview themes [FILE|-] [--json]`: group one statement per line into named themes."""

from __future__ import annotations

import json
import sys

import click

from interview.commands.highlight import read_lines


@click.command("themes")
@click.argument("source", metavar="[FILE|-]", default="-", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input line, in input order.")
def themes(source: str, as_json: bool) -> None:
    """Group statements that say the same thing into named themes.

    Reads one statement per line from FILE (or standard input). Prints the
    themes, largest first, with their statements; with --json, one
    {"theme": NAME, "theme_id": N} object per input line in input order
    (both null for a line that fits no theme, or is blank).
    """
    from interview.themes import ThemesError, find_themes

    lines = read_lines(source)
    if not lines:
        return
    try:
        result = find_themes(lines)
    except ThemesError as error:
        raise click.ClickException(str(error)) from None
    out = sys.stdout
    if as_json:
        for index in range(len(lines)):
            theme_id = result.assignment[index]
            record = {"theme": result.label_of(index), "theme_id": theme_id}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        return
    left_out = [i for i, t in enumerate(result.assignment) if t is None and lines[i].strip()]
    for theme in result.themes:
        click.echo(f"{theme.label}  ({theme.size} statements)")
        for index in theme.statements:
            click.echo(f"  - {lines[index].strip()}")
        click.echo()
    if left_out:
        click.echo(f"Fits no theme ({len(left_out)})")
        for index in left_out:
            click.echo(f"  - {lines[index].strip()}")
