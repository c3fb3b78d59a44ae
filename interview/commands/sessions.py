"""`interview sessions ...`: list and show recorded sessions."""

from __future__ import annotations

import dataclasses
import sys

import click
from rich.markup import escape

from interview.commands.common import console, echo_json, open_store, plural, print_facts, print_list, short_id
from interview.models import analysed
from interview.timefmt import duration_text, local_date, mmss


@click.group()
def sessions() -> None:
    """List and show recorded sessions.

    Wherever a session is named, give its full id, a unique prefix of it, or
    `last` for the newest session.
    """


@sessions.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (with full ids).")
@click.option("--limit", default=200, show_default=True, type=click.IntRange(1), help="How many sessions.")
@click.option("--search", default="", help="Only sessions whose title, participant or guide contain this.")
def list_cmd(as_json: bool, limit: int, search: str) -> None:
    """List sessions, newest first."""
    with open_store() as store:
        rows = store.list_sessions(limit=limit, text=search)
    status = {"live": "[yellow]live[/]", "done": "done", "planned": "[dim]planned[/]"}
    print_list(
        rows, as_json=as_json, json_item=dataclasses.asdict,
        empty="No sessions yet. Start one with `interview` (then press n) or `interview run GUIDE`.",
        columns=("id", "date", "title", "participant", "guide", "status", "notes", "duration"),
        cells=lambda r: (short_id(r.id), local_date(r.started_at or r.created_at), escape(r.title),
                         escape(r.participant_name), escape(r.guide_name), status.get(r.status, r.status),
                         str(r.note_count), duration_text(r.started_at, r.ended_at)),
        right=("notes",),
    )


@sessions.command("show")
@click.argument("session")
@click.option("--json", "as_json", is_flag=True, help="Print the session and its notes as JSON.")
def show_cmd(session: str, as_json: bool) -> None:
    """Show one session's details and notes, grouped by question."""
    from interview.guides import GuideError, guide_from_dict

    with open_store() as store:
        found = store.resolve_session(session)
        participant = store.get_participant(found.participant_id) if found.participant_id else None
        notes = store.notes_for_session(found.id)
        snapshot = store.session_guide(found.id)
        asked = store.asked_question_ids(found.id)
    try:
        guide = guide_from_dict(snapshot) if snapshot else None
    except (GuideError, KeyError, TypeError, ValueError):
        guide = None
    if as_json:
        echo_json({
            "session": dataclasses.asdict(found),
            "participant": dataclasses.asdict(participant) if participant else None,
            "notes": [dataclasses.asdict(n) for n in notes],
            "asked_question_ids": sorted(asked),
        })
        return
    out = console()
    out.print(f"[bold]{escape(found.title)}[/]  [dim]{found.id}[/]")
    print_facts([
        ("participant", participant.name if participant else ""),
        ("company", participant.company if participant else ""),
        ("guide", found.guide_name),
        ("interviewer", found.interviewer),
        ("status", found.status),
        ("date", local_date(found.started_at or found.created_at)),
        ("duration", duration_text(found.started_at, found.ended_at)),
        ("consent", f"given {local_date(found.consent_at)} ({found.consent_scope})" if found.consent_given else "not recorded"),
    ], 12)
    by_question: dict[str | None, list] = {}
    for note in notes:
        by_question.setdefault(note.question_id, []).append(note)
    order: list[tuple[str, str | None]] = []
    if guide:
        for section, question in guide.questions():
            if question.id in by_question:
                order.append((f"{section.title} · {question.text}", question.id))
    order += [(qid or "(no question)", qid) for qid in by_question if not any(qid == o[1] for o in order)]
    for heading, qid in order:
        out.print(f"\n[bold cyan]{escape(heading)}[/]")
        for note in by_question[qid]:
            star = "★ " if note.starred else ""
            tags = " ".join(f"[magenta]#{escape(t)}[/]" for t in note.tags)
            out.print(f"  [dim]{mmss(note.offset_seconds)} {note.speaker[:1].upper()}[/] {star}{escape(note.text)} {tags}")
    if guide:
        skipped = [q.text for _, q in guide.questions() if q.id not in asked]
        if skipped:
            out.print(f"\n[bold]Not asked ({len(skipped)})[/]")
            for text in skipped:
                out.print(f"  [dim]- {escape(text)}[/]")


@sessions.command("analyze")
@click.argument("session", required=False)
@click.option("--all", "all_sessions", is_flag=True,
              help="Re-analyse every session and every imported feedback source.")
def analyze_cmd(session: str | None, all_sessions: bool) -> None:
    """Re-run the highlighter over stored notes (e.g. after a pattern update or an upgrade).

    Suggestions are replaced; highlights a researcher accepted or rejected keep
    their decision when the same span is found again, and manual ones are untouched.
    The interviewer's own notes get none.
    """
    if bool(session) == all_sessions:
        raise click.UsageError("name one SESSION or give --all")
    with open_store() as store:
        ids = store.session_ids() if all_sessions else [store.resolve_session(session).id]
        sources = [s.session_id for s in store.feedback_sources() if s.status == "complete"] if all_sessions else []
        work = [(sid, store.notes_for_session(sid)) for sid in ids + sources]
        total = sum(len(notes) for _, notes in work)
        if not total:
            click.echo("No notes to analyse.")
            return
        click.echo("Loading the highlighter…", err=True)
        from interview.nlp import PipelineError, analyze, pipeline_version

        try:
            version = pipeline_version()
            suggested = 0
            with click.progressbar(length=total, label="Analysing notes", file=sys.stderr) as bar:
                for _, notes in work:
                    spoken = [n for n in notes if analysed(n.speaker)]  # the interviewer's notes get none
                    found = analyze([n.text for n in spoken])
                    pairs = dict(zip((n.id for n in spoken), found))
                    store.replace_auto_highlights_many(((n.id, pairs.get(n.id, [])) for n in notes), version)
                    suggested += sum(len(h) for h in found)
                    bar.update(len(notes))
        except PipelineError as error:
            raise click.ClickException(str(error)) from None
    where = " and ".join(([plural(len(ids), "session")] if ids or not sources else [])
                         + ([plural(len(sources), "feedback source")] if sources else []))
    click.echo(f"Analysed {total} notes in {where}: {suggested} highlights found ({version}).")
