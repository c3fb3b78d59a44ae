"""The co-creation workshop's views: one per activity, plus its countdown and people bar. They only show what the screen gives them and post what the facilitator did.

A folder per area of the screen, as Posting keeps ``widgets/request/`` (STYLE.md).
"""
