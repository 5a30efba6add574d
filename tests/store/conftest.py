"""Engines for store tests: a SQLite file, and a throw-away schema on PostgreSQL.

PostgreSQL is required (teams run the store on it): when it is down the tests fail,
saying how to point them at a server, rather than skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from refusenik.store import engine_for

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_engine() -> Iterator[sa.Engine]:
    base = os.environ.get("REFUSENIK_TEST_PG", PG_DEFAULT)
    admin = sa.create_engine(base)
    schema = f"store_test_{uuid.uuid4().hex[:10]}"
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
