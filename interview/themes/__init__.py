"""The theme engine: statements in, named themes out (no UI, no SQL).

``find_themes(statements, participants)`` groups statements that say the same
thing in different words, names each group with a short phrase, and leaves a
statement out (``None``) only when it fits no group. It decides the number of
themes itself: a similarity threshold, chosen on development data
(benchmarks/themes.py), decides where a group ends.
"""

from interview.themes.embedding import ThemesError
from interview.themes.engine import Settings, Theme, ThemeResult, find_themes, group_statements
from interview.themes.naming import theme_name

__all__ = ["Settings", "Theme", "ThemeResult", "ThemesError", "find_themes", "group_statements", "theme_name"]
