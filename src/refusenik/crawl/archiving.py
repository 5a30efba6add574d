"""A sink that writes every exchange to the WARC archive before anything parses it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from refusenik.crawl.sink import Fetched, Handled, MemorySink, SinkError, WindowContext

if TYPE_CHECKING:
    from refusenik.archive import Archive


@dataclass
class ArchivingSink(MemorySink):
    """Raw first: `Archive.write` (flushed and indexed) for each response, then the page is
    read as `MemorySink` reads it. An archive that cannot write stops the crawl: a page
    that could not be kept is not parsed."""

    archive: Archive | None = field(default=None)
    captures: int = 0

    def page(self, fetched: Fetched, context: WindowContext) -> Handled:
        from refusenik.archive import ArchiveError, Exchange

        assert self.archive is not None
        try:
            self.archive.write(
                Exchange(
                    url=fetched.url,
                    status=fetched.status,
                    response_headers=fetched.response_headers,
                    body=fetched.body,
                    fetched_at=fetched.fetched_at,
                    method=fetched.method,
                    request_headers=fetched.request_headers,
                    court=fetched.court,
                    page_kind=fetched.page_kind,
                    meta=dict(fetched.meta),
                )
            )
        except ArchiveError as exc:
            raise SinkError(f"the archive cannot keep {fetched.page_kind} pages: {exc}") from exc
        self.captures += 1
        return super().page(fetched, context)
