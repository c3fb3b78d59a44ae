"""Five finance interviews (the payout problem in five wordings) with emotions, workarounds and a board insight."""

from __future__ import annotations

from interview.store import Store

from test_export_fixtures import add
from test_themes_engine import INTERVIEWS

WORKAROUND = "I export everything to Excel and tick the lines off by hand"
TAKEAWAY = "Finance teams reconcile payouts by hand every month"


def five_interviews(store: Store, *, scope: str = "internal", takeaway: bool = True) -> dict[str, str]:
    """Participant name -> session id; the first payout statement carries frustration and a workaround."""
    from interview.themes import group_statements

    sessions = {}
    for number, (participant, lines) in enumerate(INTERVIEWS.items()):
        name, rest = participant.split(" (")
        role, company = rest.rstrip(")").split(", ")
        person = store.add_participant(name, role=role.title(), company=company)
        session = store.create_session(title=f"Month-end with {name}", guide_name="month-end",
                                       participant_id=person.id, consent_given=True, consent_scope=scope)
        store.start_session(session.id)
        sessions[name] = session.id
        for i, line in enumerate(lines):
            spans = [(line, "problem")]
            if i == 0 and number < 2:
                line = f"{line} It drives me mad. {WORKAROUND}."
                spans += [("drives me mad", "emotion", "frustration"), (WORKAROUND, "workaround")]
            add(store, session.id, line, None, 60 * i, highlights=spans)
    if takeaway:
        payouts = store.refresh_themes(group_statements)[0]
        store.mark_insight(payouts.id, TAKEAWAY)
    return sessions
