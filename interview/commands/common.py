"""What every command shares: the chosen database, and turning our errors into one sentence."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click


@dataclass
class Config:
    """Options of the top-level group, handed to every subcommand."""

    db_path: Path
    db_is_default: bool


def open_store(ctx: click.Context | None = None):
    """Open the chosen database, or exit with one sentence if that is impossible."""
    from interview.store import Store

    config: Config = (ctx or click.get_current_context()).find_object(Config)
    return Store(config.db_path, create_dirs=config.db_is_default)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def short_id(full_id: str) -> str:
    return full_id[:8]


def console():
    """A rich console; when output is piped, lines are not squeezed into 80 columns."""
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 120)


def parse_vars(items: tuple[str, ...]) -> dict[str, str]:
    """``key=value`` pairs from repeated --var options; a malformed one is one sentence."""
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.ClickException(f"--var '{item}' must look like name=value")
        values[key.strip()] = value
    return values


class Confidence(click.FloatRange):
    """A confidence threshold from 0 to 1; "nan" is refused (it passed the range and hid every highlight)."""

    name = "confidence"

    def __init__(self) -> None:
        super().__init__(0.0, 1.0)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number from 0 to 1.", param, ctx)
        return number


def min_confidence_option(what: str = "highlights"):
    """``--min-confidence``, the same on `highlight`, `export` and `report`."""
    return click.option(
        "--min-confidence",
        type=Confidence(),
        default=0.0,
        show_default=True,
        help=f"Leave out {what} less sure than this (0-1; an unknown confidence counts as unsure).",
    )
