"""The verdict of a crawl for each court, and what the crawl could not read there.

A number from the crawl is only as good as its coverage: a court parked on a captcha or
blocked by a firewall has cases nobody saw. The report says so per court, in counts of
listing windows and cards that stayed unread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from refusenik.sites.base import PageKind

if TYPE_CHECKING:
    from rich.table import Table


class CourtStatus(StrEnum):
    """How a court answered this run, worst first when several things went wrong."""

    OK = "ok"
    CAPTCHA = "captcha"  # the court wants a captcha: parked, not asked again this run
    THROTTLED = "throttled"
    BLOCKED = "blocked"  # HTTP 403 that is not the geo-IP firewall
    GEO_BLOCKED = "geo_blocked"
    SERVER_ERROR = "server_error"
    UNREACHABLE = "unreachable"  # connection refused, reset, timeout, DNS
    TEMPLATE_CHANGED = "template_changed"  # pages of a known kind stopped parsing
    INACTIVE = "inactive"  # the court's case module is not there (404)


# Which failure explains a court best when it had several: the most specific first.
_SEVERITY = (
    CourtStatus.CAPTCHA,
    CourtStatus.GEO_BLOCKED,
    CourtStatus.BLOCKED,
    CourtStatus.TEMPLATE_CHANGED,
    CourtStatus.UNREACHABLE,
    CourtStatus.SERVER_ERROR,
    CourtStatus.THROTTLED,
    CourtStatus.INACTIVE,
)

_FROM_KIND = {
    PageKind.CAPTCHA_FORM: CourtStatus.CAPTCHA,
    PageKind.CAPTCHA_ERROR: CourtStatus.CAPTCHA,
    PageKind.THROTTLED: CourtStatus.THROTTLED,
    PageKind.GEO_BLOCKED: CourtStatus.GEO_BLOCKED,
    PageKind.SERVER_ERROR: CourtStatus.SERVER_ERROR,
}


def failure_of(kind: PageKind | None, http_status: int | None) -> CourtStatus:
    """The status a refused page stands for, from its kind and its HTTP status."""
    if kind is not None and kind in _FROM_KIND:
        return _FROM_KIND[kind]
    if http_status == 429:
        return CourtStatus.THROTTLED
    if http_status == 403:
        return CourtStatus.BLOCKED
    if http_status == 404:
        return CourtStatus.INACTIVE
    if http_status is not None and http_status >= 500:
        return CourtStatus.SERVER_ERROR
    return CourtStatus.TEMPLATE_CHANGED


@dataclass
class CourtReport:
    """One court's run: pages fetched, cases seen, refusals met, and what stayed unread."""

    code: str
    name: str = ""
    pages: int = 0
    retries: int = 0
    cases: set[str] = field(default_factory=set)
    windows_read: int = 0
    windows_unread: set[str] = field(default_factory=set)
    cards_unread: set[str] = field(default_factory=set)  # also press pages ("press <url>")
    press: int = 0  # press releases read
    errors: int = 0  # errors inside refusenik while reading a page (see the crawl log)
    failures: Counter[CourtStatus] = field(default_factory=Counter)  # unread items, by cause
    refusals: Counter[CourtStatus] = field(default_factory=Counter)  # every refused answer
    parked: bool = False
    note: str = ""

    @property
    def status(self) -> CourtStatus:
        """`ok` when everything planned was read; else the cause that explains it best."""
        if self.parked:
            return CourtStatus.CAPTCHA
        if not self.failures:
            return CourtStatus.OK
        for status in _SEVERITY:
            if self.failures[status]:
                return status
        return CourtStatus.OK

    @property
    def covered(self) -> bool:
        """True when no listing window and no card stayed unread."""
        return not self.parked and not self.windows_unread and not self.cards_unread

    def to_dict(self) -> dict[str, object]:
        return {
            "court": self.code,
            "name": self.name,
            "status": str(self.status),
            "pages": self.pages,
            "retries": self.retries,
            "cases": len(self.cases),
            "windows_read": self.windows_read,
            "windows_unread": sorted(self.windows_unread),
            "cards_unread": len(self.cards_unread),
            "press_releases": self.press,
            "errors": self.errors,
            "refusals": {str(k): v for k, v in sorted(self.refusals.items())},
            "note": self.note,
        }


def status_table(reports: Iterable[CourtReport], title: str) -> Table:
    """The end-of-run table: per court, its status and what could not be read."""
    from refusenik.console import table

    grid = table(
        "court",
        "status",
        "pages",
        "cases",
        "windows unread",
        "cards unread",
        "errors",
        "note",
        title=title,
    )
    for r in reports:
        grid.add_row(
            r.code,
            str(r.status),
            str(r.pages),
            str(len(r.cases)),
            str(len(r.windows_unread)),
            str(len(r.cards_unread)),
            str(r.errors),
            r.note,
        )
    return grid


def errors_line(reports: Iterable[CourtReport], log: object) -> str | None:
    """The line that says pages went unread through errors in refusenik, and where their
    tracebacks are; None when there were none."""
    hit = [r for r in reports if r.errors]
    if not hit:
        return None
    total = sum(r.errors for r in hit)
    return (
        f"{total} error(s) inside refusenik while reading pages of {len(hit)} court(s) "
        f"({', '.join(r.code for r in hit)}): those pages are counted unread; tracebacks in {log}"
    )


def not_covered(reports: Iterable[CourtReport]) -> str | None:
    """The line that names the courts a run could not cover, None when it covered all."""
    missing = [r for r in reports if not r.covered]
    if not missing:
        return None
    return f"not covered: {len(missing)} court(s) — their counts may miss cases: " + ", ".join(
        f"{r.code} ({r.status})" for r in missing
    )
