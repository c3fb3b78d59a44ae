"""The co-creation workshop's views: one per activity, plus its countdown and people bar. They only show what the screen gives them and post what the facilitator did."""
