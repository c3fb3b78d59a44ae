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


class ManyKeys(Keys):
    BINDINGS = [Binding(c, "star", f"Key {c}") for c in "abcdefgh"] + [Binding("question_mark", "help", "Help",
                                                                              key_display="?")]

    def action_help(self) -> None:
        self.pressed.append("help")


async def test_the_help_key_always_shows_however_narrow():
    """Issue 17, item 7: at 80 columns Home and Review cut their footers before "? Help"."""
    app = ManyKeys()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        text = footer_text(app)
        assert "? Help" in text and "Key h" not in text
        await pilot.click(Footer, offset=(text.index("? Help") + 1, 0))
        assert app.pressed == ["help"]


async def test_home_and_review_footers_show_help_at_80_columns(tmp_path, monkeypatch):
    from interview.app import InterviewApp
    from interview.screens.review import ReviewScreen
    from interview.store import Store

    monkeypatch.setenv("INTERVIEW_GUIDES_DIR", str(tmp_path / "guides"))
    with Store(tmp_path / "x.db") as store:
        sid = store.create_session(title="Closing the books").id
        app = InterviewApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "? Help" in str(app.screen.query_one(Footer).render())
            app.push_screen(ReviewScreen(sid))
            await pilot.pause()
            assert "? Help" in str(app.screen.query_one(Footer).render())
