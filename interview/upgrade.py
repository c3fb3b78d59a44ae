"""When the installed package changes under a running app (`pip install` during a session).

Screens and exports are imported when first opened, so after an upgrade the next one may
be missing or different on disk (ModuleNotFoundError, or a name that moved). That is not a
bug to show as a traceback: the app says so in one sentence and keeps running, so the
session on screen and everything saved stay as they are.
"""

from __future__ import annotations

import importlib
from typing import Any

UPGRADED = ("interview was upgraded while it was running and must be restarted: quit and start it again "
            "(everything saved so far is kept).")


def load(module: str, name: str) -> Any:
    """``module.name``, imported now; ImportError (the upgrade case) when either is missing."""
    try:
        return getattr(importlib.import_module(module), name)
    except AttributeError as error:  # the module is there, but from another version
        raise ImportError(f"{module}.{name} is missing") from error
