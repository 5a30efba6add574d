"""How the crawler behaves toward a court: one request at a time per court, a delay that
adapts to the server with a floor, `Retry-After` honoured, exponential backoff when a court
refuses, and an honest User-Agent that names the project and a contact.

A court is one Scrapy download slot (the court code), whatever host it is reached on, so
courts served from one address (the simulator) are still asked one request at a time each.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from typing import Any

from refusenik import __version__

DEFAULT_CONTACT = "https://github.com/refusenik/refusenik"
MAX_ATTEMPTS = 10  # per URL, before the page is counted unread
CAPTCHA_ATTEMPTS = 4  # a captcha this many times in a row parks the court for the run
MAX_BACKOFF = 120.0
MIN_BACKOFF_BASE = 0.25  # a floor of 0 still backs off from a quarter second


def user_agent(contact: str = DEFAULT_CONTACT) -> str:
    """A browser-like User-Agent that says who is asking and how to reach them."""
    return (
        f"Mozilla/5.0 (compatible; refusenik/{__version__}; +{contact}) "
        "research crawler of public court records"
    )


def scrapy_settings(
    *,
    delay: float = 1.0,
    polite: bool = True,
    contact: str = DEFAULT_CONTACT,
    timeout: float = 30.0,
    total_concurrency: int = 32,
) -> dict[str, Any]:
    """Scrapy settings for a crawl: `delay` is the floor between two requests to one court;
    `polite=False` (benchmarks only) drops AutoThrottle and the floor."""
    return {
        "USER_AGENT": user_agent(contact),
        "ROBOTSTXT_OBEY": False,  # sudrf robots.txt files do not cover modules.php
        "CONCURRENT_REQUESTS": total_concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1 if polite else total_concurrency,
        "DOWNLOAD_DELAY": delay if polite else 0.0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": polite,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.0),
        "AUTOTHROTTLE_MAX_DELAY": MAX_BACKOFF,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": timeout,
        "RETRY_ENABLED": False,  # the spider retries itself, after archiving what came back
        "HTTPERROR_ALLOW_ALL": True,
        "REDIRECT_ENABLED": True,
        "COOKIES_ENABLED": True,
        "TELNETCONSOLE_ENABLED": False,
        # Per-response work that buys a court crawl nothing: Scrapy re-reads each generator
        # callback's source (an `ast` parse, 2.5% of a crawl's CPU) to warn about `return`
        # values, and decodes every page (~250 KB) to look for a <meta> refresh, which no
        # court page uses: a page that did would be archived and reported as unreadable.
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        "METAREFRESH_ENABLED": False,
        # Scrapy starts this many asyncio tasks for the output of every response (6% of a
        # crawl's CPU at its default of 100); the spider yields only requests, each handled
        # at once, so a few suffice.
        "CONCURRENT_ITEMS": 4,
        "LOG_ENABLED": False,
        "LOG_INSTALL_ROOT_HANDLER": False,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOADER_MIDDLEWARES": {
            "refusenik.crawl.spider.ParkedCourtsMiddleware": 50,
        },
        "SPIDER_MIDDLEWARES": {
            # the spider keeps every answer (4xx/5xx too) and decides itself
            "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware": None,
        },
    }


def retry_after(value: bytes | str | None) -> float | None:
    """Seconds from a `Retry-After` header (a number or an HTTP date), None if absent/bad."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        import datetime as dt

        when = parsedate_to_datetime(text)
        return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def raised_floor(floor: float) -> float:
    """A court's own floor after it throttled us: a quarter longer (from at least a
    quarter second), capped; a few throttles bring a crawl under the court's rate."""
    return min(max(floor, MIN_BACKOFF_BASE) * 1.25, MAX_BACKOFF)


def backoff(strikes: int, floor: float, asked: float | None = None) -> float:
    """A court's delay after `strikes` refusals in a row: what the court asked for, else
    exponential from the floor (at least a quarter second), capped."""
    base = max(floor, MIN_BACKOFF_BASE)
    wait = base * (2 ** max(0, strikes - 1))
    if asked is not None:
        wait = max(wait, asked)
    return min(wait, MAX_BACKOFF)
