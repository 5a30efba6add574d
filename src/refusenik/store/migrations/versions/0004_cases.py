"""Watched cases and their history: cases, defendants (pseudonyms), events, appeals, acts
(metadata only), press releases, punishments, observations, changes, flags, listing windows,
crawl runs and per-court status.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court", sa.String(length=20), nullable=False),
        sa.Column("server", sa.Integer(), nullable=False),
        sa.Column("cartoteka", sa.String(length=80), nullable=False),
        sa.Column("case_key", sa.String(length=120), nullable=False),
        sa.Column("card_id", sa.String(length=40), nullable=True),
        sa.Column("card_guid", sa.String(length=60), nullable=True),
        sa.Column("number", sa.String(length=120), nullable=True),
        sa.Column("uid", sa.String(length=60), nullable=True),
        sa.Column("received", sa.Date(), nullable=True),
        sa.Column("decided", sa.Date(), nullable=True),
        sa.Column("in_force", sa.Date(), nullable=True),
        sa.Column("judge", sa.String(length=120), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("articles", sa.Text(), nullable=True),
        sa.Column("names_hidden", sa.Boolean(), nullable=False),
        sa.Column("card_url", sa.Text(), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_record", sa.String(length=120), nullable=False),
        sa.Column("last_record", sa.String(length=120), nullable=False),
        sa.Column("card_read", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index("ix_cases_card_guid", "cases", ["card_guid"], unique=False)
    op.create_index("ix_cases_court_number", "cases", ["court", "number"], unique=False)
    op.create_index("ix_cases_uid", "cases", ["uid"], unique=False)
    op.create_index(
        "ux_cases_court_server_cartoteka_key",
        "cases",
        ["court", "server", "cartoteka", "case_key"],
        unique=True,
    )
    op.create_table(
        "courts_seen",
        sa.Column("court", sa.String(length=20), nullable=False),
        sa.Column("first_crawled", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_crawled", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_status", sa.String(length=30), nullable=False),
        sa.Column("last_ok", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("unreadable", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("court", name=op.f("pk_courts_seen")),
    )
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_runs")),
    )
    op.create_table(
        "ingested_captures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("capture_id", sa.Integer(), nullable=True),
        sa.Column("court", sa.String(length=20), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("page_kind", sa.String(length=30), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingested_captures")),
        sa.UniqueConstraint("record_id", name=op.f("uq_ingested_captures_record_id")),
    )
    op.create_index(
        "ix_ingested_captures_court_fetched_at",
        "ingested_captures",
        ["court", "fetched_at"],
        unique=False,
    )
    op.create_table(
        "listing_windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("window_key", sa.String(length=200), nullable=False),
        sa.Column("court", sa.String(length=20), nullable=False),
        sa.Column("last_closed", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_count", sa.Integer(), nullable=False),
        sa.Column("alarm", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_windows")),
        sa.UniqueConstraint("window_key", name=op.f("uq_listing_windows_window_key")),
    )
    op.create_table(
        "acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=20), nullable=True),
        sa.Column("doc_number", sa.String(length=40), nullable=True),
        sa.Column("text_record", sa.String(length=120), nullable=True),
        sa.Column("document_type", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_acts_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acts")),
    )
    op.create_index("ux_acts_case_id_url", "acts", ["case_id", "url"], unique=True)
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=True),
        sa.Column("filed_by", sa.Text(), nullable=True),
        sa.Column("higher_court", sa.Text(), nullable=True),
        sa.Column("decision_date", sa.String(length=20), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_appeals_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )
    op.create_index("ux_appeals_case_id_position", "appeals", ["case_id", "position"], unique=True)
    op.create_table(
        "case_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("article", sa.String(length=20), nullable=False),
        sa.Column("part", sa.String(length=20), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_articles_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_articles")),
    )
    op.create_index("ix_case_articles_article", "case_articles", ["article"], unique=False)
    op.create_index(
        "ux_case_articles_case_id_article_part",
        "case_articles",
        ["case_id", "article", "part"],
        unique=True,
    )
    op.create_table(
        "case_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_changes_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_changes")),
    )
    op.create_index("ix_case_changes_case_id", "case_changes", ["case_id"], unique=False)
    op.create_table(
        "case_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("flag", sa.String(length=20), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_flags_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_flags")),
    )
    op.create_index("ix_case_flags_case_id_flag", "case_flags", ["case_id", "flag"], unique=False)
    op.create_table(
        "court_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("court", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("windows_unread", sa.Integer(), nullable=False),
        sa.Column("cards_unread", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_court_status_run_id_crawl_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court_status")),
    )
    op.create_index(
        "ux_court_status_run_id_court", "court_status", ["run_id", "court"], unique=True
    )
    op.create_table(
        "defendants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=40), nullable=True),
        sa.Column("name_hidden", sa.Boolean(), nullable=False),
        sa.Column("articles", sa.Text(), nullable=True),
        sa.Column("decision_date", sa.String(length=20), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_defendants_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_defendants")),
    )
    op.create_index(
        "ux_defendants_case_id_position", "defendants", ["case_id", "position"], unique=True
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=20), nullable=True),
        sa.Column("time", sa.String(length=20), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("basis", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_events_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ux_events_case_id_position", "events", ["case_id", "position"], unique=True)
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("capture_id", sa.Integer(), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("page_kind", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_observations_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
    )
    op.create_index(
        "ux_observations_case_id_record_id", "observations", ["case_id", "record_id"], unique=True
    )
    op.create_table(
        "press_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court", sa.String(length=20), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("published", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_press_releases_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_releases")),
        sa.UniqueConstraint("record_id", name=op.f("uq_press_releases_record_id")),
    )
    op.create_table(
        "window_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_window_cases_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["window_id"],
            ["listing_windows.id"],
            name=op.f("fk_window_cases_window_id_listing_windows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_window_cases")),
    )
    op.create_index(
        "ux_window_cases_window_id_case_id", "window_cases", ["window_id", "case_id"], unique=True
    )
    op.create_table(
        "punishments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("act_id", sa.Integer(), nullable=True),
        sa.Column("press_id", sa.Integer(), nullable=True),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("articles", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("probation_months", sa.Integer(), nullable=True),
        sa.Column("fine_rub", sa.Integer(), nullable=True),
        sa.Column("regime", sa.String(length=40), nullable=True),
        sa.Column("raw_phrase", sa.Text(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["act_id"], ["acts.id"], name=op.f("fk_punishments_act_id_acts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_punishments_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["press_id"],
            ["press_releases.id"],
            name=op.f("fk_punishments_press_id_press_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_punishments")),
    )
    op.create_index("ix_punishments_case_id", "punishments", ["case_id"], unique=False)
    op.create_index(
        "ux_punishments_record_id_position", "punishments", ["record_id", "position"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ux_punishments_record_id_position", table_name="punishments")
    op.drop_index("ix_punishments_case_id", table_name="punishments")
    op.drop_table("punishments")
    op.drop_index("ux_window_cases_window_id_case_id", table_name="window_cases")
    op.drop_table("window_cases")
    op.drop_table("press_releases")
    op.drop_index("ux_observations_case_id_record_id", table_name="observations")
    op.drop_table("observations")
    op.drop_index("ux_events_case_id_position", table_name="events")
    op.drop_table("events")
    op.drop_index("ux_defendants_case_id_position", table_name="defendants")
    op.drop_table("defendants")
    op.drop_index("ux_court_status_run_id_court", table_name="court_status")
    op.drop_table("court_status")
    op.drop_index("ix_case_flags_case_id_flag", table_name="case_flags")
    op.drop_table("case_flags")
    op.drop_index("ix_case_changes_case_id", table_name="case_changes")
    op.drop_table("case_changes")
    op.drop_index("ux_case_articles_case_id_article_part", table_name="case_articles")
    op.drop_index("ix_case_articles_article", table_name="case_articles")
    op.drop_table("case_articles")
    op.drop_index("ux_appeals_case_id_position", table_name="appeals")
    op.drop_table("appeals")
    op.drop_index("ux_acts_case_id_url", table_name="acts")
    op.drop_table("acts")
    op.drop_table("listing_windows")
    op.drop_index("ix_ingested_captures_court_fetched_at", table_name="ingested_captures")
    op.drop_table("ingested_captures")
    op.drop_table("crawl_runs")
    op.drop_table("courts_seen")
    op.drop_index("ux_cases_court_server_cartoteka_key", table_name="cases")
    op.drop_index("ix_cases_uid", table_name="cases")
    op.drop_index("ix_cases_court_number", table_name="cases")
    op.drop_index("ix_cases_card_guid", table_name="cases")
    op.drop_table("cases")
