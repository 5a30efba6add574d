"""Sinks that write every exchange to the WARC archive before anything parses it, and
(`StoreSink`) read it into the store with `ingest`, closing each listing window there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from refusenik.crawl.sink import Fetched, Handled, MemorySink, SinkError, WindowContext

if TYPE_CHECKING:
    from refusenik.archive import Archive, Capture


@dataclass
class ArchivingSink(MemorySink):
    """Raw first: `Archive.write` (flushed and indexed) for each response, then the page is
    read as `MemorySink` reads it. An archive that cannot write stops the crawl: a page
    that could not be kept is not parsed."""

    archive: Archive | None = field(default=None)
    captures: int = 0

    def keep(self, fetched: Fetched) -> Capture:
        from refusenik.archive import ArchiveError, Exchange

        assert self.archive is not None
        try:
            capture = self.archive.write(
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
        return capture

    def page(self, fetched: Fetched, context: WindowContext) -> Handled:
        self.keep(fetched)
        return super().page(fetched, context)


@dataclass
class StoreSink(ArchivingSink):
    """Archive, then `ingest` into the store (cases, history, observations), and
    `close_window` there once a window was read whole; the in-memory view is kept too, for
    the crawl's `--out` file."""

    engine: Any = None
    run_id: int | None = None
    ingested: int = 0
    _window_ids: dict[str, set[int]] = field(default_factory=dict)
    checks: Any = None  # `ingest.CardChecks`: cases a window stopped returning

    def __post_init__(self) -> None:
        from refusenik.ingest import CardChecks

        self.checks = CardChecks()

    def _context(self, context: WindowContext) -> Any:
        from refusenik.ingest import Context

        return Context(
            court=context.court,
            server=context.server,
            cartoteka=context.cartoteka,
            window=context.window,
            article=context.article,
            run_id=self.run_id,
        )

    def page(self, fetched: Fetched, context: WindowContext) -> Handled:
        from refusenik.ingest import ingest

        capture = self.keep(fetched)
        handled = MemorySink.page(self, fetched, context)
        if handled.page_kind.is_refusal:
            return handled  # archived; nothing in it for the store
        ctx = self._context(context)
        result = ingest(self.engine, capture, fetched.body, ctx)
        self.ingested += 1
        self.checks.settle(self.engine, result, capture.fetched_at)
        if context.window is not None and fetched.page_kind == "listing":
            self._window_ids.setdefault(ctx.window_key, set()).update(result.cases_seen)
        return handled

    def finish(self) -> None:
        """The crawl ended: link the press releases read before their case's card."""
        from refusenik.ingest import relink_releases

        relink_releases(self.engine)

    def close_window(self, context: WindowContext, seen: set[str], *, complete: bool) -> list[str]:
        from refusenik.ingest import close_window

        super().close_window(context, seen, complete=complete)
        ctx = self._context(context)
        ids = self._window_ids.pop(ctx.window_key, set())
        closed = close_window(
            self.engine,
            ctx,
            ids,
            complete=complete,
            at=dt.datetime.now(dt.UTC),
            check_card=_always,
        )
        return list(self.checks.add(closed.missing))


def _always(url: str) -> bool:
    return True
