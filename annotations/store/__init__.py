"""The analyst's annotations on disk: the TinyDB store, records and their checks,
claims and their anchoring, the undo history."""
