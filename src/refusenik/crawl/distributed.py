"""The crawler on a shared frontier: scrapy-redis's Scheduler and RFPDupeFilter, with a
queue class that hands requests out court by court through `Frontier`.

`SharedCourtSpider` is the ordinary `CourtSpider` whose per-court state — the court's
report, its listing windows, the case ids each window showed, parked courts — lives in
Redis instead of in the process. A worker only touches a court while it holds the court's
lease, so it loads that state when an answer arrives and writes it back before releasing
the court: the next answer of the same court may be read by another worker.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Request, Response
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base
from twisted.python.failure import Failure

from refusenik.crawl.frontier import Frontier
from refusenik.crawl.plan import CrawlPlan, Search, Window
from refusenik.crawl.sink import SinkError
from refusenik.crawl.spider import CourtSpider, WindowState
from refusenik.crawl.status import CourtReport, CourtStatus
from refusenik.sites.url_parts import CARTOTEKAS

TICK = 0.1  # seconds between two looks at the frontier (seeding, a lost Redis, new work)


def redis_settings(url: str, prefix: str) -> dict[str, Any]:
    """Scrapy settings that put the scheduler and the duplicate filter in Redis."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "refusenik.crawl.distributed.CourtQueue",
        "DUPEFILTER_CLASS": "refusenik.crawl.distributed.SharedDupeFilter",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "SCHEDULER_PERSIST": True,  # the frontier outlives any one worker
        "SCHEDULER_FLUSH_ON_START": False,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "SCHEDULER_SERIALIZER": "scrapy_redis.picklecompat",
        "REDIS_URL": url,
        "REDIS_PARAMS": {"socket_timeout": 5, "socket_connect_timeout": 5},
    }


class CourtQueue(Base):
    """scrapy-redis queue over `Frontier`: a request goes to its court's queue; `pop` hands
    out a request of a court that is free and past its delay. A redirect of a request this
    worker holds stays here (the court is still leased to it)."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.frontier: Frontier = spider.frontier
        self.local: list[Request] = []

    def __len__(self) -> int:
        return self.frontier.queued() + len(self.local)

    def push(self, request: Request) -> None:
        court = str(request.meta.get("court"))
        if request.meta.get("redirect_times") and court in self.frontier.held:
            self.local.append(request)
            return
        self.frontier.push(court, self._encode_request(request))

    def pop(self, timeout: int = 0) -> Request | None:
        if self.local:
            return self.local.pop(0)
        if self.spider.seed_only:
            return None  # seeds, never crawls
        if len(self.frontier.held) >= self.spider.max_out:
            return None  # a busy worker leaves free courts to the others
        got = self.frontier.pop()
        if got is None:
            return None
        request: Request = self._decode_request(got[1])
        return request

    def clear(self) -> None:
        """Never: other workers share this frontier."""


class SharedDupeFilter(RFPDupeFilter):
    """scrapy-redis's fingerprint set; a lost Redis is noted, and the request not queued."""

    frontier: Frontier | None = None

    @classmethod
    def from_spider(cls, spider: Any) -> SharedDupeFilter:
        df: SharedDupeFilter = super().from_spider(spider)
        df.frontier = spider.frontier
        return df

    def request_seen(self, request: Request) -> bool:
        import redis

        try:
            return bool(super().request_seen(request))
        except redis.exceptions.RedisError as exc:
            if self.frontier is not None and self.frontier.lost is None:
                self.frontier.lost = f"lost Redis while checking a request: {exc}"
            return True

    def clear(self) -> None:
        """Never: other workers share these fingerprints."""


# --- shared state --------------------------------------------------------------------------


def report_to_json(r: CourtReport) -> dict[str, Any]:
    return {
        "code": r.code,
        "name": r.name,
        "pages": r.pages,
        "retries": r.retries,
        "cases": sorted(r.cases),
        "windows_read": r.windows_read,
        "windows_unread": sorted(r.windows_unread),
        "cards_unread": sorted(r.cards_unread),
        "errors": r.errors,
        "failures": {str(k): v for k, v in r.failures.items()},
        "refusals": {str(k): v for k, v in r.refusals.items()},
        "parked": r.parked,
        "note": r.note,
    }


def report_from_json(d: dict[str, Any]) -> CourtReport:
    return CourtReport(
        code=d["code"],
        name=d.get("name", ""),
        pages=int(d.get("pages", 0)),
        retries=int(d.get("retries", 0)),
        cases=set(d.get("cases", ())),
        windows_read=int(d.get("windows_read", 0)),
        windows_unread=set(d.get("windows_unread", ())),
        cards_unread=set(d.get("cards_unread", ())),
        errors=int(d.get("errors", 0)),
        failures=Counter({CourtStatus(k): v for k, v in d.get("failures", {}).items()}),
        refusals=Counter({CourtStatus(k): v for k, v in d.get("refusals", {}).items()}),
        parked=bool(d.get("parked")),
        note=d.get("note", ""),
    )


def search_from_key(plan: CrawlPlan, key: str) -> Search:
    """The search a window key (`Search.key()`) names, rebuilt from the plan."""
    code, srv, cart, article, window = key.split("|")
    court = next(c for c in plan.courts if c.code == code)
    start, _, end = window.partition("..")
    return Search(
        court,
        int(srv),
        CARTOTEKAS[cart],
        article,
        Window(dt.date.fromisoformat(start), dt.date.fromisoformat(end)),
    )


class SharedWindows:
    """The spider's `windows` mapping, kept in Redis: loaded when a court's answer is read,
    written back (`flush`) before the court is released."""

    def __init__(self, frontier: Frontier, plan: CrawlPlan) -> None:
        self.frontier = frontier
        self.plan = plan
        self.cache: dict[str, WindowState] = {}

    def begin(self) -> None:
        self.cache.clear()

    def _load(self, key: str) -> WindowState | None:
        if key in self.cache:
            return self.cache[key]
        d = self.frontier.get_json("windows", key)
        if d is None:
            return None
        state = WindowState(
            search_from_key(self.plan, key),
            pages=d["pages"],
            done=set(d["done"]),
            seen=set(d["seen"]),
            failed=d["failed"],
            closed=d["closed"],
        )
        self.cache[key] = state
        return state

    def get(self, key: str, default: WindowState | None = None) -> WindowState | None:
        """The window's state; a window nobody answered yet starts empty."""
        if not key:
            return default
        found = self._load(key)
        if found is None:
            self.cache[key] = found = WindowState(search_from_key(self.plan, key))
        return found

    def setdefault(self, key: str, value: WindowState) -> WindowState:
        found = self._load(key)
        if found is None:
            self.cache[key] = found = value
        return found

    def flush(self) -> None:
        self.frontier.put_json(
            "windows",
            (
                (
                    k,
                    {
                        "pages": w.pages,
                        "done": sorted(w.done),
                        "seen": sorted(w.seen),
                        "failed": w.failed,
                        "closed": w.closed,
                    },
                )
                for k, w in self.cache.items()
            ),
        )
        self.cache.clear()


class SharedParked:
    """The set of parked courts, in Redis, so every worker leaves a parked court alone."""

    def __init__(self, frontier: Frontier) -> None:
        self.frontier = frontier

    def __contains__(self, court: object) -> bool:
        return isinstance(court, str) and self.frontier.is_parked(court)

    def add(self, court: str) -> None:
        self.frontier.park(court)


class SharedWindowIds:
    """`StoreSink`'s case ids per window, in Redis: the pages of one window may be read by
    several workers, and the window is closed in the store with all of them."""

    def __init__(self, frontier: Frontier) -> None:
        self.frontier = frontier

    def setdefault(self, key: str, default: set[int]) -> _IdsAdder:
        return _IdsAdder(self.frontier, key)

    def pop(self, key: str, default: set[int]) -> set[int]:
        ids = self.frontier.get_json("wids", key)
        _check(self.frontier)  # never close a window on a partial list of its cases
        self.frontier.drop_json("wids", key)
        return set(ids) if ids else default


def _check(frontier: Frontier) -> None:
    if frontier.lost is not None:
        raise SinkError(frontier.lost)


class _IdsAdder:
    def __init__(self, frontier: Frontier, key: str) -> None:
        self.frontier, self.key = frontier, key

    def update(self, ids: Any) -> None:
        known = set(self.frontier.get_json("wids", self.key) or ())
        _check(self.frontier)
        self.frontier.put_json("wids", [(self.key, sorted(known | set(ids)))])
        _check(self.frontier)


class SharedCourtSpider(CourtSpider):
    """`CourtSpider` on a shared frontier. Seeds the frontier if no worker has (one seed
    lock), stays open while any worker has work out, and stops cleanly when Redis is lost."""

    def __init__(
        self,
        *args: Any,
        frontier: Frontier,
        plan_identity: dict[str, Any],
        on_seed: Callable[[], int | None],
        court_delay: float,
        seed_only: bool = False,
        max_out: int = 16,
        **kwargs: Any,
    ) -> None:
        self.frontier = frontier
        self.max_out = max_out
        super().__init__(*args, **kwargs)
        self.windows = SharedWindows(frontier, self.plan)  # type: ignore[assignment]
        self.parked = SharedParked(frontier)  # type: ignore[assignment]
        self.plan_identity = plan_identity
        self.on_seed = on_seed
        self.court_delay = court_delay
        self.seed_only = seed_only
        self.seeded_here = False
        self.plan_checked = False  # the frontier was seeded with this worker's plan
        self.stop_reason: str | None = None
        self._ticker: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SharedCourtSpider:
        spider: SharedCourtSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    async def start(self) -> Any:
        """Nothing: the frontier is seeded by `_tick`, once for all workers."""
        return
        yield  # an async generator that yields nothing

    # --- the frontier's clock ------------------------------------------------------------

    def _opened(self, spider: Any) -> None:
        from twisted.internet import task

        self._ticker = task.LoopingCall(self._tick)
        self._ticker.start(TICK, now=True)

    def _closed(self, spider: Any) -> None:
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()

    def _stop(self, reason: str) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
            self.run_stats.stopped = reason
            self.crawler.engine.close_spider(self, "stopped")

    def _tick(self) -> None:
        """Seed if nobody has, check the plan matches the frontier's, and wake the engine
        (a court leased by another worker may have come free)."""
        if self.stop_reason is not None:
            return
        if self.frontier.lost is not None:
            self._stop(self.frontier.lost)
            return
        if self.plan_checked:
            seeded: dict[str, Any] | None = self.plan_identity
        else:
            seeded = self.frontier.seeded()
            self.plan_checked = seeded == self.plan_identity
        if seeded is None and self.frontier.lost is None and self.frontier.claim_seed():
            self._seed()
            return
        if seeded is not None and seeded != self.plan_identity:
            differs = ", ".join(
                k for k in self.plan_identity if seeded.get(k) != self.plan_identity[k]
            )
            self._stop(
                f"this worker's plan differs from the one the frontier was seeded with (in "
                f"{differs}); start every worker with the same --courts, --articles, --since, "
                "--until and --cartotekas, or use another --redis-prefix"
            )
            return
        if self.seed_only and seeded is not None:
            self._stop_quietly()
            return
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    def _stop_quietly(self) -> None:
        if self.stop_reason is None:
            self.stop_reason = "seeded"
            self.crawler.engine.close_spider(self, "seeded")

    def _seed(self) -> None:
        run_id = self.on_seed()
        self._set_run(run_id)
        for request in self.start_requests():
            self.crawler.engine.crawl(request)
        self.windows.flush()  # type: ignore[attr-defined]
        if self.frontier.lost is None:
            self.frontier.mark_seeded(self.plan_identity, run_id)
            self.seeded_here = True
        if self.seed_only:
            self._stop_quietly()

    def _set_run(self, run_id: int | None) -> None:
        if run_id is not None and hasattr(self.sink, "run_id"):
            self.sink.run_id = run_id  # type: ignore[attr-defined]

    def _idle(self, spider: Any) -> None:
        if self.stop_reason is not None or self.frontier.lost is not None:
            return
        if not self.frontier.finished():
            raise DontCloseSpider

    # --- one court's answer, between loading and releasing its state ------------------------

    def _begin(self, court: str) -> None:
        if getattr(self.sink, "run_id", 0) is None:
            self._set_run(self.frontier.run_id())
        d = self.frontier.get_json("reports", court)
        if self.frontier.lost is not None:
            raise CloseSpider(self.frontier.lost)
        if d is not None:
            self.reports[court] = report_from_json(d)
        self.windows.begin()  # type: ignore[attr-defined]

    def _end(self, court: str) -> None:
        self.frontier.put_json("reports", [(court, report_to_json(self.reports[court]))])
        self.windows.flush()  # type: ignore[attr-defined]
        if self.frontier.lost is not None:
            return  # the request stays out: after the lease it is asked again
        slot = self._slot(court)
        delay = max(self.court_delay, slot.delay if slot is not None else 0.0)
        self.frontier.done(court, delay)

    def _handled(self, court: str, read: Callable[[], Iterator[Request]]) -> Iterator[Request]:
        try:
            self._begin(court)
            out = list(read())
        except CloseSpider:
            self.frontier.let_go(court)  # not handled: back to the frontier after the lease
            raise
        except Exception:
            self._end(court)  # a bug in reading this page must not hold the court forever
            raise
        yield from out  # queued in Redis as each is taken
        self._end(court)

    def on_response(self, response: Response) -> Iterator[Request]:
        court = response.meta["court"]
        return self._handled(court, lambda: CourtSpider.on_response(self, response))

    def on_error(self, failure: Failure) -> Iterator[Request]:
        court = failure.request.meta["court"]  # type: ignore[attr-defined]
        return self._handled(court, lambda: CourtSpider.on_error(self, failure))

    def _park(self, court: str) -> None:
        report = self.reports[court]
        super()._park(court)
        report.parked = True  # also when another worker parked it first

    def shared_reports(self) -> list[CourtReport]:
        """Every court's report as the workers together left it, in plan order."""
        stored = self.frontier.all_json("reports")
        out = []
        for court in self.plan.courts:
            d = stored.get(court.code)
            out.append(report_from_json(d) if d else CourtReport(court.code, court.name))
        return out
