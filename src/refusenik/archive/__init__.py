"""The archive: every response as fetched, in gzipped WARC files, indexed in the store.

    >>> with Archive(folder, engine) as archive:          # doctest: +SKIP
    ...     capture = archive.write(Exchange(url, 200, headers, body, fetched_at))
    ...     assert archive.body(capture) == body

* `Exchange` — one request/response as fetched; `Capture` — where it now lives.
* `Archive` — write (raw first, then index), read a body back, find captures; recovers
  what a crash left unindexed when opened.
* `default_directory()` — the folder used when none is given.
* `ArchiveError` and its kinds — a corrupt or truncated file (named, with the offset),
  a full disk, a folder another process is writing to.
"""

from __future__ import annotations

from refusenik.archive.archive import Archive
from refusenik.archive.errors import (
    ArchiveBusyError,
    ArchiveCorruptError,
    ArchiveError,
    ArchiveFullError,
)
from refusenik.archive.location import default_directory
from refusenik.archive.public_url import public_url
from refusenik.archive.records import Capture, Exchange

__all__ = [
    "Archive",
    "ArchiveBusyError",
    "ArchiveCorruptError",
    "ArchiveError",
    "ArchiveFullError",
    "Capture",
    "Exchange",
    "default_directory",
    "public_url",
]
