"""Test-wide settings.

Under CI (CI=true) hypothesis draws the same examples every run, so a submission is
judged on its code, not on a lucky or unlucky draw; locally it explores anew each run
and remembers failures in .hypothesis/.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
