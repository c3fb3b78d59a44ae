"""The guide outline beside the live screen: where you are, and what is still unasked.

Sections carry their timebox; each question is marked ▶ (current), ✓ (asked: a note
was taken under it or it was marked) or ○ (not yet), so at the end the interviewer sees
what was skipped. It never takes focus from the note input; clicking a question jumps.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from interview.models import Guide


class GuideOutline(OptionList, can_focus=False):
    """Sections and questions of the session's guide with asked / current marks."""

    class Jump(Message):
        """The user clicked a question in the outline."""

        def __init__(self, question_id: str) -> None:
            super().__init__()
            self.question_id = question_id

    def __init__(self, guide: Guide, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._guide = guide
        self._shown: tuple[str | None, frozenset[str]] | None = None

    def show(self, current_id: str | None, asked: set[str]) -> None:
        """Redraw the marks; cheap to call after every note (skips when nothing changed)."""
        state = (current_id, frozenset(asked))
        if state == self._shown:
            return
        self._shown = state
        options: list[Option] = []
        current_index: int | None = None
        for section in self._guide.sections:
            done = sum(q.id in asked for q in section.questions)
            facts = f"{done}/{len(section.questions)}" if section.questions else ""
            if section.minutes:
                facts += f" {section.minutes}m"
            heading = Table.grid(expand=True, padding=(0, 1))
            heading.add_column(ratio=1)
            heading.add_column(justify="right")
            heading.add_row(Text(section.title, style="bold"), Text(facts, style="dim"))
            options.append(Option(heading, id=f"section:{section.id}", disabled=True))
            for question in section.questions:
                if question.id == current_id:
                    mark, style = "▶ ", "bold"
                    current_index = len(options)
                elif question.id in asked:
                    mark, style = "✓ ", "green"
                else:
                    mark, style = "○ ", ""
                row = Table.grid(expand=True)
                row.add_column(width=2)
                row.add_column(ratio=1)
                row.add_row(Text(mark, style=style), Text(question.text, style=style if style == "bold" else ""))
                options.append(Option(row, id=question.id))
        self.set_options(options)
        self.highlighted = current_index
        if current_index is not None:
            self.scroll_to_highlight()

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and not event.option.id.startswith("section:"):
            self.post_message(self.Jump(event.option.id))
