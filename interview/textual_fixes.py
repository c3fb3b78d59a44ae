"""A work-around for a Textual 8 leak that slowed typing in long sessions.

``StylesCache.get_inner_outer`` (Textual issue #6665, open) is an ``lru_cache`` on an
instance method, so it keys on ``self`` and pins up to 1,024 widgets' style caches,
rendered strips and all, after the widgets are gone. Every full garbage collection
walked them: by note 300 of a live session they took a quarter of a second
(benchmarks/note_save.py, together with the old footer's leak, see widgets/footer.py).
``apply()`` swaps in the same function, cached on its two colours only. It changes
nothing once Textual makes it a classmethod; tests/test_textual_fixes.py says when
that happens.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from textual._styles_cache import StylesCache


def styles_cache_leaks() -> bool:
    """True while ``get_inner_outer`` is still a plain function wrapped in ``lru_cache``."""
    member = StylesCache.__dict__.get("get_inner_outer")
    return hasattr(member, "cache_info") and hasattr(member, "__wrapped__")


patched = False  # set once apply() has replaced Textual's method


def apply() -> None:
    """Idempotent; call before the first widget renders."""
    global patched
    if not styles_cache_leaks():
        return
    compute = StylesCache.__dict__["get_inner_outer"].__wrapped__  # never reads its first argument

    @lru_cache(1024)
    def by_colours(base_background: Any, background: Any) -> Any:
        return compute(None, base_background, background)

    def get_inner_outer(self: StylesCache, base_background: Any, background: Any) -> Any:
        return by_colours(base_background, background)

    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign]
    patched = True
