"""Errors the archive raises on purpose, so callers can report them in one line.

Anything else that escapes the archive is a bug and deserves its traceback; these two are
the expected ways for an operator's command to fail (a wrong URL, a missing driver, a
database that needs ``bsmu-archive db upgrade``).
"""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class of the archive's expected, operator-facing errors."""

    def __init__(self, message: str) -> None:
        # One line only: the CLI prints it after "bsmu-archive: error:".
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        return str(self)


class ArchiveUnavailable(ArchiveError):
    """The database URL is invalid, its driver is missing, or the server cannot be reached."""


class SchemaOutOfDate(ArchiveError):
    """The database schema is not the one this code expects (behind, ahead or foreign)."""
