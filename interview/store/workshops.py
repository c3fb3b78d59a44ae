"""Co-creation workshops: people in the room, ideas, themes, votes, priorities, and where the workshop is."""

from __future__ import annotations

from typing import Any

from interview.models import CONSENT_SCOPES, Idea, Participant, SeatConsent, WorkshopProgress, WorkshopTimer
from interview.store.core import StoreError, _guarded, _participant, new_id, now_iso
from interview.store.base import StoreBase


class WorkshopQueries(StoreBase):
    # ------------------------------------------------------------------ co-creation workshops

    @_guarded
    def add_session_participant(self, session_id: str, participant_id: str,
                                consent: SeatConsent | None = None) -> int:
        """Seat a participant in a workshop; returns their number key (1, 2, ...), unchanged if already seated.

        ``consent``: what this person agreed to (recorded now when given); None leaves a
        seated person's consent as it was, and seats a new one without consent.
        """
        self._require_session(session_id)
        if consent is not None and consent.scope not in CONSENT_SCOPES:
            raise StoreError(f"consent scope must be one of {', '.join(CONSENT_SCOPES)}")
        found = self.conn.execute(
            "SELECT number FROM session_participants WHERE session_id = ? AND participant_id = ?",
            (session_id, participant_id),
        ).fetchone()
        with self._write():
            if found:
                number = found[0]
            else:
                number = self.conn.execute(
                    "SELECT coalesce(max(number), 0) + 1 FROM session_participants WHERE session_id = ?", (session_id,)
                ).fetchone()[0]
                self.conn.execute(
                    "INSERT INTO session_participants (session_id, participant_id, number) VALUES (?, ?, ?)",
                    (session_id, participant_id, number),
                )
            if consent is not None:
                self.conn.execute(
                    "UPDATE session_participants SET consent_given = ?, consent_at = ?, consent_scope = ? "
                    "WHERE session_id = ? AND participant_id = ?",
                    (int(consent.given), (consent.at or now_iso()) if consent.given else None, consent.scope,
                     session_id, participant_id),
                )
        return number

    @_guarded
    def seat_consents(self, session_id: str) -> dict[str, SeatConsent]:
        """What each seated workshop participant agreed to, by participant id."""
        rows = self._rows(
            "SELECT participant_id, consent_given, consent_scope, consent_at FROM session_participants "
            "WHERE session_id = ?", [session_id],
        )
        return {r["participant_id"]: SeatConsent(bool(r["consent_given"]), r["consent_scope"], r["consent_at"])
                for r in rows}

    @_guarded
    def session_participants(self, session_id: str) -> list[tuple[int, Participant]]:
        """A workshop's participants with their number keys, in number order."""
        rows = self._rows(
            "SELECT p.*, sp.number FROM session_participants sp JOIN participants p ON p.id = sp.participant_id "
            "WHERE sp.session_id = ? ORDER BY sp.number",
            [session_id],
        )
        return [(r["number"], _participant(r)) for r in rows]

    @_guarded
    def add_idea(
        self,
        session_id: str,
        text: str,
        *,
        participant_id: str | None = None,
        builds_on: str | None = None,
        section_id: str | None = None,
    ) -> Idea:
        """Commit the idea before returning, like a note: what the screen lists is on disk."""
        if not text.strip():
            raise StoreError("an empty idea was not saved")
        self._require_session(session_id)
        stamp = now_iso()
        row = {
            "id": new_id(), "session_id": session_id, "section_id": section_id, "text": text.strip(),
            "participant_id": participant_id, "builds_on": builds_on, "theme": "", "impact": None,
            "effort": None, "deleted": 0, "created_at": stamp, "updated_at": stamp,
        }
        with self._write():
            self.db["ideas"].insert(row)
        return self._ideas("i.id = ?", [row["id"]], session_id)[0]

    @_guarded
    def ideas_for_session(self, session_id: str, *, include_deleted: bool = False) -> list[Idea]:
        """A workshop's ideas in the order they were captured, with proposer and vote count."""
        return self._ideas("1" if include_deleted else "i.deleted = 0", [], session_id)

    def _ideas(self, where: str, params: list[Any], session_id: str) -> list[Idea]:
        rows = self._rows(
            "SELECT i.*, coalesce(p.name, '') AS proposer, "
            "(SELECT count(*) FROM votes v WHERE v.idea_id = i.id) AS votes FROM "
            "(SELECT *, row_number() OVER (ORDER BY created_at, rowid) AS number FROM ideas WHERE session_id = ?) i "
            f"LEFT JOIN participants p ON p.id = i.participant_id WHERE {where} ORDER BY i.number",
            [session_id, *params],
        )
        return [
            Idea(id=r["id"], session_id=r["session_id"], text=r["text"], number=r["number"],
                 participant_id=r["participant_id"], proposer=r["proposer"], builds_on=r["builds_on"],
                 theme=r["theme"], impact=r["impact"], effort=r["effort"], votes=r["votes"],
                 section_id=r["section_id"], deleted=bool(r["deleted"]), created_at=r["created_at"])
            for r in rows
        ]

    def _update_idea(self, idea_id: str, **fields: Any) -> None:
        with self._write():
            changed = self.conn.execute(
                f"UPDATE ideas SET {', '.join(f'{k} = :{k}' for k in fields)}, updated_at = :stamp WHERE id = :id",
                {**fields, "stamp": now_iso(), "id": idea_id},
            ).rowcount
        if not changed:
            raise StoreError(f"idea {idea_id} no longer exists")

    @_guarded
    def set_idea_theme(self, idea_id: str, theme: str) -> None:
        """Put an idea in a theme (clustering); an empty name takes it out of any theme."""
        self._update_idea(idea_id, theme=" ".join(theme.split()))

    @_guarded
    def rename_theme(self, session_id: str, old: str, new: str) -> int:
        """Rename a theme on every idea of the session; returns how many ideas moved."""
        new = " ".join(new.split())
        if not new:
            raise StoreError("a theme needs a name")
        with self._write():
            return self.conn.execute(
                "UPDATE ideas SET theme = ?, updated_at = ? WHERE session_id = ? AND theme = ?",
                (new, now_iso(), session_id, old),
            ).rowcount

    @_guarded
    def set_idea_proposer(self, idea_id: str, participant_id: str | None) -> None:
        """Attribute an idea after it was saved (None: anonymous)."""
        self._update_idea(idea_id, participant_id=participant_id)

    @_guarded
    def set_idea_deleted(self, idea_id: str, deleted: bool) -> None:
        """Soft delete (or restore) an idea; its number stays taken."""
        self._update_idea(idea_id, deleted=int(deleted))

    @_guarded
    def set_impact_effort(self, idea_id: str, impact: int | None, effort: int | None) -> None:
        """Place an idea on the impact x effort grid (each 1-5, None: not rated yet)."""
        for name, value in (("impact", impact), ("effort", effort)):
            if value is not None and not 1 <= value <= 5:
                raise StoreError(f"{name} must be between 1 and 5, not {value}")
        self._update_idea(idea_id, impact=impact, effort=effort)

    @_guarded
    def add_vote(self, session_id: str, idea_id: str, participant_id: str | None, *, dots: int | None = None) -> str:
        """Place one dot; with ``dots`` a participant who has used them all is refused. Returns the vote id."""
        vote_id = new_id()
        with self._write():
            if dots is not None and participant_id is not None:
                used = self.conn.execute(
                    "SELECT count(*) FROM votes WHERE session_id = ? AND participant_id = ?", (session_id, participant_id)
                ).fetchone()[0]
                if used >= dots:
                    raise StoreError(f"no dots left: each participant has {dots}")
            self.conn.execute(
                "INSERT INTO votes (id, session_id, idea_id, participant_id, created_at) VALUES (?, ?, ?, ?, ?)",
                (vote_id, session_id, idea_id, participant_id, now_iso()),
            )
        return vote_id

    @_guarded
    def undo_vote(self, session_id: str, participant_id: str | None = None) -> str | None:
        """Take back the newest dot (of one participant, if given); returns its idea id, None if none left."""
        where, params = "session_id = ?", [session_id]
        if participant_id is not None:
            where, params = where + " AND participant_id = ?", params + [participant_id]
        with self._write():
            row = self.conn.execute(
                f"SELECT id, idea_id FROM votes WHERE {where} ORDER BY created_at DESC, rowid DESC LIMIT 1", params
            ).fetchone()
            if row:
                self.conn.execute("DELETE FROM votes WHERE id = ?", (row[0],))
        return row[1] if row else None

    @_guarded
    def dots_used(self, session_id: str) -> dict[str, int]:
        """Votes placed so far per participant id (anonymous votes are not counted)."""
        rows = self.conn.execute(
            "SELECT participant_id, count(*) FROM votes WHERE session_id = ? AND participant_id IS NOT NULL "
            "GROUP BY participant_id",
            (session_id,),
        )
        return {r[0]: r[1] for r in rows}

    # ------------------------------------------------------------------ where the workshop is (per laptop)

    @_guarded
    def workshop_progress(self, session_id: str) -> WorkshopProgress:
        """The activity on screen and the saved countdowns (activity 0 and none before the first save).

        Kept per laptop like drafts: a merge never brings another laptop's countdowns.
        """
        row = self.conn.execute("SELECT activity FROM workshop_progress WHERE session_id = ?", (session_id,)).fetchone()
        timers = {
            r["section_id"]: WorkshopTimer(r["section_id"], r["timebox_seconds"], r["used_seconds"], r["running_since"])
            for r in self._rows("SELECT * FROM workshop_timers WHERE session_id = ?", [session_id])
        }
        return WorkshopProgress(activity=row[0] if row else 0, timers=timers)

    @_guarded
    def set_workshop_activity(self, session_id: str, activity: int) -> None:
        """Remember which activity is on screen (its index in the guide), so a restart resumes it."""
        if activity < 0:
            raise StoreError("an activity's place in the guide cannot be negative")
        with self._write(fsync=False):  # like a draft: it only needs to survive the app being killed
            self.db["workshop_progress"].upsert({"session_id": session_id, "activity": activity}, pk="session_id")

    @_guarded
    def save_workshop_timer(self, session_id: str, timer: WorkshopTimer) -> None:
        """Remember one activity's countdown (started, paused or extended), so a restart resumes it."""
        if timer.seconds < 0 or timer.used < 0:
            raise StoreError("a countdown cannot have negative time")
        with self._write(fsync=False):
            self.db["workshop_timers"].upsert(
                {"session_id": session_id, "section_id": timer.section_id, "timebox_seconds": timer.seconds,
                 "used_seconds": timer.used, "running_since": timer.running_since},
                pk=("session_id", "section_id"),
            )
