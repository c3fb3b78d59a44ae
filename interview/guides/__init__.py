"""Interview guides: the Markdown format (``format``), finding, reading and snapshotting
guide files (``library``, whose names are this package's), the linter (``lint``) and a
live position in a guide (``position``). Nothing here imports Textual.
"""

from __future__ import annotations

from interview.guides.library import *  # noqa: F403  (the package's public names)
from interview.guides.library import __all__  # noqa: F401
