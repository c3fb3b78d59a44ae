"""Creating a session from a guide and a participant: what the new-session screen and `interview run` share.

Both front ends collect the same facts (guide, participant, interviewer, variable
values, consent); this module turns them into rows through the store, so the
two paths cannot drift apart. No textual and no SQL here.
"""

from __future__ import annotations

from datetime import date
from typing import Mapping

from interview.guides import fill_variables, guide_hash, guide_to_dict
from interview.models import CONSENT_SCOPES, Guide, Participant, Session
from interview.store import Store, StoreError

INTERVIEWER_SETTING = "interviewer"


def unknown_variables(guide: Guide, values: Mapping[str, str]) -> list[str]:
    """Names in ``values`` the guide does not declare (a typo in `--var` should not pass silently)."""
    return sorted(name for name in values if name not in guide.variables)


def session_title(guide: Guide, participant_name: str, today: date | None = None) -> str:
    """"<guide title> — <participant>": what the session lists show.

    A workshop is many people, not the one named at set-up: "<guide title> — <date>".
    """
    if guide.kind == "co-creation":
        return f"{guide.title} — {(today or date.today()).isoformat()}"
    name = participant_name.strip()
    return f"{guide.title} — {name}" if name else guide.title


def participant_for(
    store: Store,
    name: str,
    *,
    participant_id: str | None = None,
    role: str = "",
    company: str = "",
    segment: str = "",
) -> Participant:
    """The chosen participant, else the one with this name, else a new one.

    Reusing a participant by name keeps one person's sessions together; details
    typed in the form (non-empty and different) update the stored person.
    """
    details = {"role": role.strip(), "company": company.strip(), "segment": segment.strip()}
    found = store.get_participant(participant_id) if participant_id else None
    if found is None:
        found = store.participant_named(name)
    if found is None:
        return store.add_participant(name, **details)
    changes = {key: value for key, value in details.items() if value and value != getattr(found, key)}
    if name.strip() and name.strip() != found.name:
        changes["name"] = name.strip()
    if changes:
        store.update_participant(found.id, **changes)
        found = store.get_participant(found.id) or found
    return found


def create_session_from_guide(
    store: Store,
    guide: Guide,
    *,
    participant_name: str,
    participant_id: str | None = None,
    role: str = "",
    company: str = "",
    segment: str = "",
    interviewer: str = "",
    values: Mapping[str, str] | None = None,
    consent: bool = False,
    scope: str = "internal",
) -> Session:
    """Fill the guide's variables, snapshot it, find or create the participant, and create a planned session.

    Empty variable values fall back to the guide's defaults. The interviewer name is
    remembered for next time. Raises StoreError (one sentence) on bad input.
    """
    if not participant_name.strip():
        raise StoreError("a participant name is required")
    if scope not in CONSENT_SCOPES:
        raise StoreError(f"consent scope must be one of {', '.join(CONSENT_SCOPES)}")
    given = {k: v.strip() for k, v in (values or {}).items() if v.strip()}
    unknown = unknown_variables(guide, given)
    if unknown:
        raise StoreError(_unknown_sentence(guide, unknown))
    filled = fill_variables(guide, given)
    person = participant_for(
        store, participant_name, participant_id=participant_id, role=role, company=company, segment=segment
    )
    interviewer = interviewer.strip()
    if interviewer:
        store.set_setting(INTERVIEWER_SETTING, interviewer)
    return store.create_session(
        title=session_title(filled, person.name),
        guide=guide_to_dict(filled),
        guide_name=guide.name,
        guide_hash=guide_hash(guide),
        kind=guide.kind,
        participant_id=person.id,
        interviewer=interviewer,
        variables=dict(filled.variables),
        consent_given=consent,
        consent_scope=scope,
    )


def _unknown_sentence(guide: Guide, unknown: list[str]) -> str:
    names = ", ".join(f"'{n}'" for n in unknown)
    declared = ", ".join(guide.variables) or "none"
    plural = "s" if len(unknown) > 1 else ""
    return f"unknown variable{plural} {names} for guide {guide.name} (it declares: {declared})"
