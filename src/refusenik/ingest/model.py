"""What ingest is given and what it answers: the crawler's context, and the results.

`CaptureLike` and `ArchiveLike` are the parts of `refusenik.archive.Capture` and
`Archive` that ingest reads, so ingest depends on the archive's shape, not its module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


class CaptureLike(Protocol):
    """Where an archived response lives (the fields of `archive.Capture` ingest reads)."""

    @property
    def id(self) -> int | None: ...
    @property
    def record_id(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def fetched_at(self) -> datetime: ...
    @property
    def status(self) -> int: ...
    @property
    def court(self) -> str | None: ...
    @property
    def page_kind(self) -> str | None: ...


class ArchiveLike(Protocol):
    """The reading side of `archive.Archive`: every capture in order, and its body."""

    def captures(
        self, *, court: str | None = None, since: datetime | None = None
    ) -> Iterator[CaptureLike]: ...

    def body(self, capture: CaptureLike) -> bytes: ...


@dataclass
class Context:
    """What the crawler knew when it asked for the page (court, database, search)."""

    court: str
    server: int | None = None
    cartoteka: str | None = None
    window: tuple[date, date] | None = None
    article: str | None = None
    run_id: int | None = None
    # A resumed crawl: cards read since then (by the interrupted run) count as read now.
    fresh_since: datetime | None = None

    @property
    def window_key(self) -> str:
        """The listing search this context names: court, server, cartoteka, article, dates."""
        start, end = self.window or (None, None)
        parts = [
            self.court,
            str(self.server or 1),
            self.cartoteka or "",
            (self.article or "").strip(),
            start.isoformat() if start else "",
            end.isoformat() if end else "",
        ]
        return "|".join(parts)


@dataclass
class IngestResult:
    """What one page brought: its kind, the cases on it, and the URLs worth following."""

    page_kind: str
    cases_seen: list[int] = field(default_factory=list)
    new: int = 0
    changed: int = 0
    links: list[str] = field(default_factory=list)
    already: bool = False  # this capture had been ingested before: nothing was written
    error: str | None = None  # why the page could not be read (a changed template?)
    next_page: str | None = None  # a listing's next page; None on its last page
    # The cards of a listing an incremental crawl should ask for: new or changed cases,
    # cards never read, cases not in force yet (a subset of `links`).
    cards_due: list[str] = field(default_factory=list)
    cards_new: list[str] = field(default_factory=list)  # cards of cases first seen here
    # Cases whose card now answers «no data»: flagged removed on the card's own word.
    removed: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Missing:
    """A case a complete window stopped returning, whose card is to be read before it is
    flagged (see `ingest.card_checks`)."""

    case_id: int
    card_url: str
    window_id: int
    window_key: str
    window: tuple[date, date] | None
    article: str | None


@dataclass
class WindowResult:
    """What closing a listing window decided: cases flagged removed, or an alarm instead."""

    window_key: str
    seen: int
    before: int
    removed: list[int] = field(default_factory=list)
    reappeared: list[int] = field(default_factory=list)
    # Not returned any more, their card to be read before anything is flagged.
    missing: list[Missing] = field(default_factory=list)
    alarm: str | None = None
    complete: bool = True


@dataclass
class ReparseSummary:
    """What a reparse read: captures, by page kind, cases, and windows it closed again."""

    captures: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    cases: int = 0
    windows_closed: int = 0
    alarms: list[str] = field(default_factory=list)
    errors: int = 0
