"""What the store covers, per court: when it was last read, how it answered, how many
cases it holds, how many are hidden or removed, and what could not be read.

A court that refused the last pages (captcha, throttle, block) is shown as such: its
cases are counted as they were last seen, never as gone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from refusenik.analysis.cases import plain
from refusenik.store.case_tables import (
    CASES,
    FLAGS,
    INGESTED,
    STATUS,
    WINDOWS,
)
from refusenik.store.case_tables import COURTS_SEEN as SEEN


def coverage(engine: Engine) -> list[dict[str, Any]]:
    """One row per court ever read, by court code."""
    with engine.connect() as conn:
        cases: dict[str, int] = dict(
            conn.execute(select(CASES.c.court, func.count()).group_by(CASES.c.court)).all()
        )
        open_flags: dict[tuple[str, str], int] = {
            (r[0], r[1]): r[2]
            for r in conn.execute(
                select(CASES.c.court, FLAGS.c.flag, func.count(func.distinct(FLAGS.c.case_id)))
                .join(CASES, CASES.c.id == FLAGS.c.case_id)
                .where(FLAGS.c.until.is_(None))
                .group_by(CASES.c.court, FLAGS.c.flag)
            )
        }
        alarms: dict[str, list[str]] = {}
        for court, alarm in conn.execute(
            select(WINDOWS.c.court, WINDOWS.c.alarm).where(WINDOWS.c.alarm.is_not(None))
        ):
            alarms.setdefault(court, []).append(alarm)
        status: dict[str, Any] = {}
        for row in conn.execute(select(STATUS).order_by(STATUS.c.run_id)).mappings():
            status[row["court"]] = row  # the last run's row wins
        errors: dict[str, list[str]] = {}
        for court, error in conn.execute(
            select(INGESTED.c.court, INGESTED.c.error)
            .where(INGESTED.c.error.is_not(None))
            .order_by(INGESTED.c.id)
        ):
            errors.setdefault(court, []).append(error)
        out = []
        for seen in conn.execute(select(SEEN).order_by(SEEN.c.court)).mappings():
            court = seen["court"]
            run = status.get(court)
            out.append(
                {
                    "court": court,
                    "last_crawled": plain(seen["last_crawled"]),
                    "last_ok": plain(seen["last_ok"]),
                    "status": run["status"] if run else seen["last_status"],
                    "cases": cases.get(court, 0),
                    "hidden": open_flags.get((court, "hidden"), 0),
                    "removed": open_flags.get((court, "removed"), 0),
                    "pages": seen["pages"],
                    "pages_refused": seen["refused"],
                    "pages_unreadable": seen["unreadable"],
                    "windows_unread": run["windows_unread"] if run else None,
                    "cards_unread": run["cards_unread"] if run else None,
                    "note": run["note"] if run else None,
                    "alarms": alarms.get(court, []),
                    "last_error": errors[court][-1] if court in errors else None,
                }
            )
    return out
