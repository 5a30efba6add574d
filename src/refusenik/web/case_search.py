"""Searching the watched cases for the web: the analysis' scope plus outcome, punishment
and a number/УИД search, newest received first, a page at a time.

The scope (courts, kind, district, region, article, part, group, since, until) is the
analysis' own `Scope`, and it selects cases through the analysis' derived table (one row
per case counts it, under its principal article), so the cases a list shows for a URL are
exactly the "cases received" the dashboard counts for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine, and_, exists, func, or_, select, true

from refusenik.analysis.cases import case_rows
from refusenik.analysis.scope import KEYS as SCOPE_KEYS
from refusenik.analysis.scope import Scope
from refusenik.errors import UserInputError
from refusenik.store.analysis_tables import PERSONS as P
from refusenik.store.case_tables import CASES, PUNISHMENTS

MAX_PER_PAGE = 200
PER_PAGE = 50
EXTRA_KEYS = ("outcome", "punishment", "q", "page", "per_page")


@dataclass(frozen=True)
class CaseFilter:
    """What a case list asks for: a scope and the list's own filters; None means "any"."""

    scope: Scope = field(default_factory=Scope)
    outcome: str | None = None
    punishment: str | None = None
    q: str | None = None
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> CaseFilter:
        """Parse URL parameters; a bad one is a UserInputError naming the key and value."""
        from refusenik.law import Outcome, PunishmentKind

        given = {k: v.strip() for k, v in query.items() if v is not None and v.strip()}
        scope = Scope.from_query(
            {k: v for k, v in given.items() if k in SCOPE_KEYS or k == "court"}
        )
        values: dict[str, Any] = {}
        if "outcome" in given:
            values["outcome"] = _one_of("outcome", given["outcome"], [o.value for o in Outcome])
        if "punishment" in given:
            kinds = [k.value for k in PunishmentKind]
            values["punishment"] = _one_of("punishment", given["punishment"], kinds)
        if "q" in given:
            values["q"] = given["q"][:120]
        for key, limit in (("page", 10**6), ("per_page", MAX_PER_PAGE)):
            if key in given:
                text = given[key]
                number = int(text) if text.isdigit() else 0
                if not 1 <= number <= limit:
                    raise UserInputError(f"{key}: expected a whole number 1–{limit}, got {text!r}")
                values[key] = number
        return cls(scope=scope, **values)

    def to_query(self) -> dict[str, str]:
        """The set fields as URL parameters (round-trips through `from_query`)."""
        out = self.scope.to_query()
        for key in ("outcome", "punishment", "q"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.page != 1:
            out["page"] = str(self.page)
        if self.per_page != PER_PAGE:
            out["per_page"] = str(self.per_page)
        return out

    def scope_query(self) -> dict[str, str]:
        """Only the scope: what a chart of the same cases is asked."""
        return self.scope.to_query()

    def at_page(self, page: int) -> CaseFilter:
        return replace(self, page=page)


def _one_of(key: str, value: str, allowed: list[str]) -> str:
    if value not in allowed:
        raise UserInputError(f"{key}: unknown value {value!r}; one of: {', '.join(allowed)}")
    return value


def ready(engine: Engine) -> bool:
    """Whether the store has cases; builds the analysis' derived table when it must (the
    same rule the figures follow, so a list and a chart read the same rows)."""
    from refusenik.analysis import figures

    return bool(figures.store_state(engine).has_data)


def _scope_conditions(scope: Scope) -> list[Any]:
    """The analysis' scope over its derived table: the one row that counts each case."""
    where: list[Any] = [P.c.counts_case == true()]
    if scope.courts:
        where.append(P.c.court.in_(scope.courts))
    for value, column in (
        (scope.kind, P.c.kind),
        (scope.district, P.c.district),
        (scope.region, P.c.region),
        (scope.article, P.c.article),
        (scope.part, P.c.part),
        (scope.group, P.c.grp),
    ):
        if value is not None:
            where.append(column == value)
    if scope.since is not None:
        where.append(P.c.received >= scope.since)
    if scope.until is not None:
        where.append(P.c.received <= scope.until)
    return where


def _filters(flt: CaseFilter, case_id: Any) -> list[Any]:
    """The list's own filters (outcome, punishment, number/УИД) on the case `case_id`."""
    out: list[Any] = []
    if flt.outcome or flt.punishment:
        punished = [PUNISHMENTS.c.case_id == case_id]
        if flt.outcome:
            punished.append(PUNISHMENTS.c.outcome == flt.outcome)
        if flt.punishment:
            punished.append(PUNISHMENTS.c.kind == flt.punishment)
        out.append(exists().where(*punished))
    if flt.q:
        like = f"%{flt.q}%"
        out.append(or_(CASES.c.number.like(like), CASES.c.uid.like(like)))
    return out


def _candidates(flt: CaseFilter) -> Any | None:
    """The ids of the cases the list's own filters allow, as a subquery (None: no filter)."""
    if not (flt.outcome or flt.punishment or flt.q):
        return None
    if flt.q:  # read through the (number, uid) index, the smallest that holds both
        return select(CASES.c.id).where(*_filters(flt, CASES.c.id))
    punished = select(PUNISHMENTS.c.case_id).where(PUNISHMENTS.c.case_id.is_not(None))
    if flt.outcome:
        punished = punished.where(PUNISHMENTS.c.outcome == flt.outcome)
    if flt.punishment:
        punished = punished.where(PUNISHMENTS.c.kind == flt.punishment)
    return punished


def _conditions(flt: CaseFilter, *, driven: bool = False) -> list[Any]:
    """The list's conditions over the derived table. Its own filters are asked of each row
    (a correlated lookup by case id), or with `driven` as the set of allowed case ids (when
    that set is small enough to read the rows from)."""
    where = _scope_conditions(flt.scope)
    allowed = _candidates(flt)
    if allowed is None:
        return where
    if driven:
        where.append(P.c.case_id.in_(allowed))
    elif flt.q:
        inner = select(CASES.c.id).where(CASES.c.id == P.c.case_id, *_filters(flt, CASES.c.id))
        where.append(exists(inner))
    else:
        where += _filters(flt, P.c.case_id)
    return where


def _joined(*columns: Any) -> Any:
    return select(*columns).select_from(CASES.join(P, P.c.case_id == CASES.c.id))


def _count(engine: Engine, query: Any, limit: int) -> int:
    """Rows of `query`, counted up to `limit` + 1 (so a count past `limit` stops early)."""
    inner = query.limit(limit + 1).subquery()
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


def _hinted(query: Any, index: str | None) -> Any:
    """`query` made to read the derived table through `index` on SQLite (whose planner
    does not know how the scope and the filters overlap; PostgreSQL's does its own)."""
    if index is None:
        return query
    return query.with_hint(P, f"INDEXED BY {index}", dialect_name="sqlite")


def _cases_in_order(engine: Engine, ids: list[int]) -> list[dict[str, Any]]:
    """The `cases` rows of `ids`, in that order."""
    if not ids:
        return []
    with engine.connect() as conn:
        found = {
            r["id"]: dict(r)
            for r in conn.execute(select(CASES).where(CASES.c.id.in_(ids))).mappings()
        }
    return [found[i] for i in ids if i in found]


# A search with its own filters (outcome, punishment, number) over many cases is counted
# up to this many matches: past it, the total says "more than" instead of reading them all.
COUNT_LIMIT = 10_000
# Up to this many cases (in a scope, or allowed by the filters) are read through their own
# index and sorted; past it the list walks the listing index in order.
FEW = 20_000
IDS = 2_000  # … and up to this many allowed by the filters are asked for by their ids
MANY = 100_000
LISTING = "ix_analysis_persons_listing"
WALK = 1_000  # cases read per step down `cases.first_seen` (the new-cases feed)


@dataclass(frozen=True)
class CaseResults:
    """One page of a case search and how many cases match in all: exactly, or when
    `exact` is False at least `total` (a search counted only up to `COUNT_LIMIT`)."""

    total: int
    page: int
    per_page: int
    items: list[dict[str, Any]]
    exact: bool = True

    @property
    def pages(self) -> int:
        """The last page (of the cases counted, when the count is a lower bound)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages or (not self.exact and len(self.items) == self.per_page)

    @property
    def total_text(self) -> str:
        """The total as a page prints it: "1234 cases", or "more than 10000 cases"."""
        return f"{self.total} cases" if self.exact else f"more than {self.total} cases"


def _scope_total(engine: Engine, scope: Scope) -> int:
    """Cases in a scope, exactly: the roll-up's "cases received" (the same rows the list
    reads, counted when the derived tables were built), kept until the store changes."""
    from refusenik.analysis import cells
    from refusenik.web.cache import cached, content_key

    def compute() -> int:
        with engine.connect() as conn:
            return sum(cells.counts(conn, "received", scope, ()).values())

    key = (*content_key(engine), "case-total", tuple(sorted(scope.to_query().items())))
    total: int = cached(key, compute)
    return total


def search_cases(engine: Engine, flt: CaseFilter) -> CaseResults:
    """One page of matching cases, newest received first, with their open flags.

    Which way the derived table is read depends on how many cases the scope and the
    filters leave (the scope's count comes from the roll-up): few cases in the scope, or
    few allowed by the filters — those rows are read through their own index, sorted and
    counted in the same query; many of both — the listing index (counts_case, received,
    case_id) is walked in order, and a search's total is then counted only up to
    `COUNT_LIMIT`. The page is found on the derived table alone and only its cases are
    read from `cases`."""
    in_scope = _scope_total(engine, flt.scope)
    allowed = _candidates(flt)
    if allowed is None:
        if in_scope <= FEW:
            return _counted_page(engine, flt, _conditions(flt), None)
        ids = _page_ids(engine, flt, _conditions(flt), LISTING)
        return _results(engine, flt, ids, in_scope, exact=True)
    if in_scope <= FEW:
        return _counted_page(engine, flt, _conditions(flt), None)
    with engine.connect() as conn:  # the filters' cases, if few: read once, then asked by id
        few = list(conn.execute(allowed.limit(IDS + 1)).scalars())
    if len(few) <= IDS:
        where = [*_scope_conditions(flt.scope), P.c.case_id.in_(sorted(set(few)))]
        return _counted_page(engine, flt, where, "ix_analysis_persons_case_id")
    if _count(engine, allowed, MANY) <= MANY:
        where = _conditions(flt, driven=True)
        return _counted_page(engine, flt, where, "ix_analysis_persons_case_id")
    where = _conditions(flt)
    total = _count(engine, _hinted(select(P.c.case_id).where(*where), LISTING), COUNT_LIMIT)
    ids = _page_ids(engine, flt, where, LISTING)
    return _results(engine, flt, ids, min(total, COUNT_LIMIT), exact=total <= COUNT_LIMIT)


def _ordered(flt: CaseFilter, where: list[Any], *columns: Any) -> Any:
    return (
        select(P.c.case_id, *columns)
        .where(*where)
        .order_by(P.c.received.desc(), P.c.case_id.desc())
        .limit(flt.per_page)
        .offset((flt.page - 1) * flt.per_page)
    )


def _page_ids(engine: Engine, flt: CaseFilter, where: list[Any], index: str | None) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(_hinted(_ordered(flt, where), index)).scalars())


def _counted_page(
    engine: Engine, flt: CaseFilter, where: list[Any], index: str | None
) -> CaseResults:
    """A page of few matching rows and their exact count. SQLite reads the rows once, in
    one query with a window count; PostgreSQL plans a count (hashed) and a page (walked in
    order) better apart than together."""
    if engine.dialect.name != "sqlite":
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(P).where(*where)).scalar_one()
            if total > FEW:
                ids = _page_ids(engine, flt, where, index)
            else:  # sorted here: the planner would walk the whole date index to find them
                found = list(conn.execute(select(P.c.case_id, P.c.received).where(*where)))
                # newest first, a case with no date first (PostgreSQL's DESC), then the id
                found.sort(key=lambda r: (r[1] is None, r[1] or date.min, r[0]), reverse=True)
                start = (flt.page - 1) * flt.per_page
                ids = [r[0] for r in found[start : start + flt.per_page]]
        return _results(engine, flt, ids, total, exact=True)
    query = _hinted(_ordered(flt, where, func.count().over().label("total")), index)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    if rows:
        total = int(rows[0].total)
    else:  # past the last page: count on its own
        total = _count(engine, _hinted(select(P.c.case_id).where(*where), index), MANY)
    return _results(engine, flt, [r.case_id for r in rows], total, exact=True)


def _results(
    engine: Engine, flt: CaseFilter, ids: list[int], total: int, *, exact: bool
) -> CaseResults:
    items = case_rows(engine, _cases_in_order(engine, ids))
    return CaseResults(total=total, page=flt.page, per_page=flt.per_page, items=items, exact=exact)


def recent_cases(
    engine: Engine, flt: CaseFilter, *, order: str = "first_seen", limit: int = 50
) -> list[dict[str, Any]]:
    """The cases newest by first sighting (or by decision date), for feeds and court pages.

    A scope of few cases is read through its own index and sorted. Otherwise, by
    decision: down the derived table's decisions index (counts_case, decided, case_id) —
    a case's derived row holds the case's decision day whenever the case has one; by first
    sighting: down `cases.first_seen` a stretch at a time, keeping the cases in scope."""
    where = _conditions(flt)
    few = _candidates(flt) is None and _scope_total(engine, flt.scope) <= FEW
    if order == "decided":
        where += [CASES.c.decided.is_not(None), P.c.decided.is_not(None)]
        query = _joined(P.c.case_id).where(*where).order_by(P.c.decided.desc(), P.c.case_id.desc())
        query = _hinted(query.limit(limit), None if few else "ix_analysis_persons_decisions")
        with engine.connect() as conn:
            ids = list(conn.execute(query).scalars())
    elif few:
        query = (
            _joined(P.c.case_id)
            .where(*where)
            .order_by(CASES.c.first_seen.desc(), CASES.c.id.desc())
        )
        with engine.connect() as conn:
            ids = list(conn.execute(query.limit(limit)).scalars())
    else:
        ids = _walk_first_seen(engine, where, limit)
    return case_rows(engine, _cases_in_order(engine, ids))


def _walk_first_seen(engine: Engine, where: list[Any], limit: int) -> list[int]:
    """Down `cases` by first sighting, `WALK` cases at a time, the ids of the first `limit`
    whose derived row is in `where`."""
    found: list[int] = []
    after: tuple[Any, int] | None = None
    with engine.connect() as conn:
        while len(found) < limit:
            step = select(CASES.c.id, CASES.c.first_seen).order_by(
                CASES.c.first_seen.desc(), CASES.c.id.desc()
            )
            if after is not None:
                seen, last = after
                step = step.where(
                    or_(
                        CASES.c.first_seen < seen,
                        and_(CASES.c.first_seen == seen, CASES.c.id < last),
                    )
                )
            stretch = conn.execute(step.limit(WALK)).all()
            if not stretch:
                break
            kept = set(
                conn.execute(
                    select(P.c.case_id).where(*where, P.c.case_id.in_([r.id for r in stretch]))
                ).scalars()
            )
            found += [r.id for r in stretch if r.id in kept]
            after = (stretch[-1].first_seen, stretch[-1].id)
    return found[:limit]
