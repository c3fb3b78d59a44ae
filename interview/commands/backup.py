"""`interview backup`: a consistent copy of the database, safe while the app is running."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from interview.commands.common import open_store
from interview.regular_files import FileKindError, check_regular_target


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the copy (default: interview-backup-<date>-<time>.db here).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def backup(output: Path | None, force: bool) -> None:
    """Copy the database with SQLite's online backup API.

    The copy is consistent even while notes are being taken in the app, and is
    readable by you only.
    """
    target = output or Path(f"interview-backup-{datetime.now():%Y%m%d-%H%M%S}.db")
    try:
        check_regular_target(target)
    except FileKindError as error:
        raise click.ClickException(str(error)) from None
    with open_store() as store:
        # every check happens before the target is touched (a StoreError leaves as one sentence)
        store.backup_to(target, overwrite=force)
    click.echo(f"Backed up {store.path} to {target}")
