"""Run a crawl in this process: the plan, a sink, Scrapy's engine, and a report per court."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from refusenik.crawl.plan import CrawlPlan
from refusenik.crawl.politeness import DEFAULT_CONTACT, scrapy_settings
from refusenik.crawl.sink import Sink
from refusenik.crawl.spider import CourtSpider, CrawlStats
from refusenik.crawl.status import CourtReport


@dataclass
class CrawlOutcome:
    """What a crawl did: totals and the per-court reports, in plan order."""

    stats: CrawlStats
    reports: list[CourtReport] = field(default_factory=list)


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
) -> CrawlOutcome:
    """Crawl `plan` into `sink` and return the outcome. Scrapy's reactor runs once per
    process: call this once (the CLI and the tests run each crawl in its own process)."""
    from scrapy.crawler import CrawlerProcess

    stats = CrawlStats()
    reports: dict[str, CourtReport] = {}
    # Requests waiting out a court's delay count against the global limit: leave room for
    # several per court, or a few slow courts would hold every other court back.
    concurrency = max(32, 8 * len(plan.courts))
    settings = scrapy_settings(
        delay=delay,
        polite=polite,
        contact=contact,
        timeout=timeout,
        total_concurrency=concurrency if polite else 32,
    )
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
    return CrawlOutcome(stats, ordered)
