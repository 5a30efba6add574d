"""What the pages and the API show, read from the store and the registry: plain data,
the same for HTML, JSON and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Engine, func, select

from refusenik.analysis.cases import has_cases_table
from refusenik.store.case_tables import CASES, COURTS_SEEN

EMPTY_HINT = (
    "This store holds no cases yet: fill it with `refusenik crawl --courts garrison_military "
    "--articles 328,332,337,338,339,352.1 --since 2022-09-01` (or the simulated demo, "
    "`refusenik demo`)."
)


def query_string(values: dict[str, str], **extra: str | int | None) -> str:
    merged = {**values, **{k: str(v) for k, v in extra.items() if v is not None}}
    return urlencode(merged)


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def csv_response(body: str, name: str) -> Any:
    """A CSV download: the browser saves it as `name`.csv."""
    from fastapi.responses import Response

    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def as_of(engine: Engine) -> str | None:
    """The date of the last crawl behind the store's cases (ISO), if any."""
    if not has_cases_table(engine):
        return None
    with engine.connect() as conn:
        last = conn.execute(select(func.max(COURTS_SEEN.c.last_crawled))).scalar_one_or_none()
    if last is None:
        return None
    return last.date().isoformat() if hasattr(last, "date") else str(last)[:10]


def coverage_rows(engine: Engine) -> list[dict[str, Any]]:
    """Coverage per court ever read (`analysis.coverage`), or none for an empty store;
    kept until the store changes (it counts every case)."""
    from refusenik.analysis.coverage import coverage
    from refusenik.web.cache import cached, content_key

    if not has_cases_table(engine):
        return []
    rows: list[dict[str, Any]] = cached(
        (*content_key(engine), "coverage"), lambda: coverage(engine)
    )
    return rows


def missing_text(row: dict[str, Any]) -> str:
    """What could not be read of a court, in words."""
    parts = []
    if row.get("pages_refused"):
        parts.append(f"{row['pages_refused']} pages refused")
    if row.get("pages_unreadable"):
        parts.append(f"{row['pages_unreadable']} pages unreadable")
    if row.get("windows_unread"):
        parts.append(f"{row['windows_unread']} listing windows")
    if row.get("cards_unread"):
        parts.append(f"{row['cards_unread']} case cards")
    parts += row.get("alarms") or []
    return "; ".join(parts)


def court_facts(code: str) -> dict[str, Any] | None:
    """The registry's facts on a court, or None when no court has this code."""
    from refusenik.courts import get
    from refusenik.errors import UserInputError

    try:
        court = get(code)
    except UserInputError:
        return None
    if court.code != code:
        return None
    facts = court.to_dict()
    return {
        k: facts[k]
        for k in (
            "code",
            "name",
            "kind",
            "region_code",
            "region",
            "host",
            "template",
            "captcha",
            "srv_nums",
            "parent_code",
            "military_district",
        )
    }


def court_name(code: str) -> tuple[str | None, str | None]:
    facts = court_facts(code)
    return (facts["name"], facts["kind"]) if facts else (None, None)


def has_cases(engine: Engine) -> bool:
    """Whether the store holds any case (without counting them)."""
    if not has_cases_table(engine):
        return False
    with engine.connect() as conn:
        return conn.execute(select(CASES.c.id).limit(1)).first() is not None


def choices() -> dict[str, list[str]]:
    """The values the filter form offers: kinds, districts, articles, groups, outcomes …"""
    from refusenik.courts import KINDS, all_courts
    from refusenik.law import Outcome, PunishmentKind, RefusalGroup, articles

    districts = sorted({c.military_district for c in all_courts() if c.military_district})
    return {
        "kinds": list(KINDS),
        "districts": districts,
        "articles": [a.number for a in articles()],
        "groups": [g.value for g in RefusalGroup],
        "outcomes": [o.value for o in Outcome],
        "punishments": [k.value for k in PunishmentKind],
    }
