"""Sinks that write every exchange to the WARC archive before anything parses it, and
(`StoreSink`) read it into the store with `ingest`, closing each listing window there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from refusenik.crawl.sink import (
    Fetched,
    Handled,
    KnownCase,
    MemorySink,
    Pending,
    SinkError,
    WindowContext,
    case_key,
)
from refusenik.sites import Listing, ParseError

if TYPE_CHECKING:
    from refusenik.archive import Archive, Capture


@dataclass
class ArchivingSink(MemorySink):
    """Raw first: `Archive.write` (flushed and indexed) for each response, then the page is
    read as `MemorySink` reads it. An archive that cannot write stops the crawl: a page
    that could not be kept is not parsed."""

    archive: Archive | None = field(default=None)
    captures: int = 0

    def keep(self, fetched: Fetched, sha256: str | None = None) -> Capture:
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
                    sha256=sha256,
                )
            )
        except ArchiveError as exc:
            raise SinkError(f"the archive cannot keep {fetched.page_kind} pages: {exc}") from exc
        self.captures += 1
        return capture

    def page(
        self, fetched: Fetched, context: WindowContext, *, sha256: str | None = None
    ) -> Handled:
        capture = self.keep(fetched)
        return super().page(fetched, context, sha256=capture.sha256)

    def close(self) -> None:
        """The crawl is over (or stopped): close the file being written."""
        if self.archive is not None:
            self.archive.close()


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
    # The store is the earlier crawl: what its last listing page said of each case (new,
    # its card due — changed, not final, never read — or neither).
    fresh_since: dt.datetime | None = None  # resuming the run interrupted after this time
    # Commit the store (after the archive's fsync) every half second rather than every
    # page (`store.db.WriteBatch`): one crawl process; workers sharing a store commit a page
    # at a time, so none holds the others' write lock.
    batch_writes: bool = False
    _new: set[str] = field(default_factory=set)
    _due: set[str] = field(default_factory=set)
    _batch: Any = None

    def __post_init__(self) -> None:
        from refusenik.ingest import CardChecks

        self.checks = CardChecks()
        if self.batch_writes:
            from refusenik.store.db import WriteBatch

            assert self.archive is not None
            self.archive.sync_each = False
            self._batch = WriteBatch(self.engine, before_commit=self.archive.sync)

    def _context(self, context: WindowContext) -> Any:
        from refusenik.ingest import Context

        return Context(
            court=context.court,
            server=context.server,
            cartoteka=context.cartoteka,
            window=context.window,
            article=context.article,
            run_id=self.run_id,
            fresh_since=self.fresh_since,
        )

    def known(self, key: str) -> KnownCase | None:
        """An earlier crawl's view of the case: the `--previous` file's if it has the case,
        else the store's, as the listing page just read showed it."""
        if key in self.previous:
            return super().known(key)
        if key in self._new or (key not in self.rows and key not in self.listed):
            return None
        if key in self._due:
            return KnownCase("", False)
        listed = self.rows.get(key)
        return KnownCase(listed.row if listed is not None else None, True)

    def carry(self, key: str) -> None:
        if key in self.previous:
            super().carry(key)
            return
        self.carried += 1
        if self.keep_cases:
            self.cases[key] = self._stored(key)
        else:
            self.case_keys.add(key)

    def _stored(self, key: str) -> dict[str, Any]:
        """The stored case for the `--out` file, in the shape `MemorySink` reads a card."""
        from sqlalchemy import select

        from refusenik.store.case_tables import CASES
        from refusenik.store.db import read_connection

        court, number = key.split(":", 1)
        with read_connection(self.engine) as conn:
            row = (
                conn.execute(
                    select(CASES)
                    .where(CASES.c.court == court, CASES.c.number == number)
                    .order_by(CASES.c.id)
                )
                .mappings()
                .first()
            )
        listed = self.rows.get(key)
        if row is None:
            return {"court": court, "number": number, "row": listed.row if listed else None}
        return {
            "row": listed.row if listed else None,
            "final": True,
            "court": court,
            "number": number,
            "uid": row["uid"],
            "srv_num": row["server"],
            "received": _day(row["received"]),
            "judge": row["judge"],
            "decision_date": _day(row["decided"]),
            "result": row["result"],
            "card_url": row["card_url"],
        }

    def page(
        self, fetched: Fetched, context: WindowContext, *, sha256: str | None = None
    ) -> Handled:
        try:
            return self._page(fetched, context)
        finally:
            if self._batch is not None:
                self.tick()

    def tick(self) -> None:
        """A page is done: commit the batch when due. An archive that cannot sync stops the
        crawl, as one that cannot write does (nothing of the batch is committed)."""
        from refusenik.archive import ArchiveError

        try:
            self._batch.tick()
        except ArchiveError as exc:
            raise SinkError(f"the archive cannot keep pages: {exc}") from exc

    def _page(self, fetched: Fetched, context: WindowContext) -> Handled:
        capture = self.keep(fetched)
        try:
            handled = MemorySink.page(self, fetched, context, sha256=capture.sha256)
        except ParseError:
            self.store_unreadable(fetched, context, capture)
            raise
        self.store(fetched, context, handled, capture)
        return handled

    def store_unreadable(self, fetched: Fetched, context: WindowContext, capture: Capture) -> None:
        """A page of a known kind that does not parse: recorded as unreadable."""
        from refusenik.ingest import ingest

        ingest(self.engine, capture, fetched.body, self._context(context), fresh=True)

    def store(
        self, fetched: Fetched, context: WindowContext, handled: Handled, capture: Capture
    ) -> dict[str, tuple[bool, bool]]:
        """The archived, parsed page into the store. Answers, for a listing page, what the
        store made of each row's case: (new, card due)."""
        from refusenik.ingest import ingest

        if handled.page_kind.is_refusal:
            return {}  # archived; nothing in it for the store
        ctx = self._context(context)
        # The page the crawler just parsed: ingest does not parse it again.
        # Archived just now: no earlier read of this capture to look for.
        result = ingest(self.engine, capture, fetched.body, ctx, page=handled.result, fresh=True)
        self.ingested += 1
        self.checks.settle(self.engine, result, capture.fetched_at)
        if context.window is None or fetched.page_kind != "listing":
            return {}
        self._window_ids.setdefault(ctx.window_key, set()).update(result.cases_seen)
        marks = _marks(context.court, handled, result)
        self.remember(marks)
        return marks

    def seen_release(self, url: str) -> bool:
        """The store holds this press release already (a release does not change)."""
        from sqlalchemy import select

        from refusenik.sites.url_privacy import safe_url
        from refusenik.store.case_tables import PRESS
        from refusenik.store.db import read_connection

        with read_connection(self.engine) as conn:
            found = conn.execute(select(PRESS.c.id).where(PRESS.c.url == safe_url(url))).first()
        return found is not None

    def remember(self, marks: dict[str, tuple[bool, bool]]) -> None:
        """What the store made of each row of a listing page, for `known`."""
        for key, (new, due) in marks.items():
            (self._new.add if new else self._new.discard)(key)
            (self._due.add if due else self._due.discard)(key)

    def finish(self) -> None:
        """The crawl ended: link the press releases read before their case's card."""
        from refusenik.ingest import relink_releases

        relink_releases(self.engine)
        if self._batch is not None:
            self._batch.commit()

    def close(self) -> None:
        """Commit the last batch (a stopped crawl keeps what it stored), close the archive."""
        try:
            if self._batch is not None:
                self._batch.close()
        finally:
            super().close()

    def close_window(
        self, context: WindowContext, seen: set[str], *, complete: bool
    ) -> list[str] | Pending:
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


def _marks(court: str, handled: Handled, result: Any) -> dict[str, tuple[bool, bool]]:
    """Each listing row's case: whether the store took it as new, whether its card is due."""
    due, new = set(result.cards_due), set(result.cards_new)
    marks: dict[str, tuple[bool, bool]] = {}
    for rec in handled.result.records if handled.result is not None else ():
        if isinstance(rec, Listing):
            for row in rec.rows:
                marks[case_key(court, row.case_number)] = (row.card_url in new, row.card_url in due)
    return marks


def _always(url: str) -> bool:
    return True


def _day(value: Any) -> str | None:
    """A stored date (a `date`, or its ISO text on SQLite) as the `--out` file writes it."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)
