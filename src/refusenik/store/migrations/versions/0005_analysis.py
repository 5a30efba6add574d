"""Derived tables of the analysis: one row per defendant with every dimension resolved
(`analysis_persons`), its roll-up by month and dimension (`analysis_cells`) and what
their last rebuild read (`analysis_state`). Rebuilt by
`refusenik.analysis.refresh`; dropping them loses nothing that cannot be rebuilt.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


CELL_INDEXES = {
    "ix_analysis_cells_level_measure_seg": ["level", "measure", "seg"],
    "ix_analysis_cells_level_court": ["level", "court", "measure"],
    "ix_analysis_cells_level_region": ["level", "region", "measure"],
    "ix_analysis_cells_level_district": ["level", "district", "measure"],
    "ix_analysis_cells_level_kind": ["level", "kind", "measure"],
    "ix_analysis_cells_level_article": ["level", "article", "measure"],
}


def upgrade() -> None:
    op.create_table(
        "analysis_persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("counts_case", sa.Boolean(), nullable=False),
        sa.Column("is_person", sa.Boolean(), nullable=False),
        sa.Column("court", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("region", sa.String(length=120), nullable=True),
        sa.Column("district", sa.String(length=120), nullable=True),
        sa.Column("article", sa.String(length=20), nullable=True),
        sa.Column("part", sa.String(length=20), nullable=True),
        sa.Column("grp", sa.String(length=40), nullable=True),
        sa.Column("received", sa.Date(), nullable=True),
        sa.Column("received_month", sa.String(length=7), nullable=True),
        sa.Column("received_seg", sa.Date(), nullable=True),
        sa.Column("decided", sa.Date(), nullable=True),
        sa.Column("decided_month", sa.String(length=7), nullable=True),
        sa.Column("decided_seg", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("punishment", sa.String(length=40), nullable=True),
        sa.Column("suspended", sa.Boolean(), nullable=True),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("minimum_months", sa.Integer(), nullable=True),
        sa.Column("below_minimum", sa.Boolean(), nullable=True),
        sa.Column("days_to_decision", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_persons")),
    )
    op.create_index(
        "ix_analysis_persons_received_month",
        "analysis_persons",
        ["received_month", "counts_case"],
        unique=False,
    )
    op.create_index(
        "ix_analysis_persons_decided_month",
        "analysis_persons",
        ["decided_month", "is_person"],
        unique=False,
    )
    op.create_index("ix_analysis_persons_court", "analysis_persons", ["court"], unique=False)
    op.create_index(
        "ix_analysis_persons_article_part", "analysis_persons", ["article", "part"], unique=False
    )
    op.create_index("ix_analysis_persons_kind", "analysis_persons", ["kind"], unique=False)
    op.create_index("ix_analysis_persons_received", "analysis_persons", ["received"], unique=False)
    op.create_index("ix_analysis_persons_decided", "analysis_persons", ["decided"], unique=False)
    op.create_table(
        "analysis_cells",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=1), nullable=False),
        sa.Column("measure", sa.String(length=12), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=True),
        sa.Column("seg", sa.Date(), nullable=True),
        sa.Column("court", sa.String(length=20), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("region", sa.String(length=120), nullable=True),
        sa.Column("district", sa.String(length=120), nullable=True),
        sa.Column("article", sa.String(length=20), nullable=True),
        sa.Column("part", sa.String(length=20), nullable=True),
        sa.Column("grp", sa.String(length=40), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("punishment", sa.String(length=40), nullable=True),
        sa.Column("suspended", sa.Boolean(), nullable=True),
        sa.Column("below_minimum", sa.Boolean(), nullable=True),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_cells")),
    )
    for name, columns in CELL_INDEXES.items():
        op.create_index(name, "analysis_cells", columns, unique=False)
    op.create_table(
        "analysis_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.Text(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_state")),
    )


def downgrade() -> None:
    for name in CELL_INDEXES:
        op.drop_index(name, table_name="analysis_cells")
    op.drop_table("analysis_cells")
    op.drop_index("ix_analysis_persons_decided", table_name="analysis_persons")
    op.drop_index("ix_analysis_persons_received", table_name="analysis_persons")
    op.drop_table("analysis_state")
    op.drop_index("ix_analysis_persons_kind", table_name="analysis_persons")
    op.drop_index("ix_analysis_persons_article_part", table_name="analysis_persons")
    op.drop_index("ix_analysis_persons_court", table_name="analysis_persons")
    op.drop_index("ix_analysis_persons_decided_month", table_name="analysis_persons")
    op.drop_index("ix_analysis_persons_received_month", table_name="analysis_persons")
    op.drop_table("analysis_persons")
