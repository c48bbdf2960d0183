"""One line about what is under the cursor: sentence, entity, its reach in the corpus."""

from __future__ import annotations

from textual.widgets import Static


class Inspector(Static):
    """Updated by the app whenever a cursor moves."""
