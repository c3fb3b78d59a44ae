"""The ``interview`` command: the Textual app by default, plus subcommands.

Heavy modules (textual, spacy, docx) are imported inside the commands that need
them, so ``interview --help`` and the app's first paint stay fast.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import click

from interview import __version__
from interview.commands.common import Config


# name -> "module:attribute"; a command's module is imported only when that command runs
# (or --help lists them), so `interview` alone reaches the app's first paint sooner.
COMMANDS: dict[str, str] = {
    "backup": "interview.commands.backup:backup",
    "export": "interview.commands.export:export_cmd",
    "guides": "interview.commands.guides:guides",
    "handoff": "interview.commands.handoff:handoff",
    "highlight": "interview.commands.highlight:highlight",
    "import": "interview.commands.transcripts:import_cmd",
    "merge": "interview.commands.merge:merge_cmd",
    "participants": "interview.commands.participants:participants",
    "report": "interview.commands.export:report_cmd",
    "run": "interview.commands.run:run",
    "search": "interview.commands.search:search",
    "sessions": "interview.commands.sessions:sessions",
    "sources": "interview.commands.feedback:sources",
    "themes": "interview.commands.themes:themes",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def invoke(self, ctx: click.Context) -> Any:
        """Every database failure a user can meet leaves as its one sentence (exit 1), never a traceback."""
        from interview.store import StoreError

        try:
            return super().invoke(ctx)
        except StoreError as error:
            raise click.ClickException(str(error)) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module_name, attribute = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
