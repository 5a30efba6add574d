"""Import batches and official Judicial Department statistics.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
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
    op.create_table(
        "official_statistics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("article", sa.String(length=40), nullable=True),
        sa.Column("part", sa.String(length=40), nullable=True),
        sa.Column("row_label", sa.Text(), nullable=False),
        sa.Column("metric", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("sheet", sa.Text(), nullable=True),
        sa.Column("cell", sa.String(length=20), nullable=True),
        sa.Column("derived", sa.Boolean(), nullable=False),
        sa.Column("formula", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_official_statistics_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_statistics")),
        sa.UniqueConstraint("key", name=op.f("uq_official_statistics_key")),
    )
    op.create_index(
        "ix_official_statistics_article_part_year",
        "official_statistics",
        ["article", "part", "year"],
    )
    op.create_index("ix_official_statistics_metric", "official_statistics", ["metric"])
    op.create_index("ix_official_statistics_batch_id", "official_statistics", ["batch_id"])


def downgrade() -> None:
    op.drop_table("official_statistics")
    op.drop_table("import_batches")
