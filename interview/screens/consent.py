"""Consent before anything is recorded: the start the live and co-creation screens share.

A session screen shows itself, then (unless consent is already on record) asks the
facilitator whether the people present agreed; only a yes, saved through the store,
lets it begin. A no, or a store that refuses the consent, leaves without recording.
"""

from __future__ import annotations

from interview.models import Session
from interview.screens.confirm import ConfirmScreen
from interview.store import StoreError


class ConsentFirst:
    """Mixed into a session ``Screen`` that has ``store``, ``session_id`` and ``_begin()``."""

    REFUSED = "Nothing recorded: the session waits until consent is given."  # said on a no

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
