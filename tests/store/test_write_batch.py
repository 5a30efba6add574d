"""A crawl's pages are written in batches (`store.db.WriteBatch`): many units in one
transaction, made durable first (the archive's fsync), then committed; a unit that fails
rolls back alone; readers inside the batch see what it wrote. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from refusenik.store.db import WriteBatch, engine_for, read_connection, write_transaction

ROWS = sa.Table("batch_rows", sa.MetaData(), sa.Column("n", sa.Integer, primary_key=True))


@pytest.fixture
def engine(any_engine: sa.Engine) -> sa.Engine:
    ROWS.create(any_engine)
    return any_engine


def _count_elsewhere(engine: sa.Engine) -> int:
    """What a reader outside the batch (another connection) sees."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(ROWS)).scalar_one())


def _write(engine: sa.Engine, n: int) -> None:
    with write_transaction(engine) as conn:
        conn.execute(sa.insert(ROWS), {"n": n})


def test_units_commit_together_after_the_archive_is_durable(engine):
    order: list[str] = []
    batch = WriteBatch(engine, every=3, seconds=3600, before_commit=lambda: order.append("sync"))
    try:
        for n in (1, 2):
            _write(engine, n)
            batch.tick()
        # Written, visible through the batch, not committed.
        with read_connection(engine) as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(ROWS)).scalar_one() == 2
        assert _count_elsewhere(engine) == 0
        assert order == []
        _write(engine, 3)
        batch.tick()  # the third unit fills the batch: sync, then commit
        assert order == ["sync"]
        assert _count_elsewhere(engine) == 3
        assert batch.commits == 1
    finally:
        batch.close()


def test_a_failing_unit_rolls_back_alone(engine):
    with WriteBatch(engine, every=100, seconds=3600) as batch:
        _write(engine, 1)
        batch.tick()
        with pytest.raises(sa.exc.IntegrityError):
            with write_transaction(engine) as conn:
                conn.execute(sa.insert(ROWS), {"n": 2})
                conn.execute(sa.insert(ROWS), {"n": 1})  # duplicate key: the unit fails
        _write(engine, 3)
        batch.tick()
    # Closing committed the two whole units, nothing of the failed one.
    with engine.connect() as conn:
        assert sorted(conn.execute(sa.select(ROWS.c.n)).scalars()) == [1, 3]


def test_a_sync_that_fails_commits_nothing(engine):
    def full_disk() -> None:
        raise OSError("no space left on device")

    batch = WriteBatch(engine, every=1, seconds=3600, before_commit=full_disk)
    _write(engine, 1)
    with pytest.raises(OSError):
        batch.tick()
    with pytest.raises(OSError):
        batch.close()
    # The index must never name bytes that are not on disk: nothing was committed.
    assert _count_elsewhere(engine) == 0
    # The engine is free again for one transaction a unit.
    _write(engine, 2)
    assert _count_elsewhere(engine) == 1


def test_the_batch_commits_when_it_is_old_enough(engine):
    with WriteBatch(engine, every=10_000, seconds=0.0) as batch:
        _write(engine, 1)
        batch.tick()
        assert _count_elsewhere(engine) == 1


def test_another_writer_gets_its_turn_between_batches(engine, tmp_path):
    """The batch's transaction begins at its first unit after a commit, so a writer of
    another process (here: another engine, another thread) is not shut out for good."""
    other = engine_for(str(engine.url.render_as_string(hide_password=False)))
    done = threading.Event()
    with WriteBatch(engine, every=1, seconds=3600) as batch:
        _write(engine, 1)
        batch.tick()  # committed; no transaction open now

        def writer() -> None:
            _write(other, 2)
            done.set()

        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        assert done.wait(10), "a writer waited although the batch had committed"
        thread.join(10)
    other.dispose()
    assert _count_elsewhere(engine) == 2


def test_only_one_batch_per_engine(engine):
    with WriteBatch(engine):
        with pytest.raises(RuntimeError):
            WriteBatch(engine)
