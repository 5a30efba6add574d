"""The PostgreSQL write lock is one per schema: stores in separate schemas of one database
write at once, while two writers of one store still queue."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from refusenik.store.db import engine_for, pg_write_lock_key, write_transaction

WAIT = 3.0  # seconds a writer that should not wait is given to get its lock


@pytest.fixture
def two_schemas(pg_schema) -> Iterator[tuple[str, str]]:
    with pg_schema("store_lock_a") as a, pg_schema("store_lock_b") as b:
        yield a, b


def _writer(url: str) -> tuple[threading.Thread, threading.Event, threading.Event]:
    """A thread that opens a write transaction on `url`: `got` is set once it holds the
    lock; it then waits for `release` before committing."""
    got, release = threading.Event(), threading.Event()
    engine = engine_for(url)

    def run() -> None:
        with write_transaction(engine):
            got.set()
            release.wait(30)
        engine.dispose()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, got, release


def test_writers_in_two_schemas_of_one_database_do_not_wait(two_schemas):
    url_a, url_b = two_schemas
    first, first_got, first_release = _writer(url_a)
    try:
        assert first_got.wait(WAIT)
        second, second_got, second_release = _writer(url_b)
        try:
            assert second_got.wait(WAIT), "a writer of schema b waited for schema a's writer"
        finally:
            second_release.set()
            second.join(30)
    finally:
        first_release.set()
        first.join(30)


def test_two_writers_of_one_schema_still_queue(two_schemas):
    url_a, _ = two_schemas
    first, first_got, first_release = _writer(url_a)
    try:
        assert first_got.wait(WAIT)
        second, second_got, second_release = _writer(url_a)
        second_release.set()  # commits as soon as it has the lock
        assert not second_got.wait(1.5), "two writers of one schema held the lock together"
        first_release.set()
        assert second_got.wait(WAIT)  # and gets it once the first commits
        second.join(30)
    finally:
        first_release.set()
        first.join(30)


def test_the_lock_key_depends_on_the_schema_only(two_schemas):
    url_a, url_b = two_schemas
    keys = []
    for url in (url_a, url_b, url_a):
        engine = engine_for(url)
        with engine.connect() as conn:
            keys.append(pg_write_lock_key(conn))
            assert conn.execute(sa.text("SELECT current_schema()")).scalar_one() in url
        engine.dispose()
    assert keys[0] == keys[2] and keys[0] != keys[1]


def test_a_held_lock_of_a_schema_shows_in_pg_locks(two_schemas):
    url_a, _ = two_schemas
    first, first_got, first_release = _writer(url_a)
    engine = engine_for(url_a)
    try:
        assert first_got.wait(WAIT)
        with engine.connect() as conn:
            key = pg_write_lock_key(conn)
            held = conn.execute(
                sa.text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND ((classid::bigint << 32) | objid::bigint) = :key"
                ),
                {"key": key},
            ).scalar_one()
        assert held == 1
    finally:
        first_release.set()
        first.join(30)
        engine.dispose()
