"""Indexes for the web's lists at a million cases: the case list (newest received first)
and the decisions feed walk `analysis_persons` in date order through an index that holds
the one row counting each case (the list's also holds every scope dimension, so a deep
page of any scope skips its rows in the index alone), the new-cases feed walks `cases`
by first sighting, and a case found that way finds its derived row by case id. Without them each of these pages
sorted the whole table (0.3–3 s at 1,000,000 cases). A search by part of a number or УИД
reads the (number, uid) index, a fraction of the `cases` table; one by outcome or kind of
punishment finds its cases through (outcome, case_id) and (kind, case_id). A case's page
finds its press releases, and the punishments each reports, by index instead of reading
both tables.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


INDEXES = {
    "ix_analysis_persons_listing": (
        "analysis_persons",
        [
            "counts_case",
            "received",
            "case_id",
            "article",
            "part",
            "grp",
            "kind",
            "district",
            "region",
            "court",
        ],
    ),
    "ix_analysis_persons_decisions": ("analysis_persons", ["counts_case", "decided", "case_id"]),
    "ix_analysis_persons_case_id": ("analysis_persons", ["case_id"]),
    "ix_cases_first_seen": ("cases", ["first_seen", "id"]),
    "ix_cases_number_uid": ("cases", ["number", "uid"]),
    "ix_press_releases_case_id": ("press_releases", ["case_id"]),
    "ix_punishments_press_id": ("punishments", ["press_id"]),
    "ix_punishments_kind": ("punishments", ["kind", "case_id"]),
    "ix_punishments_outcome": ("punishments", ["outcome", "case_id"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)
    # Let the planner know the new indexes (the derived tables' rebuild does it again).
    if op.get_bind().dialect.name in ("sqlite", "postgresql"):
        op.execute(sa.text("ANALYZE analysis_persons"))


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
