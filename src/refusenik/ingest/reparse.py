"""Rebuild the store from the archive alone: every capture through `ingest`, in the order
it was fetched, and every listing window read in full closed again, as the crawl did.

The crawl and the reparse name a window the same way because both take its `Context`
from the search URL (`context_from_url`): the same captures give the same store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from refusenik.ingest.card_checks import CardChecks
from refusenik.ingest.identity import iso_date, query_of
from refusenik.ingest.model import ArchiveLike, CaptureLike, Context, ReparseSummary
from refusenik.ingest.pages import ingest
from refusenik.ingest.press import relink_releases
from refusenik.ingest.windows import close_window
from refusenik.store import migrate

_LISTING_KINDS = ("listing", "empty_result")
RECHECK = "recheck"  # what the crawler names a card it reads again (`crawl.sink.RECHECK`)
_PAGE_KEYS = ("page", "_page")


def context_from_url(url: str, court: str) -> Context:
    """The crawler's context as its search URL states it: server, cartoteka, article, dates."""
    q = query_of(url)
    server = int(q["srv_num"]) if q.get("srv_num", "").isdigit() else None
    delo_id = q.get("delo_id") or q.get("_deloid")
    article = next((v for k, v in q.items() if k.endswith("law_articless") and v.strip()), None)
    starts = [iso_date(v) for k, v in q.items() if k.endswith("date1d") and v]
    ends = [iso_date(v) for k, v in q.items() if k.endswith("date2d") and v]
    start = next((d for d in starts if d), None)
    end = next((d for d in ends if d), None)
    window: tuple[date, date] | None = (start, end) if start and end else None
    return Context(
        court=court,
        server=server,
        cartoteka=f"delo_id:{delo_id}" if delo_id else None,
        window=window,
        article=article.strip() if article else None,
    )


def page_number(url: str) -> int:
    """The listing page a search URL asks for (1 when it names none)."""
    q = query_of(url)
    raw = next((q[k] for k in _PAGE_KEYS if q.get(k)), "1")
    return int(raw) if raw.isdigit() else 1


@dataclass
class _Window:
    context: Context
    seen: set[int] = field(default_factory=set)


def court_of(capture: CaptureLike) -> str:
    """The court of a capture: as archived, else `vnkod` of its URL, else its host."""
    if capture.court:
        return capture.court
    q = query_of(capture.url)
    code = q.get("vnkod") or q.get("case__vnkod")
    if code:
        return code
    from urllib.parse import urlsplit

    return urlsplit(capture.url).hostname or "?"


def reparse(engine: Engine, archive: ArchiveLike) -> ReparseSummary:
    """Archive → store, no network. Into an empty store it rebuilds what the crawl built.
    An archive of several crawl workers is read whole: `archive.body` finds each file in
    the worker's folder (`archive.location.warc_path`)."""
    migrate(engine)
    summary = ReparseSummary()
    open_windows: dict[str, _Window] = {}
    cases: set[int] = set()
    # The crawl read these cards again after a window stopped returning their case: the
    # same cases wait for the same cards here, so the flags come out as the crawl's.
    rechecked = {c.url for c in archive.captures() if c.page_kind == RECHECK}
    checks = CardChecks()
    for capture in archive.captures():
        court = court_of(capture)
        context = context_from_url(capture.url, court)
        result = ingest(engine, capture, archive.body(capture), context)
        checks.settle(engine, result, capture.fetched_at)
        summary.captures += 1
        summary.by_kind[result.page_kind] = summary.by_kind.get(result.page_kind, 0) + 1
        summary.errors += result.error is not None
        cases.update(result.cases_seen)
        if result.page_kind not in _LISTING_KINDS:
            continue
        key = context.window_key
        if page_number(capture.url) == 1:
            open_windows[key] = _Window(context)
        window = open_windows.get(key)
        if window is None:
            continue  # a later page of a window whose first page is not archived
        window.seen.update(result.cases_seen)
        if result.next_page is None:
            closed = close_window(
                engine,
                window.context,
                window.seen,
                complete=True,
                at=capture.fetched_at,
                check_card=rechecked.__contains__,
            )
            checks.add(closed.missing)
            del open_windows[key]
            summary.windows_closed += 1
            if closed.alarm:
                summary.alarms.append(closed.alarm)
    relink_releases(engine)  # as the crawl does when it ends
    summary.cases = len(cases)
    return summary
