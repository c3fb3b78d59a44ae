"""The house rules that are not behaviour: one palette, layers that point one way."""

from __future__ import annotations

from interview.commands.highlight import _rich_text
from interview.labels import LABEL_COLORS, label_style
from interview.models import Highlight


def test_highlight_command_draws_the_apps_palette() -> None:
    text = "It takes forever to reconcile the invoices."
    span = Highlight(start=9, end=16, label="problem")
    rendered = _rich_text(text, [span])
    styles = {str(s.style) for s in rendered.spans if s.start == 9}
    assert styles == {label_style("problem")}
    assert LABEL_COLORS["problem"] in label_style("problem")
