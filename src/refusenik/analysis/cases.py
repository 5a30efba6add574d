"""The watched cases as the store holds them: lists, one case with its whole history.

Only what the public tables hold is read: defendants are pseudonyms, act texts are not
there. Reading never migrates the store: a store without case tables has no cases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Engine, Table, exists, inspect, select

from refusenik.store.case_tables import (
    ARTICLES,
    CASES,
    FLAGS,
    CaseAct,
    CaseAppeal,
    CaseChange,
    CaseDefendant,
    CaseEvent,
    CaseFlag,
    CasePunishment,
    Observation,
    PressRelease,
)


def has_cases_table(engine: Engine) -> bool:
    """True when the store has the case tables (a crawl or a reparse has migrated it)."""
    with engine.connect() as conn:
        return inspect(conn).has_table("cases")


def plain(value: Any) -> Any:
    """A value as JSON and tables show it: dates ISO, datetimes in UTC."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def open_flags(engine: Engine, ids: list[int]) -> dict[int, list[str]]:
    """The flags still open (hidden, removed) of the cases `ids`, by case id."""
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    with engine.connect() as conn:
        for row in conn.execute(
            select(FLAGS.c.case_id, FLAGS.c.flag).where(
                FLAGS.c.case_id.in_(ids), FLAGS.c.until.is_(None)
            )
        ):
            out.setdefault(row.case_id, []).append(row.flag)
    return out


def case_row(r: Mapping[str, Any], flags: list[str]) -> dict[str, Any]:
    """One case as every list shows it (the CLI, the web's list, the feeds, the API): its
    `cases` row as last seen, with its open flags. The one place a list row is built."""
    return {
        "id": r["id"],
        "court": r["court"],
        "server": r["server"],
        "number": r["number"],
        "uid": r["uid"],
        "received": plain(r["received"]),
        "decided": plain(r["decided"]),
        "judge": r["judge"],
        "result": r["result"],
        "articles": r["articles"],
        "flags": sorted(flags),
        "first_seen": plain(r["first_seen"]),
        "last_seen": plain(r["last_seen"]),
    }


def case_rows(engine: Engine, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """`case_row` for each of `rows` (full `cases` rows), their open flags read at once."""
    flags = open_flags(engine, [r["id"] for r in rows])
    return [case_row(r, flags.get(r["id"], [])) for r in rows]


def list_cases(
    engine: Engine,
    *,
    court: str | None = None,
    article: str | None = None,
    since: date | None = None,
) -> list[dict[str, Any]]:
    """Cases, newest received first, with their open flags (hidden, removed)."""
    query = select(CASES)
    if court:
        query = query.where(CASES.c.court == court)
    if article:
        query = query.where(
            exists().where(
                ARTICLES.c.case_id == CASES.c.id,
                ARTICLES.c.article == article,
                ARTICLES.c.current.is_(True),
            )
        )
    if since:
        query = query.where(CASES.c.received >= since)
    query = query.order_by(CASES.c.received.desc(), CASES.c.id)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    return case_rows(engine, rows)


def _rows(engine: Engine, model: Any, case_id: int, order: Any) -> list[dict[str, Any]]:
    table = cast(Table, model.__table__)
    with engine.connect() as conn:
        rows = conn.execute(
            select(table).where(table.c.case_id == case_id).order_by(order(table))
        ).mappings()
        return [{k: plain(v) for k, v in r.items() if k not in ("id", "case_id")} for r in rows]


def case_detail(engine: Engine, case_id: int) -> dict[str, Any] | None:
    """One case with everything known: people (pseudonyms), events, appeals, acts,
    punishments, and its history — observations, field changes, flags — oldest first."""
    with engine.connect() as conn:
        row = conn.execute(select(CASES).where(CASES.c.id == case_id)).mappings().first()
        if row is None:
            return None
        elsewhere = []
        if row["uid"]:
            elsewhere = [
                {"id": r.id, "court": r.court, "number": r.number}
                for r in conn.execute(
                    select(CASES.c.id, CASES.c.court, CASES.c.number)
                    .where(CASES.c.uid == row["uid"], CASES.c.id != case_id)
                    .order_by(CASES.c.id)
                )
            ]
    case = {k: plain(v) for k, v in row.items()}
    case.update(
        defendants=_rows(engine, CaseDefendant, case_id, lambda t: t.c.position),
        events=_rows(engine, CaseEvent, case_id, lambda t: t.c.position),
        appeals=_rows(engine, CaseAppeal, case_id, lambda t: t.c.position),
        acts=_rows(engine, CaseAct, case_id, lambda t: t.c.id),
        punishments=_rows(engine, CasePunishment, case_id, lambda t: t.c.id),
        press_releases=_releases(engine, case_id),
        same_uid_elsewhere=elsewhere,
        history={
            "observations": _rows(engine, Observation, case_id, lambda t: t.c.seen_at),
            "changes": _rows(engine, CaseChange, case_id, lambda t: t.c.id),
            "flags": _rows(engine, CaseFlag, case_id, lambda t: t.c.id),
        },
    )
    return case


def _releases(engine: Engine, case_id: int) -> list[dict[str, Any]]:
    """The court's press releases linked to the case, with the punishment each reports."""
    press = cast(Table, PressRelease.__table__)
    punished = cast(Table, CasePunishment.__table__)
    with engine.connect() as conn:
        rows = conn.execute(
            select(press.c.id, press.c.published, press.c.url, press.c.record_id)
            .where(press.c.case_id == case_id)
            .order_by(press.c.published, press.c.id)
        ).all()
        out = []
        for r in rows:
            found = conn.execute(
                select(
                    punished.c.pseudonym,
                    punished.c.outcome,
                    punished.c.kind,
                    punished.c.term_months,
                    punished.c.probation_months,
                    punished.c.fine_rub,
                    punished.c.regime,
                )
                .where(punished.c.press_id == r.id)
                .order_by(punished.c.position)
            ).mappings()
            out.append(
                {
                    "published": r.published,
                    "url": r.url,
                    "record_id": r.record_id,
                    "punishments": [{k: plain(v) for k, v in p.items()} for p in found],
                }
            )
        return out
