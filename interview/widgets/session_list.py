"""Home's list of sessions: one line per session in fixed columns, under a heading line.

Each row is a single pre-cut line of text in an OptionList, which draws only the rows
in view. A DataTable drew the same rows cell by cell through Rich's padding and
wrapping, and that was most of home's first paint (benchmarks/scale.py). The participant
comes first (it tells sessions apart), then the title without the participant's name
again, which takes the width the others leave; a narrow terminal drops the guide, then the
duration, then the time of day; the rows are re-cut when the terminal is resized.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from interview.models import SessionSummary
from interview.timefmt import duration_text, local_date

# (heading, width) in order; the title's 0 means "what the others leave".
COLUMNS: tuple[tuple[str, int], ...] = (
    ("date", 18), ("participant", 14), ("title", 0), ("guide", 17), ("status", 15), ("notes", 5), ("duration", 8),
)
DROP_FIRST = ("guide", "duration")  # what a narrow terminal leaves out, in this order
GAP = 2  # spaces between columns
MIN_TITLE = 16
ROOMY_TITLE = 22  # below this the date loses its time of day (6 cells) to the title
DAY_ONLY = 12  # "● 2026-03-04"
STATUS_STYLES = {"live": ("● live · resume", "bold yellow"), "done": ("done", "green"), "planned": ("planned", "dim")}


def row_width(total: int) -> int:
    """Room for a row in a list ``total`` cells wide: the list pads one cell each side, and a scrollbar."""
    return max(1, total - 4)


def layout(total: int) -> list[tuple[str, int]]:
    """The columns that fit in a list ``total`` cells wide, with their widths."""
    room = row_width(total)
    columns = list(COLUMNS)
    for name in DROP_FIRST:
        if sum(w for _, w in columns) + GAP * (len(columns) - 1) + MIN_TITLE <= room:
            break
        columns = [(n, w) for n, w in columns if n != name]
    title = room - sum(w for _, w in columns) - GAP * (len(columns) - 1)
    if title < ROOMY_TITLE:
        columns = [(n, DAY_ONLY if n == "date" else w) for n, w in columns]
        title = room - sum(w for _, w in columns) - GAP * (len(columns) - 1)
    return [(n, w or max(MIN_TITLE, title)) for n, w in columns]


def short_title(title: str, participant: str) -> str:
    """"Problem discovery — Dana Ruiz" is "Problem discovery" next to a participant column."""
    suffix = f" — {participant}"
    return title[: -len(suffix)] if participant and title.endswith(suffix) and len(title) > len(suffix) else title


def _cells(row: SessionSummary) -> dict[str, Text]:
    live = row.status == "live"
    label, style = STATUS_STYLES.get(row.status, (row.status, ""))
    # The live mark leads the row too, so an interrupted session stands out even when a
    # narrow terminal cuts the status column off.
    date = Text.assemble(("● " if live else "  ", "bold yellow"), local_date(row.started_at or row.created_at))
    return {
        "date": date,
        "title": Text(short_title(row.title, row.participant_name or ""), style="yellow" if live else ""),
        "participant": Text(row.participant_name or ""),
        "guide": Text(row.guide_name or ""),
        "status": Text(label, style=style),
        "notes": Text(str(row.note_count), justify="right"),
        "duration": Text(duration_text(row.started_at, row.ended_at)),
    }


def _line(cells: dict[str, Text], columns: list[tuple[str, int]], room: int) -> Text:
    line = Text(no_wrap=True, overflow="crop", end="")
    for n, (name, width) in enumerate(columns):
        cell = cells[name].copy()
        if name == "date" and width == DAY_ONLY:
            cell = cell[:DAY_ONLY]
        if cell.justify == "right":
            cell.pad_left(max(0, width - cell.cell_len))
        cell.truncate(width, overflow="ellipsis", pad=True)
        line.append_text(cell)
        if n < len(columns) - 1:
            line.append(" " * GAP)
    line.truncate(room)  # one line per session, always: cut rather than wrap
    return line


def heading(total: int) -> Text:
    """The column headings, aligned with the rows."""
    cells = {name: Text(name, justify="right" if name == "notes" else "left") for name, _ in COLUMNS}
    cells["date"] = Text("  date")  # over the date, not the live mark before it
    line = Text(" ").append_text(_line(cells, layout(total), row_width(total)))  # the list's padding
    line.stylize("bold")
    return line


class SessionList(OptionList):
    """Sessions as options (id = session id); enter or a click opens one."""

    BINDINGS = [Binding("enter", "select", "Open")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[SessionSummary] = []
        self._columns = layout(0)
        self._room = row_width(0)

    def show(self, rows: list[SessionSummary], *, keep: int = 0) -> None:
        """Replace the rows; the cursor stays on the same position where it can."""
        self.rows = list(rows)
        self.set_options([self._option(row) for row in self.rows])
        if self.rows:
            self.highlighted = min(max(keep, 0), len(self.rows) - 1)

    def append(self, rows: list[SessionSummary]) -> None:
        """Older sessions, fetched as the cursor nears the end."""
        self.rows.extend(rows)
        self.add_options([self._option(row) for row in rows])

    def fit(self, total: int) -> bool:
        """Re-cut the rows for a list ``total`` cells wide; True when the title width changed."""
        columns, room = layout(total), row_width(total)
        if (columns, room) == (self._columns, self._room):
            return False
        self._columns, self._room = columns, room
        keep = self.highlighted or 0
        self.show(self.rows, keep=keep)
        return True

    def cells(self, index: int) -> list[str]:
        """The plain text of each column of a row, as a reader sees it (tests read this)."""
        return [cell.plain.strip() for cell in _cells(self.rows[index]).values()]

    @property
    def selected(self) -> SessionSummary | None:
        if self.highlighted is None or not self.rows:
            return None
        return self.rows[min(self.highlighted, len(self.rows) - 1)]

    def _option(self, row: SessionSummary) -> Option:
        return Option(_line(_cells(row), self._columns, self._room), id=row.id)
