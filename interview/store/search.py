"""Full-text search across every session, with filters."""

from __future__ import annotations

import sqlite3
from typing import Any

from interview.models import SearchFilters, SearchHit
from interview.store.core import StoreError, _guarded, _note
from interview.store.base import StoreBase
from interview.store.feedback import UNFINISHED_FEEDBACK


RANKED_WINDOW = 1000  # newest matching notes that are ranked by relevance; see notes_matching


class SearchQueries(StoreBase):
    # ------------------------------------------------------------------ search

    @_guarded
    def notes_matching(
        self,
        match: str = "",
        *,
        exclude: str = "",
        filters: SearchFilters | None = None,
        limit: int = 200,
    ) -> list[SearchHit]:
        """Notes across all sessions for the search screen and `interview search`.

        ``match`` and ``exclude`` are FTS5 queries (build them with
        ``interview.search_query.parse_search``); the best matches come first, ranked among
        the newest ``RANKED_WINDOW`` matching notes. With no ``match`` the newest notes that
        pass the filters come first. Filters narrow by tag, highlight label or emotion
        kind (not rejected), guide, participant, segment and session date. Feedback
        statements are found too (their session title starts "Feedback: "), once their
        import is complete.
        """
        f = filters or SearchFilters()
        key = "notes_fts.rowid" if match else "n.rowid"  # the earliest place a note's rowid is known
        where = ["n.deleted = 0", f"n.session_id NOT IN {UNFINISHED_FEEDBACK}"]  # feedback shows once complete
        params: dict[str, Any] = {"limit": limit}
        if f.tag:
            # A tag marks few notes: their rowids, listed once, are checked on each match
            # before its note is read. (The + keeps SQLite from handing the list to FTS5,
            # which would run the whole query once per rowid: seconds.)
            where.append(
                f"+{key} IN (SELECT tn.rowid FROM note_tags nt JOIN tags t ON t.id = nt.tag_id "
                "JOIN notes tn ON tn.id = nt.note_id WHERE t.name = :tag COLLATE NOCASE)"
            )
            params["tag"] = f.tag
        if f.label or f.kind:
            cond = ["h.status != 'rejected'"]
            if f.label:
                cond.append("h.label = :label")
                params["label"] = f.label
            if f.kind:  # an emotion kind is rare too: build its list once
                cond.append("h.kind = :kind")
                params["kind"] = f.kind
                if not f.label:  # only emotions have a kind; saying so lets the label index find them
                    cond.append("h.label = 'emotion'")
                where.append(f"+{key} IN (SELECT hn.rowid FROM highlights h JOIN notes hn ON hn.id = h.note_id "
                             f"WHERE {' AND '.join(cond)})")
            else:  # a label marks a third of all notes: test only the notes the scan reaches
                where.append(f"EXISTS (SELECT 1 FROM highlights h WHERE h.note_id = n.id AND {' AND '.join(cond)})")
        for name, column in (("guide", "s.guide_name"), ("participant", "p.name"), ("segment", "p.segment")):
            value = getattr(f, name)
            if value:
                where.append(f"{column} LIKE :{name}")
                params[name] = f"%{value.replace('%', '').replace('_', '')}%"
        if f.since:
            where.append("substr(coalesce(s.started_at, s.created_at), 1, 10) >= :since")
            params["since"] = f.since
        if f.until:
            where.append("substr(coalesce(s.started_at, s.created_at), 1, 10) <= :until")
            params["until"] = f.until
        if exclude:
            where.append("n.rowid NOT IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH :exclude)")
            params["exclude"] = exclude
        columns = (
            "n.*, s.title AS session_title, coalesce(s.started_at, s.created_at) AS session_date, "
            "s.guide_name AS guide_name, coalesce(p.name, '') AS participant_name"
        )
        people = "JOIN sessions s ON s.id = n.session_id LEFT JOIN participants p ON p.id = coalesce(n.participant_id, s.participant_id)"
        if match:
            # The best matches (bm25) among the newest RANKED_WINDOW notes that match and pass
            # the filters. FTS5 hands out matches newest first and stops once the window is
            # full, so a word in half of 100,000 notes costs what a rare one does (~15 ms,
            # benchmarks/scale.py); ranking every match took 50-100 ms.
            params["match"] = match
            params["window"] = RANKED_WINDOW
            sql = (
                f"SELECT * FROM (SELECT {columns}, bm25(notes_fts) AS score, "
                f"snippet(notes_fts, 0, '[', ']', '…', 16) AS snippet FROM notes_fts "
                f"JOIN notes n ON n.rowid = notes_fts.rowid {people} "
                f"WHERE notes_fts MATCH :match AND {' AND '.join(where)} "
                f"ORDER BY notes_fts.rowid DESC LIMIT :window) ORDER BY score LIMIT :limit"
            )
        else:
            sql = (
                f"SELECT {columns}, CASE WHEN length(n.text) > 200 THEN substr(n.text, 1, 200) || '…' "
                f"ELSE n.text END AS snippet FROM notes n {people} "
                f"WHERE {' AND '.join(where)} ORDER BY n.created_at DESC, n.rowid DESC LIMIT :limit"
            )
        try:
            rows = list(self._rows(sql, params))
        except sqlite3.OperationalError as error:
            if not (match or exclude) or any(w in str(error).lower() for w in ("locked", "busy", "disk", "i/o")):
                raise
            raise StoreError(f"the search could not be understood ({error}); put odd characters in quotes") from None
        hits, notes = [], []
        for row in rows:
            row.pop("score", None)
            extra = {k: row.pop(k) for k in ("session_title", "session_date", "guide_name", "participant_name", "snippet")}
            note = _note(row)
            notes.append(note)
            hits.append(SearchHit(note=note, **extra))
        self._with_details(notes)
        return hits
