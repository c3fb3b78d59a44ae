"""`interview merge OTHER.db`: bring another laptop's sessions into this database."""

from __future__ import annotations

from pathlib import Path

import click

from interview.commands.common import open_store


@click.command("merge")
@click.argument("other", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only say what would be added or updated.")
def merge_cmd(other: Path, dry_run: bool) -> None:
    """Merge another interview database (e.g. a colleague's laptop) into this one.

    Sessions, participants, notes, highlights, tags, ideas and synthesis themes are copied with
    their ids, so merging the same file twice changes nothing. Tags are matched
    by name. When a note was edited differently on both sides, the newer edit
    is kept and the conflict is reported. OTHER is opened read-only.
    """
    from interview.merge import merge_database, merge_report_lines

    with open_store() as store:
        result = merge_database(store, other, dry_run=dry_run)
    for line in merge_report_lines(result, other.name):
        click.echo(line)
