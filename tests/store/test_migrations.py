"""Migration 0002 turns import batches into sources and keeps every imported row."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from refusenik.store import Base, migrate, write_transaction
from refusenik.store.models import OfficialFile, OfficialStatistic, SourceRow
from refusenik.store.schema import HEAD_REVISION, current_revision
from refusenik.store.upgrade import downgrade, upgrade

WHEN = datetime(2025, 11, 26, 12, 0, tzinfo=UTC)
BATCHES = [
    (5, "official", "2019main.xls", "a" * 64, "10.3", 2019, "12m", 2),
    (7, "official", "2019add.xls", "b" * 64, "10-a", 2019, "12m", 1),
]
STATISTICS = [  # (id, batch_id, key, metric, value)
    (1, 5, "10.3|2019|12m|Раздел 1|C10", "totalConvicted", 512.0),
    (2, 5, "10.3|2019|12m|Раздел 1|D10", "primaryImprisonment", 47.0),
    (3, 7, "10-a|2019|12m|Раздел 1|E44", "totalConvicted", 1021.0),
]


def _at_0001_with_data(engine: sa.Engine) -> None:
    with write_transaction(engine) as conn:
        upgrade(conn, "0001")
        conn.execute(
            sa.text(
                'INSERT INTO import_batches (id, kind, source_file, sha256, form, year, period, imported_at, "rows") '
                "VALUES (:id, :kind, :name, :sha, :form, :year, :period, :at, :rows)"
            ),
            [
                dict(
                    zip(
                        ("id", "kind", "name", "sha", "form", "year", "period", "rows"),
                        b,
                        strict=True,
                    ),
                    at=WHEN,
                )
                for b in BATCHES
            ],
        )
        conn.execute(
            sa.text(
                "INSERT INTO official_statistics (id, batch_id, key, year, period, form, row_label, "
                "metric, value, source_file, derived) VALUES (:id, :batch, :key, 2019, '12m', "
                "'10.3', 'ст. 328 ч.1', :metric, :value, 'x.xls', false)"
            ),
            [
                dict(zip(("id", "batch", "key", "metric", "value"), s, strict=True))
                for s in STATISTICS
            ],
        )
    assert current_revision(engine) == "0001"


def test_upgrade_from_0001_keeps_every_import(any_engine):
    engine = any_engine
    _at_0001_with_data(engine)
    migrate(engine)
    assert current_revision(engine) == HEAD_REVISION
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert "import_batches" not in sa.inspect(conn).get_table_names()
        sources = conn.execute(
            sa.select(SourceRow.id, SourceRow.kind, SourceRow.uri, SourceRow.sha256).order_by(
                SourceRow.id
            )
        ).all()
        files = conn.execute(
            sa.select(
                OfficialFile.source_id,
                OfficialFile.form,
                OfficialFile.year,
                OfficialFile.period,
                OfficialFile.rows,
            ).order_by(OfficialFile.source_id)
        ).all()
        stats = conn.execute(
            sa.select(
                OfficialStatistic.id,
                OfficialStatistic.source_id,
                OfficialStatistic.key,
                OfficialStatistic.metric,
                OfficialStatistic.value,
            ).order_by(OfficialStatistic.id)
        ).all()
        imported_at = conn.execute(sa.select(SourceRow.imported_at)).scalars().all()
    assert sources == [(b[0], "official_file", b[2], b[3]) for b in BATCHES]
    assert files == [(b[0], b[4], b[5], b[6], b[7]) for b in BATCHES]
    assert stats == [tuple(s) for s in STATISTICS]
    assert all(at.replace(tzinfo=UTC) == WHEN for at in imported_at)

    # New sources get fresh ids after the kept ones, and deleting one cascades to its rows.
    with write_transaction(engine) as conn:
        new_id = conn.execute(
            sa.insert(SourceRow)
            .values(kind="archive_record", uri="https://example.test/", sha256="c" * 64)
            .returning(SourceRow.id)
        ).scalar_one()
        conn.execute(sa.delete(SourceRow).where(SourceRow.id == 5))
    assert new_id > 7
    with engine.connect() as conn:
        left = conn.execute(sa.select(OfficialStatistic.source_id)).scalars().all()
        left_files = conn.execute(sa.select(OfficialFile.source_id)).scalars().all()
    assert left == [7] and left_files == [7]


def test_downgrade_to_0001_gives_the_batches_back(any_engine):
    engine = any_engine
    _at_0001_with_data(engine)
    migrate(engine)
    with write_transaction(engine) as conn:
        downgrade(conn, "0001")
    assert current_revision(engine) == "0001"
    with engine.connect() as conn:
        batches = conn.execute(
            sa.text(
                'SELECT id, kind, source_file, sha256, form, year, period, "rows" '
                "FROM import_batches ORDER BY id"
            )
        ).all()
        links = conn.execute(
            sa.text("SELECT id, batch_id FROM official_statistics ORDER BY id")
        ).all()
    assert batches == [tuple(b) for b in BATCHES]
    assert links == [(s[0], s[1]) for s in STATISTICS]
    migrate(engine)  # and up again
    assert current_revision(engine) == HEAD_REVISION
