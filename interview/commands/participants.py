"""`interview participants ...`: who is in the database, and forgetting someone on request."""

from __future__ import annotations

import dataclasses

import click
from rich.markup import escape

from interview.commands.common import console, echo_json, open_store, plural, print_facts, print_list, short_id
from interview.timefmt import local_date


@click.group()
def participants() -> None:
    """List, show and forget participants (the people you interviewed).

    A participant is named by id, a unique prefix of it, or their exact name.
    """


@participants.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (with full ids).")
@click.option("--all", "everyone", is_flag=True, help="Also the customers known only from imported feedback.")
def list_cmd(as_json: bool, everyone: bool) -> None:
    """List participants with how many sessions and notes are about them."""
    with open_store() as store:
        rows = store.list_participants(with_feedback_customers=everyone)
        hidden = 0 if everyone else store.count_participants() - len(rows)
    shown = print_list(
        rows, as_json=as_json,
        json_item=lambda r: {**dataclasses.asdict(r.participant), "sessions": r.session_count, "notes": r.note_count},
        empty=f"No participants yet{f' besides {hidden:,} feedback customers (--all lists them)' if hidden else ''}.",
        columns=("id", "name", "role", "company", "segment", "sessions", "notes"),
        cells=lambda r: (short_id(r.participant.id), escape(r.participant.name), escape(r.participant.role),
                         escape(r.participant.company), escape(r.participant.segment), str(r.session_count),
                         str(r.note_count)),
        right=("sessions", "notes"),
    )
    if shown and hidden:
        click.echo(f"… and {hidden:,} customers known only from imported feedback (--all lists them).")


@participants.command("show")
@click.argument("participant")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show_cmd(participant: str, as_json: bool) -> None:
    """Show what is stored about one participant, and their sessions."""
    with open_store() as store:
        person = store.resolve_participant(participant)
        sessions = store.sessions_of_participant(person.id)
        own = next((r.note_count for r in store.list_participants() if r.participant.id == person.id), 0)
    if as_json:
        echo_json({"participant": dataclasses.asdict(person), "notes": own,
                   "sessions": [dataclasses.asdict(s) for s in sessions]})
        return
    out = console()
    out.print(f"[bold]{escape(person.name)}[/]  [dim]{person.id}[/]")
    print_facts(((label, getattr(person, label)) for label in ("role", "company", "segment", "email", "notes")), 8)
    out.print(f"\n{plural(len(sessions), 'session')}, {plural(own, 'note')} of theirs:")
    for s in sessions:
        out.print(f"  {short_id(s.id)}  {local_date(s.started_at or s.created_at)}  {escape(s.title)}"
                  f"  [dim]{plural(s.note_count, 'note')} in all[/]")


@participants.command("forget")
@click.argument("participant")
@click.option("--with-notes", is_flag=True,
              help="Also delete the notes of their interviews and what they contributed to group sessions.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.option("--wait", type=click.FloatRange(0, 3600), default=15.0, show_default=True,
              help="Seconds to wait for other programs (the app, a backup, sqlite3) to close the database.")
def forget_cmd(participant: str, with_notes: bool, yes: bool, wait: float) -> None:
    """Erase a participant's personal data (for a deletion request).

    Blanks their name, e-mail, company, role, segment and notes, replaces mentions of
    them everywhere (titles, notes, drafts, highlights, ideas, guide variables, tags),
    and with --with-notes deletes their notes, highlights and ideas. The file is then
    rebuilt and its bytes checked, so the erased text is gone from disk. Other programs
    must close the database first. Back up first if you may need the data: this cannot be undone.
    """
    with open_store() as store:
        person = store.resolve_participant(participant)
        sessions = store.sessions_of_participant(person.id)
        what = "their personal data and every note, highlight and idea of theirs" if with_notes else "their personal data"
        if not yes:
            click.confirm(
                f"Erase {what} for {person.name} ({plural(len(sessions), 'session')})? "
                "This cannot be undone",
                abort=True,
            )
        report = store.forget_participant(person.id, with_notes=with_notes, wait=wait,
                                          on_wait=lambda message: click.echo(message, err=True))

    erased = [f"{plural(report.mentions_replaced, 'mention')} of their name, e-mail or company replaced"]
    if with_notes:
        erased.append(f"{plural(report.notes_deleted, 'note')} and {plural(report.ideas_deleted, 'idea')} deleted")
    if report.tags_deleted:
        erased.append(f"{plural(report.tags_deleted, 'tag')} named after them deleted")
    done = f"Forgot participant {short_id(person.id)}: " + "; ".join(erased)
    if report.verified:
        click.echo(f"{done}; the database was rebuilt and checked: their name, e-mail and company are nowhere "
                   "in the file.")
        return
    left = " and ".join(report.leftover) or "erased text"
    raise click.ClickException(
        f"{done} in the database, but the file itself is not clean: their {left} can still be read from its "
        f"bytes ({report.problem or 'unknown cause'}). Fix that and run `interview participants forget "
        f"{short_id(person.id)} --yes` again to rebuild it."
    )
