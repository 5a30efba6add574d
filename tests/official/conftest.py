"""Shared fixtures: every bundled form parsed once per session, and stores built from them.

PostgreSQL is not optional: the store must work on it, so an unreachable server fails
the tests with a message saying how to point them at one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from refusenik.official.bundled import bundled_files
from refusenik.official.importer import ParsedForm, parse_files, store_parsed
from refusenik.official.parse import Fact
from refusenik.store import engine_for

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Every cell is checked from the raw files for all years; through a store, 2017–2020 go to
# SQLite and 2021–2024 (the years with hidden Chapter-33 detail) to PostgreSQL, which
# keeps the session's import cost at one pass over the files.
SQLITE_YEARS = (2017, 2018, 2019, 2020)
PG_YEARS = (2021, 2022, 2023, 2024)


@pytest.fixture(scope="session")
def parsed_forms() -> list[ParsedForm]:
    return parse_files(bundled_files())


@pytest.fixture(scope="session")
def all_facts(parsed_forms: list[ParsedForm]) -> list[Fact]:
    return [fact for item in parsed_forms for fact in item.facts]


@pytest.fixture(scope="session")
def fact_index(all_facts: list[Fact]) -> dict[tuple, list[Fact]]:
    """Facts by (form, year, article, part, metric, derived), for quick look-ups."""
    index: dict[tuple, list[Fact]] = {}
    for f in all_facts:
        index.setdefault((f.form, f.year, f.article, f.part, f.metric, f.derived), []).append(f)
    return index


def pg_url() -> str:
    return os.environ.get("REFUSENIK_TEST_PG", PG_DEFAULT)


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped at the end of the session."""
    base = pg_url()
    admin = sa.create_engine(base)
    schema = f"refusenik_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is required by these tests but {base} is unreachable ({exc.orig}); "
            "start it or set REFUSENIK_TEST_PG to a reachable URL",
            pytrace=False,
        )
    url = sa.engine.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_store(
    parsed_forms: list[ParsedForm], tmp_path_factory: pytest.TempPathFactory
) -> sa.Engine:
    engine = engine_for(f"sqlite:///{tmp_path_factory.mktemp('store') / 'official.sqlite'}")
    store_parsed([p for p in parsed_forms if p.form_file.year in SQLITE_YEARS], engine)
    return engine


@pytest.fixture(scope="session")
def sqlite_years() -> tuple[int, ...]:
    return SQLITE_YEARS


@pytest.fixture(scope="session")
def pg_years() -> tuple[int, ...]:
    return PG_YEARS


@pytest.fixture(scope="session")
def pg_store(parsed_forms: list[ParsedForm], pg_schema_url: str) -> Iterator[sa.Engine]:
    engine = engine_for(pg_schema_url)
    store_parsed([p for p in parsed_forms if p.form_file.year in PG_YEARS], engine)
    yield engine
    engine.dispose()
