"""What exports and the synthesis read."""

from __future__ import annotations

from typing import Any

from interview.models import Participant, Session
from interview.store.core import _guarded, _participant, _session
from interview.store.base import StoreBase
from interview.store.feedback import FEEDBACK_SESSIONS


class ReportQueries(StoreBase):
    # ------------------------------------------------------------------ exports

    @_guarded
    def session_people(self, session_id: str) -> list[Participant]:
        """Everyone who took part: the session's participant, co-creation participants by number, note speakers."""
        rows = self._rows(
            "SELECT p.*, 0 AS rank, 0 AS number FROM participants p JOIN sessions s ON s.participant_id = p.id "
            "WHERE s.id = :s UNION "
            "SELECT p.*, 1, sp.number FROM participants p JOIN session_participants sp ON sp.participant_id = p.id "
            "WHERE sp.session_id = :s UNION "
            "SELECT p.*, 2, 0 FROM participants p WHERE p.id IN "
            "(SELECT participant_id FROM notes WHERE session_id = :s AND participant_id IS NOT NULL) "
            "ORDER BY rank, number, created_at",
            {"s": session_id},
        )
        people: dict[str, Participant] = {}
        for row in rows:
            people.setdefault(row["id"], _participant(row))
        return list(people.values())

    @_guarded
    def sessions_for_report(
        self,
        *,
        guide: str | None = None,
        tag: str | None = None,
        segment: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Session]:
        """Sessions with notes (or workshop ideas) that match every given filter, oldest first: what a synthesis reads.

        ``since``/``until`` are inclusive YYYY-MM-DD dates of the session start; ``segment``
        matches the session's participant or any co-creation participant.
        """
        where = [f"s.id NOT IN {FEEDBACK_SESSIONS}",  # feedback is counted apart from interviews
                 "(EXISTS (SELECT 1 FROM notes n WHERE n.session_id = s.id AND n.deleted = 0) OR "
                 "EXISTS (SELECT 1 FROM ideas i WHERE i.session_id = s.id AND i.deleted = 0))"]
        params: dict[str, Any] = {}
        if guide:
            where.append("s.guide_name = :guide COLLATE NOCASE")
            params["guide"] = guide
        if tag:
            where.append(
                "EXISTS (SELECT 1 FROM notes n JOIN note_tags nt ON nt.note_id = n.id JOIN tags t ON t.id = nt.tag_id "
                "WHERE n.session_id = s.id AND n.deleted = 0 AND t.name = :tag COLLATE NOCASE)"
            )
            params["tag"] = tag.strip().lstrip("#")
        if segment:
            where.append(
                "EXISTS (SELECT 1 FROM participants p WHERE p.segment = :segment COLLATE NOCASE AND "
                "(p.id = s.participant_id OR p.id IN "
                "(SELECT participant_id FROM session_participants WHERE session_id = s.id)))"
            )
            params["segment"] = segment
        if since:
            where.append("substr(coalesce(s.started_at, s.created_at), 1, 10) >= :since")
            params["since"] = since
        if until:
            where.append("substr(coalesce(s.started_at, s.created_at), 1, 10) <= :until")
            params["until"] = until
        rows = self._rows(
            f"SELECT s.* FROM sessions s WHERE {' AND '.join(where)} "
            "ORDER BY coalesce(s.started_at, s.created_at), s.rowid",
            params,
        )
        return [_session(r) for r in rows]
