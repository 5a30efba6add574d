"""One crawl worker on a shared Redis frontier, and what `workers status` reads back.

Any number of workers started with the same plan and the same Redis (and prefix) crawl
together: the first to take the seed lock starts the run in the store and queues the
plan's searches; every worker takes requests court by court; the one that sees the
frontier empty first writes each court's status and the run's end to the store. Each
worker archives into its own folder, `ARCHIVE/<worker id>`, indexed in the one store.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refusenik.crawl.frontier import DEFAULT_LEASE, Frontier, Heartbeat, connect
from refusenik.crawl.log import crawl_log
from refusenik.crawl.plan import CrawlPlan
from refusenik.crawl.politeness import DEFAULT_CONTACT
from refusenik.crawl.run import close_run, crawl_settings
from refusenik.crawl.spider import CrawlStats
from refusenik.crawl.status import CourtReport


@dataclass
class WorkerOutcome:
    """What one worker did, and the courts' reports as all workers together left them."""

    worker: str
    stats: CrawlStats
    reports: list[CourtReport] = field(default_factory=list)
    seeded_here: bool = False
    finisher: bool = False  # this worker wrote the run's end to the store
    run_id: int | None = None
    log: Path | None = None  # this worker's crawl log (errors reading pages)


def plan_identity(plan: CrawlPlan) -> dict[str, Any]:
    """What every worker of one crawl must agree on."""
    return {
        "courts": [c.code for c in plan.courts],
        "articles": list(plan.articles),
        "window": [plan.window.start.isoformat(), plan.window.end.isoformat()],
        "cartotekas": [c.key for c in plan.cartotekas],
    }


def run_worker(
    plan: CrawlPlan,
    *,
    redis_url: str,
    prefix: str,
    worker: str,
    db: str | None,
    archive: Path | None,
    lease: float = DEFAULT_LEASE,
    delay: float = 1.0,
    polite: bool = True,
    contact: str = DEFAULT_CONTACT,
    proxy: str | None = None,
    result_cap: int | None = None,
    timeout: float = 30.0,
    seed_only: bool = False,
    note: dict[str, Any] | None = None,
    max_out: int = 16,
    log: Path | None = None,
) -> WorkerOutcome:
    """Crawl as one worker until the shared frontier is empty (or, `seed_only`, until it is
    seeded). Redis and the store are checked first: unreachable → `UserInputError`.
    A lost Redis ends the crawl early (`stats.stopped`); nothing is released that was not
    handled, so the same command resumes once Redis is back. `max_out`: the most courts
    this worker holds at once (requests out or answers not yet read), so that a busy
    worker leaves free courts to the others. `log`: this worker's crawl log (default
    `$REFUSENIK_HOME/logs/crawl.log`), where errors reading a page go with their traceback."""
    from scrapy.crawler import CrawlerProcess

    from refusenik.crawl.distributed import SharedCourtSpider, SharedWindowIds, redis_settings
    from refusenik.crawl.heap import map_large_buffers
    from refusenik.ingest import start_run
    from refusenik.store.db import engine_for

    client = connect(redis_url)
    engine = engine_for(db)
    with engine.connect():
        pass  # an unreachable store is a clear error now, not after the first page
    frontier = Frontier(client, prefix=prefix, worker=worker, lease=lease)
    frontier.reset_if_finished()
    stats = CrawlStats()
    reports: dict[str, CourtReport] = {}
    identity = plan_identity(plan)

    sink: Any
    if seed_only:
        from refusenik.crawl.sink import MemorySink

        sink = MemorySink(keep_digests=False)
    else:
        from refusenik.archive import Archive
        from refusenik.crawl.archiving import StoreSink

        assert archive is not None
        sink = StoreSink(
            keep_digests=False,
            archive=Archive(archive / worker, engine),
            engine=engine,
            run_id=None,
            _window_ids=SharedWindowIds(frontier),  # type: ignore[arg-type]
        )

    def on_seed() -> int | None:
        return start_run(
            engine,
            dt.datetime.now(dt.UTC),
            note=json.dumps((note or {}) | {"workers": "redis", "prefix": prefix}),
        )

    settings = crawl_settings(
        plan, delay=delay, polite=polite, contact=contact, timeout=timeout
    ) | redis_settings(redis_url, prefix)
    map_large_buffers()
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SharedCourtSpider)
    beat = Heartbeat(
        frontier,
        lambda: {
            "pages": stats.pages,
            "cases": stats.cases,
            "retries": stats.retries,
            "started": stats.started.isoformat(timespec="seconds"),
            "courts_out": len(frontier.held),
        },
    )
    with crawl_log(log, who=worker) as log_path:
        beat.start()
        try:
            process.crawl(
                crawler,
                plan=plan,
                sink=sink,
                reports=reports,
                stats=stats,
                delay=delay,
                proxy=proxy,
                result_cap=result_cap,
                frontier=frontier,
                plan_identity=identity,
                on_seed=on_seed,
                court_delay=delay if polite else 0.0,
                seed_only=seed_only,
                max_out=max_out,
            )
            process.start()
        finally:
            beat.stop()
            kept = getattr(sink, "archive", None)
            if kept is not None:
                kept.close()
    spider: Any = crawler.spider
    if frontier.lost is not None and not stats.stopped:
        stats.stopped = frontier.lost
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    if not stats.stopped and not seed_only and reason != "finished":
        stats.stopped = f"this worker was stopped ({reason}) before the crawl ended"
    outcome = WorkerOutcome(
        worker, stats, seeded_here=bool(spider and spider.seeded_here), log=log_path
    )
    if stats.stopped or seed_only:
        return outcome
    frontier.beat({"pages": stats.pages, "cases": stats.cases, "retries": stats.retries})
    outcome.reports = spider.shared_reports()
    outcome.run_id = frontier.run_id()
    stats.cases = sum(len(r.cases) for r in outcome.reports)
    stats.courts_done = len(outcome.reports)
    run_id = outcome.run_id
    done = frontier.lost is None and run_id is not None and frontier.finished()
    if run_id is not None and done and frontier.claim_finish():
        close_run(engine, run_id, outcome.reports, finished=True)
        outcome.finisher = True
    if frontier.lost is not None:
        stats.stopped = frontier.lost
    return outcome


# --- `refusenik workers status` ---------------------------------------------------------------


def frontier_status(client: Any, prefix: str) -> dict[str, Any]:
    """The frontier as Redis holds it: requests waiting (per court), requests out (court →
    worker), workers alive (heartbeats not yet expired), pages per worker, parked courts."""
    keys = [k.decode() for k in client.scan_iter(match=f"{prefix}:q:*", count=1000)]
    per_court = {}
    for key in keys:
        n = int(client.llen(key))
        if n:
            per_court[key[len(prefix) + 3 :]] = n
    owners = {k.decode(): v.decode() for k, v in client.hgetall(f"{prefix}:owner").items()}
    alive = {}
    for key in client.scan_iter(match=f"{prefix}:hb:*", count=1000):
        raw = client.get(key)
        if raw:
            name = key.decode()[len(prefix) + 4 :]
            alive[name] = json.loads(raw) | {"expires_in": round(client.pttl(key) / 1000, 1)}
    pages = {k.decode(): int(v) for k, v in client.hgetall(f"{prefix}:pages").items()}
    parked = sorted(m.decode() for m in client.smembers(f"{prefix}:parked"))
    seeded = client.get(f"{prefix}:seeded")
    finished = client.get(f"{prefix}:finished")
    run = client.get(f"{prefix}:run")
    return {
        "prefix": prefix,
        "seeded": seeded is not None,
        "finished": finished is not None,
        "run_id": int(run) if run else None,
        "queued": sum(per_court.values()),
        "in_flight": len(owners),
        "queued_per_court": dict(sorted(per_court.items(), key=lambda kv: (-kv[1], kv[0]))),
        "in_flight_per_court": dict(sorted(owners.items())),
        "workers_alive": dict(sorted(alive.items())),
        "pages_per_worker": dict(sorted(pages.items())),
        "parked": parked,
    }
