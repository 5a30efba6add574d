"""Crawl runs and the status of every court in each: what `coverage` reports as not read.

The crawler opens a run, records one status per court when it is done with it (ok,
captcha, throttled, blocked …, with the listing windows and cards it could not read),
and closes the run.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update

from refusenik.store import migrate, write_transaction
from refusenik.store.case_tables import RUNS, STATUS


def start_run(engine: Engine, at: datetime, *, kind: str = "crawl", note: str | None = None) -> int:
    """Open a run and return its id (the `run_id` of the crawler's `Context`)."""
    migrate(engine)
    with write_transaction(engine) as conn:
        inserted = conn.execute(insert(RUNS).values(started_at=at, kind=kind, note=note))
        return int(inserted.inserted_primary_key[0])  # type: ignore[index]


def finish_run(engine: Engine, run_id: int, at: datetime) -> None:
    """Mark the run finished (a run never finished was interrupted)."""
    with write_transaction(engine) as conn:
        conn.execute(update(RUNS).where(RUNS.c.id == run_id).values(finished_at=at))


def court_status(
    engine: Engine,
    run_id: int,
    court: str,
    status: str,
    *,
    windows_unread: int = 0,
    cards_unread: int = 0,
    note: str | None = None,
) -> None:
    """Record (or correct) one court's status in a run, with what could not be read."""
    values = {
        "status": status,
        "windows_unread": windows_unread,
        "cards_unread": cards_unread,
        "note": note,
    }
    with write_transaction(engine) as conn:
        found = conn.execute(
            select(STATUS.c.id).where(STATUS.c.run_id == run_id, STATUS.c.court == court)
        ).scalar()
        if found is None:
            conn.execute(insert(STATUS).values(run_id=run_id, court=court, **values))
        else:
            conn.execute(update(STATUS).where(STATUS.c.id == found).values(**values))


def interrupted_since(engine: Engine, note: str | None) -> datetime | None:
    """When the last run of the same crawl (the same `note`: window, articles, round)
    started, if it never finished and no later run of it did: a crawl started again after
    a kill continues it, and what that run read stands."""
    migrate(engine)
    with engine.connect() as conn:
        last = conn.execute(
            select(RUNS.c.started_at, RUNS.c.finished_at)
            .where(RUNS.c.kind == "crawl", RUNS.c.note == note)
            .order_by(RUNS.c.id.desc())
        ).first()
    if last is None or last.finished_at is not None:
        return None
    started: datetime = last.started_at
    return started if started.tzinfo else started.replace(tzinfo=UTC)
