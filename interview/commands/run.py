"""`interview run GUIDE --participant NAME`: skip the forms and open the live screen at once."""

from __future__ import annotations

import click

from interview.commands.common import Config, guide_for_vars, open_store, parse_vars
from interview.models import CONSENT_SCOPES


@click.command("run")
@click.argument("guide")
@click.option("--participant", "-p", required=True, help="Participant's name; an existing participant is reused.")
@click.option("--consent", is_flag=True, help="The participant has agreed to notes (recorded with the time now).")
@click.option("--interviewer", default=None, help="Your name (default: the one you used last time).")
@click.option("--role", default="", help="Participant's role, e.g. 'Finance lead'.")
@click.option("--company", default="", help="Participant's company.")
@click.option("--segment", default="", help="Participant's segment, e.g. 'mid-market'.")
@click.option(
    "--scope", type=click.Choice(CONSENT_SCOPES), default="internal", show_default=True,
    help="What the participant agreed the notes may be used for.",
)
@click.option("--var", "var_items", multiple=True, metavar="NAME=VALUE",
              help="Fill a guide variable (repeatable); see `interview guides show GUIDE`.")
@click.pass_obj
def run(
    config: Config,
    guide: str,
    participant: str,
    consent: bool,
    interviewer: str | None,
    role: str,
    company: str,
    segment: str,
    scope: str,
    var_items: tuple[str, ...],
) -> None:
    """Start a session now and open the live screen. GUIDE is a guide name or a path to a .md file.

    Without --consent the live screen asks for consent before any note is taken.

    \b
    Example:
      interview run problem-discovery -p "Ana López" --company Acme --consent --var topic="month-end close"
    """
    from interview.session_setup import INTERVIEWER_SETTING, create_session_from_guide

    values = parse_vars(var_items)
    if not participant.strip():
        raise click.ClickException("--participant needs a name")
    parsed = guide_for_vars(guide, values)
    with open_store() as store:
        name = store.get_setting(INTERVIEWER_SETTING) if interviewer is None else interviewer
        session = create_session_from_guide(
            store, parsed, participant_name=participant, role=role, company=company, segment=segment,
            interviewer=name, values=values, consent=consent, scope=scope,
        )
    from interview.commands.app import run_app

    run_app(config, live_session_id=session.id)
