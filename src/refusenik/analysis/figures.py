"""The analysis' public face: every figure the web, the reports and the evidence packs show.

Three measures are never summed into one another, and every table says which it counts:
- `received`: cases, by the day the court received them;
- `decisions`: cases, by the day of the decision (any decision: a verdict, a dismissal, a
  return to the prosecutor, a transfer to another court);
- `persons`: defendants of decided cases, by the day of the decision (a case with two
  defendants is one case received and two persons).

A case (and a person) is counted under one principal article (see `analysis.sentencing`),
so rows split by article add up to the total. Figures read the derived tables `refresh`
builds (a row per defendant and its roll-up, see `analysis.cells`); a small store that
moved on since is rebuilt on first read, a large one is answered from the last rebuild
with a note saying so.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, Literal, cast

from sqlalchemy import Engine

from refusenik.analysis import cells
from refusenik.analysis.scope import Scope
from refusenik.analysis.state import StoreState, store_state
from refusenik.analysis.table import Table

__all__ = [
    "MEASURES",
    "SPLITS",
    "Measure",
    "Scope",
    "Split",
    "Table",
    "before_after",
    "below_minimum",
    "headline",
    "law_changes",
    "official_distribution",
    "outcomes",
    "provisional_from",
    "reconcile",
    "sentence_kinds",
    "series",
    "terms",
    "time_to_decision",
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
PRINCIPAL_NOTE = (
    "each case and person is counted under one principal article (the charge with the "
    "most severe sanction), so rows by article add up to the total"
)
_SPLIT_DIMS: dict[str, tuple[str, ...]] = {
    "group": ("grp",),
    "article": ("article",),
    "part": ("article", "part"),
    "court": ("court",),
    "region": ("region",),
    "district": ("district",),
    "outcome": ("outcome",),
    "kind": ("kind",),
}


def provisional_from(as_of: date | None) -> date | None:
    """First day of the first provisional month: the as-of month and the two before it."""
    if as_of is None:
        return None
    index = as_of.year * 12 + as_of.month - 1 - (PROVISIONAL_MONTHS - 1)
    return date(index // 12, index % 12 + 1, 1)


def _provisional_note(ready: StoreState) -> tuple[str, ...]:
    start = provisional_from(ready.as_of)
    if start is None:
        return ()
    return (
        f"months from {start:%Y-%m} on are provisional: courts publish late, and the crawl "
        f"behind these figures ran on {ready.as_of}",
    )


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
    ready = store_state(engine)
    extra = _SPLIT_DIMS[split] if split else ()
    counts: dict[tuple[date, Any], int] = defaultdict(int)
    if ready.has_data:
        with engine.connect() as conn:
            found = cells.counts(conn, measure, scope, ("month", *extra))
        for key, n in found.items():
            counts[(_period(key[0], by), _split_value(split, key[1:]))] += n
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
    ready: StoreState,
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


def _counts(
    engine: Engine, ready: StoreState, measure: str, scope: Scope, by: Sequence[str]
) -> dict[tuple[Any, ...], int]:
    if not ready.has_data:
        return {}
    with engine.connect() as conn:
        return cells.counts(conn, measure, scope, by)


def outcomes(engine: Engine, scope: Scope) -> Table:
    """How the cases of decided defendants ended: persons per outcome and their share."""
    from refusenik.analysis.sentencing import OUTCOMES

    ready = store_state(engine)
    found = {k[0]: n for k, n in _counts(engine, ready, "persons", scope, ("outcome",)).items()}
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
    ready = store_state(engine)
    found = {
        k[0]: n for k, n in _counts(engine, ready, "sentenced", scope, ("punishment",)).items()
    }
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
    ready = store_state(engine)
    by = ("article", "part", "punishment", "term_months")
    dist: dict[tuple[Any, Any, Any], dict[int, int]] = defaultdict(dict)
    for (article, part, kind, term), n in _counts(engine, ready, "sentenced", scope, by).items():
        if term is not None:
            dist[(article, part, kind)][int(term)] = n
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
    """The few numbers a page leads with, each with its own unit in its key.

    Shares are of the persons sentenced whose punishment was read (and, for the minimum,
    could be checked); the median days to decision counts days in weekly bands (±3 days).
    """
    ready = store_state(engine)
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
        for measure, key in (
            ("received", "cases_received"),
            ("decisions", "decisions"),
            ("persons", "persons"),
            ("sentenced", "persons_sentenced"),
        ):
            out[key] = sum(cells.counts(conn, measure, scope, ()).values())
        flags = cells.counts(conn, "sentenced", scope, ("suspended", "below_minimum"))
        days = {
            k[0] + cells.DAYS_BAND // 2: n
            for k, n in cells.counts(conn, "days", scope, ("days",)).items()
        }
    suspended = {True: 0, False: 0}
    below = {True: 0, False: 0}
    for (s_flag, b_flag), n in flags.items():
        if s_flag is not None:
            suspended[bool(s_flag)] += n
        if b_flag is not None:
            below[bool(b_flag)] += n
    out["share_suspended"] = _share(suspended[True], suspended[True] + suspended[False])
    out["share_below_minimum"] = _share(below[True], below[True] + below[False])
    out["median_days_to_decision"] = quantiles(days, (0.5,))[0]
    return out


# --- below the minimum, time to decision ---------------------------------------------------


def below_minimum(engine: Engine, scope: Scope) -> Table:
    """Per article part: persons sentenced, how many below the statutory minimum (art. 64)."""
    ready = store_state(engine)
    by = ("article", "part", "below_minimum")
    found: dict[tuple[Any, Any], list[int]] = defaultdict(lambda: [0, 0])
    for (article, part, below), n in _counts(engine, ready, "sentenced", scope, by).items():
        if below is None:
            continue
        found[(article, part)][0] += n
        if below:
            found[(article, part)][1] += n
    rows = [
        (a, p, n, b, _share(b, n))
        for (a, p), (n, b) in sorted(found.items(), key=lambda kv: tuple(map(str, kv[0])))
    ]
    return _table(
        ready,
        f"Sentences below the statutory minimum — {scope.describe()}",
        "persons sentenced",
        ("article", "part", "persons", "below_minimum", "share"),
        rows,
        (
            "below the minimum: a kind milder than any the sanction lists, or a term under its "
            "lower limit (art. 64 УК РФ); suspended sentences count as imprisonment",
            "the sanction is the one in force on the offence date; cards do not give that date, "
            "so the day the court received the case stands in for it",
            "persons = sentenced persons whose punishment was read and could be checked",
        ),
    )


def time_to_decision(engine: Engine, scope: Scope) -> Table:
    """Per year of decision: cases decided, median and quartiles of days from receipt."""
    ready = store_state(engine)
    dist: dict[int, dict[int, int]] = defaultdict(dict)
    for (m, band), n in _counts(engine, ready, "days", scope, ("month", "days")).items():
        year, days = int(m[:4]), int(band) + cells.DAYS_BAND // 2
        dist[year][days] = dist[year].get(days, 0) + n
    rows = []
    for year in sorted(dist):
        q1, median, q3 = quantiles(dist[year], (0.25, 0.5, 0.75))
        rows.append((year, sum(dist[year].values()), median, q1, q3))
    return _table(
        ready,
        f"Days from receipt to decision — {scope.describe()}",
        "days",
        ("year", "cases", "median", "q1", "q3"),
        rows,
        (
            "cases decided in the year; days from the day the court received the case to its "
            "decision (any kind)",
            "days are counted in weekly bands, each at its middle day (0–6 days as 3): medians "
            "and quartiles are exact to ±3 days",
            "quartiles by linear interpolation between order statistics",
        ),
    )


# --- before and after each change in the law -----------------------------------------------


def before_after(engine: Engine, scope: Scope, measure: Measure) -> Table:
    """The measure in each period between law changes (mobilization first), with the days of
    data in the period and a rate per 30 days, so periods of different length compare."""
    from refusenik.law.vocab import LAW_CHANGES

    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; measures: {', '.join(MEASURES)}")
    ready = store_state(engine)
    changes = sorted(LAW_CHANGES, key=lambda c: c.in_force)
    labels = dict(law_changes())
    bounds: list[tuple[str, date | None, date | None]] = []
    start: date | None = None
    name = f"before {labels[changes[0].in_force]}"
    for change in changes:
        bounds.append((name, start, _day_before(change.in_force)))
        start, name = change.in_force, f"from {labels[change.in_force]}"
    bounds.append((name, start, None))
    rows: list[tuple[Any, ...]] = []
    if ready.has_data:
        with engine.connect() as conn:
            first, last = cells.day_range(conn, measure, scope)
            if ready.as_of and last and ready.as_of > last:
                last = ready.as_of
            for name, lo, hi in bounds:
                a = _latest(lo, scope.since)
                b = _earliest(hi, scope.until)
                n = 0
                if a is None or b is None or a <= b:
                    inner = replace(scope, since=a, until=b)
                    n = sum(cells.counts(conn, measure, inner, ()).values())
                a_data, b_data = _latest(a, first), _earliest(b, last)
                days = (b_data - a_data).days + 1 if a_data and b_data and b_data >= a_data else 0
                rate = round(n / days * 30, 2) if days else None
                rows.append((name, lo, hi, days, n, rate))
    return _table(
        ready,
        f"{UNITS[measure].capitalize()} before and after each change in the law — "
        f"{scope.describe()}",
        UNITS[measure],
        ("period", "from", "until", "days", "count", "per_30_days"),
        rows,
        (
            MEASURE_NOTES[measure],
            "days = days of the period inside the data (first record to the crawl's as-of "
            "date); per_30_days = count / days × 30",
            *_law_notes(None, None),
        ),
    )


def _latest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _day_before(day: date | None) -> date | None:
    from datetime import timedelta

    return None if day is None else day - timedelta(days=1)


# Official statistics beside the crawl: their own module, part of this public face (a court
# in words is `analysis.court_text.court_paragraph`, which reads these figures).
from refusenik.analysis.official_compare import official_distribution, reconcile  # noqa: E402
