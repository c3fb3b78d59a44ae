"""What every command shares: the chosen database, list and show output, a guide with its --var values, one-sentence errors."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Collection, Iterable, Sequence, TypeVar

import click

if TYPE_CHECKING:
    from interview.models import Guide

T = TypeVar("T")


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


def plural(count: int, word: str) -> str:
    """``1 note``, ``3 notes``: counts in sentences read naturally."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def print_list(
    items: Sequence[T],
    *,
    as_json: bool,
    json_item: Callable[[T], Any],
    empty: str,
    columns: Sequence[str],
    cells: Callable[[T], Sequence[str]],
    right: Collection[str] = (),
) -> bool:
    """What a list command prints: a JSON array, one sentence when there is nothing, else a table.

    ``right`` names the columns of numbers. Cells are rich markup, so ``cells`` escapes what
    users typed (``rich.markup.escape``). True when a table was printed (for a closing remark).
    """
    if as_json:
        echo_json([json_item(item) for item in items])
        return False
    if not items:
        click.echo(empty)
        return False
    from rich.table import Table

    table = Table(header_style="bold")
    for column in columns:
        table.add_column(column, justify="right" if column in right else "left")
    for item in items:
        table.add_row(*cells(item))
    console().print(table)
    return True


def print_facts(facts: Iterable[tuple[str, Any]], width: int) -> None:
    """A show command's ``label  value`` lines, labels right-aligned; empty values are left out."""
    from rich.markup import escape

    out = console()
    for label, value in facts:
        if value:
            out.print(f"  [dim]{label:>{width}}[/]  {escape(str(value))}")


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


def guide_for_vars(ref: str, values: dict[str, str]) -> Guide:
    """The guide named by ``ref`` (a name or a path), after checking every ``--var`` is one it declares.

    ``run`` and ``import`` both take a guide and ``--var``; either problem is one sentence.
    """
    from interview.guides import GuideError, resolve_guide
    from interview.session_setup import unknown_variables

    try:
        guide = resolve_guide(ref)
    except GuideError as error:
        raise click.ClickException(str(error)) from None
    unknown = unknown_variables(guide, values)
    if unknown:
        declared = ", ".join(guide.variables) or "no variables"
        raise click.ClickException(f"guide {guide.name} has no variable {', '.join(unknown)} (it declares {declared})")
    return guide
