"""Indexes for the lookups ingest makes on every act page and press release: an act's
text is matched to its row by URL (and document number), a release is found by its URL.
Without them each such page read the whole `acts` or `press_releases` table, so a crawl
slowed as its store grew.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


INDEXES = {
    "ix_acts_url": ("acts", ["url"]),
    "ix_press_releases_url": ("press_releases", ["url"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
