"""The co-creation workshop's views: one per activity (ideas, clustering, voting, prioritising, discussion), each
with its own keys, on a shared base (``activity.py``: the ``Workshop`` they draw, the ``Request`` messages they post,
the idea table), plus the countdown and the people bar. They show what the screen gives them and post what the
facilitator did; the screen saves it.

A folder per area of the screen, as Posting keeps ``widgets/request/`` (STYLE.md).
"""
