"""Shared test setup: every test runs with its own refusenik data directory, and tests
that need PostgreSQL get a throw-away schema on it.

PostgreSQL is required (teams run the store on it): when it is down the tests fail,
saying how to point them at a server (`REFUSENIK_TEST_PG`), rather than skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

FIXTURES = Path(__file__).parent / "fixtures"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

SchemaFactory = Callable[[str], AbstractContextManager[str]]


def pg_url() -> str:
    """The PostgreSQL database the tests use (`REFUSENIK_TEST_PG`, else the local `test`)."""
    return os.environ.get("REFUSENIK_TEST_PG", PG_DEFAULT)


@contextmanager
def _throwaway_schema(prefix: str) -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped on exit."""
    base = pg_url()
    admin = sa.create_engine(base)
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.fail(
            f"PostgreSQL is required by these tests but {base} is unreachable ({exc.orig}); "
            "start it or set REFUSENIK_TEST_PG to a reachable URL",
            pytrace=False,
        )
    url = sa.engine.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_schema() -> SchemaFactory:
    """`with pg_schema("prefix") as url:` — a throw-away PostgreSQL schema."""
    return _throwaway_schema


@pytest.fixture
def pg_engine(pg_schema: SchemaFactory, request: pytest.FixtureRequest) -> Iterator[sa.Engine]:
    """A store engine on a fresh PostgreSQL schema, for one test."""
    from refusenik.store import engine_for

    prefix = Path(str(request.node.path)).parent.name + "_test"
    with pg_schema(prefix) as url:
        engine = engine_for(url)
        yield engine
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request: pytest.FixtureRequest, tmp_path: Path) -> sa.Engine:
    """The same test on a SQLite file and on PostgreSQL."""
    from refusenik.store import engine_for

    if request.param == "sqlite":
        return engine_for(f"sqlite:///{tmp_path / 'store.sqlite'}")
    engine: sa.Engine = request.getfixturevalue("pg_engine")
    return engine


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> sa.Engine:
    from refusenik.store import engine_for

    return engine_for(f"sqlite:///{tmp_path / 'store.sqlite'}")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep the pseudonym key and the default store out of the developer's home."""
    from refusenik.privacy import reset_key_cache

    home = tmp_path_factory.mktemp("refusenik-home")
    monkeypatch.setenv("REFUSENIK_HOME", str(home))
    reset_key_cache()
    yield home
    reset_key_cache()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (`/usr/bin/chromium`; never
    `playwright install`). One per test module: Playwright's sync API allows only one at a
    time, and while it runs it holds an event loop in the main thread (where a later test's
    `asyncio.run` would refuse to start), so it is closed when the module is done."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()
