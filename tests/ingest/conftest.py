"""What the ingest tests share: the archive in a temporary folder, a simulated court
network, a crawl of one listing window through archive → ingest → close_window, and the
two databases.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from refusenik.archive import Archive, Capture, Exchange
from refusenik.ingest import Context, close_window, context_from_url, ingest
from refusenik.simulate import SimCourt, SimSite, World
from refusenik.sites import urls
from refusenik.store import engine_for
from refusenik.templates import Template

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

COURTS = [
    SimCourt(
        "63GV0006", "Пермский гарнизонный военный суд", "garrison_military", "voen.perm.sudrf.ru"
    ),
    SimCourt(
        "63GV0005",
        "Самарский гарнизонный военный суд",
        "garrison_military",
        "gvs.sam.sudrf.ru",
        "vnkod",
    ),
]
SEED = 11
ROUNDS = 8


class SimArchive:
    """The real archive (WARC files in a temporary folder, indexed in the store), with a
    short `write` for tests and the list of what was written, in order."""

    def __init__(self, engine: sa.Engine | None = None) -> None:
        self.engine = engine
        self.items: list[tuple[Capture, bytes]] = []
        self._archive: Archive | None = None

    def bind(self, engine: sa.Engine) -> None:
        if self.engine is None:
            self.engine = engine

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            assert self.engine is not None, "an archive indexes into a store: bind an engine"
            self._archive = Archive(Path(tempfile.mkdtemp(prefix="warc-")), self.engine)
        return self._archive

    def write(self, url: str, status: int, body: bytes, at: datetime, court: str | None) -> Capture:
        exchange = Exchange(
            url=url,
            status=status,
            response_headers=[("Content-Type", "text/html")],
            body=body,
            fetched_at=at,
            court=court,
        )
        capture = self.archive.write(exchange)
        self.items.append((capture, body))
        return capture

    def captures(
        self, *, court: str | None = None, since: datetime | None = None
    ) -> Iterator[Capture]:
        return self.archive.captures(court=court, since=since)

    def body(self, capture: Capture) -> bytes:
        return self.archive.body(capture)


@dataclass
class Crawler:
    """A tiny crawl of one window per court: listing pages, then every card, then close."""

    site: SimSite
    archive: SimArchive
    engine: sa.Engine
    clock: datetime = datetime(2026, 1, 1, tzinfo=UTC)

    def __post_init__(self) -> None:
        self.archive.bind(self.engine)

    def fetch(self, url: str, court: str) -> tuple[Capture, bytes]:
        parts = urlsplit(url)
        resp = self.site.handle(f"{parts.path}?{parts.query}", parts.netloc)
        self.clock += timedelta(seconds=1)
        return self.archive.write(url, resp.status, resp.body, self.clock, court), resp.body

    def search_url(self, court: SimCourt, start: date, end: date) -> str:
        if court.template is Template.SUDRF_VNKOD:
            return urls.vnkod_criminal_search(court.host, court.code, date_from=start, date_to=end)
        return urls.criminal_search(court.host, court_code=court.code, date_from=start, date_to=end)

    def crawl_window(self, court: SimCourt, start: date, end: date, *, cards: bool = True) -> dict:
        url: str | None = self.search_url(court, start, end)
        context = context_from_url(url, court.code)
        seen: set[int] = set()
        card_urls: list[str] = []
        complete = True
        while url:
            capture, body = self.fetch(url, court.code)
            result = ingest(self.engine, capture, body, context)
            if result.page_kind not in ("listing", "empty_result"):
                complete = False
                break
            seen.update(result.cases_seen)
            card_urls += [link for link in result.links if link != result.next_page]
            url = result.next_page
        # Closed as soon as its last page is read, as `reparse` closes it again.
        closed = close_window(self.engine, context, seen, complete=complete, at=self.clock)
        if cards:
            for card in card_urls:
                capture, body = self.fetch(card, court.code)
                ingest(self.engine, capture, body, context)
        return {"seen": seen, "closed": closed, "context": context}


@pytest.fixture(scope="session")
def world() -> World:
    return World.generate(SEED, COURTS, rounds=ROUNDS)


@pytest.fixture
def pg_engine() -> Iterator[sa.Engine]:
    base = os.environ.get("REFUSENIK_TEST_PG", PG_DEFAULT)
    admin = sa.create_engine(base)
    schema = f"ingest_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is required but {base} is unreachable ({exc.orig}); "
            "start it or set REFUSENIK_TEST_PG",
            pytrace=False,
        )
    url = sa.engine.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = engine_for(url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request: pytest.FixtureRequest, tmp_path: Path) -> sa.Engine:
    if request.param == "sqlite":
        return engine_for(f"sqlite:///{tmp_path / 'store.sqlite'}")
    return request.getfixturevalue("pg_engine")


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> sa.Engine:
    return engine_for(f"sqlite:///{tmp_path / 'store.sqlite'}")


def fresh_sqlite(tmp_path: Path, name: str) -> sa.Engine:
    return engine_for(f"sqlite:///{tmp_path / name}")


__all__ = ["COURTS", "Context", "Crawler", "SimArchive", "fresh_sqlite"]
