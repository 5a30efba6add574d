"""Reading the public tables out of the store, for a scope (courts, article, part, dates).

Every query names its columns (those of `refusenik.publish.tables`), never `SELECT *`.
Rows stream from the database in batches, so an export of a large store keeps memory flat.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, exists, inspect, or_, select

from refusenik.analysis.cases import plain
from refusenik.publish import tables as T

BATCH = 5000


@dataclass(frozen=True)
class ExportScope:
    """Which cases an export holds; empty fields mean everything."""

    courts: tuple[str, ...] = ()
    article: str | None = None
    part: str | None = None
    since: date | None = None
    until: date | None = None
    # Official figures of every article of the Code, not only 328 and Chapter 33.
    all_official: bool = False

    def describe(self) -> str:
        bits = []
        if self.courts:
            bits.append("courts " + ", ".join(self.courts))
        if self.article:
            bits.append(f"art. {self.article}" + (f" part {self.part}" if self.part else ""))
        if self.since or self.until:
            start = self.since.isoformat() if self.since else "…"
            end = self.until.isoformat() if self.until else "…"
            bits.append(f"received {start} – {end}")
        return "; ".join(bits) or "everything in the store"

    def to_dict(self) -> dict[str, Any]:
        return {
            "courts": list(self.courts),
            "article": self.article,
            "part": self.part,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "official_statistics": "all articles" if self.all_official else "328 and Chapter 33",
        }


def _case_ids(scope: ExportScope) -> Select[Any]:
    """The ids of the cases in scope (a subquery for the tables that hang off a case)."""
    from refusenik.store.case_tables import ARTICLES, CASES

    query = select(CASES.c.id)
    if scope.courts:
        query = query.where(CASES.c.court.in_(scope.courts))
    if scope.article:
        charged = [ARTICLES.c.case_id == CASES.c.id, ARTICLES.c.article == scope.article]
        if scope.part:
            charged.append(ARTICLES.c.part == scope.part)
        query = query.where(exists().where(and_(*charged)))
    if scope.since:
        query = query.where(CASES.c.received >= scope.since)
    if scope.until:
        query = query.where(CASES.c.received <= scope.until)
    return query


def _stream(engine: Engine, query: Select[Any]) -> Iterator[tuple[Any, ...]]:
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
        for row in result:
            yield tuple(plain(v) for v in row)


# Rows in the order of their natural keys, so the same store exports the same bytes on
# SQLite and on PostgreSQL (internal row ids differ between the two).
ORDER = {
    "cases": ("id",),
    "defendants": ("case_id", "position"),
    "articles": ("case_id", "article", "part"),
    "acts": ("case_id", "url", "id"),
    "punishments": ("case_id", "record_id", "position"),
    "events": ("case_id", "position"),
    "appeals": ("case_id", "position"),
    "flags": ("case_id", "flag", "since", "id"),
    "history": ("case_id", "seen_at", "field", "id"),
    "observations": ("case_id", "seen_at", "record_id"),
}


def _case_query(spec: T.TableSpec, scope: ExportScope) -> Select[Any]:
    from refusenik.store import case_tables as C

    source = {
        "cases": C.CASES,
        "defendants": C.DEFENDANTS,
        "articles": C.ARTICLES,
        "acts": C.ACTS,
        "punishments": C.PUNISHMENTS,
        "events": C.EVENTS,
        "appeals": C.APPEALS,
        "flags": C.FLAGS,
        "history": C.CHANGES,
        "observations": C.OBSERVATIONS,
    }[spec.name]
    query = select(*(source.c[name] for name in spec.column_names))
    key = source.c.id if spec.name == "cases" else source.c.case_id
    in_scope: ColumnElement[bool] = key.in_(_case_ids(scope))
    if spec.name == "punishments" and scope == ExportScope():
        # Punishments read from a press release that matched no case belong to no case.
        in_scope = or_(in_scope, key.is_(None))
    # NULLs first on both databases (SQLite's default, PostgreSQL's is last): a punishment
    # from a press release that matched no case has no case_id.
    order = [source.c[c].asc().nulls_first() for c in ORDER[spec.name]]
    return query.where(in_scope).order_by(*order)


def _coverage_rows(engine: Engine, scope: ExportScope) -> Iterator[tuple[Any, ...]]:
    from refusenik.analysis.coverage import coverage

    for row in coverage(engine):
        if scope.courts and row["court"] not in scope.courts:
            continue
        values = dict(row, alarms=" | ".join(row.get("alarms") or []) or None)
        yield tuple(values.get(name) for name in T.COVERAGE.column_names)


def refusal_articles(engine: Engine) -> list[str]:
    """The official articles an export holds by default: 328 and Chapter 33 (its articles
    and the chapter's total), the figures refusal cases are counted in."""
    from refusenik.analysis.official import in_chapter_33
    from refusenik.store.models import OfficialStatistic

    table = OfficialStatistic.__table__
    with engine.connect() as conn:
        present = [a for (a,) in conn.execute(select(table.c.article).distinct()) if a]
    return sorted(a for a in present if a in ("328", "ch33") or in_chapter_33(a))


def _official_query(engine: Engine, scope: ExportScope) -> Select[Any]:
    from refusenik.store.models import OfficialStatistic

    table = OfficialStatistic.__table__
    query = select(*(table.c[name] for name in T.OFFICIAL.column_names))
    if scope.article:
        query = query.where(table.c.article == scope.article)
        if scope.part:
            query = query.where(table.c.part == scope.part)
    elif not scope.all_official:
        query = query.where(table.c.article.in_(refusal_articles(engine)))
    if scope.since:
        query = query.where(table.c.year >= scope.since.year)
    if scope.until:
        query = query.where(table.c.year <= scope.until.year)
    return query.order_by(table.c.year, table.c.form, table.c.article, table.c.part, table.c.id)


def _runs_query() -> Select[Any]:
    from refusenik.store.case_tables import RUNS

    return select(*(RUNS.c[name] for name in T.RUNS.column_names)).order_by(RUNS.c.id)


def _clean_urls(rows: Iterator[tuple[Any, ...]], index: int) -> Iterator[tuple[Any, ...]]:
    """Drop any query parameter that could name a person from the URL column."""
    from refusenik.archive.public_url import public_url

    for row in rows:
        url = row[index]
        yield row if url is None else (*row[:index], public_url(url), *row[index + 1 :])


def table_rows(engine: Engine, spec: T.TableSpec, scope: ExportScope) -> Iterator[tuple[Any, ...]]:
    """The rows of one public table in scope, in its column order; none if the store
    has no such table yet (nothing crawled, or no official statistics imported)."""
    present = set(inspect(engine).get_table_names())
    if spec is T.COVERAGE:
        if "courts_seen" in present:
            yield from _coverage_rows(engine, scope)
        return
    if spec is T.OFFICIAL:
        if "official_statistics" in present:
            yield from _stream(engine, _official_query(engine, scope))
        return
    if "cases" not in present:
        return
    if spec is T.RUNS:
        yield from _stream(engine, _runs_query())
        return
    rows = _stream(engine, _case_query(spec, scope))
    if spec is T.CASES:
        rows = _clean_urls(rows, spec.column_names.index("card_url"))
    yield from rows


def as_of(engine: Engine) -> str | None:
    """When the last finished crawl behind the store ended (ISO, UTC), if any."""
    from sqlalchemy import func

    from refusenik.store.case_tables import RUNS

    if "crawl_runs" not in set(inspect(engine).get_table_names()):
        return None
    with engine.connect() as conn:
        value = conn.execute(select(func.max(RUNS.c.finished_at))).scalar()
    return plain(value) if value is not None else None


def official_years(engine: Engine) -> list[int]:
    """The years of official statistics the store holds."""
    from refusenik.store.models import OfficialStatistic

    if "official_statistics" not in set(inspect(engine).get_table_names()):
        return []
    table = OfficialStatistic.__table__
    with engine.connect() as conn:
        return [y for (y,) in conn.execute(select(table.c.year).distinct().order_by(table.c.year))]
