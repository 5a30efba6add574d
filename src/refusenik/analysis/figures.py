"""The analysis' public face: every figure the web, the reports and the evidence packs show.

Three measures are never summed into one another, and every table says which it counts:
- `received`: cases, by the day the court received them;
- `decisions`: cases, by the day of the decision (any decision: a verdict, a dismissal, a
  return to the prosecutor, a transfer to another court);
- `persons`: defendants of decided cases, by the day of the decision (a case with two
  defendants is one case received and two persons).

A case (and a person) is counted under one principal article (see `analysis.sentencing`),
so rows split by article add up to the total. Figures read the derived table that
`refresh` builds; a small store that moved on since is rebuilt on first read, a large one
is answered from the last rebuild with a note saying so.
"""

from __future__ import annotations

import math
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, cast

from sqlalchemy import ColumnElement, Engine, and_, func, select, true

from refusenik.analysis.scope import Scope
from refusenik.analysis.table import Table
from refusenik.store.analysis_tables import PERSONS as P

__all__ = [
    "MEASURES",
    "SPLITS",
    "Measure",
    "Scope",
    "Split",
    "Table",
    "headline",
    "law_changes",
    "outcomes",
    "provisional_from",
    "sentence_kinds",
    "series",
    "terms",
]

Measure = Literal["received", "decisions", "persons"]
Split = Literal["group", "article", "part", "court", "region", "district", "outcome", "kind"] | None
MEASURES: tuple[str, ...] = ("received", "decisions", "persons")
SPLITS: tuple[str, ...] = (
    "group",
    "article",
    "part",
    "court",
    "region",
    "district",
    "outcome",
    "kind",
)
SOURCE = "refusenik crawl of court websites"
UNITS = {
    "received": "cases received",
    "decisions": "cases decided",
    "persons": "persons (defendants) in decided cases",
}
MEASURE_NOTES = {
    "received": "cases counted once each, in the month the court received them",
    "decisions": "cases counted once each, in the month of the court's decision (any kind)",
    "persons": "defendants counted once each, in the month their case was decided",
}
# The last months before the crawl's as-of date are provisional: courts publish cases and
# decisions weeks to months late, so the newest months fill up after the fact.
PROVISIONAL_MONTHS = 3
# A store whose derived table is stale is rebuilt on read up to this many cases;
# a larger one is answered from the last rebuild (rebuilding takes a while).
AUTO_REFRESH_CASES = 100_000
PRINCIPAL_NOTE = (
    "each case and person is counted under one principal article (the charge with the "
    "most severe sanction), so rows by article add up to the total"
)
_SPLIT_COLUMNS: dict[str, tuple[Any, ...]] = {
    "group": (P.c.grp,),
    "article": (P.c.article,),
    "part": (P.c.article, P.c.part),
    "court": (P.c.court,),
    "region": (P.c.region,),
    "district": (P.c.district,),
    "outcome": (P.c.outcome,),
    "kind": (P.c.kind,),
}


# --- the store behind the figures ---------------------------------------------------------


@dataclass(frozen=True)
class _Ready:
    """What every figure needs to know about the store: is there data, and how fresh."""

    has_data: bool
    as_of: date | None
    notes: tuple[str, ...] = ()


_checked: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _ready(engine: Engine) -> _Ready:
    from refusenik.analysis import derived
    from refusenik.store.case_tables import CASES

    with engine.connect() as conn:
        if not _checked.get(engine):
            if not derived.has_tables(conn):
                from sqlalchemy import inspect

                if "cases" not in inspect(conn).get_table_names():
                    return _Ready(False, None, ("the store holds no crawled cases yet",))
                conn.close()
                derived.refresh(engine)
                return _ready(engine)
            _checked[engine] = True
        notes: tuple[str, ...] = ()
        if derived.is_stale(conn):
            size = conn.execute(select(func.max(CASES.c.id))).scalar() or 0
            if size <= AUTO_REFRESH_CASES:
                conn.close()
                derived.refresh(engine)
                return _ready(engine)
            notes = (
                "the store has changed since the analysis tables were last rebuilt; "
                "these figures are as of that rebuild (run `refusenik stats refresh`)",
            )
        last = derived.state(conn)
    return _Ready(True, last["as_of"] if last else None, notes)


def provisional_from(as_of: date | None) -> date | None:
    """First day of the first provisional month: the as-of month and the two before it."""
    if as_of is None:
        return None
    index = as_of.year * 12 + as_of.month - 1 - (PROVISIONAL_MONTHS - 1)
    return date(index // 12, index % 12 + 1, 1)


def _provisional_note(ready: _Ready) -> tuple[str, ...]:
    start = provisional_from(ready.as_of)
    if start is None:
        return ()
    return (
        f"months from {start:%Y-%m} on are provisional: courts publish late, and the crawl "
        f"behind these figures ran on {ready.as_of}",
    )


# --- filters ------------------------------------------------------------------------------


def _filters(scope: Scope, day: Any) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if scope.courts:
        out.append(P.c.court.in_(scope.courts))
    for value, column in (
        (scope.kind, P.c.kind),
        (scope.district, P.c.district),
        (scope.region, P.c.region),
        (scope.article, P.c.article),
        (scope.part, P.c.part),
        (scope.group, P.c.grp),
    ):
        if value is not None:
            out.append(column == value)
    if scope.since is not None:
        out.append(day >= scope.since)
    if scope.until is not None:
        out.append(day <= scope.until)
    return out


def _measure(measure: str) -> tuple[ColumnElement[bool], Any, Any]:
    """(rows that count, their date, their month) for a measure."""
    if measure == "received":
        return P.c.counts_case == true(), P.c.received, P.c.received_month
    if measure == "decisions":
        return (
            and_(P.c.counts_case == true(), P.c.decided.is_not(None)),
            P.c.decided,
            P.c.decided_month,
        )
    if measure == "persons":
        return (
            and_(P.c.is_person == true(), P.c.decided.is_not(None)),
            P.c.decided,
            P.c.decided_month,
        )
    raise ValueError(f"unknown measure {measure!r}; measures: {', '.join(MEASURES)}")


def _decided_persons(scope: Scope) -> list[ColumnElement[bool]]:
    counted, day, _ = _measure("persons")
    return [counted, *_filters(scope, day)]


# --- law changes --------------------------------------------------------------------------

# Chart labels for the laws of `law.vocab.LAW_CHANGES` (their full effect goes in notes).
SHORT_LABELS = {
    "FZ-365-2022": "365-FZ: mobilization parts",
    "FZ-64-2024": "64-FZ: release for military service",
    "FZ-534-2025": "534-FZ: aggravated parts",
}


def law_changes() -> list[tuple[date, str]]:
    """The days the law changed for refusers (mobilization first), with a short label."""
    from refusenik.law.vocab import LAW_CHANGES

    out = []
    for change in LAW_CHANGES:
        label = SHORT_LABELS.get(change.law)
        if label is None:
            effect = change.effect.split(":")[0].split(",")[0].split("(")[0].strip()
            label = f"{change.law}: {effect[:40]}"
        out.append((change.in_force, label))
    return sorted(out)


def _law_notes(first: date | None, last: date | None) -> tuple[str, ...]:
    from refusenik.law.vocab import LAW_CHANGES

    notes = []
    for change in LAW_CHANGES:
        if first is None or last is None or first <= change.in_force <= last:
            notes.append(f"{change.in_force}: {change.law} in force — {change.effect}")
    return tuple(notes)


# --- series -------------------------------------------------------------------------------


def _month_start(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


def _next(period: date, by: str) -> date:
    if by == "year":
        return date(period.year + 1, 1, 1)
    return date(period.year + (period.month == 12), period.month % 12 + 1, 1)


def _period(month: str, by: str) -> date:
    start = _month_start(month)
    return date(start.year, 1, 1) if by == "year" else start


def _split_value(split: str | None, values: Sequence[Any]) -> Any:
    if split == "part":
        article, part = values
        return None if article is None else (f"{article} ч.{part}" if part else article)
    return values[0] if values else None


def series(
    engine: Engine,
    scope: Scope,
    measure: Measure,
    *,
    by: Literal["month", "year"] = "month",
    split: Split = None,
) -> Table:
    """Counts of one measure per month (or year), optionally one line per split value.

    Columns: ("period", <split>, "count"); `period` is the first day of the month (or
    year). Periods with nothing are 0 between the first and the last period shown.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; measures: {', '.join(MEASURES)}")
    if by not in ("month", "year"):
        raise ValueError(f"unknown period {by!r}; use month or year")
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; splits: {', '.join(SPLITS)}")
    ready = _ready(engine)
    counted, day, month = _measure(measure)
    extra = _SPLIT_COLUMNS[split] if split else ()
    counts: dict[tuple[date, Any], int] = defaultdict(int)
    if ready.has_data:
        stmt = (
            select(month, *extra, func.count())
            .where(counted, month.is_not(None), *_filters(scope, day))
            .group_by(month, *extra)
        )
        with engine.connect() as conn:
            for row in conn.execute(stmt):
                key = (_period(row[0], by), _split_value(split, row[1:-1]))
                counts[key] += int(row[-1])
    periods = _periods(counts, scope, ready.as_of, by)
    keys = sorted({k for _, k in counts}, key=lambda v: (v is None, str(v)))
    rows: list[tuple[Any, ...]] = []
    for period in periods:
        if split:
            rows += [(period, k, counts.get((period, k), 0)) for k in keys]
        else:
            rows.append((period, counts.get((period, None), 0)))
    columns = ("period", split, "count") if split else ("period", "count")
    unit = UNITS[measure]
    title = f"{unit.capitalize()} per {by}" + (f" by {split}" if split else "")
    notes = (
        MEASURE_NOTES[measure],
        f"period = first day of the {by}",
        PRINCIPAL_NOTE,
        *_law_notes(periods[0] if periods else None, _next(periods[-1], by) if periods else None),
        *_provisional_note(ready),
        *ready.notes,
    )
    return Table(
        title=f"{title} — {scope.describe()}",
        unit=unit,
        columns=cast(tuple[str, ...], columns),
        rows=tuple(rows),
        source=SOURCE,
        as_of=ready.as_of,
        provisional_from=provisional_from(ready.as_of),
        notes=notes,
    )


def _periods(
    counts: dict[tuple[date, Any], int], scope: Scope, as_of: date | None, by: str
) -> list[date]:
    present = [p for p, _ in counts]
    if not present:
        return []
    first, last = min(present), max(present)
    if scope.since is not None:
        first = min(first, _period(f"{scope.since:%Y-%m}", by))
    if scope.until is not None:
        end = min(scope.until, as_of) if as_of else scope.until
        last = max(last, _period(f"{end:%Y-%m}", by))
    out = []
    period = first
    while period <= last:
        out.append(period)
        period = _next(period, by)
    return out


# --- outcomes and sentences ---------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _table(
    ready: _Ready,
    title: str,
    unit: str,
    columns: tuple[str, ...],
    rows: Iterable[tuple[Any, ...]],
    notes: Iterable[str],
) -> Table:
    return Table(
        title=title,
        unit=unit,
        columns=columns,
        rows=tuple(rows),
        source=SOURCE,
        as_of=ready.as_of,
        provisional_from=provisional_from(ready.as_of),
        notes=(*notes, *_provisional_note(ready), *ready.notes),
    )


def _grouped(engine: Engine, ready: _Ready, columns: Sequence[Any], where: Sequence[Any]) -> list:
    if not ready.has_data:
        return []
    with engine.connect() as conn:
        return list(
            conn.execute(select(*columns, func.count()).where(*where).group_by(*columns)).all()
        )


def outcomes(engine: Engine, scope: Scope) -> Table:
    """How the cases of decided defendants ended: persons per outcome and their share."""
    from refusenik.analysis.sentencing import OUTCOMES

    ready = _ready(engine)
    found = dict(_grouped(engine, ready, (P.c.outcome,), _decided_persons(scope)))
    total = sum(found.values())
    order = [o for o in OUTCOMES if o in found] + sorted(o for o in found if o not in OUTCOMES)
    return _table(
        ready,
        f"Outcomes — {scope.describe()}",
        "persons (defendants) in decided cases",
        ("outcome", "persons", "share"),
        ((o, found[o], _share(found[o], total)) for o in order),
        (
            MEASURE_NOTES["persons"],
            "outcome from the act text where it was read, else from the card's result",
            PRINCIPAL_NOTE,
        ),
    )


def sentence_kinds(engine: Engine, scope: Scope) -> Table:
    """Kinds of punishment among persons sentenced (convicted), with their share.

    `suspended` is imprisonment suspended under art. 73. Persons convicted whose punishment
    was not read (no act text or press release) are a row of their own, outside the shares.
    """
    ready = _ready(engine)
    where = [*_decided_persons(scope), P.c.outcome == "convicted"]
    found: dict[Any, int] = dict(_grouped(engine, ready, (P.c.punishment,), where))
    unknown = found.pop(None, 0)
    known = sum(found.values())
    rows: list[tuple[Any, ...]] = [
        (k, n, _share(n, known)) for k, n in sorted(found.items(), key=lambda kv: -kv[1])
    ]
    if unknown:
        rows.append(("not read", unknown, None))
    return _table(
        ready,
        f"Punishments of persons sentenced — {scope.describe()}",
        "persons sentenced",
        ("kind", "persons", "share"),
        rows,
        (
            "shares are of the persons sentenced whose punishment was read from an act text "
            "or a press release; 'not read' are convicted persons with no punishment read",
            "suspended = imprisonment suspended under art. 73 УК РФ",
            MEASURE_NOTES["persons"],
        ),
    )


def quantiles(values: dict[int, int], qs: Sequence[float]) -> list[float | None]:
    """Quantiles (linear interpolation between order statistics) of counted values."""
    n = sum(values.values())
    if n == 0:
        return [None for _ in qs]
    ordered = sorted(values.items())

    def at(rank: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if rank < seen:
                return value
        return ordered[-1][0]

    out: list[float | None] = []
    for q in qs:
        h = (n - 1) * q
        lo, hi = math.floor(h), math.ceil(h)
        out.append(at(lo) + (h - lo) * (at(hi) - at(lo)))
    return out


def terms(engine: Engine, scope: Scope) -> Table:
    """Per article part and kind of punishment: persons, median and quartiles of the term."""
    ready = _ready(engine)
    where = [
        *_decided_persons(scope),
        P.c.outcome == "convicted",
        P.c.term_months.is_not(None),
    ]
    cols = (P.c.article, P.c.part, P.c.punishment, P.c.term_months)
    dist: dict[tuple[Any, Any, Any], dict[int, int]] = defaultdict(dict)
    for article, part, kind, term, n in _grouped(engine, ready, cols, where):
        dist[(article, part, kind)][int(term)] = int(n)
    rows = []
    for (article, part, kind), values in sorted(
        dist.items(), key=lambda kv: tuple(map(str, kv[0]))
    ):
        q1, median, q3 = quantiles(values, (0.25, 0.5, 0.75))
        rows.append((article, part, kind, sum(values.values()), median, q1, q3))
    return _table(
        ready,
        f"Terms by article part — {scope.describe()}",
        "months",
        ("article", "part", "kind", "persons", "median", "q1", "q3"),
        rows,
        (
            "terms in months of the main punishment of persons sentenced; suspended = "
            "imprisonment suspended under art. 73 (the term, not the probation)",
            "quartiles by linear interpolation between order statistics",
            PRINCIPAL_NOTE,
        ),
    )


def headline(engine: Engine, scope: Scope) -> dict[str, Any]:
    """The few numbers a page leads with, each with its own unit in its key."""
    ready = _ready(engine)
    out: dict[str, Any] = {
        "cases_received": 0,
        "decisions": 0,
        "persons": 0,
        "persons_sentenced": 0,
        "share_suspended": None,
        "share_below_minimum": None,
        "median_days_to_decision": None,
        "as_of": ready.as_of,
        "provisional_from": provisional_from(ready.as_of),
        "scope": scope.describe(),
    }
    if not ready.has_data:
        return out
    with engine.connect() as conn:
        for measure, key in (("received", "cases_received"), ("decisions", "decisions")):
            counted, day, _ = _measure(measure)
            out[key] = conn.execute(
                select(func.count()).where(counted, *_filters(scope, day))
            ).scalar_one()
        sentenced = P.c.outcome == "convicted"
        row = conn.execute(
            select(
                func.count(),
                func.count().filter(sentenced),
                func.count().filter(sentenced, P.c.suspended.is_not(None)),
                func.count().filter(sentenced, P.c.suspended == true()),
                func.count().filter(sentenced, P.c.below_minimum.is_not(None)),
                func.count().filter(sentenced, P.c.below_minimum == true()),
            ).where(*_decided_persons(scope))
        ).one()
        out["persons"], out["persons_sentenced"] = int(row[0]), int(row[1])
        out["share_suspended"] = _share(row[3], row[2])
        out["share_below_minimum"] = _share(row[5], row[4])
        counted, day, _ = _measure("decisions")
        days: dict[int, int] = dict(
            conn.execute(  # type: ignore[arg-type]
                select(P.c.days_to_decision, func.count())
                .where(counted, P.c.days_to_decision.is_not(None), *_filters(scope, day))
                .group_by(P.c.days_to_decision)
            ).all()
        )
    out["median_days_to_decision"] = quantiles(days, (0.5,))[0]
    return out
