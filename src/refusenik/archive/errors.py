"""Archive failures the user can act on; the CLI reports each in one line, exit code 2."""

from __future__ import annotations

from refusenik.errors import UserInputError


class ArchiveError(UserInputError):
    """The archive folder or one of its files cannot be used."""


class ArchiveCorruptError(ArchiveError):
    """A WARC file does not hold a whole, readable record where one should be."""

    def __init__(self, path: str, offset: int, detail: str) -> None:
        self.path = path
        self.offset = offset
        super().__init__(f"{path}: no readable WARC record at offset {offset}: {detail}")


class ArchiveFullError(ArchiveError):
    """Writing a record failed (disk full, quota, I/O error); nothing of it was indexed."""


class ArchiveBusyError(ArchiveError):
    """Another process is writing to the same archive folder."""
