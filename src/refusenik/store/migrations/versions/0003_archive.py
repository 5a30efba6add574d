"""Archive index `captures`: where each archived HTTP response lives in the WARC files.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "captures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_hash", sa.String(length=64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("warc_file", sa.String(length=255), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
        sa.Column("revisit_of", sa.String(length=120), nullable=True),
        sa.Column("court", sa.String(length=40), nullable=True),
        sa.Column("page_kind", sa.String(length=40), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_captures_source_id_sources"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_captures")),
        sa.UniqueConstraint("record_id", name=op.f("uq_captures_record_id")),
    )
    op.create_index("ix_captures_url_hash_fetched_at", "captures", ["url_hash", "fetched_at"])
    op.create_index("ix_captures_court_fetched_at", "captures", ["court", "fetched_at"])
    op.create_index("ix_captures_fetched_at", "captures", ["fetched_at"])
    op.create_index(
        "ux_captures_warc_file_offset", "captures", ["warc_file", "offset"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ux_captures_warc_file_offset", table_name="captures")
    op.drop_index("ix_captures_fetched_at", table_name="captures")
    op.drop_index("ix_captures_court_fetched_at", table_name="captures")
    op.drop_index("ix_captures_url_hash_fetched_at", table_name="captures")
    op.drop_table("captures")
