"""Engines (SQLite file and a throw-away PostgreSQL schema) and real court pages as bodies.

PostgreSQL is required (teams run the store on it): when it is down the tests fail,
saying how to point them at a server, rather than skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from refusenik.archive import Exchange
from refusenik.store import engine_for

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
START = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def pg_engine() -> Iterator[sa.Engine]:
    base = os.environ.get("REFUSENIK_TEST_PG", PG_DEFAULT)
    admin = sa.create_engine(base)
    schema = f"archive_test_{uuid.uuid4().hex[:10]}"
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


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> sa.Engine:
    return engine_for(f"sqlite:///{tmp_path / 'store.sqlite'}")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request: pytest.FixtureRequest) -> sa.Engine:
    name = "sqlite_engine" if request.param == "sqlite" else "pg_engine"
    return request.getfixturevalue(name)


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
