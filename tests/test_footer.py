"""The one-widget key footer: shows the screen's keys, follows binding changes, clicks press keys."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from interview.widgets.footer import Footer


class Keys(App[None]):
    BINDINGS = [
        Binding("s", "star", "Star"),
        Binding("x", "reject", "Reject"),
        Binding("z", "hidden", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []
        self.can_reject = True

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield Footer()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return None if action == "reject" and not self.can_reject else True

    def action_star(self) -> None:
        self.pressed.append("star")

    def action_reject(self) -> None:
        self.pressed.append("reject")


def footer_text(app: App) -> str:
    return str(app.query_one(Footer).render())


async def test_footer_lists_shown_keys_and_the_palette():
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        text = footer_text(app)
        assert "s Star" in text and "x Reject" in text and "Hidden" not in text
        assert text.rstrip().endswith("palette") and "^p" in text
        assert len(text) == 80


async def test_footer_follows_bindings_and_clicks_press_the_key():
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        start = footer_text(app).index("s Star")
        await pilot.click(Footer, offset=(start + 1, 0))
        assert app.pressed == ["star"]

        app.can_reject = False
        app.refresh_bindings()
        await pilot.pause()
        assert "x Reject" in footer_text(app)  # shown, dimmed: a click only rings the bell
        await pilot.click(Footer, offset=(footer_text(app).index("x Reject") + 1, 0))
        assert app.pressed == ["star"]
        for _ in range(30):  # the live screen does this after every probe tip
            app.refresh_bindings()
            await pilot.pause()
        assert len(footer.children) == 0


async def test_a_narrow_footer_drops_keys_rather_than_cutting_one():
    app = Keys()
    async with app.run_test(size=(24, 10)) as pilot:
        await pilot.pause()
        text = footer_text(app)
        assert "s Star" in text and "Reject" not in text and "x Rej" not in text
