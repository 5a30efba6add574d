"""(Re)build the analysis' derived tables from the case tables: `refresh(engine)`.

One row per defendant (or one per case whose defendants were not read) with its court's
kind, region and military district, its principal article and group, dates, outcome,
punishment and art. 64 check resolved once here, so every figure is a single query.
Rebuilding is idempotent: the table is emptied and filled again in one transaction, and
`analysis_state` records the store's high-water marks it read, so `is_stale` can tell a
reader when the store has moved on. Run at the end of every crawl and reparse.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select, text

from refusenik.analysis import cells
from refusenik.analysis.cells import segment_start
from refusenik.analysis.sentencing import below_minimum, person_outcome, principal
from refusenik.store.analysis_tables import PERSONS, STATE
from refusenik.store.case_tables import (
    ARTICLES,
    CASES,
    CHANGES,
    DEFENDANTS,
    FLAGS,
    INGESTED,
    PUNISHMENTS,
    RUNS,
)

CHUNK = 20_000  # cases read per round trip while rebuilding
# High-water marks that move whenever the store learns anything: every write of the
# ingest adds a row to one of these (a changed field adds a `case_changes` row).
_MARKS = (INGESTED, CASES, DEFENDANTS, ARTICLES, PUNISHMENTS, CHANGES, FLAGS, RUNS)


def stamp(conn: Connection) -> str:
    """The store's high-water marks, as one string."""
    parts = [str(conn.execute(select(func.max(t.c.id))).scalar() or 0) for t in _MARKS]
    return ":".join(parts)


def has_tables(conn: Connection) -> bool:
    """Whether this store has the case tables and the derived ones (schema 0005)."""
    names = set(inspect(conn).get_table_names())
    return {"cases", "analysis_persons", "analysis_cells", "analysis_state"} <= names


def state(conn: Connection) -> dict[str, Any] | None:
    """The last rebuild's record, or None if never rebuilt."""
    row = conn.execute(select(STATE).order_by(STATE.c.id.desc()).limit(1)).mappings().first()
    return dict(row) if row else None


def is_stale(conn: Connection) -> bool:
    """True when the store holds something the derived tables were not built from."""
    last = state(conn)
    return last is None or last["stamp"] != stamp(conn)


def as_of(conn: Connection) -> date | None:
    """The day of the last crawl (or reparse) behind the store's cases."""
    finished = conn.execute(select(func.max(RUNS.c.finished_at))).scalar()
    if finished is None:
        finished = conn.execute(select(func.max(CASES.c.last_seen))).scalar()
    if finished is None:
        return None
    if isinstance(finished, str):  # SQLite without type info in an aggregate
        finished = datetime.fromisoformat(finished)
    return finished.date() if isinstance(finished, datetime) else finished


def refresh(engine: Engine) -> int:
    """Rebuild the derived tables from the case tables; returns the rows written.

    Migrates the store first if it is behind (the derived tables arrive with 0005).
    """
    from refusenik.store import migrate, write_transaction

    migrate(engine)
    with write_transaction(engine) as conn:
        marks = stamp(conn)
        conn.execute(delete(PERSONS))
        written = 0
        batch: list[dict[str, Any]] = []
        for row in _person_rows(conn):
            batch.append(row)
            if len(batch) >= 5000:
                conn.execute(insert(PERSONS), batch)
                written += len(batch)
                batch = []
        if batch:
            conn.execute(insert(PERSONS), batch)
            written += len(batch)
        cells.build(conn)
        # Fresh planner statistics, so a query picks the selective index (a court, a week)
        # rather than the first one it sees.
        conn.execute(text("ANALYZE analysis_persons"))
        conn.execute(text("ANALYZE analysis_cells"))
        conn.execute(delete(STATE))
        conn.execute(
            insert(STATE).values(
                stamp=marks, refreshed_at=datetime.now(UTC), as_of=as_of(conn), rows=written
            )
        )
    return written


@cache
def _court(code: str) -> tuple[str | None, str | None, str | None]:
    from refusenik import courts

    try:
        c = courts.get(code)
    except Exception:  # a court the registry does not know: its kind from its code alone
        from refusenik.courts.rules import KIND_BY_CODE_TYPE

        return KIND_BY_CODE_TYPE.get(code[2:4].upper()), None, None
    return c.kind, c.region, c.military_district


@cache
def _charges(text: str) -> tuple[tuple[str, str | None], ...]:
    from refusenik.law import UK, parse_refs

    return tuple((r.article, r.part) for r in parse_refs(text) if r.code in (UK, None))


@cache
def _group(article: str) -> str | None:
    from refusenik import law

    found = law.group(article)
    return None if found is None else str(found)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    return None


def _month(day: date | None) -> str | None:
    return None if day is None else f"{day.year:04d}-{day.month:02d}"


def _person_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    top = conn.execute(select(func.max(CASES.c.id))).scalar() or 0
    for lo in range(0, top + 1, CHUNK):
        hi = lo + CHUNK
        yield from _chunk(conn, lo, hi)


def _chunk(conn: Connection, lo: int, hi: int) -> Iterator[dict[str, Any]]:
    articles: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for case_id, article, part in conn.execute(
        select(ARTICLES.c.case_id, ARTICLES.c.article, ARTICLES.c.part)
        .where(ARTICLES.c.case_id >= lo, ARTICLES.c.case_id < hi, ARTICLES.c.current)
        .order_by(ARTICLES.c.case_id, ARTICLES.c.id)
    ):
        articles[case_id].append((article, part))
    defendants: dict[int, list[Any]] = defaultdict(list)
    for d in conn.execute(
        select(
            DEFENDANTS.c.case_id,
            DEFENDANTS.c.position,
            DEFENDANTS.c.pseudonym,
            DEFENDANTS.c.articles,
            DEFENDANTS.c.decision_date,
            DEFENDANTS.c.result,
        )
        .where(DEFENDANTS.c.case_id >= lo, DEFENDANTS.c.case_id < hi)
        .order_by(DEFENDANTS.c.case_id, DEFENDANTS.c.position)
    ):
        defendants[d.case_id].append(d)
    punished: dict[int, list[Any]] = defaultdict(list)
    for p in conn.execute(
        select(
            PUNISHMENTS.c.case_id,
            PUNISHMENTS.c.act_id,
            PUNISHMENTS.c.position,
            PUNISHMENTS.c.pseudonym,
            PUNISHMENTS.c.outcome,
            PUNISHMENTS.c.kind,
            PUNISHMENTS.c.term_months,
            PUNISHMENTS.c.probation_months,
        )
        .where(PUNISHMENTS.c.case_id >= lo, PUNISHMENTS.c.case_id < hi)
        # Act texts before press releases, then in the order read.
        .order_by(PUNISHMENTS.c.case_id, PUNISHMENTS.c.act_id.is_(None), PUNISHMENTS.c.id)
    ):
        punished[p.case_id].append(p)
    for case in conn.execute(
        select(CASES.c.id, CASES.c.court, CASES.c.received, CASES.c.decided, CASES.c.result).where(
            CASES.c.id >= lo, CASES.c.id < hi
        )
    ):
        yield from _case_rows(
            case, articles.get(case.id, []), defendants.get(case.id, []), punished.get(case.id, [])
        )


def _case_rows(
    case: Any,
    case_charges: list[tuple[str, str | None]],
    defendants: list[Any],
    punished: list[Any],
) -> Iterator[dict[str, Any]]:
    kind, region, district = _court(case.court)
    received = _day(case.received)
    people = defendants or [None]
    for i, d in enumerate(people):
        charges = list(_charges(d.articles)) if d is not None and d.articles else []
        main = principal(charges or case_charges)
        article, part = main if main else (None, None)
        decided = _day(case.decided) or (_day(d.decision_date) if d is not None else None)
        p = _punishment_of(d, punished, defendants)
        outcome = person_outcome(
            p.outcome if p is not None else None,
            (d.result if d is not None and d.result else None) or case.result,
            decided,
        )
        kind_of = p.kind if p is not None and outcome == "convicted" else None
        term = p.term_months if kind_of else None
        suspended = None
        if kind_of:
            suspended = kind_of == "suspended" or bool(p.probation_months)
        below, low = (
            below_minimum(article, part, received, kind_of, term) if kind_of else (None, None)
        )
        yield {
            "case_id": case.id,
            "position": d.position if d is not None else 0,
            "counts_case": i == 0,
            "is_person": d is not None,
            "court": case.court,
            "kind": kind,
            "region": region,
            "district": district,
            "article": article,
            "part": part,
            "grp": _group(article) if article else None,
            "received": received,
            "received_month": _month(received),
            "received_seg": segment_start(received) if received else None,
            "decided": decided,
            "decided_month": _month(decided),
            "decided_seg": segment_start(decided) if decided else None,
            "outcome": outcome,
            "punishment": kind_of,
            "suspended": suspended,
            "term_months": term,
            "minimum_months": low,
            "below_minimum": below,
            "days_to_decision": (decided - received).days if decided and received else None,
        }


def _punishment_of(d: Any, punished: list[Any], defendants: list[Any]) -> Any:
    """The punishment read for this defendant: matched by pseudonym; failing that, a case
    with one defendant takes the first row read (a hidden name has no pseudonym, and a
    name declined differently in the act gives another one), and a case with several takes
    the row at its own position, unless that row names another defendant of the case."""
    if not punished:
        return None
    if d is not None and d.pseudonym:
        for p in punished:
            if p.pseudonym == d.pseudonym:
                return p
    if len(defendants) <= 1:
        return punished[0]
    others = {x.pseudonym for x in defendants if x is not d and x.pseudonym}
    for p in punished:
        if p.position == d.position and p.pseudonym not in others:
            return p
    return None
