"""The Textual leak work-around: style caches of removed widgets are let go."""

from __future__ import annotations

import gc
import weakref

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from interview import textual_fixes


class Cards(App[None]):
    def compose(self) -> ComposeResult:
        yield Vertical(id="cards")


def _alive(kind: type) -> list:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, kind)]


async def test_style_caches_of_removed_widgets_are_not_pinned():
    from textual._styles_cache import StylesCache

    textual_fixes.apply()
    textual_fixes.apply()  # idempotent
    # An earlier test's app may not be collected yet (its event loop still holds it): count ours only.
    earlier = weakref.WeakSet(_alive(StylesCache))
    app = Cards()
    async with app.run_test(size=(100, 30)) as pilot:
        cards = app.query_one("#cards")
        for round_ in range(10):
            await cards.remove_children()
            await cards.mount_all(Label(f"card {round_}.{i}", classes="card") for i in range(20))
            await pilot.pause()
        widgets = len(list(app.query("*"))) + len(app.screen_stack) + 5
        assert len([c for c in _alive(StylesCache) if c not in earlier]) <= widgets  # 200 labels came and went


def test_the_patch_computes_what_textual_computes():
    from textual.color import Color

    from textual._styles_cache import StylesCache

    textual_fixes.apply()
    base, background = Color(18, 18, 18), Color(36, 47, 56, 0.5)
    inner, outer = StylesCache().get_inner_outer(base, background)
    assert inner.background == base + background and outer.background == base


def test_textual_still_needs_the_patch():
    """When this fails, Textual fixed issue #6665: delete the StylesCache part of textual_fixes.py."""
    textual_fixes.apply()
    assert textual_fixes.patched
