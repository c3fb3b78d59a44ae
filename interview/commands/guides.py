"""`interview guides ...`: list, show, lint and start interview guides."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from interview.commands.common import console, echo_json


@click.group()
def guides() -> None:
    """List, show, lint and create interview guides (Markdown files)."""


@guides.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def list_cmd(as_json: bool) -> None:
    """List the bundled guides and your own (from the user guides folder)."""
    from interview.guides import list_guides, user_guides_dir

    entries = list_guides()
    if as_json:
        echo_json([
            {
                "name": e.name, "source": e.source, "path": str(e.path),
                "title": e.guide.title if e.guide else None, "kind": e.guide.kind if e.guide else None,
                "sections": len(e.guide.sections) if e.guide else None,
                "questions": e.guide.question_count() if e.guide else None,
                "minutes": e.guide.planned_minutes() if e.guide else None,
                "error": str(e.error) if e.error else None,
            }
            for e in entries
        ])
        return
    table = Table(title="Guides", title_justify="left", header_style="bold")
    for column in ("name", "title", "kind", "sections", "questions", "minutes", "source"):
        numeric = column in ("sections", "questions", "minutes")
        table.add_column(column, justify="right" if numeric else "left", no_wrap=column != "title")
    for e in entries:
        if e.guide is None:
            table.add_row(e.name, f"[red]{escape(str(e.error))}[/]", "", "", "", "", e.source)
            continue
        g = e.guide
        table.add_row(
            g.name, escape(g.title), g.kind, str(len(g.sections)), str(g.question_count()),
            str(g.planned_minutes() or ""), e.source,
        )
    out = console()
    out.print(table)
    out.print(f"Your own guides go in {user_guides_dir()} (start one with `interview guides new FILE`).")


@guides.command("show")
@click.argument("guide")
@click.option("--json", "as_json", is_flag=True, help="Print the parsed guide as JSON.")
def show_cmd(guide: str, as_json: bool) -> None:
    """Show a guide's sections, questions and probes. GUIDE is a name or a path."""
    from interview.guides import GuideError, fill_variables, guide_to_dict, resolve_guide

    try:
        parsed = resolve_guide(guide)
    except GuideError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        echo_json(guide_to_dict(parsed))
        return
    variables = dict(parsed.variables)
    parsed = fill_variables(parsed, {})  # show questions as they will read with the defaults
    out = console()
    minutes = parsed.planned_minutes()
    out.print(f"[bold]{escape(parsed.title)}[/]  [dim]{parsed.kind}"
                  f"{f' · {minutes} min' if minutes else ''} · {parsed.path}[/]")
    if parsed.description:
        out.print(escape(parsed.description))
    if variables:
        out.print("[dim]variables (defaults shown): " + ", ".join(f"{escape(k)}={escape(str(v))}" for k, v in variables.items()) + "[/]")
    for note in parsed.notes:
        out.print(Padding(f"[dim italic]{escape(note)}[/]", (0, 0, 0, 0)))
    number = 0
    for section in parsed.sections:
        box = f" ({section.minutes} min)" if section.minutes else ""
        activity = f" [magenta]{section.activity}[/]" if section.activity else ""
        out.print(f"\n[bold cyan]{escape(section.title)}[/]{box}{activity}")
        for note in section.notes:
            out.print(Padding(f"[dim italic]{escape(note)}[/]", (0, 0, 0, 2)))
        for question in section.questions:
            number += 1
            out.print(f"  {number:>2}. {escape(question.text)}")
            for probe in question.probes:
                out.print(f"        [dim]- {escape(probe)}[/]")


@guides.command("lint")
@click.argument("files", nargs=-1)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format.",
)
def lint_cmd(files: tuple[str, ...], fmt: str) -> None:
    """Check guides for questions that confirm ideas instead of learning.

    FILES are guide files or guide names; with none, every known guide is checked.
    Exits 1 if anything is found.
    """
    from interview.guides import GuideError, list_guides, resolve_guide
    from interview.guides.lint import findings_to_json, lint_guide

    targets = list(files) or [str(e.path) for e in list_guides()]
    results: list[dict] = []
    lines: list[str] = []
    failed = False
    for target in targets:
        try:
            guide = resolve_guide(target)
        except GuideError as error:
            failed = True
            results.append({"path": target, "line": error.line, "rule": "parse-error", "severity": "error",
                            "message": error.message, "hint": "", "text": ""})
            lines.append(f"{error} (parse-error)")
            continue
        findings = lint_guide(guide)
        failed = failed or bool(findings)
        results.extend(findings_to_json(findings))
        lines.extend(f.format() for f in findings)
    if fmt == "json":
        click.echo(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        for line in lines:
            click.echo(line)
        checked = len(targets)
        summary = f"{len(results)} finding{'s' if len(results) != 1 else ''} in {checked} guide{'s' if checked != 1 else ''}"
        click.echo(summary if results else f"{checked} guide{'s' if checked != 1 else ''} checked, no findings", err=True)
    if failed:
        raise SystemExit(1)


@guides.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
def new_cmd(path: Path, force: bool) -> None:
    """Write a commented starter guide to PATH (it lints clean; edit it to taste)."""
    from interview.guides import STARTER_GUIDE

    if path.suffix.lower() != ".md":
        raise click.ClickException(f"{path}: a guide file must end in .md")
    from interview.regular_files import FileKindError, check_regular_target

    try:
        check_regular_target(path)
    except FileKindError as error:
        raise click.ClickException(str(error)) from None
    if path.exists() and not force:
        raise click.ClickException(f"{path} already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise click.ClickException(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        path.write_text(STARTER_GUIDE, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror}") from None
    click.echo(f"Wrote {path}. Check it with: interview guides lint {path}")
