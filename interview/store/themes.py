"""Themes: the engine's groups of problem statements, saved with a researcher's edits.

A statement is a problem highlight that is not rejected, in a note that is not
deleted. ``refresh_themes`` lets the engine (passed in, so the store stays free
of it) regroup every statement a researcher has not placed, and keeps what a
researcher did: statements they moved, merged or split off stay where they put
them, pinned themes are not touched, renamed themes keep their names, and a
regrouped theme keeps its id (so its name, insight and takeaway) when it holds
most of the statements it held before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from interview.models import StoredTheme, ThemeStatement
from interview.store.base import StoreBase
from interview.store.core import StoreError, _guarded, new_id, now_iso
from interview.store.feedback import UNFINISHED_FEEDBACK

# statements, who said each -> (name, positions) per theme; positions in no theme fit nowhere
GroupStatements = Callable[[Sequence[str], Sequence[str]], list[tuple[str, list[int]]]]

_STATEMENTS = """
SELECT h.id AS highlight_id, h.note_id, n.session_id, h.text, n.text AS note_text,
       coalesce(pn.name, ps.name, s.title) AS participant,
       (SELECT group_concat(coalesce(e.kind, 'unspecified'), ',') FROM highlights e
         WHERE e.note_id = n.id AND e.label = 'emotion' AND e.status != 'rejected') AS emotions,
       coalesce((SELECT fs.name FROM feedback_sources fs WHERE fs.session_id = n.session_id), '') AS source
FROM highlights h
JOIN notes n ON n.id = h.note_id
JOIN sessions s ON s.id = n.session_id
LEFT JOIN participants pn ON pn.id = n.participant_id
LEFT JOIN participants ps ON ps.id = s.participant_id
WHERE h.label = 'problem' AND h.status != 'rejected' AND n.deleted = 0
  AND n.session_id NOT IN {unfinished}
ORDER BY s.created_at, n.created_at, h.start
""".format(unfinished=UNFINISHED_FEEDBACK)  # a feedback import still running is invisible until complete


class ThemeQueries(StoreBase):
    # ------------------------------------------------------------------ reading

    @_guarded
    def problem_statements(self) -> list[ThemeStatement]:
        """Every statement a theme can hold: problem highlights not rejected, in notes not deleted,
        outside feedback imports still running."""
        return self._problem_statements()

    def _problem_statements(self) -> list[ThemeStatement]:
        return [
            ThemeStatement(**{**row, "text": row["text"] or row["note_text"],
                              "emotions": [k for k in (row["emotions"] or "").split(",") if k]})
            for row in self._rows(_STATEMENTS)
        ]

    @_guarded
    def list_themes(self) -> list[StoredTheme]:
        """Saved themes, most interviewees first (imported feedback breaks ties), each with its statements."""
        statements = {s.highlight_id: s for s in self._problem_statements()}
        themes = {
            row["id"]: StoredTheme(**{**row, "pinned": bool(row["pinned"]), "insight": bool(row["insight"])})
            for row in self._rows(
                "SELECT id, name, named_by, pinned, insight, takeaway FROM themes ORDER BY created_at, id"
            )
        }
        for row in self._rows("SELECT highlight_id, theme_id, placed_by FROM theme_statements"):
            statement = statements.get(row["highlight_id"])
            if statement is not None and row["theme_id"] in themes:
                statement.placed_by = row["placed_by"]
                themes[row["theme_id"]].statements.append(statement)
        return sorted(themes.values(),
                      key=lambda t: (-len(t.participants), -t.feedback, -len(t.statements), t.name.casefold()))

    # ------------------------------------------------------------------ the engine

    @_guarded
    def refresh_themes(self, group: GroupStatements) -> list[StoredTheme]:
        """Regroup every statement no researcher placed; returns the themes as saved."""
        statements = self._problem_statements()
        current = {r["highlight_id"]: r for r in self._rows(
            "SELECT ts.highlight_id, ts.theme_id, ts.placed_by, t.pinned FROM theme_statements ts "
            "JOIN themes t ON t.id = ts.theme_id")}
        kept = {h for h, r in current.items() if r["placed_by"] == "researcher" or r["pinned"]}
        free = [s for s in statements if s.highlight_id not in kept]
        groups = group([s.text for s in free], [s.participant for s in free]) if free else []
        pinned = {r["id"] for r in self._rows("SELECT id FROM themes WHERE pinned = 1")}
        now = now_iso()
        with self._write():
            live = {s.highlight_id for s in statements}
            gone = [h for h in current if h not in live]
            self.conn.executemany("DELETE FROM theme_statements WHERE highlight_id = ?", [(h,) for h in gone])
            claimed: set[str] = set()
            placed: set[str] = set()
            for name, positions in sorted(groups, key=lambda g: -len(g[1])):
                members = [free[p] for p in positions]
                before = Counter(current[m.highlight_id]["theme_id"] for m in members
                                 if m.highlight_id in current and current[m.highlight_id]["theme_id"] not in pinned)
                theme_id = next((t for t, _ in before.most_common() if t not in claimed), None)
                if theme_id is None:
                    theme_id = new_id()
                    self.conn.execute(
                        "INSERT INTO themes (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                        (theme_id, name, now, now))
                else:
                    self.conn.execute(
                        "UPDATE themes SET name = CASE named_by WHEN 'engine' THEN ? ELSE name END, "
                        "updated_at = ? WHERE id = ?", (name, now, theme_id))
                claimed.add(theme_id)
                for member in members:
                    placed.add(member.highlight_id)
                    self.conn.execute(
                        "INSERT INTO theme_statements (highlight_id, theme_id, note_id, placed_by, updated_at) "
                        "VALUES (?, ?, ?, 'engine', ?) ON CONFLICT (highlight_id) DO UPDATE SET "
                        "theme_id = excluded.theme_id, placed_by = 'engine', updated_at = excluded.updated_at",
                        (member.highlight_id, theme_id, member.note_id, now))
            unplaced = [(s.highlight_id,) for s in free if s.highlight_id not in placed]
            self.conn.executemany("DELETE FROM theme_statements WHERE highlight_id = ?", unplaced)
            self._drop_empty_themes()
        return self.list_themes()

    def _drop_empty_themes(self) -> None:
        """Themes left with no statement go, unless a researcher pinned them or wrote an insight."""
        self.conn.execute(
            "DELETE FROM themes WHERE pinned = 0 AND insight = 0 AND NOT EXISTS "
            "(SELECT 1 FROM theme_statements ts WHERE ts.theme_id = themes.id)")

    # ------------------------------------------------------------------ a researcher's edits

    def _theme_exists(self, theme_id: str) -> None:
        if not self.conn.execute("SELECT 1 FROM themes WHERE id = ?", (theme_id,)).fetchone():
            raise StoreError("That theme no longer exists; refresh the board.")

    def _place(self, highlight_ids: Sequence[str], theme_id: str) -> None:
        now = now_iso()
        for highlight_id in highlight_ids:
            row = self.conn.execute("SELECT note_id FROM highlights WHERE id = ?", (highlight_id,)).fetchone()
            if row is None:
                continue
            self.conn.execute(
                "INSERT INTO theme_statements (highlight_id, theme_id, note_id, placed_by, updated_at) "
                "VALUES (?, ?, ?, 'researcher', ?) ON CONFLICT (highlight_id) DO UPDATE SET "
                "theme_id = excluded.theme_id, placed_by = 'researcher', updated_at = excluded.updated_at",
                (highlight_id, theme_id, row[0], now))

    @_guarded
    def name_theme(self, theme_id: str, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            raise StoreError("A theme needs a name.")
        with self._write():
            self._theme_exists(theme_id)
            self.conn.execute("UPDATE themes SET name = ?, named_by = 'researcher', updated_at = ? WHERE id = ?",
                              (name, now_iso(), theme_id))

    @_guarded
    def merge_themes(self, theme_id: str, into_id: str) -> None:
        """Every statement of ``theme_id`` joins ``into_id``, and ``theme_id`` goes."""
        if theme_id == into_id:
            raise StoreError("A theme cannot be merged into itself.")
        with self._write():
            self._theme_exists(theme_id)
            self._theme_exists(into_id)
            moving = [r[0] for r in self.conn.execute(
                "SELECT highlight_id FROM theme_statements WHERE theme_id = ?", (theme_id,))]
            self._place(moving, into_id)
            self.conn.execute("DELETE FROM themes WHERE id = ?", (theme_id,))

    @_guarded
    def split_theme(self, theme_id: str, highlight_ids: Sequence[str], name: str) -> str:
        """The given statements leave ``theme_id`` for a new theme called ``name``; returns its id."""
        name = " ".join(name.split())
        if not name:
            raise StoreError("A theme needs a name.")
        if not highlight_ids:
            raise StoreError("Choose the statements to split off first.")
        new = new_id()
        now = now_iso()
        with self._write():
            self._theme_exists(theme_id)
            self.conn.execute(
                "INSERT INTO themes (id, name, named_by, created_at, updated_at) VALUES (?, ?, 'researcher', ?, ?)",
                (new, name, now, now))
            self._place(highlight_ids, new)
            self._drop_empty_themes()
        return new

    @_guarded
    def move_statement(self, highlight_id: str, theme_id: str) -> None:
        with self._write():
            self._theme_exists(theme_id)
            self._place([highlight_id], theme_id)
            self._drop_empty_themes()

    @_guarded
    def pin_theme(self, theme_id: str, pinned: bool = True) -> None:
        with self._write():
            self._theme_exists(theme_id)
            self.conn.execute("UPDATE themes SET pinned = ?, updated_at = ? WHERE id = ?",
                              (int(pinned), now_iso(), theme_id))

    @_guarded
    def mark_insight(self, theme_id: str, takeaway: str) -> None:
        """Mark a theme as an insight with a one-line takeaway (an empty takeaway unmarks it)."""
        takeaway = " ".join(takeaway.split())
        with self._write():
            self._theme_exists(theme_id)
            self.conn.execute("UPDATE themes SET insight = ?, takeaway = ?, updated_at = ? WHERE id = ?",
                              (int(bool(takeaway)), takeaway, now_iso(), theme_id))
