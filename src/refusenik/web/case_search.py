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
from typing import Any

from sqlalchemy import Engine, and_, exists, func, or_, select, true

from refusenik.analysis.cases import plain
from refusenik.analysis.scope import KEYS as SCOPE_KEYS
from refusenik.analysis.scope import Scope
from refusenik.errors import UserInputError
from refusenik.store.analysis_tables import PERSONS as P
from refusenik.store.case_tables import CASES, FLAGS, PUNISHMENTS

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


def _conditions(flt: CaseFilter) -> list[Any]:
    where = _scope_conditions(flt.scope)
    if flt.outcome or flt.punishment:
        cond = [PUNISHMENTS.c.case_id == CASES.c.id]
        if flt.outcome:
            cond.append(PUNISHMENTS.c.outcome == flt.outcome)
        if flt.punishment:
            cond.append(PUNISHMENTS.c.kind == flt.punishment)
        where.append(exists().where(and_(*cond)))
    if flt.q:
        like = f"%{flt.q}%"
        where.append(or_(CASES.c.number.like(like), CASES.c.uid.like(like)))
    return where


def _joined(*columns: Any) -> Any:
    return select(*columns).select_from(CASES.join(P, P.c.case_id == CASES.c.id))


@dataclass(frozen=True)
class CaseResults:
    """One page of a case search and how many cases match in all."""

    total: int
    page: int
    per_page: int
    items: list[dict[str, Any]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _flags(engine: Engine, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    with engine.connect() as conn:
        query = select(FLAGS.c.case_id, FLAGS.c.flag).where(
            FLAGS.c.case_id.in_(ids), FLAGS.c.until.is_(None)
        )
        for row in conn.execute(query):
            out.setdefault(row.case_id, []).append(row.flag)
    return out


def _row(r: Mapping[str, Any], flags: list[str]) -> dict[str, Any]:
    return {
        "id": r["id"],
        "court": r["court"],
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


def search_cases(engine: Engine, flt: CaseFilter) -> CaseResults:
    """One page of matching cases, newest received first, with their open flags."""
    where = _conditions(flt)
    with engine.connect() as conn:
        if flt.outcome or flt.punishment or flt.q:
            total = conn.execute(_joined(func.count()).where(*where)).scalar_one()
        else:  # the scope alone: the derived table counts it without the join
            counted = select(func.count()).select_from(P).where(*where)
            total = conn.execute(counted).scalar_one()
        query = (
            _joined(CASES)
            .where(*where)
            .order_by(P.c.received.desc(), P.c.case_id.desc())
            .limit(flt.per_page)
            .offset((flt.page - 1) * flt.per_page)
        )
        rows = [dict(r) for r in conn.execute(query).mappings()]
    flags = _flags(engine, [r["id"] for r in rows])
    items = [_row(r, flags.get(r["id"], [])) for r in rows]
    return CaseResults(total=total, page=flt.page, per_page=flt.per_page, items=items)


def recent_cases(
    engine: Engine, flt: CaseFilter, *, order: str = "first_seen", limit: int = 50
) -> list[dict[str, Any]]:
    """The cases newest by first sighting (or by decision date), for feeds and court pages."""
    where = _conditions(flt)
    column = CASES.c.decided if order == "decided" else CASES.c.first_seen
    if order == "decided":
        where.append(CASES.c.decided.is_not(None))
    query = _joined(CASES).where(*where).order_by(column.desc(), CASES.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    flags = _flags(engine, [r["id"] for r in rows])
    return [_row(r, flags.get(r["id"], [])) for r in rows]
