"""Provenance table `sources` (shared by official files and archive records), replacing import_batches.

Existing imports are kept: each import batch becomes a source with the same id (so the
rows keep pointing at it) plus an `official_files` row with its form, year and period.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OFFICIAL_ONLY = "kind = 'official_file'"


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("archive_record", sa.String(length=120), nullable=True),
        sa.Column("parser_version", sa.String(length=80), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    op.create_index("ix_sources_kind_sha256", "sources", ["kind", "sha256"])
    op.create_index(
        "ux_sources_official_sha256",
        "sources",
        ["sha256"],
        unique=True,
        sqlite_where=sa.text(OFFICIAL_ONLY),
        postgresql_where=sa.text(OFFICIAL_ONLY),
    )
    op.create_table(
        "official_files",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_official_files_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_official_files")),
    )
    op.create_index(
        "ux_official_files_form_year_period",
        "official_files",
        ["form", "year", "period"],
        unique=True,
    )

    # Keep every earlier import: same ids, so official_statistics rows need no rewrite.
    op.execute(
        "INSERT INTO sources (id, kind, uri, sha256, imported_at, note) "
        "SELECT id, CASE WHEN kind = 'official' THEN 'official_file' ELSE kind END, "
        "source_file, sha256, imported_at, 'imported before provenance was recorded' "
        "FROM import_batches"
    )
    op.execute(
        'INSERT INTO official_files (source_id, form, year, period, "rows") '
        'SELECT id, form, year, period, "rows" FROM import_batches '
        "WHERE kind = 'official' AND form IS NOT NULL AND year IS NOT NULL "
        "AND period IS NOT NULL"
    )
    if op.get_bind().dialect.name == "postgresql":
        # Rows were inserted with explicit ids: move the id sequence past them.
        op.execute(
            "SELECT setval(pg_get_serial_sequence('sources', 'id'), "
            "COALESCE((SELECT MAX(id) FROM sources), 0) + 1, false)"
        )

    with op.batch_alter_table("official_statistics") as batch:
        batch.drop_index("ix_official_statistics_batch_id")
        batch.drop_constraint("fk_official_statistics_batch_id_import_batches", type_="foreignkey")
        batch.alter_column("batch_id", new_column_name="source_id", existing_type=sa.Integer())
    # A second pass: the batch recreation cannot index a column renamed in the same pass.
    with op.batch_alter_table("official_statistics") as batch:
        batch.create_foreign_key(
            op.f("fk_official_statistics_source_id_sources"),
            "sources",
            ["source_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_official_statistics_source_id", ["source_id"])
    op.drop_index("ix_import_batches_kind_sha256", table_name="import_batches")
    op.drop_table("import_batches")


def downgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_index(
        "ix_import_batches_kind_sha256", "import_batches", ["kind", "sha256"], unique=True
    )
    op.execute(
        'INSERT INTO import_batches (id, kind, source_file, sha256, form, year, period, imported_at, "rows") '
        "SELECT s.id, 'official', s.uri, s.sha256, f.form, f.year, f.period, s.imported_at, "
        'COALESCE(f."rows", 0) FROM sources s LEFT JOIN official_files f ON f.source_id = s.id '
        "WHERE s.kind = 'official_file'"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('import_batches', 'id'), "
            "COALESCE((SELECT MAX(id) FROM import_batches), 0) + 1, false)"
        )
    with op.batch_alter_table("official_statistics") as batch:
        batch.drop_index("ix_official_statistics_source_id")
        batch.drop_constraint("fk_official_statistics_source_id_sources", type_="foreignkey")
        batch.alter_column("source_id", new_column_name="batch_id", existing_type=sa.Integer())
    # A second pass: the batch recreation cannot index a column renamed in the same pass.
    with op.batch_alter_table("official_statistics") as batch:
        batch.create_foreign_key(
            op.f("fk_official_statistics_batch_id_import_batches"),
            "import_batches",
            ["batch_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_official_statistics_batch_id", ["batch_id"])
    op.drop_table("official_files")
    op.drop_index("ux_sources_official_sha256", table_name="sources")
    op.drop_index("ix_sources_kind_sha256", table_name="sources")
    op.drop_table("sources")
