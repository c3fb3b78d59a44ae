"""`interview export SESSION` (a session summary) and `interview report` (a synthesis across sessions)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from interview.commands.common import min_confidence_option, open_store

FORMAT = click.Choice(["docx", "md", "json"], case_sensitive=False)
EXTERNAL_HELP = ("The document leaves the company: quotes are kept only from sessions whose consent "
                 "scope is 'external'; the others are left out and the document says so.")
_SUFFIX_FORMATS = {".docx": "docx", ".md": "md", ".markdown": "md", ".json": "json", ".qdpx": "qdpx",
                   ".html": "html", ".htm": "html"}
REPORT_FORMAT = click.Choice(["docx", "md", "json", "html"], case_sensitive=False)
SOURCE_HELP = ("Only this imported feedback source, or 'interviews' (repeatable; default: interviews and every "
               "source, feedback counted apart from interviewees).")
EXPORT_FORMAT = click.Choice(["docx", "md", "json", "qdpx"], case_sensitive=False)
PAPER = click.Choice(["a4", "letter"], case_sensitive=False)
PAPER_HELP = "Page size of a Word file (default: Letter in the US, Canada, Mexico, the Philippines ..., else A4, from the locale)."


def document_options(include_suggested: str):
    """The options `export` and `report` share, in the order --help lists them; only what
    --include-suggested counts differs (a session's highlights, a synthesis's problem statements)."""
    options = [
        click.option("--redact", is_flag=True, help="Replace names, companies, e-mails, phones and links with placeholders."),
        click.option("--redact-terms", type=click.Path(dir_okay=False, path_type=Path),
                     help="Extra terms to redact, one per line (implies --redact)."),
        click.option("--include-suggested", is_flag=True, help=include_suggested),
        click.option("--force", is_flag=True, help="Overwrite the output file if it exists."),
        click.option("--external", is_flag=True, help=EXTERNAL_HELP),
        click.option("--paper", type=PAPER, help=PAPER_HELP),
        min_confidence_option(),
    ]

    def apply(command):
        for option in reversed(options):  # as if stacked as decorators, top one first
            command = option(command)
        return command

    return apply


def _wrote(path: Path, notices: list[str]) -> None:
    """What the user reads after a file is written: the notices (quotes left out) on stderr, then where it went."""
    for notice in notices:
        click.echo(notice, err=True)
    click.echo(f"Wrote {path}")


def _format(fmt: str | None, output: Path | None) -> str:
    """--format wins; otherwise the output's suffix decides; otherwise Word."""
    if fmt:
        return fmt.lower()
    if output is not None:
        return _SUFFIX_FORMATS.get(output.suffix.lower(), "docx")
    return "docx"


def _terms(path: Path | None) -> list[str]:
    if path is None:
        return []
    from interview.export import read_terms_file
    from interview.regular_files import FileKindError

    try:
        return read_terms_file(path)
    except FileNotFoundError:
        raise click.ClickException(f"the redaction terms file {path} does not exist") from None
    except (OSError, UnicodeDecodeError, FileKindError) as error:
        raise click.ClickException(f"cannot read the redaction terms file {path}: {error}") from None


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.ClickException(f"{name} must be a date like 2025-03-31, not '{value}'") from None


@click.command("export")
@click.argument("sessions", nargs=-1)
@click.option("--all", "all_sessions", is_flag=True, help="With --format qdpx: every session in the database.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: <date>-<participant>-<guide>.docx here).")
@click.option("--format", "fmt", type=EXPORT_FORMAT,
              help="docx (default), md, json, or qdpx (a REFI-QDA project of one or more sessions); taken from -o's suffix when not given.")
@document_options(include_suggested="Also include highlights nobody has reviewed yet (marked as suggested).")
def export_cmd(sessions: tuple[str, ...], all_sessions: bool, output: Path | None, fmt: str | None, redact: bool,
               redact_terms: Path | None, include_suggested: bool, force: bool, external: bool,
               paper: str | None, min_confidence: float) -> None:
    """Write a summary of one session for people who were not there.

    SESSION is a full id, a unique prefix of one, or `last`. The file is created
    readable by you only (0600), and never overwrites a file unless --force.
    With --format qdpx, name several sessions (or --all) for NVivo, ATLAS.ti or MAXQDA.
    """
    from interview.export import ExportError, export_session

    if _format(fmt, output) == "qdpx":
        from interview.commands.transcripts import qdpx_export

        return qdpx_export(sessions, all_sessions, output, include_suggested, force, redact or external or redact_terms,
                           min_confidence)
    if len(sessions) != 1 or all_sessions:
        raise click.UsageError("name one SESSION (several, or --all, only with --format qdpx)")
    session = sessions[0]

    terms = _terms(redact_terms)
    notices: list[str] = []
    with open_store() as store:
        try:
            found = store.resolve_session(session)
            path = export_session(
                store, found.id, output, fmt=_format(fmt, output), redact=redact or bool(terms),
                redact_terms=terms, include_suggested=include_suggested, force=force,
                external=external, notices=notices, paper=paper, min_confidence=min_confidence,
            )
        except ExportError as error:
            raise click.ClickException(str(error)) from None
    _wrote(path, notices)


@click.command("report")
@click.option("--guide", help="Only sessions run with this guide (its name, e.g. churn).")
@click.option("--tag", help="Only sessions with at least one note carrying this tag.")
@click.option("--segment", help="Only sessions whose participant is in this segment.")
@click.option("--since", help="Only sessions on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only sessions on or before this date (YYYY-MM-DD).")
@click.option("--source", "sources", multiple=True, metavar="NAME", help=SOURCE_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write (default: synthesis.docx here).")
@click.option("--format", "fmt", type=REPORT_FORMAT,
              help="docx (default), md, json or html (one self-contained page to share); taken from -o's suffix.")
@document_options(include_suggested="Also count problem highlights nobody has reviewed yet.")
def report_cmd(guide: str | None, tag: str | None, segment: str | None, since: str | None, until: str | None,
               sources: tuple[str, ...], output: Path | None, fmt: str | None, redact: bool, redact_terms: Path | None,
               include_suggested: bool, force: bool, external: bool, paper: str | None, min_confidence: float) -> None:
    """Write a synthesis: the problems stated across sessions, grouped into themes.

    Each theme shows how many participants raised it, their emotions, the
    strongest quotes and how many statements describe a specific past event.
    """
    from interview.export import ExportError, ReportFilters, export_synthesis

    fmt = _format(fmt, output)
    filters = ReportFilters(guide=guide, tag=tag, segment=segment, since=_date(since, "--since"),
                            until=_date(until, "--until"), sources=sources)
    terms = _terms(redact_terms)
    if fmt not in ("docx", "md", "json", "html"):
        raise click.UsageError(f"a report cannot be written as {fmt}; choose docx, md, json or html")
    target = output or Path("synthesis." + fmt)
    notices: list[str] = []
    with open_store() as store:
        try:
            path = export_synthesis(
                store, target, fmt=fmt, filters=filters, redact=redact or bool(terms), redact_terms=terms,
                include_suggested=include_suggested, force=force, external=external, notices=notices, paper=paper,
                min_confidence=min_confidence,
            )
        except ExportError as error:
            raise click.ClickException(str(error)) from None
    _wrote(path, notices)
