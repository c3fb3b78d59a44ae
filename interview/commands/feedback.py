"""`interview import FILE.csv|.jsonl` (feedback files) and `interview sources list|remove`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from interview.commands.common import Config, console, open_store, print_list


def import_feedback(file: Path, given: dict[str, str | None], *, source_name: str | None, date_format: str | None,
                    dry_run: bool, analyse: bool) -> None:
    """Plan (read and check every row), then show it (dry run) or save it with a progress bar."""
    from interview.importers.feedback import FeedbackError, plan_feedback, save_feedback

    try:
        plan = plan_feedback(file, given, source_name=source_name, date_format=date_format)
    except FeedbackError as error:
        raise click.ClickException(f"{error}; nothing was imported") from None
    if dry_run:
        _show_plan(plan)
        existing = None
        if click.get_current_context().find_object(Config).db_path.exists():  # a dry run creates no database
            with open_store() as store:
                existing = store.feedback_source_with_hash(plan.sha256)
        if existing is not None and existing.complete:
            click.echo(f"This file is already imported as source \"{existing.name}\"; importing it again does nothing.")
        click.echo("Nothing was written (dry run).")
        return
    for warning in plan.warnings:
        click.echo(f"warning: {warning}", err=True)
    with open_store() as store:
        existing = store.feedback_source_with_hash(plan.sha256)
        if existing is not None and existing.complete:
            click.echo(f"{file.name} is already imported as feedback source \"{existing.name}\" "
                       f"({existing.statement_count:,} statements); nothing to do.")
            return
        if analyse:
            from interview.nlp import PipelineError, get_pipeline

            click.echo("Loading the highlighter…", err=True)
            try:
                get_pipeline()
            except PipelineError as error:
                raise click.ClickException(str(error)) from None
        saved = 0
        try:
            with click.progressbar(length=len(plan.statements), label="Importing", file=sys.stderr,
                                   show_pos=True) as bar:
                def advance(n: int) -> None:
                    nonlocal saved
                    saved += n
                    bar.update(n)

                result = save_feedback(store, plan, analyse=analyse, progress=advance)
        except KeyboardInterrupt:
            stopped = store.feedback_source_with_hash(plan.sha256)  # the batch being written went in whole
            saved = stopped.statement_count if stopped is not None else 0
            click.echo(f"\nStopped: {saved:,} of {len(plan.statements):,} statements are saved but hidden until the "
                       "import finishes; run the same command again to resume "
                       f"(or `interview sources remove \"{plan.name}\"` to drop them).", err=True)
            sys.exit(130)
    _report(plan, result, analyse)


def _rows_text(plan) -> str:
    """'row 4' / '3 rows' and the first row numbers: where the skipped rows are."""
    unit, skipped = plan.table.unit, plan.skipped
    numbers = ", ".join(str(n) for n, _ in skipped[:10]) + (" …" if len(skipped) > 10 else "")
    return f"{len(skipped):,} {unit}{'s' if len(skipped) != 1 else ''} ({unit}{'s' if len(skipped) != 1 else ''} {numbers})"


def _report(plan, result, analyse: bool) -> None:
    source = result.source
    how = " (resumed)" if result.resumed_from else " (an earlier stopped import with another mapping was replaced)" \
        if result.replaced else ""
    click.echo(f"Imported {source.statement_count:,} statements from {plan.file_name} as feedback source "
               f"\"{source.name}\"{how}.")
    if plan.skipped:
        click.echo(f"Skipped for empty text: {_rows_text(plan)}.")
    run = " in this run" if result.resumed_from else ""
    click.echo(f"New participants{run}: {result.customers_created:,}.")
    if analyse:
        click.echo(f"Highlights suggested{run}: {result.highlights:,}.")
    else:
        click.echo("Not analysed (--no-analyse).")


def _show_plan(plan) -> None:
    from rich.markup import escape
    from rich.table import Table

    from interview.importers.feedback_mapping import OPTION

    table, mapping = plan.table, plan.mapping
    kind = {"csv": f"CSV ({ {',': 'comma', ';': 'semicolon', chr(9): 'tab', '|': 'bar'}.get(table.delimiter, '?') }"
                   "-separated)", "jsonl": "JSON Lines", "json": "a JSON array"}[table.format]
    click.echo(f"{plan.file_name}: {kind}, {plan.row_count:,} {table.unit}s, {len(table.columns)} columns; "
               f"source name \"{plan.name}\".")
    click.echo("Columns (* guessed from the header; choose with the option shown, '-' for none):")
    for name, column in mapping.columns.items():
        mark = " *" if name in mapping.guessed else ""
        click.echo(f"  {OPTION[name]:<11} {column if column else '(none)'}{mark}")
    if mapping.others:
        click.echo(f"  {'metadata':<11} {', '.join(mapping.others)}")
    grid = Table(header_style="bold", title="First statements as they would be saved")
    for column in (table.unit, "date", "customer", "segment", "rating", "text"):
        grid.add_column(column, overflow="fold")
    for s in plan.statements[:5]:
        who = " ".join(x for x in (s.customer, f"<{s.email}>" if s.email and s.email != s.customer else "") if x)
        text = " ".join(s.text.split())
        grid.add_row(str(s.row), (s.occurred_at or "")[:16].replace("T", " "), escape(who), escape(s.segment),
                     "" if s.rating is None else f"{s.rating:g}", escape(text[:120] + ("…" if len(text) > 120 else "")))
    console().print(grid)
    click.echo(f"{len(plan.statements):,} statements would be imported.")
    if plan.skipped:
        click.echo(f"Would be skipped for empty text: {_rows_text(plan)}.")
    for warning in plan.warnings:
        click.echo(f"warning: {warning}")


@click.group()
def sources() -> None:
    """List and remove imported feedback sources (survey answers, tickets, reviews)."""


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def list_cmd(as_json: bool) -> None:
    """Feedback sources, oldest first, with their files' rows and statements."""
    import dataclasses

    from rich.markup import escape

    from interview.timefmt import local_date

    with open_store() as store:
        found = store.feedback_sources()
    print_list(
        found, as_json=as_json, json_item=dataclasses.asdict,
        empty="No feedback sources yet. Import one with `interview import feedback.csv`.",
        columns=("name", "imported", "file", "rows", "statements", "customers", "status"),
        cells=lambda s: (escape(s.name), local_date(s.created_at), escape(s.file_name), f"{s.row_count:,}",
                         f"{s.statement_count:,}", f"{s.customer_count:,}",
                         "complete" if s.complete else f"[yellow]stopped at {s.statement_count:,}; re-run the import[/]"),
        right=("rows", "statements", "customers"),
    )


@sources.command("remove")
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def remove_cmd(name: str, yes: bool) -> None:
    """Remove a feedback source: its statements, their highlights and the participants only it created."""
    with open_store() as store:
        source = store.resolve_feedback_source(name)
        if not yes:
            click.confirm(f"Remove \"{source.name}\" and its {source.statement_count:,} statements?", abort=True)
        if source.statement_count > 10_000:
            click.echo(f"Removing {source.statement_count:,} statements…", err=True)
        statements, people = store.remove_feedback_source(source)
    click.echo(f"Removed feedback source \"{source.name}\": {statements:,} statements and {people:,} participants "
               "that only it had.")
