"""The workshop's drafts: what is being typed in an activity's box, kept so a crash loses two seconds at most.

The timing is the live note box's (``DraftPacer``: bursts, back-off after a failed
save); the writes go through a ``WriteQueue`` off the UI thread, so a locked database
never freezes typing. The screen says what is typed and when it left the box.
"""

from __future__ import annotations

from textual.screen import Screen

from interview.store import StoreError
from interview.screens.live_writes import Write, WriteQueue
from interview.widgets.draft_pacer import DraftPacer


class WorkshopDrafts:
    """One workshop's draft: the (section id, text) being typed, and whether it is kept yet."""

    def __init__(self, owner: Screen, session_id: str) -> None:
        self._owner = owner
        self.session_id = session_id
        self.pacer = DraftPacer(owner, self.keep)
        self._typing: tuple[str, str] | None = None  # (section id, text) in the box being typed in
        self._kept: tuple[str, str] | None = None
        self._queued = False
        self._writes: WriteQueue | None = None

    @property
    def writes(self) -> WriteQueue:
        if self._writes is None:
            self._writes = WriteQueue(self._owner.app)
        return self._writes

    def typed(self, section_id: str, text: str) -> None:
        self._typing = (section_id, text)
        self.pacer.typed()

    def keep(self, *, force: bool = False) -> None:
        """Queue a write of what is being typed; one waiting write is enough, however many pauses come.

        The write stores what is being typed when it runs. Shortly after a failed draft
        write, routine ones wait (``force``: an activity change or leaving).
        """
        self.pacer.kept()
        if not force and self.pacer.backing_off:
            return
        if self._typing is None or self._typing == self._kept or self._queued:
            return
        self._queued = True
        store, session_id = self._owner.app.store, self.session_id

        def write() -> tuple[str, str]:
            self._queued = False  # from here on a newer pause queues a new write
            typing = self._typing or ("", "")
            store.save_draft(session_id, typing[1], typing[0] or None)
            return typing

        self.writes.add(Write(write, done=self._written, failed=lambda error: self.pacer.save_failed(),
                              after="(The text being typed was not kept as a draft.)"))

    def _written(self, typing: tuple[str, str]) -> None:
        self._kept = typing

    def sent(self, section_id: str, since: str) -> None:
        """The box's text left as an idea or note (``since``: keys typed after it): its draft goes,
        after any draft write on its way."""
        self._typing, self._kept = (section_id, since), (section_id, "")
        self.pacer.sent()
        store, session_id = self._owner.app.store, self.session_id
        self.writes.add(Write(lambda: store.save_draft(session_id, "")))

    def flush(self) -> None:
        """The screen is going: keep the text behind the writes on their way, or now if none is."""
        if self._writes is not None and self._writes.waiting:
            self.keep(force=True)
            return
        if self._typing is None or self._typing == self._kept:
            return
        section_id, text = self._typing
        try:  # nothing on its way: now, as the app may be closing
            self._owner.app.store.save_draft(self.session_id, text, section_id)
        except StoreError:
            pass
