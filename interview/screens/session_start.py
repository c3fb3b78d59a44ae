"""How a session screen starts, the same for the live interview and the co-creation workshop.

At compose it reads the session and its guide (a guide that cannot be read is said,
and notes are still taken); at mount a session that has gone is said and left. Then,
unless consent is already on record, it asks the facilitator whether the people present
agreed: only a yes, saved through the store, lets the screen begin. A no, or a store
that refuses the consent, leaves without recording anything.
"""

from __future__ import annotations

from interview.guides import GuideError, guide_from_dict
from interview.models import Guide, Session
from interview.screens.confirm import ConfirmScreen
from interview.store import StoreError


class SessionStart:
    """Mixed into a session ``Screen`` that has ``store``, ``session_id`` and ``_begin()``."""

    REFUSED = "Nothing recorded: the session waits until consent is given."  # said on a no
    UNREADABLE = "This session's guide cannot be read{reason}; notes are still saved."
    _problem = ""  # what compose could not read, said at mount

    def read_session(self) -> tuple[Session | None, Guide | None]:
        """At compose: the session and its guide (None for either that cannot be read, with ``_problem`` set)."""
        session = self.store.get_session(self.session_id)
        if session is None:
            self._problem = "That session no longer exists."
            return None, None
        try:
            return session, guide_from_dict(self.store.session_guide(self.session_id))
        except (GuideError, KeyError, TypeError, ValueError) as error:
            reason = f" ({error.message})" if isinstance(error, GuideError) else ""
            self._problem = self.UNREADABLE.format(reason=reason)
            return session, None

    def mounted_session(self) -> Session | None:
        """At mount: the session, or None once it was said to be gone and the screen left."""
        session = self.store.get_session(self.session_id)
        if session is None:
            self.notify(self._problem, severity="error")
            self.dismiss(None)
        return session

    def begin_after_consent(self, session: Session, question: str) -> None:
        """Begin now if consent is on record; otherwise ask ``question`` (y records it and begins)."""
        if session.consent_given:
            self._begin()
            return
        self.app.push_screen(ConfirmScreen(question, confirm_label="Consent given", cancel_label="Not yet"),
                             self._consent)

    def _consent(self, given: bool | None) -> None:
        if not given:
            self.notify(self.REFUSED)
            self.dismiss(None)
            return
        try:
            session = self.store.get_session(self.session_id)
            self.store.give_consent(self.session_id, session.consent_scope if session else "internal")
        except StoreError as error:
            self.app.show_error(error)
            self.dismiss(None)
            return
        self._begin()
