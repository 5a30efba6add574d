"""Where the crawler puts what it fetched: raw first, then parsed.

The crawler talks to a sink through two calls: `page` (one response, as fetched; the sink
keeps the raw bytes before anything parses them, then reads the page) and `close_window`
(after every page of one listing window was read, or could not be). `MemorySink` keeps the
cases in memory, for tests, the benchmark and crawls without a store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from refusenik.privacy import Pseudonymiser, pinned, pseudonymiser
from refusenik.sites import PageKind, PageResult, parse_page
from refusenik.sites.base import CaseCard, Listing, ListingRow

# The page kind of a card read again because a listing window stopped returning its case
# (the case may be outside the crawl's window now: it is not one of the crawl's cases).
RECHECK = "recheck"


class SinkError(Exception):
    """The sink cannot keep what was fetched (full disk, store gone): the crawl stops."""


@dataclass(frozen=True)
class Fetched:
    """One HTTP exchange as fetched, before anything parses it."""

    url: str
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: dt.datetime
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    method: str = "GET"
    court: str | None = None
    page_kind: str | None = None  # what the crawler asked for: listing, card, act
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WindowContext:
    """What the crawler knew when it asked for a listing window."""

    court: str
    server: int | None
    cartoteka: str | None
    window: tuple[dt.date, dt.date] | None
    article: str | None


@dataclass
class Handled:
    """What the sink read on a page: its kind, the cases on it, where it points, and the
    parsed page when the sink parsed it itself (the crawler parses listings otherwise)."""

    page_kind: PageKind
    cases: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    result: PageResult | None = None
    # The store's answer on the page, when it comes later (`Pending`): the crawler waits
    # for it before following the page's links.
    pending: Pending | None = None


@dataclass(frozen=True)
class Pending:
    """An answer a sink gives later (its store in another process): the crawler waits for
    `future` without holding up other pages, then passes its value through `then`."""

    future: Future[Any]
    then: Callable[[Any], Any] | None = None


class Sink(Protocol):
    def page(self, fetched: Fetched, context: WindowContext) -> Handled:
        """Keep the raw exchange, then read it. Raises `ParseError` for a page of a known
        kind that does not parse."""
        ...

    def close_window(
        self, context: WindowContext, seen: set[str], *, complete: bool
    ) -> list[str] | Pending:
        """Every page of one listing window was read (`complete`) or could not be. Answers
        the cards to read again before the window's absences count (cases it no longer
        returns may only have moved to another article)."""
        ...

    def known(self, key: str) -> KnownCase | None:
        """What an earlier crawl knew of this case (None: a new case)."""
        ...

    def carry(self, key: str) -> None:
        """The case's listing row is unchanged and the case final: its card was not asked
        again, and what the earlier crawl read stands for this run."""
        ...


@dataclass(frozen=True, slots=True)
class KnownCase:
    """An earlier crawl's view of a case: its listing row's fingerprint, whether final.
    `row` None: the sink compared the row itself (the store did, on ingesting the page)."""

    row: str | None
    final: bool


def row_fingerprint(row: ListingRow) -> str:
    """A digest of everything a listing row shows: a change anywhere changes it."""
    data = json.dumps(row.to_dict(), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def row_is_final(row: ListingRow) -> bool:
    """Decided and in force: nothing on its card is expected to move any more."""
    return bool(row.result and row.decision_date and row.validity_date)


def links_of(result: PageResult) -> list[str]:
    """The URLs a page points at that the crawler follows: cards and act pages."""
    out: list[str] = []
    for rec in result.records:
        if isinstance(rec, Listing):
            for row in rec.rows:
                if row.card_url:
                    out.append(row.card_url)
                out += [a.url for a in row.acts if a.url and not a.inline]
        elif isinstance(rec, CaseCard):
            out += [a.url for a in rec.acts if a.url and not a.inline]
    return list(dict.fromkeys(out))


def case_key(court: str, number: str | None) -> str:
    """«court:number», one string object per case however often it is made: the sets of
    a long crawl (rows, cases per court, windows) then hold one copy, not one each."""
    return sys.intern(f"{court}:{number}")


@dataclass
class MemorySink:
    """Cases in memory: the last card of each case, and what every window returned."""

    exchanges: int = 0
    bytes_fetched: int = 0
    digests: list[str] = field(default_factory=list)
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    windows: list[tuple[WindowContext, int, bool]] = field(default_factory=list)
    keep_digests: bool = True
    rows: dict[str, KnownCase] = field(default_factory=dict)  # for the `--out` file
    # Without `keep_cases`, only which cases a listing showed: a fingerprint per case
    # (json and sha256 of each row, ~200 bytes kept) is for the `--out` file alone.
    listed: set[str] = field(default_factory=set)
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)
    carried: int = 0
    journal: IO[str] | None = None  # each case as it is read, one JSON line, for a resume
    # Each case read kept whole in `cases`, for the crawl's `--out` file. Without one, a
    # crawl into the store keeps only the keys (`case_keys`): a dict a case is ~1 KB, a
    # third of a long crawl's memory.
    keep_cases: bool = True
    case_keys: set[str] = field(default_factory=set)
    _pseudonymiser: Pseudonymiser | None = field(default=None, repr=False)

    def case_count(self) -> int:
        """How many cases this crawl read (kept whole or not)."""
        return len(self.cases) + len(self.case_keys)

    def load_previous(self, cases: list[dict[str, Any]]) -> None:
        """Cases of an earlier crawl (its `--out` file), for an incremental crawl."""
        for case in cases:
            if case.get("row"):
                self.previous[case_key(case["court"], case["number"])] = case

    def known(self, key: str) -> KnownCase | None:
        case = self.previous.get(key)
        if case is None:
            return None
        return KnownCase(str(case["row"]), bool(case.get("final")))

    def carry(self, key: str) -> None:
        self.carried += 1
        if self.keep_cases:
            self.cases[key] = dict(self.previous[key])
        else:
            self.case_keys.add(key)

    def page(
        self, fetched: Fetched, context: WindowContext, *, sha256: str | None = None
    ) -> Handled:
        # Raw first: the exchange is counted and its digest kept before the page is parsed.
        self.exchanges += 1
        self.bytes_fetched += len(fetched.body)
        if self.keep_digests:
            self.digests.append(hashlib.sha256(fetched.body).hexdigest())
        if self._pseudonymiser is None:  # the key file is located once a crawl
            self._pseudonymiser = pseudonymiser()
        with pinned(self._pseudonymiser):
            result = parse_page(
                fetched.body,
                fetched.url,
                status=fetched.status,
                fetched_at=fetched.fetched_at,
                sha256=sha256,
            )
        seen: list[str] = []
        for rec in result.records:
            if isinstance(rec, Listing):
                for row in rec.rows:
                    key = case_key(context.court, row.case_number)
                    seen.append(key)
                    if self.keep_cases:
                        self.rows[key] = KnownCase(row_fingerprint(row), row_is_final(row))
                    else:
                        self.listed.add(key)
            elif isinstance(rec, CaseCard) and fetched.page_kind != RECHECK:
                key = case_key(context.court, rec.case_number)
                seen.append(key)
                if not self.keep_cases:
                    self.case_keys.add(key)
                    continue
                listed = self.rows.get(key)
                self.cases[key] = {
                    "row": listed.row if listed else None,
                    "final": listed.final if listed else False,
                    "court": context.court,
                    "number": rec.case_number,
                    "uid": rec.judicial_uid,
                    "srv_num": context.server,
                    "received": _iso(rec.received_date),
                    "judge": rec.judge,
                    "decision_date": _iso(rec.decision_date),
                    "result": rec.result,
                    "card_url": fetched.url,
                }
                if self.journal is not None:
                    self.journal.write(json.dumps(self.cases[key], ensure_ascii=False) + "\n")
                    self.journal.flush()
        return Handled(result.page_kind, seen, links_of(result), result)

    def close_window(
        self, context: WindowContext, seen: set[str], *, complete: bool
    ) -> list[str] | Pending:
        self.windows.append((context, len(seen), complete))
        return []


def _iso(value: str | None) -> str | None:
    """`dd.mm.yyyy` as printed on a card → ISO date; anything else as it was."""
    if not value:
        return None
    text = value.strip()
    try:
        return dt.datetime.strptime(text, "%d.%m.%Y").date().isoformat()
    except ValueError:
        return text
