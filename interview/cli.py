"""The ``interview`` command: the Textual app by default, plus subcommands.

Heavy modules (textual, spacy, docx) are imported inside the commands that need
them, so ``interview --help`` and the app's first paint stay fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from interview import __version__
from interview.commands.common import Config


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="interview")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file to use (default: $INTERVIEW_DB, else interview.db in your user data folder).",
)
@click.pass_context
def main(ctx: click.Context, db_path: Path | None) -> None:
    """Run customer interviews and co-creation sessions from the terminal.

    With no command, opens the app. Notes are saved to a local SQLite file the
    moment you press Enter; nothing leaves your machine.
    """
    from interview.store import default_db_path

    is_default = db_path is None and not os.environ.get("INTERVIEW_DB")
    ctx.obj = Config(db_path=(db_path or default_db_path()).expanduser(), db_is_default=is_default)
    if ctx.invoked_subcommand is None:
        from interview.commands.app import run_app

        run_app(ctx.obj)


def _register() -> None:
    from interview.commands.guides import guides
    from interview.commands.sessions import sessions

    main.add_command(guides)
    main.add_command(sessions)
    from interview.commands.search import search; main.add_command(search)  # noqa: E702
    from interview.commands.run import run; main.add_command(run)  # noqa: E702
    from interview.commands.export import export_cmd, report_cmd; main.add_command(export_cmd); main.add_command(report_cmd)  # noqa: E702,E501
    from interview.commands.transcripts import import_cmd; main.add_command(import_cmd)  # noqa: E702
    from interview.commands.merge import merge_cmd; main.add_command(merge_cmd)  # noqa: E702
    from interview.commands.highlight import highlight; main.add_command(highlight)  # noqa: E702
    from interview.commands.participants import participants; main.add_command(participants)  # noqa: E702
    from interview.commands.backup import backup; main.add_command(backup)  # noqa: E702


_register()
