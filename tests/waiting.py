"""Wait for what a test is about, never for a number of seconds.

A fixed ``pilot.pause(0.5)`` before an assertion passes on an idle laptop and fails on
a busy 2-core machine; ``until`` pauses the app in short steps until the condition
holds, so a slow machine only makes the test slower. The timeout is a safety net for
a real hang, not a speed requirement.
"""

from __future__ import annotations

import time
from typing import Any, Callable

TIMEOUT = 120.0


async def until(pilot: Any, condition: Callable[[], object], what: str = "", *, timeout: float = TIMEOUT) -> None:
    """Let the app run until ``condition()`` is true; fail saying ``what`` was awaited after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout:.0f} s for {what or condition}")
        await pilot.pause(0.05)
