"""Initiatives and associations of the Handlungsfeld „Engagement und Begegnung“, the public page /mitmachen/,
the role `initiative` and the volunteers' interest with double opt-in (issue 13, items 4 and 5)."""
