"""`interview import FILE` (a transcript becomes a finished session) and the qdpx side of `interview export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from interview.commands.common import guide_for_vars, open_store, parse_vars, short_id
from interview.models import CONSENT_SCOPES


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--guide", "guide_ref", help="Guide the interview followed (a name or a .md path): questions are matched to it.")
@click.option("--participant", help="Participant's name (default: the speaker who talks most).")
@click.option("--company", default="", help="Participant's company.")
@click.option("--consent", is_flag=True, help="The participant agreed to the recording being used (recorded now).")
@click.option("--scope", type=click.Choice(CONSENT_SCOPES), default="internal", show_default=True,
              help="What the participant agreed the notes may be used for.")
@click.option("--var", "var_items", multiple=True, metavar="NAME=VALUE",
              help="Fill a guide variable (repeatable), so questions read as they were asked.")
@click.option("--interviewer", help="Interviewer's name; a speaker with this name is the interviewer.")
@click.option("--speaker-map", help='Roles by speaker, e.g. "Speaker 1=participant,Speaker 2=interviewer".')
@click.option("--title", help="Session title (default: '<guide> — <participant>').")
@click.option("--date", "when", help="Transcript: when it was recorded (2025-03-31 or 2025-03-31T14:00; default: "
              "the file's time). Feedback file: the column with each row's date.")
@click.option("--no-analyse", is_flag=True, help="Skip the highlighter (run `interview sessions analyze` later).")
@click.option("--text", "text_col", metavar="COL", help="Feedback file: the column with the feedback text.")
@click.option("--customer", "customer_col", metavar="COL", help="Feedback file: the customer's name (or e-mail) column.")
@click.option("--email", "email_col", metavar="COL", help="Feedback file: the customer's e-mail column.")
@click.option("--segment", "segment_col", metavar="COL", help="Feedback file: the segment or plan column.")
@click.option("--rating", "rating_col", metavar="COL", help="Feedback file: the rating or score column.")
@click.option("--source", "source_name", metavar="NAME", help="Feedback file: the source's name (default: the file name).")
@click.option("--date-format", metavar="FMT", help="Feedback file: how dates are written, e.g. %d/%m/%Y.")
@click.option("--dry-run", is_flag=True, help="Feedback file: show the mapping and the first rows; write nothing.")
def import_cmd(file: Path, guide_ref: str | None, participant: str | None, company: str, consent: bool, scope: str,
               var_items: tuple[str, ...], interviewer: str | None, speaker_map: str | None, title: str | None,
               when: str | None, no_analyse: bool, text_col: str | None, customer_col: str | None,
               email_col: str | None, segment_col: str | None, rating_col: str | None, source_name: str | None,
               date_format: str | None, dry_run: bool) -> None:
    """Import a transcript as a finished session, or a feedback file as a feedback source.

    Transcripts (WebVTT, SRT, plain text or .docx from Zoom, Teams, Google Meet
    or Otter) are recognised by their content. Without --consent the session
    records none, and `export --external` leaves its quotes out.
    Each speaker turn becomes one note with its speaker and time; participant
    turns are analysed for problems, emotions, workarounds and needs. Nothing
    is saved unless the whole file imports. Ends with coaching: questions that
    were leading, closed or hypothetical, and the talk ratio.

    Feedback files (.csv, .tsv, .jsonl: survey answers, support tickets, app
    reviews): each row becomes a statement with its customer, date, segment and
    rating; columns are guessed from the header unless named with --text,
    --customer, --email, --date, --segment, --rating ('-' for none). Try
    --dry-run first. Importing the same file again does nothing; ctrl+c stops
    cleanly and the same command resumes. See also `interview sources`.
    """
    from interview.importers.feedback_read import is_feedback_file

    feedback_only = {"--text": text_col, "--customer": customer_col, "--email": email_col, "--segment": segment_col,
                     "--rating": rating_col, "--source": source_name, "--date-format": date_format,
                     "--dry-run": dry_run or None}
    if is_feedback_file(file):
        transcript_only = {"--guide": guide_ref, "--participant": participant, "--interviewer": interviewer,
                           "--speaker-map": speaker_map, "--title": title, "--company": company or None,
                           "--consent": consent or None, "--var": var_items or None}
        given = [name for name, value in transcript_only.items() if value is not None]
        if given:
            raise click.UsageError(f"{given[0]} is for transcripts; {file.name} is a feedback file")
        from interview.commands.feedback import import_feedback
        from interview.importers.feedback import mapping_options

        given_columns = mapping_options(text=text_col, customer=customer_col, email=email_col, date=when,
                                        segment=segment_col, rating=rating_col)
        import_feedback(file, given_columns, source_name=source_name, date_format=date_format, dry_run=dry_run,
                        analyse=not no_analyse)
        return
    given = [name for name, value in feedback_only.items() if value is not None]
    if given:
        raise click.UsageError(f"{given[0]} is for feedback files (.csv, .tsv, .jsonl); {file.name} is a transcript")
    from interview.importers.cues import TranscriptError
    from interview.importers.detect import read_transcript
    from interview.importers.speakers import parse_speaker_map
    from interview.importers.transcript import ImportOptions, analyse_plan, parse_when, plan_import, save_plan

    try:
        options = ImportOptions(
            participant=participant, interviewer=interviewer, speaker_map=parse_speaker_map(speaker_map),
            title=title, when=parse_when(when) if when else None, company=company, consent=consent, scope=scope,
        )
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    values = parse_vars(var_items)
    if values and not guide_ref:
        raise click.UsageError("--var fills a guide's variables: name the guide with --guide")
    if guide_ref:
        from interview.guides import fill_variables

        options.guide = fill_variables(guide_for_vars(guide_ref, values), values)  # the guide's own defaults for the rest
    try:
        plan = plan_import(read_transcript(file), options, source=file.expanduser())
    except TranscriptError as error:
        raise click.ClickException(str(error)) from None
    for warning in plan.warnings:
        click.echo(f"warning: {warning}", err=True)
    with open_store() as store:
        found = 0
        if not no_analyse:
            from interview.nlp import PipelineError

            click.echo("Loading the highlighter…", err=True)
            try:
                with click.progressbar(length=len(plan.notes), label="Analysing", file=sys.stderr) as bar:
                    found = analyse_plan(plan, bar.update)
            except PipelineError as error:
                raise click.ClickException(str(error)) from None
        session = save_plan(store, plan)
        from interview.importers.coaching import coaching_for_session

        coaching = coaching_for_session(store, session.id)
    _report(plan, session, found, coaching, no_analyse)


def _report(plan, session, found: int, coaching, no_analyse: bool) -> None:
    from interview.timefmt import mmss

    roles = ", ".join(f"{name or '(unnamed)'} = {role}" for name, role in plan.roles.items())
    click.echo(f"Imported {len(plan.notes)} notes from a {plan.transcript.format} transcript as session "
               f"{short_id(session.id)} \"{session.title}\".")
    click.echo(f"Speakers: {roles}.")
    if plan.guide is not None:
        matched = len({n.question_id for n in plan.notes if n.question_id})
        click.echo(f"Guide {plan.guide.name}: {matched} of {plan.guide.question_count()} questions matched.")
    if no_analyse:
        click.echo("Not analysed; run `interview sessions analyze " + short_id(session.id) + "` when ready.")
    else:
        click.echo(f"Highlights suggested: {found}.")
    click.echo("")
    click.echo("Coaching")
    for line in coaching.summary_lines():
        click.echo(f"  {line}")
    for item in coaching.flagged:
        click.echo(f"  {mmss(item.offset_seconds)}  {item.rule}: \"{item.text}\"")
        click.echo(f"         {item.message}; {item.hint}")


def qdpx_export(sessions: tuple[str, ...], all_sessions: bool, output: Path | None, include_suggested: bool,
                force: bool, redacting: object, min_confidence: float = 0.0) -> None:
    """`interview export --format qdpx`: a REFI-QDA project (called from the export command)."""
    from interview.export import ExportError
    from interview.export.qdpx import export_qdpx_refs

    if redacting:
        raise click.UsageError("--redact and --external are not available with --format qdpx yet")
    with open_store() as store:
        try:
            path = export_qdpx_refs(store, sessions, all_sessions=all_sessions, path=output,
                                    include_suggested=include_suggested, force=force,
                                    min_confidence=min_confidence)
        except ExportError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {path}")
