"""Run a crawl in this process: the plan, a sink, Scrapy's engine, and a report per court."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from refusenik.crawl.heap import map_large_buffers
from refusenik.crawl.log import crawl_log
from refusenik.crawl.plan import CrawlPlan
from refusenik.crawl.politeness import DEFAULT_CONTACT, scrapy_settings
from refusenik.crawl.sink import Sink
from refusenik.crawl.spider import CourtSpider, CrawlStats
from refusenik.crawl.status import CourtReport

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass
class CrawlOutcome:
    """What a crawl did: totals and the per-court reports, in plan order."""

    stats: CrawlStats
    reports: list[CourtReport] = field(default_factory=list)
    log: Path | None = None  # the crawl log errors were written to


def crawl_settings(
    plan: CrawlPlan, *, delay: float, polite: bool, contact: str, timeout: float
) -> dict[str, Any]:
    """Scrapy's settings for a crawl of `plan`, one process or one of several workers."""
    # Requests waiting out a court's delay count against the global limit: leave room for
    # several per court, or a few slow courts would hold every other court back.
    concurrency = max(32, 8 * len(plan.courts))
    return scrapy_settings(
        delay=delay,
        polite=polite,
        contact=contact,
        timeout=timeout,
        total_concurrency=concurrency if polite else 32,
    )


def close_run(
    engine: Engine, run_id: int, reports: Iterable[CourtReport], *, finished: bool
) -> None:
    """Each court's status of a run in the store, the run's end when it `finished`, and the
    analysis' derived tables rebuilt from what the run stored (one crawl process, or the
    worker that saw the shared frontier empty)."""
    import datetime as dt

    from refusenik.analysis import refresh
    from refusenik.ingest import court_status, finish_run

    for r in reports:
        notes = [r.note] if r.note else []
        if r.errors:
            notes.append(f"{r.errors} error(s) inside refusenik reading pages: see the crawl log")
        court_status(
            engine,
            run_id,
            r.code,
            str(r.status),
            windows_unread=len(r.windows_unread),
            cards_unread=len(r.cards_unread),
            note="; ".join(notes) or None,
        )
    if finished:
        finish_run(engine, run_id, dt.datetime.now(dt.UTC))
    refresh(engine)


def run_crawl(
    plan: CrawlPlan,
    sink: Sink,
    *,
    delay: float = 1.0,
    polite: bool = True,
    contact: str = DEFAULT_CONTACT,
    proxy: str | None = None,
    result_cap: int | None = None,
    timeout: float = 30.0,
    on_start: Callable[[CrawlStats, dict[str, CourtReport]], None] | None = None,
    log: Path | None = None,
) -> CrawlOutcome:
    """Crawl `plan` into `sink` and return the outcome. Scrapy's reactor runs once per
    process: call this once (the CLI and the tests run each crawl in its own process).
    Errors inside refusenik while reading a page go to the crawl log `log` (default
    `$REFUSENIK_HOME/logs/crawl.log`) and into the court's report."""
    from scrapy.crawler import CrawlerProcess

    stats = CrawlStats()
    reports: dict[str, CourtReport] = {}
    settings = crawl_settings(plan, delay=delay, polite=polite, contact=contact, timeout=timeout)
    map_large_buffers()
    with crawl_log(log) as log_path:
        process = CrawlerProcess(settings)
        if on_start is not None:
            on_start(stats, reports)
        process.crawl(
            CourtSpider,
            plan=plan,
            sink=sink,
            reports=reports,
            stats=stats,
            delay=delay,
            proxy=proxy,
            result_cap=result_cap,
        )
        process.start()
    ordered = [reports[c.code] for c in plan.courts if c.code in reports]
    stats.courts_done = len(ordered)
    return CrawlOutcome(stats, ordered, log_path)
