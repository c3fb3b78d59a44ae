"""`interview search QUERY`: full-text search over every session's notes, grouped by session."""

from __future__ import annotations

import dataclasses

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from interview.commands.common import echo_json, open_store, short_id
from interview.widgets.snippet import snippet_text

SEARCH_HELP = """Search every session's notes.

\b
QUERY words must all appear; also:
  "a phrase"     the words in this order
  export*        words starting with "export"
  csv OR excel   either word
  -word          leave out notes with this word
  tag:pricing label:problem kind:worry guide:churn participant:Ana
  segment:smb since:2024-01-01 until:2024-03-31   (same as the options)

The best matches come first, ranked among the newest 1,000 notes that match
(narrow a common word with more words or filters to reach older sessions).
With only filters and no words, the newest matching notes are listed.
"""


# Unknown "options" such as -export (or -hotel: no -h here) are exclusions in the query, not errors.
@click.command("search", help=SEARCH_HELP, context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
@click.argument("query", nargs=-1)
@click.option("--tag", default="", help="Only notes with this tag.")
@click.option("--label", default="", help="Only notes with a highlight of this label (problem, emotion, workaround, need, feature_request).")
@click.option("--kind", default="", help="Only notes with this emotion kind (frustration, worry, ...).")
@click.option("--guide", default="", help="Only sessions run with this guide.")
@click.option("--participant", default="", help="Only notes of participants whose name contains this.")
@click.option("--segment", default="", help="Only participants of this segment.")
@click.option("--since", default="", help="Only sessions on or after this date (YYYY-MM-DD).")
@click.option("--until", default="", help="Only sessions on or before this date (YYYY-MM-DD).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 5000), help="How many notes at most.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of hits (note, snippet, session).")
def search(
    query: tuple[str, ...],
    tag: str,
    label: str,
    kind: str,
    guide: str,
    participant: str,
    segment: str,
    since: str,
    until: str,
    limit: int,
    as_json: bool,
) -> None:
    from interview.models import SearchFilters
    from interview.search_query import SearchQueryError, parse_search

    filters = SearchFilters(
        tag=tag, label=label, kind=kind, guide=guide, participant=participant,
        segment=segment, since=since, until=until,
    )
    try:
        parsed = parse_search(" ".join(query), filters)
    except SearchQueryError as error:
        raise click.UsageError(str(error)) from None
    if parsed.is_empty:
        raise click.UsageError("say what to search for: a word, a \"phrase\", or a filter such as --tag pricing")
    with open_store() as store:
        hits = store.notes_matching(parsed.match, exclude=parsed.exclude, filters=parsed.filters, limit=limit)
    if as_json:
        echo_json([
            {
                "note": dataclasses.asdict(h.note), "snippet": h.snippet, "session_id": h.note.session_id,
                "session_title": h.session_title, "session_date": h.session_date,
                "participant": h.participant_name, "guide": h.guide_name,
            }
            for h in hits
        ])
        return
    if not hits:
        click.echo("No notes match. Try fewer words, a prefix like export*, or drop a filter.")
        return
    from interview.timefmt import local_date, mmss

    console = Console(highlight=False)
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.note.session_id, []).append(hit)
    for session_id, group in groups.items():
        first = group[0]
        facts = " · ".join(x for x in (first.participant_name, first.guide_name, local_date(first.session_date)) if x)
        console.print(f"\n[bold]{escape(first.session_title)}[/]  [dim]{short_id(session_id)}  {escape(facts)}[/]")
        for hit in group:
            line = Text(f"  {mmss(hit.note.offset_seconds)}  ", style="dim")
            if hit.note.starred:
                line.append("★ ", style="yellow")
            line.append_text(snippet_text(" ".join(hit.snippet.split())))
            for name in hit.note.tags:
                line.append(f" #{name}", style="magenta")
            console.print(line)
    shown = f"{len(hits)} note{'s' if len(hits) != 1 else ''} in {len(groups)} session{'s' if len(groups) != 1 else ''}"
    more = f" (the first {limit}; use --limit for more)" if len(hits) >= limit else ""
    console.print(f"\n[dim]{shown}{more}[/]")
