"""Searching the watched cases for the web: the scope's filters plus outcome, punishment
and a number/УИД search, newest first, a page at a time.

The scope keys (court, kind, district, region, article, part, group, since, until) mean
what they mean on the dashboard, so a case list and a chart of the same URL count the
same cases. Court kind, region and military district come from the court registry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine, and_, exists, func, or_, select

from refusenik.analysis.cases import plain
from refusenik.errors import UserInputError
from refusenik.store.case_tables import ARTICLES, CASES, FLAGS, PUNISHMENTS

ARTICLE_RE = re.compile(r"\d{1,3}(\.\d{1,2})?")
PART_RE = re.compile(r"\d{1,2}(\.\d{1,2})?")
COURT_RE = re.compile(r"[0-9A-Za-z]{4,12}")
MAX_PER_PAGE = 200
SCOPE_KEYS = ("court", "kind", "district", "region", "article", "part", "group", "since", "until")
EXTRA_KEYS = ("outcome", "punishment", "q", "page", "per_page")


@dataclass(frozen=True)
class CaseFilter:
    """What a case list asks for; None (or empty) means "any"."""

    courts: tuple[str, ...] = ()
    kind: str | None = None
    district: str | None = None
    region: str | None = None
    article: str | None = None
    part: str | None = None
    group: str | None = None
    since: date | None = None
    until: date | None = None
    outcome: str | None = None
    punishment: str | None = None
    q: str | None = None
    page: int = 1
    per_page: int = 50
    _extra: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> CaseFilter:
        """Parse URL parameters; a bad one is a UserInputError naming the key and value."""
        from refusenik.law import Outcome, PunishmentKind, RefusalGroup

        values: dict[str, Any] = {}
        for key, raw in query.items():
            text = raw.strip()
            if not text:
                continue
            if key == "court":
                codes = tuple(c.strip() for c in text.split(",") if c.strip())
                for code in codes:
                    if not COURT_RE.fullmatch(code):
                        raise UserInputError(f"court: not a court code: {code!r} (e.g. 63GV0006)")
                values["courts"] = codes
            elif key in ("kind", "district", "region"):
                values[key] = text
            elif key == "article":
                value = text.removeprefix("ст.").strip()
                if not ARTICLE_RE.fullmatch(value):
                    raise UserInputError(f"article: expected e.g. 337 or 352.1, got {raw!r}")
                values["article"] = value
            elif key == "part":
                if not PART_RE.fullmatch(text):
                    raise UserInputError(f"part: expected e.g. 5 or 2.1, got {raw!r}")
                values["part"] = text
            elif key == "group":
                _one_of(key, text, [g.value for g in RefusalGroup])
                values["group"] = text
            elif key in ("since", "until"):
                try:
                    values[key] = date.fromisoformat(text)
                except ValueError:
                    raise UserInputError(
                        f"{key}: expected a date like 2022-09-01, got {raw!r}"
                    ) from None
            elif key == "outcome":
                _one_of(key, text, [o.value for o in Outcome])
                values["outcome"] = text
            elif key == "punishment":
                _one_of(key, text, [k.value for k in PunishmentKind])
                values["punishment"] = text
            elif key == "q":
                values["q"] = text[:120]
            elif key in ("page", "per_page"):
                number = int(text) if text.isdigit() else 0
                limit = MAX_PER_PAGE if key == "per_page" else 10**6
                if not 1 <= number <= limit:
                    raise UserInputError(f"{key}: expected a whole number 1–{limit}, got {raw!r}")
                values[key] = number
        if values.get("kind"):
            from refusenik.courts import check_kind

            check_kind(values["kind"])
        if values.get("since") and values.get("until") and values["since"] > values["until"]:
            raise UserInputError("since is after until")
        return cls(**values)

    def to_query(self) -> dict[str, str]:
        """The set fields as URL parameters (round-trips through `from_query`)."""
        out: dict[str, str] = {}
        for f in fields(self):
            if f.name.startswith("_"):
                continue
            value = getattr(self, f.name)
            if f.name == "courts":
                if value:
                    out["court"] = ",".join(value)
            elif (f.name == "page" and value == 1) or (f.name == "per_page" and value == 50):
                continue
            elif value is not None:
                out[f.name] = value.isoformat() if isinstance(value, date) else str(value)
        return out

    def scope_query(self) -> dict[str, str]:
        """Only the scope keys: what a chart of the same cases is asked."""
        return {k: v for k, v in self.to_query().items() if k in SCOPE_KEYS}

    def at_page(self, page: int) -> CaseFilter:
        return replace(self, page=page)


def _one_of(key: str, value: str, allowed: list[str]) -> None:
    if value not in allowed:
        raise UserInputError(f"{key}: unknown value {value!r}; one of: {', '.join(allowed)}")


def registry_courts(flt: CaseFilter) -> list[str] | None:
    """The court codes kind / district / region select in the registry (None: no such filter)."""
    if not (flt.kind or flt.district or flt.region):
        return None
    from refusenik.courts import all_courts

    return [
        c.code
        for c in all_courts()
        if (not flt.kind or c.kind == flt.kind)
        and (not flt.district or c.military_district == flt.district)
        and (not flt.region or c.region == flt.region or c.region_code == flt.region)
    ]


def group_articles(group: str) -> list[str]:
    """The article numbers of one refusal group, from the law model."""
    from refusenik.law import articles

    return [a.number for a in articles() if a.group is not None and a.group.value == group]


def _conditions(flt: CaseFilter) -> list[Any]:
    where: list[Any] = []
    if flt.courts:
        where.append(CASES.c.court.in_(flt.courts))
    chosen = registry_courts(flt)
    if chosen is not None:
        where.append(CASES.c.court.in_(chosen))
    if flt.article or flt.part or flt.group:
        cond = [ARTICLES.c.case_id == CASES.c.id, ARTICLES.c.current.is_(True)]
        if flt.article:
            cond.append(ARTICLES.c.article == flt.article)
        if flt.part:
            cond.append(ARTICLES.c.part == flt.part)
        if flt.group:
            cond.append(ARTICLES.c.article.in_(group_articles(flt.group)))
        where.append(exists().where(and_(*cond)))
    if flt.since:
        where.append(CASES.c.received >= flt.since)
    if flt.until:
        where.append(CASES.c.received <= flt.until)
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
        total = conn.execute(select(func.count()).select_from(CASES).where(*where)).scalar_one()
        query = (
            select(CASES)
            .where(*where)
            .order_by(CASES.c.received.desc(), CASES.c.id.desc())
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
    query = select(CASES).where(*where).order_by(column.desc(), CASES.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    flags = _flags(engine, [r["id"] for r in rows])
    return [_row(r, flags.get(r["id"], [])) for r in rows]
