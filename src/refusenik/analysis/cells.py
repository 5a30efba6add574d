"""Counting rows of `analysis_persons` fast: the roll-up `analysis_cells`, and one query
function (`counts`) that answers from it and from the person rows only where it must.

A figure asks: for this measure, within this scope, how many rows per value of these
dimensions? Time in the cells is cut into segments: calendar months, except that a month
in which the law changed is cut in two on that day (24.09.2022 …), so a scope that starts
at the mobilization or any later change, and every period of `before_after`, is answered
from cells alone. Whole segments inside the scope's dates come from the cells, at the
coarsest level of court detail the scope and the split allow (the whole country, court
kind, military district, court — or court with only the article, or none); the part of a segment
a scope's date cuts into comes from the person rows themselves, through their date index.
So every answer is exact, and a question over a million cases reads a few thousand cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, insert, literal, null, select, true

from refusenik.analysis.scope import Scope
from refusenik.store.analysis_tables import CELLS as C
from refusenik.store.analysis_tables import PERSONS as P

COMMON = ("article", "part", "grp")
# Per measure: which person rows count, their date and month, and the extra dimensions kept.
EXTRA: dict[str, tuple[str, ...]] = {
    "received": ("outcome",),
    "decisions": ("outcome",),
    "persons": ("outcome",),
    "sentenced": ("punishment", "suspended", "below_minimum", "term_months"),
    "days": ("days",),  # weekly band: 0 = 0–6 days, 7 = 7–13 days …
}
COURT_DIMS = {
    "n": (),
    "k": ("kind",),
    "d": ("kind", "district"),
    "c": ("court", "kind", "region", "district"),
    "m": ("court", "kind", "region", "district"),  # courts, without article or outcome
    "a": ("court", "kind", "region", "district"),  # courts with article and group only
}
# What levels m and a keep besides the court dimensions.
LEVEL_DETAIL = {"m": (), "a": ("article", "grp")}


# Days from receipt to decision are kept in weekly bands (the band's first day): exact
# days would make the roll-up nearly as long as the person rows.
DAYS_BAND = 7


def _person_column(name: str) -> Any:
    if name == "days":
        return P.c.days_to_decision // DAYS_BAND * DAYS_BAND
    return P.c[name]


@cache
def _cuts() -> tuple[date, ...]:
    """Days the law changed that fall inside a month (not on its first day)."""
    from refusenik.law.vocab import LAW_CHANGES

    return tuple(sorted(c.in_force for c in LAW_CHANGES if c.in_force.day != 1))


def segment_start(day: date) -> date:
    """The first day of the time segment holding `day` (see the module doc)."""
    start = day.replace(day=1)
    for cut in _cuts():
        if cut.year == day.year and cut.month == day.month and cut <= day:
            start = max(start, cut)
    return start


def segment_end(day: date) -> date:
    """The last day of the time segment holding `day`."""
    start = segment_start(day)
    nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    for cut in _cuts():
        if start < cut < nxt:
            nxt = cut
    return nxt - timedelta(days=1)


def counted(measure: str) -> tuple[ColumnElement[bool], Any, Any]:
    """(which person rows count, their date, their month) for a measure."""
    decided = P.c.decided.is_not(None)
    if measure == "received":
        return P.c.counts_case == true(), P.c.received, P.c.received_month
    if measure == "decisions":
        return and_(P.c.counts_case == true(), decided), P.c.decided, P.c.decided_month
    if measure == "persons":
        return and_(P.c.is_person == true(), decided), P.c.decided, P.c.decided_month
    if measure == "sentenced":
        where = and_(P.c.is_person == true(), decided, P.c.outcome == "convicted")
        return where, P.c.decided, P.c.decided_month
    if measure == "days":
        where = and_(P.c.counts_case == true(), decided, P.c.days_to_decision.is_not(None))
        return where, P.c.decided, P.c.decided_month
    raise ValueError(f"unknown measure {measure!r}")


# --- building -------------------------------------------------------------------------------


def build(conn: Connection) -> int:
    """Fill `analysis_cells` from `analysis_persons` (emptied first); returns cells written."""
    conn.execute(C.delete())
    for measure, extra in EXTRA.items():
        where, _, month = counted(measure)
        seg = P.c.received_seg if measure == "received" else P.c.decided_seg
        dims = ("court", "kind", "region", "district", *COMMON, *extra)
        cols = [_person_column(d) for d in dims]
        stmt = select(literal("c"), literal(measure), month, seg, *cols, func.count()).where(where)
        conn.execute(
            insert(C).from_select(
                ["level", "measure", "month", "seg", *dims, "n"], stmt.group_by(month, seg, *cols)
            )
        )
        for level in ("d", "k", "n", "m", "a"):
            kept = (*COURT_DIMS[level], *LEVEL_DETAIL.get(level, (*COMMON, *extra)))
            kept_cols = [C.c[d] for d in kept]
            dropped = [d for d in (*COURT_DIMS["c"], *COMMON, *extra) if d not in kept]
            stmt = (
                select(
                    literal(level),
                    literal(measure),
                    C.c.month,
                    C.c.seg,
                    *kept_cols,
                    *(null() for _ in dropped),
                    func.sum(C.c.n),
                )
                .where(C.c.level == "c", C.c.measure == measure)
                .group_by(C.c.month, C.c.seg, *kept_cols)
            )
            names = ["level", "measure", "month", "seg", *kept, *dropped, "n"]
            conn.execute(insert(C).from_select(names, stmt))
    return int(conn.execute(select(func.count()).select_from(C)).scalar_one())


# --- asking ---------------------------------------------------------------------------------


def level_for(scope: Scope, by: Sequence[str]) -> str:
    """The coarsest level of court detail that can answer the scope and the split."""
    wanted = set(by)
    if scope.courts or scope.region or {"court", "region"} & wanted:
        detail = scope.article or scope.part or scope.group
        if not detail and wanted <= {"month", *COURT_DIMS["m"]}:
            return "m"
        if not scope.part and wanted <= {"month", *COURT_DIMS["a"], *LEVEL_DETAIL["a"]}:
            return "a"
        return "c"
    if scope.district or "district" in wanted:
        return "d"
    if scope.kind or "kind" in wanted:
        return "k"
    return "n"


def _scope_filters(scope: Scope, column: Any) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if scope.courts:
        out.append(column("court").in_(scope.courts))
    for value, name in (
        (scope.kind, "kind"),
        (scope.district, "district"),
        (scope.region, "region"),
        (scope.article, "article"),
        (scope.part, "part"),
        (scope.group, "grp"),
    ):
        if value is not None:
            out.append(column(name) == value)
    return out


def _split_dates(
    scope: Scope,
) -> tuple[tuple[date | None, date | None] | None, list[tuple[date, date]]]:
    """(segment starts for the cells: from, before; or None) and the day ranges to read
    from the person rows (the parts of segments the scope's dates cut into)."""
    since, until = scope.since, scope.until
    if since and until and segment_start(since) == segment_start(until):
        whole = since == segment_start(since) and until == segment_end(until)
        return ((since, until + timedelta(days=1)), []) if whole else (None, [(since, until)])
    partial: list[tuple[date, date]] = []
    lo = hi = None
    if since is not None:
        lo = since
        if since != segment_start(since):
            partial.append((since, segment_end(since)))
            lo = segment_end(since) + timedelta(days=1)
    if until is not None:
        hi = until + timedelta(days=1)
        if until != segment_end(until):
            partial.append((segment_start(until), until))
            hi = segment_start(until)
    if lo is not None and hi is not None and lo >= hi:
        return None, partial
    return (lo, hi), partial


def counts(
    conn: Connection, measure: str, scope: Scope, by: Sequence[str]
) -> dict[tuple[Any, ...], int]:
    """Rows of `measure` in `scope`, counted per value of the dimensions `by`.

    `by` may name "month", the court dimensions (court, kind, region, district), article,
    part, grp, and the measure's own dimensions (`EXTRA`).
    """
    allowed = {"month", *COURT_DIMS["c"], *COMMON, *EXTRA[measure]}
    unknown = [b for b in by if b not in allowed]
    if unknown:
        raise ValueError(f"{measure} cannot be split by {unknown}")
    out: dict[tuple[Any, ...], int] = defaultdict(int)
    months, partial = _split_dates(scope)
    if months is not None:
        level = level_for(scope, by)
        cols = [C.c[b] for b in by]
        where = [C.c.level == level, C.c.measure == measure, *_scope_filters(scope, C.c.get)]
        lo, hi = months
        if lo is not None:
            where.append(C.c.seg >= lo)
        if hi is not None:
            where.append(C.c.seg < hi)
        stmt = select(*cols, func.sum(C.c.n)).where(*where)
        if cols:
            stmt = stmt.group_by(*cols)
        for row in conn.execute(stmt):
            if row[-1] is not None:
                out[tuple(row[:-1])] += int(row[-1])
    for start, end in partial:
        where_p, day, month = counted(measure)
        cols = [month if b == "month" else _person_column(b) for b in by]
        inner = replace(scope, since=None, until=None)
        stmt = select(*cols, func.count()).where(
            where_p, day >= start, day <= end, *_scope_filters(inner, _person_column)
        )
        if cols:
            stmt = stmt.group_by(*cols)
        for row in conn.execute(stmt):
            out[tuple(row[:-1])] += int(row[-1])
    return {k: v for k, v in out.items() if v}


def day_range(conn: Connection, measure: str, scope: Scope) -> tuple[date | None, date | None]:
    """The first and the last day with a row of `measure` in `scope`."""
    months = counts(conn, measure, scope, ("month",))
    if not months:
        return None, None
    first, last = min(k[0] for k in months), max(k[0] for k in months)
    where_p, day, month = counted(measure)
    inner = replace(scope, since=None, until=None)
    filters = [where_p, *_scope_filters(inner, _person_column)]
    if scope.since:
        filters.append(day >= scope.since)
    if scope.until:
        filters.append(day <= scope.until)
    # Bounded by the day as well as the month, so a planner that walks the date index for
    # min() / max() starts at that month instead of at the first row of the store.
    lo = conn.execute(
        select(func.min(day)).where(*filters, month == first, *_within(day, first))
    ).scalar()
    hi = conn.execute(
        select(func.max(day)).where(*filters, month == last, *_within(day, last))
    ).scalar()
    return _as_date(lo), _as_date(hi)


def _within(day: Any, month: str) -> list[ColumnElement[bool]]:
    start = date(int(month[:4]), int(month[5:7]), 1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return [day >= start, day < end]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
