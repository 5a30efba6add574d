"""Politeness settings, backoff and the per-court status vocabulary."""

from __future__ import annotations

from refusenik.crawl import politeness
from refusenik.crawl.status import CourtReport, CourtStatus, failure_of
from refusenik.simulate.faults import tool_like_agent
from refusenik.sites import PageKind


def test_user_agent_is_honest_and_not_refused_as_a_tool():
    ua = politeness.user_agent("mailto:team@example.org")
    assert "refusenik" in ua and "mailto:team@example.org" in ua
    assert not tool_like_agent(ua)


def test_settings_one_request_per_court_with_a_floor():
    s = politeness.scrapy_settings(delay=2.5)
    assert s["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert s["DOWNLOAD_DELAY"] == 2.5 and s["AUTOTHROTTLE_ENABLED"]
    assert s["RETRY_ENABLED"] is False
    off = politeness.scrapy_settings(delay=2.5, polite=False)
    assert off["DOWNLOAD_DELAY"] == 0 and not off["AUTOTHROTTLE_ENABLED"]


def test_retry_after_seconds_and_dates():
    assert politeness.retry_after(b"7") == 7.0
    assert politeness.retry_after(None) is None
    assert politeness.retry_after("soon") is None
    assert politeness.retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


def test_backoff_grows_and_honours_what_the_court_asked():
    waits = [politeness.backoff(a, 0.5) for a in range(1, 6)]
    assert waits == sorted(waits) and waits[-1] > waits[0] * 8
    assert politeness.backoff(1, 0.5, asked=30) == 30
    assert politeness.backoff(40, 0.5) == politeness.MAX_BACKOFF


def test_a_throttling_court_raises_its_floor_step_by_step_up_to_the_cap():
    floors = [0.3]
    for _ in range(6):
        floors.append(politeness.raised_floor(floors[-1]))
    assert floors == sorted(floors) and 1.0 < floors[-1] < 1.5
    assert politeness.raised_floor(0.0) == 0.3125  # from a quarter second when there is no floor
    assert politeness.raised_floor(politeness.MAX_BACKOFF) == politeness.MAX_BACKOFF


def test_failure_kinds_map_to_statuses():
    assert failure_of(PageKind.THROTTLED, 200) is CourtStatus.THROTTLED
    assert failure_of(None, 429) is CourtStatus.THROTTLED
    assert failure_of(PageKind.GEO_BLOCKED, 403) is CourtStatus.GEO_BLOCKED
    assert failure_of(None, 403) is CourtStatus.BLOCKED
    assert failure_of(None, 502) is CourtStatus.SERVER_ERROR
    assert failure_of(PageKind.CAPTCHA_ERROR, 200) is CourtStatus.CAPTCHA
    assert failure_of(None, 200) is CourtStatus.TEMPLATE_CHANGED


def test_report_status_is_ok_only_when_everything_was_read():
    r = CourtReport("63GV0006")
    assert r.status is CourtStatus.OK and r.covered
    r.failures[CourtStatus.THROTTLED] += 3
    r.failures[CourtStatus.TEMPLATE_CHANGED] += 1
    r.cards_unread.add("1-5/2023")
    assert r.status is CourtStatus.TEMPLATE_CHANGED and not r.covered
    r.parked = True
    assert r.status is CourtStatus.CAPTCHA
    assert r.to_dict()["status"] == "captcha"
