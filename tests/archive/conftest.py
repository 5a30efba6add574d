"""Engines (SQLite file and a throw-away PostgreSQL schema) and real court pages as bodies.

PostgreSQL is required (teams run the store on it): when it is down the tests fail,
saying how to point them at a server, rather than skip.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from refusenik.archive import Exchange

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
START = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def bodies() -> list[bytes]:
    """Real court pages (the fixtures), in a fixed order, as response bodies."""
    pages = sorted(PAGES.glob("*.html"))
    assert len(pages) >= 20
    return [page.read_bytes() for page in pages]


@pytest.fixture(scope="session")
def make_exchange():  # type: ignore[no-untyped-def]
    """A factory of exchanges fetched `minutes` after a fixed start."""
    return _exchange


def _exchange(
    url: str,
    body: bytes,
    *,
    minutes: int = 0,
    court: str | None = "61GV0020",
    page_kind: str | None = "card",
    status: int = 200,
    meta: dict[str, str] | None = None,
) -> Exchange:
    return Exchange(
        url=url,
        status=status,
        response_headers=[("Content-Type", "text/html; charset=windows-1251")],
        body=body,
        fetched_at=START + timedelta(minutes=minutes),
        request_headers=[("User-Agent", "refusenik-test (contact@example.org)")],
        court=court,
        page_kind=page_kind,
        meta=meta or {},
    )
