"""Source-side aggregation: a per-person export becomes a protected delivery (no Django, no network)."""
