"""A store's case tables as plain, comparable rows (SQLite and PostgreSQL alike)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from refusenik.store.case_tables import Base

CASE_TABLES = (
    "courts_seen",
    "ingested_captures",
    "cases",
    "case_articles",
    "defendants",
    "events",
    "appeals",
    "acts",
    "press_releases",
    "punishments",
    "observations",
    "case_changes",
    "case_flags",
    "listing_windows",
    "window_cases",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


_RECORD_ID = re.compile(r"<urn:uuid:[0-9a-f-]+>")


def snapshot(engine: sa.Engine) -> dict[str, list[tuple]]:
    """Every row of every case table, ordered by key, with values made comparable.

    Archive record ids are random; each is replaced by its place in the order captures
    were ingested, so two crawls of the same pages (or a crawl and a reparse) compare."""
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        order_of = {
            rid: f"#{n}"
            for rid, n in conn.execute(sa.text("SELECT record_id, id FROM ingested_captures"))
        }

        def plain(value: Any) -> Any:
            if isinstance(value, str) and "<urn:uuid:" in value:
                return _RECORD_ID.sub(lambda m: order_of.get(m.group(0), "?"), value)
            return _plain(value)

        for name in CASE_TABLES:
            table = Base.metadata.tables[name]
            order = list(table.primary_key.columns)
            rows = conn.execute(sa.select(table).order_by(*order)).all()
            out[name] = [tuple(plain(v) for v in row) for row in rows]
    return out
