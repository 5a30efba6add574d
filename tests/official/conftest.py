"""Shared fixtures: every bundled form parsed once per session, and stores built from them.

PostgreSQL is not optional: the store must work on it, so an unreachable server fails
the tests with a message saying how to point them at one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from refusenik.official.bundled import bundled_files
from refusenik.official.importer import ParsedForm, parse_files, store_parsed
from refusenik.official.parse import Fact
from refusenik.store import engine_for

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


@pytest.fixture(scope="session")
def pg_schema_url(pg_schema) -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped at the end of the session."""
    with pg_schema("refusenik_test") as url:
        yield url


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
