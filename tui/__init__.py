"""The terminal reader. Importing this package imports no Textual: see ``tui.app``."""
