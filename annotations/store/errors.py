"""The store's errors, in a module of their own so the command line can catch them
without importing the store (and TinyDB, filelock) first."""


class StoreError(Exception):
    """A problem with the database file; the message is one line for the user."""


class StoreCorruptError(StoreError):
    """The file is not a database this program can read; it is left untouched."""


class StoreWriteError(StoreError):
    """A write failed (disk full, read-only folder); the old file is intact."""
