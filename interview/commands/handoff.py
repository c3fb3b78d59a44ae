"""`interview handoff`: issue drafts for engineering, one per theme of the synthesis."""

from __future__ import annotations

from pathlib import Path

import click

from interview.commands.common import open_store
from interview.commands.export import EXTERNAL_HELP, SOURCE_HELP, _date, _terms

HANDOFF_FORMAT = click.Choice(["md", "csv", "json"], case_sensitive=False)
_SUFFIXES = {".csv": "csv", ".json": "json", ".md": "md", ".markdown": "md"}
_DEFAULT_TARGET = {"md": "handoff", "csv": "handoff.csv", "json": "handoff.json"}


@click.command("handoff")
@click.option("--theme", "themes", multiple=True, metavar="ID",
              help="Only this theme: its number in the report or its id on the synthesis board (repeatable).")
@click.option("--format", "fmt", type=HANDOFF_FORMAT,
              help="md (one file per theme in a folder; default), csv (Jira, Linear) or json; taken from -o's suffix.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Folder for Markdown drafts (or one .md file), or the .csv/.json file (default: ./handoff).")
@click.option("--guide", help="Only sessions run with this guide.")
@click.option("--segment", help="Only sessions whose participant is in this segment.")
@click.option("--since", help="Only sessions on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only sessions on or before this date (YYYY-MM-DD).")
@click.option("--source", "sources", multiple=True, metavar="NAME", help=SOURCE_HELP)
@click.option("--redact", is_flag=True, help="Replace names, companies, e-mails, phones and links with placeholders.")
@click.option("--redact-terms", type=click.Path(dir_okay=False, path_type=Path), help="Extra terms to redact (implies --redact).")
@click.option("--include-suggested", is_flag=True, help="Also count problem highlights nobody has reviewed yet.")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@click.option("--external", is_flag=True, help=EXTERNAL_HELP)
def handoff(themes: tuple[str, ...], fmt: str | None, output: Path | None, guide: str | None, segment: str | None,
            since: str | None, until: str | None, sources: tuple[str, ...], redact: bool, redact_terms: Path | None, include_suggested: bool,
            force: bool, external: bool) -> None:
    """Write issue drafts for engineering, one per theme, in the customers' own words.

    Each draft states the problem in one sentence, who has it (by segment), 3-5
    verbatim quotes with their session, date and note, today's workarounds,
    emotions, evidence strength and what is not known yet. Redaction and consent
    scope apply as for `interview report`.
    """
    from interview.export import ExportError, ReportFilters, build_synthesis, redactor_for
    from interview.export.handoff import build_handoff
    from interview.export.handoff_writers import write_handoff

    fmt = (fmt or (_SUFFIXES.get(output.suffix.lower(), "md") if output else "md")).lower()
    target = output or Path(_DEFAULT_TARGET[fmt])
    filters = ReportFilters(guide=guide, segment=segment, since=_date(since, "--since"), until=_date(until, "--until"),
                            sources=sources)
    terms = _terms(redact_terms)
    with open_store() as store:
        try:
            synthesis = build_synthesis(
                store, filters, include_suggested=include_suggested, external=external,
                redactor=redactor_for(store, terms) if (redact or terms) else None,
            )
            drafts = build_handoff(synthesis, themes)
            if not drafts.drafts:
                raise ExportError("no themes to hand off: accept problem highlights in review first, "
                                  "or include suggestions (--include-suggested)")
            written = write_handoff(drafts, target, fmt, force=force)
        except ExportError as error:
            raise click.ClickException(str(error)) from None
    if synthesis.withheld_sessions:
        click.echo(f"Consent: {synthesis.withheld_sessions} session(s) do not allow quotes in this document; "
                   "their quotes are left out.", err=True)
    where = target if fmt == "md" and len(written) > 1 else written[0]
    click.echo(f"Wrote {len(drafts.drafts)} draft{'s' if len(drafts.drafts) != 1 else ''} to {where}")
