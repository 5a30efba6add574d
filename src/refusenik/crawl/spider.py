"""The Scrapy spider: searches → listing pages → cards → act pages, raw first.

Every answer goes to the sink before anything reads it. A refused answer (throttle page,
429, 5xx, block, captcha, a page cut short) is retried with a growing delay on that court's
download slot; a captcha twice in a row parks the court for the run. A listing window whose
result count hits the site's cap is split in two; a window is closed with the sink once
every one of its pages was read, so a case missing from a complete window is evidence.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections import deque
from collections.abc import AsyncIterator, Generator, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from refusenik.crawl import log as crawl_log
from refusenik.crawl import politeness
from refusenik.crawl.plan import CrawlPlan, Search
from refusenik.crawl.sink import (
    RECHECK,
    Fetched,
    Handled,
    Pending,
    Sink,
    SinkError,
    WindowContext,
    case_key,
    row_fingerprint,
)
from refusenik.crawl.status import CourtReport, CourtStatus, failure_of
from refusenik.errors import StoreBusyError, StoreUnavailableError
from refusenik.sites import PageKind, ParseError, parse_page
from refusenik.sites.base import Listing, PressList, ServerChoice
from refusenik.sites.url_parts import with_page

RETRYABLE = {
    PageKind.THROTTLED,
    PageKind.SERVER_ERROR,
    PageKind.GEO_BLOCKED,
    PageKind.CAPTCHA_FORM,
    PageKind.CAPTCHA_ERROR,
}
READ = {
    PageKind.LISTING,
    PageKind.EMPTY_RESULT,
    PageKind.CASE_CARD,
    PageKind.ACT_TEXT,
    PageKind.EMPTY_DOCUMENT,
    PageKind.SEARCH_FORM,
    PageKind.SERVER_CHOICE,
    PageKind.PRESS_LIST,
    PageKind.PRESS_RELEASE,
}
PRESS_LIST, PRESS = "press_list", "press"  # what the crawler asks of a court's press section
# Press pages wait behind the case pages of their court: a release read after its case's
# card is linked to the case at once.
PRESS_PRIORITY = -10


@dataclass
class WindowState:
    """One listing window being read: its pages and the cases they showed."""

    search: Search
    pages: int | None = None  # known after page 1
    done: set[int] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    failed: bool = False
    closed: bool = False


class AskedUrls:
    """The URLs a crawl has asked for, kept as 128-bit digests: as strings they were ~20 MB
    of a crawl of 100,000 pages (a collision is beyond any crawl's size, ~10^-29)."""

    def __init__(self) -> None:
        self._digests: set[bytes] = set()

    @staticmethod
    def _digest(url: str) -> bytes:
        return hashlib.blake2b(url.encode("utf-8"), digest_size=16).digest()

    def add(self, url: str) -> None:
        self._digests.add(self._digest(url))

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self._digest(url) in self._digests

    def __len__(self) -> int:
        return len(self._digests)


@dataclass
class CrawlStats:
    """Running totals for the live display."""

    pages: int = 0
    cards: int = 0
    cases: int = 0
    retries: int = 0
    errors: int = 0  # pages left unread
    page_errors: int = 0  # errors inside refusenik written to the crawl log (a page, or the end)
    windows: int = 0
    courts_done: int = 0
    new_cases: int = 0  # not known to an earlier crawl
    changed_cases: int = 0  # listing row differs from the earlier crawl's, or not final
    unchanged_cases: int = 0  # card not asked again
    rechecks: int = 0  # cards read again: their case left a listing window
    stopped: str | None = None  # why the crawl stopped early, if it did
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


# What reading one answer yields: requests to follow, and `Pending` answers of the sink to
# wait for (only from a sink that `answers_later`; their values are sent back in).
Steps = Generator[Any, Any, None]


class ParkedCourtsMiddleware:
    """Drops requests to a court parked on a captcha, so it is never asked again this run."""

    def process_request(self, request: Request, spider: scrapy.Spider) -> None:
        parked: set[str] = getattr(spider, "parked", set())
        if request.meta.get("court") in parked:
            raise IgnoreRequest(f"court {request.meta.get('court')} is parked")


class CourtSpider(scrapy.Spider):
    """Walks a `CrawlPlan` into a `Sink`, filling one `CourtReport` per court."""

    name = "refusenik"

    def __init__(
        self,
        plan: CrawlPlan,
        sink: Sink,
        reports: dict[str, CourtReport],
        stats: CrawlStats,
        delay: float = 0.0,
        proxy: str | None = None,
        result_cap: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self.sink = sink
        self.reports = reports
        self.run_stats = stats
        self.delay = delay
        self.proxy = proxy
        self.result_cap = result_cap
        self.parked: set[str] = set()
        # refusals in a row per court, reset by a good answer: the court's backoff grows
        # with them, not with one URL's attempts, so an unlucky page does not stall a court
        # that answers its other pages
        self.strikes: dict[str, int] = {}
        # a court that throttles us keeps a raised floor for the rest of the run, so the
        # delay does not fall back to where it was refused and get refused again
        self.floors: dict[str, float] = {}
        self.windows: dict[str, WindowState] = {}
        self.cards_asked = AskedUrls()
        self.captcha_courts = {c.code: bool(c.captcha) for c in plan.courts}
        # A sink whose store answers later (in its own process): its answers are awaited
        # in `on_response_waiting`, and its errors taken from it as they come.
        self._waits = bool(getattr(sink, "answers_later", False))
        self._late: deque[tuple[Any, Exception]] = deque()
        for court in plan.courts:
            reports.setdefault(court.code, CourtReport(court.code, court.name))

    # --- requests -------------------------------------------------------------------

    def _request(self, url: str, court: str, kind: str, **meta: Any) -> Request:
        meta = {"court": court, "kind": kind, "attempt": 0, "download_slot": court, **meta}
        if self.proxy:
            meta["proxy"] = self.proxy
        callback = self.on_response_waiting if self._waits else self.on_response
        return Request(url, callback=callback, errback=self.on_error, meta=meta)

    def _search_request(self, search: Search, page: int = 1) -> Request:
        key = search.key()
        self.windows.setdefault(key, WindowState(search))
        return self._request(search.url(page), search.court.code, "listing", window=key, page=page)

    async def start(self) -> Any:
        for req in self.start_requests():
            yield req

    def start_requests(self) -> Iterator[Request]:
        for search in self.plan.searches():
            yield self._search_request(search)
        if self.plan.press:
            for court in self.plan.courts:
                yield self._press_request(court.press_url(), court.code, PRESS_LIST)

    def _press_request(self, url: str, court: str, kind: str) -> Request:
        self.cards_asked.add(url)
        return self._request(url, court, kind, press=url).replace(priority=PRESS_PRIORITY)

    def closed(self, reason: str) -> None:
        """Scrapy's end of the crawl: let the sink finish what waits for every page.

        Scrapy would only log an error raised here: it stops the run instead (exit 2), so
        a store that failed at the end is not reported as a finished crawl."""
        try:
            self._finish()
        finally:
            self._take_failures()  # every page is stored now: the last errors are in

    def _finish(self) -> None:
        finish = getattr(self.sink, "finish", None)
        if finish is None or self.run_stats.stopped:
            return
        try:
            finish()
        except (SinkError, StoreBusyError, StoreUnavailableError) as exc:
            self.run_stats.stopped = f"the store could not finish the run: {exc}"
        except Exception as exc:
            crawl_log.run_error("finishing the crawl", exc)
            self.run_stats.page_errors += 1
            self.run_stats.stopped = (
                f"finishing the run failed ({type(exc).__name__}), with its traceback in the "
                "crawl log; every page read is stored, and the same command finishes it"
            )

    # --- answers --------------------------------------------------------------------

    async def on_response_waiting(self, response: Response) -> AsyncIterator[Request]:
        """`on_response` for a sink that answers later: each `Pending` answer it asks for
        is awaited (Scrapy reads other pages meanwhile) and its value sent back in."""
        self._take_failures()
        steps: Any = self.on_response(response)  # a generator: `Steps`
        value: Any = None
        error: Exception | None = None
        while True:
            try:
                step = steps.throw(error) if error is not None else steps.send(value)
            except StopIteration:
                break
            value = error = None
            if isinstance(step, Pending):
                try:
                    value = await asyncio.wrap_future(step.future)
                    if step.then is not None:
                        value = step.then(value)
                except Exception as exc:
                    error = exc
                continue
            yield step
        self._take_failures()

    def _take_failures(self) -> None:
        """Pages the sink failed to store after the crawler read them, counted unread as
        an error while reading them is (`_callback_error`)."""
        take = getattr(self.sink, "taken_failures", None)
        failures = [(f.fetched, f.error) for f in take()] if take is not None else []
        while self._late:
            failures.append(self._late.popleft())
        for fetched, error in failures:
            if fetched is None:
                crawl_log.run_error("closing a listing window", error)
                self.run_stats.page_errors += 1
                continue
            meta = {
                "court": fetched.court,
                "kind": fetched.page_kind,
                "window": fetched.meta.get("window", ""),
                "attempt": fetched.meta.get("attempt", 0),
                "case": fetched.url,
                "press": fetched.url,
            }
            self._callback_error(meta, fetched.url, error)

    def on_response(self, response: Response) -> Iterator[Any]:
        """Read an answer; an error in refusenik while reading it is logged and counted,
        and the crawl goes on with the other pages and courts."""
        try:
            yield from self._read(response)
        except CloseSpider:
            raise
        except Exception as exc:
            self._callback_error(response.meta, response.url, exc)

    def _read(self, response: Response) -> Steps:
        meta = response.meta
        court: str = meta["court"]
        report = self.reports[court]
        report.pages += 1
        self.run_stats.pages += 1
        window = self.windows.get(meta.get("window", ""))
        context = self._context(window, court, meta)
        fetched = Fetched(
            url=response.url,
            status=response.status,
            response_headers=[
                (k.decode("latin-1"), v.decode("latin-1"))
                for k, vs in response.headers.items()
                for v in vs
            ],
            body=response.body,
            fetched_at=dt.datetime.now(dt.UTC),
            request_headers=[
                (k.decode("latin-1"), v.decode("latin-1"))
                for k, vs in response.request.headers.items()
                for v in vs
            ]
            if response.request is not None
            else [],
            court=court,
            page_kind=meta["kind"],
            meta={"window": meta.get("window", ""), "attempt": str(meta["attempt"])},
        )
        try:
            handled = self.sink.page(fetched, context)
            if handled.pending is not None:
                yield handled.pending  # the store's answer on the page, before its links
        except ParseError:
            yield from self._refused(response, None, CourtStatus.TEMPLATE_CHANGED)
            return
        except (SinkError, StoreBusyError, StoreUnavailableError) as exc:
            # The archive or the store cannot keep pages: no court can be read, so stop
            # (what is stored stays; the same command continues the crawl later).
            self.run_stats.stopped = str(exc)
            self._give_up(meta, None)
            raise CloseSpider(str(exc)) from exc
        kind = handled.page_kind
        if kind in RETRYABLE or response.status == 429 or response.status >= 500:
            yield from self._refused(response, kind, failure_of(kind, response.status))
            return
        if response.status in (403, 404) or kind not in READ:
            yield from self._refused(response, kind, failure_of(kind, response.status))
            return
        self._calm(court)
        if meta["kind"] == "listing":
            yield from self._listing(response, handled, window)
        elif meta["kind"] in (PRESS_LIST, PRESS):
            report.press += handled.page_kind is PageKind.PRESS_RELEASE
            yield from self._press(court, handled)
        else:
            if meta["kind"] in ("card", RECHECK):
                self.run_stats.cards += 1
                if handled.page_kind is PageKind.CASE_CARD and meta["kind"] == "card":
                    report.cases.update(handled.cases)
                    self.run_stats.cases = sum(len(r.cases) for r in self.reports.values())
            for link in handled.links:
                if link not in self.cards_asked and meta["kind"] == "card":
                    self.cards_asked.add(link)
                    yield self._request(link, court, "act", srv=meta.get("srv"))

    def _listing(self, response: Response, handled: Handled, window: WindowState | None) -> Steps:
        assert window is not None
        meta = response.meta
        court = meta["court"]
        page = int(meta.get("page", 1))
        result = handled.result or parse_page(response.body, response.url, status=response.status)
        if result.page_kind is PageKind.SERVER_CHOICE:
            yield from self._servers(window, result.records)
            window.pages, window.closed = 0, True
            return
        listing = next((r for r in result.records if isinstance(r, Listing)), None)
        if page == 1:
            if listing is None:  # «no data»: the window is read, and empty
                window.pages = 1
            else:
                halves = window.search.window.halves()
                if self._capped(listing) and halves is not None:
                    window.pages, window.closed = 0, True  # replaced by its halves
                    for half in halves:
                        s = window.search
                        yield self._search_request(
                            Search(s.court, s.srv_num, s.cartoteka, s.article, half)
                        )
                    return
                window.pages = max(1, listing.last_page or 1)
                for p in range(2, window.pages + 1):
                    url = with_page(response.url, p)
                    yield self._request(url, court, "listing", window=meta["window"], page=p)
        window.done.add(page)
        if listing is not None:
            window.seen.update(handled.cases)
            for row in listing.rows:
                if row.card_url and row.card_url not in self.cards_asked:
                    self.cards_asked.add(row.card_url)
                    if self._unchanged(court, row):
                        continue
                    yield self._request(
                        row.card_url, court, "card", srv=window.search.srv_num, case=row.case_number
                    )
                for act in row.acts:
                    if act.url and not act.inline and act.url not in self.cards_asked:
                        self.cards_asked.add(act.url)
                        yield self._request(
                            act.url, court, "act", srv=window.search.srv_num, case=row.case_number
                        )
        yield from self._maybe_close(window)

    def _press(self, court: str, handled: Handled) -> Iterator[Request]:
        """A page of the press list: its items published since the window began, and the
        next page while this one reached no older item (the list is newest first)."""
        if handled.result is None:
            return
        since = self.plan.window.start
        stored = getattr(self.sink, "seen_release", None)
        for rec in handled.result.records:
            if not isinstance(rec, PressList):
                continue
            older = False
            for item in rec.items:
                day = _day(item.date)
                if day is not None and day < since:
                    older = True
                    continue
                if item.url and item.url not in self.cards_asked:
                    if stored is not None and stored(item.url):
                        self.cards_asked.add(item.url)
                        continue
                    yield self._press_request(item.url, court, PRESS)
            if rec.next_url and not older and rec.next_url not in self.cards_asked:
                yield self._press_request(rec.next_url, court, PRESS_LIST)

    def _unchanged(self, court: str, row: Any) -> bool:
        """True (and the earlier reading carried over) when an earlier crawl saw this
        listing row exactly so and the case was final; else counts it new or changed."""
        key = case_key(court, row.case_number)
        known = self.sink.known(key)
        if known is None:
            self.run_stats.new_cases += 1
            return False
        if known.final and (known.row is None or known.row == row_fingerprint(row)):
            self.run_stats.unchanged_cases += 1
            self.sink.carry(key)
            self.reports[court].cases.add(key)
            return True
        self.run_stats.changed_cases += 1
        return False

    def _capped(self, listing: Listing) -> bool:
        """The site shows fewer rows than it counted: the result cap was hit."""
        total = listing.total or 0
        if self.result_cap is not None and total >= self.result_cap:
            return True
        per_page = len(listing.rows)
        if not per_page or listing.last_page is None:
            return False
        return total > listing.last_page * per_page

    def _servers(self, window: WindowState, records: list[Any]) -> Iterator[Request]:
        s = window.search
        for rec in records:
            if isinstance(rec, ServerChoice) and rec.srv_num and rec.srv_num != s.srv_num:
                yield self._search_request(
                    Search(s.court, rec.srv_num, s.cartoteka, s.article, s.window)
                )

    def _maybe_close(self, window: WindowState) -> Steps:
        """Close a window read whole; read again the cards of cases it no longer returns
        (absent may only mean charged under another article now)."""
        if window.closed or window.pages is None or len(window.done) < window.pages:
            return
        window.closed = True
        court = window.search.court.code
        self.run_stats.windows += 1
        self.reports[court].windows_read += 1
        again = self.sink.close_window(self._context(window, court, {}), window.seen, complete=True)
        if isinstance(again, Pending):
            again = yield again
        window.seen = set()  # settled: a long crawl keeps no case list per closed window
        for url in again:
            self.run_stats.rechecks += 1
            request = self._request(url, court, RECHECK, srv=window.search.srv_num, case=url)
            yield request.replace(dont_filter=True)

    def _context(self, window: WindowState | None, court: str, meta: Any) -> WindowContext:
        if window is None:
            return WindowContext(court, meta.get("srv"), None, None, None)
        s = window.search
        return WindowContext(
            court, s.srv_num, s.cartoteka.key, (s.window.start, s.window.end), s.article
        )

    # --- refusals and errors -----------------------------------------------------------

    def _slot(self, court: str) -> Any:
        engine = getattr(self.crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        return getattr(downloader, "slots", {}).get(court) if downloader else None

    def _calm(self, court: str) -> None:
        """A good answer: the court's backoff starts again from the floor; without
        AutoThrottle (which lowers a raised delay itself), halve a raised delay."""
        self.strikes[court] = 0
        slot = self._slot(court)
        if slot is None:
            return
        floor = self.floors.get(court, self.delay)
        if not self.crawler.settings.getbool("AUTOTHROTTLE_ENABLED") and slot.delay > floor:
            slot.delay = max(floor, slot.delay / 2)
        slot.delay = max(slot.delay, floor)

    def _refused(
        self, response: Response, kind: PageKind | None, cause: CourtStatus
    ) -> Iterator[Request]:
        meta = response.meta
        court = meta["court"]
        report = self.reports[court]
        report.refusals[cause] += 1
        attempt = int(meta["attempt"]) + 1
        captcha = cause is CourtStatus.CAPTCHA
        limit = politeness.CAPTCHA_ATTEMPTS if captcha else politeness.MAX_ATTEMPTS
        if captcha and self.captcha_courts.get(court):
            limit = 1  # the registry says this court always wants one: do not ask again
        if attempt >= limit:
            if captcha:
                self._park(court)
            self._give_up(meta, cause)
            return
        asked = politeness.retry_after(response.headers.get(b"Retry-After"))
        if cause is CourtStatus.THROTTLED:
            self.floors[court] = politeness.raised_floor(self.floors.get(court, self.delay))
        self._slow_down(court, politeness.backoff(self._strike(court), self.delay, asked))
        yield self._retry(response.request, attempt)

    def on_error(self, failure: Failure) -> Iterator[Request]:
        """A request that got no answer: retried with backoff, else counted unread. An
        error in refusenik while handling it is logged and counted like `on_response`'s."""
        request = failure.request  # type: ignore[attr-defined]
        try:
            yield from self._failed(failure)
        except CloseSpider:
            raise
        except Exception as exc:
            self._callback_error(request.meta, request.url, exc)

    def _failed(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        meta = request.meta
        court = meta["court"]
        if failure.check(IgnoreRequest):
            self._give_up(meta, None)
            return
        report = self.reports[court]
        report.refusals[CourtStatus.UNREACHABLE] += 1
        attempt = int(meta["attempt"]) + 1
        if attempt >= politeness.MAX_ATTEMPTS:
            self._give_up(meta, CourtStatus.UNREACHABLE)
            return
        self._slow_down(court, politeness.backoff(self._strike(court), self.delay))
        yield self._retry(request, attempt)

    def _retry(self, request: Request | None, attempt: int) -> Request:
        assert request is not None
        self.run_stats.retries += 1
        self.reports[request.meta["court"]].retries += 1
        meta = {**request.meta, "attempt": attempt}
        return request.replace(dont_filter=True, meta=meta)

    def _strike(self, court: str) -> int:
        self.strikes[court] = strikes = self.strikes.get(court, 0) + 1
        return strikes

    def _slow_down(self, court: str, wait: float) -> None:
        slot = self._slot(court)
        if slot is not None:
            slot.delay = max(slot.delay, wait)

    def _park(self, court: str) -> None:
        if court in self.parked:
            return
        self.parked.add(court)
        report = self.reports[court]
        report.parked = True
        report.note = "captcha: parked for this run, not asked again"

    def _callback_error(self, meta: Any, url: str | None, exc: Exception) -> None:
        """An exception inside refusenik while reading a page: written with its traceback
        to the crawl log, counted in the court's report (`errors`), and the page counted
        unread like a refused one — its window not complete, or its card unread."""
        court = str(meta.get("court") or "?")
        kind = str(meta.get("kind") or "page")
        crawl_log.page_error(court, kind, url, exc)
        self.run_stats.page_errors += 1
        report = self.reports.get(court)
        if report is None:
            return
        report.errors += 1
        if kind == "listing":
            window = self.windows.get(meta.get("window", ""))
            if window is not None and window.closed and not window.failed:
                # settled before the error struck, which may have lost what it pointed at
                self.run_stats.errors += 1
                report.windows_unread.add(str(window.search.window) + f" {window.search.article}")
                return
        try:
            self._give_up(meta, None)
        except CloseSpider:
            raise
        except Exception as again:  # the store failing too: logged, the crawl goes on
            crawl_log.page_error(court, kind, url, again)

    def _give_up(self, meta: Any, cause: CourtStatus | None) -> None:
        """The page stays unread: its window (or card) is counted as not covered."""
        court = meta["court"]
        report = self.reports[court]
        self.run_stats.errors += 1
        if cause is not None:
            report.failures[cause] += 1
        if meta["kind"] == "listing":
            window = self.windows.get(meta.get("window", ""))
            if window is not None and not window.failed:
                window.failed = window.closed = True
                report.windows_unread.add(str(window.search.window) + f" {window.search.article}")
                closing = self.sink.close_window(
                    self._context(window, court, meta), window.seen, complete=False
                )
                if isinstance(closing, Pending):  # nobody waits: its error is taken later
                    closing.future.add_done_callback(self._late_error)
        elif meta["kind"] in (PRESS_LIST, PRESS):
            report.cards_unread.add(f"press {meta.get('press') or '?'}")
        else:
            report.cards_unread.add(meta.get("case") or "?")

    def _late_error(self, future: Future[Any]) -> None:
        error = future.exception()
        if isinstance(error, Exception):
            self._late.append((None, error))


def _day(text: str | None) -> dt.date | None:
    """`dd.mm.yyyy` → a date (None when absent or unreadable)."""
    try:
        return dt.datetime.strptime(text or "", "%d.%m.%Y").date()
    except ValueError:
        return None
