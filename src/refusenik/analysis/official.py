"""Official statistics read back from the store: filtered, streamed, summarised, explained.

Reading never migrates the store or loads Alembic: a question asked of a store without
official figures is answered with what to run, not with a schema upgrade. An empty answer
is never silent: `explain_empty` says which filter has nothing behind it and what exists
instead (since 2021 the forms hide the per-article rows of Chapter 33, so an article of
that chapter is answered with the chapter total for the year).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, Select, column, func, inspect, select, table
from sqlalchemy.exc import DBAPIError

from refusenik.errors import UserInputError
from refusenik.official.fact import FACT_FIELDS, Fact
from refusenik.official.labels import CHAPTER_33

FORM_NAMES = {"10.3": "10.3", "10.3.1": "10.3.1", "10-a": "10-a", "10a": "10-a", "10-а": "10-a"}
ARTICLE_ALIASES = {"ch33": CHAPTER_33, "chapter33": CHAPTER_33, "33": CHAPTER_33}
# Chapter 33 of the Criminal Code (crimes against military service) runs from 331 to 352.1.
CHAPTER_33_RANGE = (331, 352)

# The store keeps one row per fact under the fact's own field names. Reading through this
# plain description of the table, rather than the ORM model, keeps the ORM out of the read path.
TABLE = table("official_statistics", column("id"), *(column(name) for name in FACT_FIELDS))
ORDER = ("year", "form", "article", "part", "metric", "sheet", "cell")


def normalize_form(form: str) -> str:
    """ "10a" / "10-а" → "10-a"; unknown forms are the user's error."""
    try:
        return FORM_NAMES[form.strip().lower()]
    except KeyError:
        raise UserInputError(f"unknown form {form!r}; expected 10.3, 10.3.1 or 10-a") from None


def normalize_article(article: str) -> str:
    """ "ch33" for Chapter 33 as a whole; otherwise the article number as printed ("328")."""
    text = article.strip().lower().removeprefix("ст.").strip()
    return ARTICLE_ALIASES.get(text, text)


def article_filter(article: str, part: str | None) -> tuple[str, str | None]:
    """«328», «ст. 328 ч. 1», «ч. 1 ст. 328» or «ch33» → (article, part) for a query.

    A part written in the article text and a different `--part` are the user's error,
    as is text with no article in it: an empty answer must mean "no such figures", never
    "we did not understand the question".
    """
    text = article.strip()
    if normalize_article(text) == CHAPTER_33:
        return CHAPTER_33, part
    if re.fullmatch(r"\d+(?:\.\d+)*", text):
        return text, part
    from refusenik.law import parse_refs

    refs = parse_refs(text) or parse_refs(f"ст. {text}")
    if len(refs) != 1:
        raise UserInputError(
            f"--article {article!r}: expected one article such as 328, «328 ч.1» or ch33"
        )
    ref = refs[0]
    if part is not None and ref.part is not None and part.strip() != ref.part:
        raise UserInputError(f"--article {article!r} names part {ref.part} but --part is {part}")
    return ref.article, part if part is not None else ref.part


def in_chapter_33(article: str) -> bool:
    """Whether an article number belongs to Chapter 33 (military service)."""
    head = article.split(".")[0]
    return head.isdigit() and CHAPTER_33_RANGE[0] <= int(head) <= CHAPTER_33_RANGE[1]


@dataclass(frozen=True)
class Filters:
    """A question asked of the official figures; None means "any"."""

    article: str | None = None
    part: str | None = None
    year: int | None = None
    metrics: tuple[str, ...] | None = None
    form: str | None = None
    derived: bool | None = None

    @classmethod
    def parse(
        cls,
        *,
        article: str | None = None,
        part: str | None = None,
        year: int | None = None,
        metric: str | None = None,
        form: str | None = None,
        derived: bool | None = None,
    ) -> Filters:
        """Filters as typed by a user: article text, metric alias, form spelling."""
        if article is not None:
            article, part = article_filter(article, part)
        metrics = None
        if metric is not None:
            from refusenik.official.metrics import resolve_metric

            metrics = tuple(resolve_metric(metric))
        return cls(
            article=article,
            part=part.strip() if part is not None else None,
            year=year,
            metrics=metrics,
            form=normalize_form(form) if form is not None else None,
            derived=derived,
        )

    @property
    def empty(self) -> bool:
        """No filter at all: the question is "everything"."""
        return self == Filters()

    def describe(self) -> str:
        """The filters in words, for messages."""
        words = []
        if self.article is not None:
            words.append("Chapter 33" if self.article == CHAPTER_33 else f"ст. {self.article}")
        if self.part is not None:
            words.append(f"ч. {self.part}")
        if self.year is not None:
            words.append(str(self.year))
        if self.metrics is not None:
            words.append("metric " + "/".join(self.metrics))
        if self.form is not None:
            words.append(f"form {self.form}")
        return ", ".join(words) or "no filters"


def _where(stmt: Select[Any], filters: Filters) -> Select[Any]:
    c = TABLE.c
    if filters.article is not None:
        stmt = stmt.where(c.article == normalize_article(filters.article))
    if filters.part is not None:
        stmt = stmt.where(c.part == filters.part)
    if filters.year is not None:
        stmt = stmt.where(c.year == filters.year)
    if filters.metrics is not None:
        stmt = stmt.where(c.metric.in_(filters.metrics))
    if filters.form is not None:
        stmt = stmt.where(c.form == filters.form)
    if filters.derived is not None:
        stmt = stmt.where(c.derived == filters.derived)
    return stmt


def has_figures(engine: Engine) -> bool:
    """Whether the store holds any official figure (without creating or migrating anything)."""
    try:
        if not inspect(engine).has_table(TABLE.name):
            return False
        with engine.connect() as conn:
            return conn.execute(select(TABLE.c.id).limit(1)).first() is not None
    except DBAPIError as exc:
        raise UserInputError(
            f"cannot read the store at {engine.url.render_as_string(hide_password=True)}: "
            f"{exc.orig or exc}"
        ) from None


def iter_facts(engine: Engine, filters: Filters, limit: int | None = None) -> Iterator[Fact]:
    """Facts matching `filters` in a stable order, streamed from the database.

    Rows are fetched in batches, so memory stays flat however many rows match.
    """
    stmt = _where(select(*(TABLE.c[name] for name in FACT_FIELDS)), filters)
    stmt = stmt.order_by(*(TABLE.c[name] for name in ORDER))
    if limit is not None:
        stmt = stmt.limit(limit)
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=2000).execute(stmt)
        for row in result:
            values = row._asdict()
            values["derived"] = bool(values["derived"])  # SQLite gives 0/1
            yield Fact(**values)


def count_facts(engine: Engine, filters: Filters) -> int:
    """How many facts match `filters`."""
    stmt = _where(select(func.count()).select_from(TABLE), filters)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def query(
    engine: Engine,
    *,
    article: str | None = None,
    part: str | None = None,
    year: int | None = None,
    metric: str | None = None,
    form: str | None = None,
    derived: bool | None = None,
) -> list[Fact]:
    """Facts matching every given filter, ordered by year, form, article, part, metric.

    `part` is matched exactly ("1"; "2 п. а" for a point); `metric` may be an alias.
    """
    filters = Filters.parse(
        article=article, part=part, year=year, metric=metric, form=form, derived=derived
    )
    return list(iter_facts(engine, filters))


@dataclass(frozen=True)
class SummaryRow:
    """How much one form gives for one year."""

    year: int
    form: str
    figures: int
    articles: int
    derived: int


def summary(engine: Engine) -> list[SummaryRow]:
    """Figures per year and form: what the store holds, without reading every row."""
    c = TABLE.c
    stmt = (
        select(
            c.year,
            c.form,
            func.count(),
            func.count(func.distinct(c.article)),
            func.count().filter(c.derived == True),  # noqa: E712 (SQL, not Python)
        )
        .group_by(c.year, c.form)
        .order_by(c.year, c.form)
    )
    with engine.connect() as conn:
        return [SummaryRow(*row) for row in conn.execute(stmt)]


@dataclass(frozen=True)
class Coverage:
    """Which years, and for each article which years and parts, the store has figures for."""

    years: tuple[int, ...]
    article_years: dict[str, set[int]]
    article_parts: dict[str, set[str]]

    @property
    def span(self) -> str:
        return f"{self.years[0]}–{self.years[-1]}" if self.years else "no years"


def coverage(engine: Engine) -> Coverage:
    """What exists, to explain an empty answer (one pass over distinct keys, not rows)."""
    c = TABLE.c
    years: set[int] = set()
    article_years: dict[str, set[int]] = defaultdict(set)
    article_parts: dict[str, set[str]] = defaultdict(set)
    stmt = select(c.article, c.part, c.year).distinct()
    with engine.connect() as conn:
        for article, part, year in conn.execute(stmt):
            years.add(year)
            if article:
                article_years[article].add(year)
                if part:
                    article_parts[article].add(part)
    return Coverage(tuple(sorted(years)), dict(article_years), dict(article_parts))


def _years(years: set[int]) -> str:
    ordered = sorted(years)
    if ordered and ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(map(str, ordered))


def _part_key(part: str) -> tuple[float, str]:
    head = part.split()[0]
    try:
        return (float(head), part)
    except ValueError:
        return (float("inf"), part)


def check_filters(cover: Coverage, filters: Filters) -> None:
    """Refuse a question no figure can answer: a year, article or part that does not exist."""
    if filters.year is not None and filters.year not in cover.years:
        raise UserInputError(
            f"--year {filters.year}: the official figures in the store cover {cover.span}"
        )
    article = filters.article
    if article is not None and article not in cover.article_years:
        raise UserInputError(
            f"no official figures for article {article!r}: the forms give per-article rows "
            "for ст. 328, for Chapter 33 (ch33) and its articles in 2020, and for the other "
            "articles of the Criminal Code in Form 10-a"
        )
    if filters.part is None:
        return
    if article is not None:
        parts = cover.article_parts.get(article, set())
        if filters.part not in parts and filters.part not in _parts_in_law(article):
            listed = ", ".join(sorted(parts, key=_part_key)) or "none (the article is undivided)"
            raise UserInputError(
                f"--part {filters.part}: the official figures for ст. {article} have parts {listed}"
            )
    elif not any(filters.part in parts for parts in cover.article_parts.values()):
        raise UserInputError(f"--part {filters.part}: no official figure has such a part")


def _parts_in_law(article: str) -> set[str]:
    """Parts the Criminal Code model knows for `article` (empty when it has no such article)."""
    from refusenik import law

    try:
        return set(law.article(article).part_numbers())
    except (UserInputError, KeyError, LookupError):
        return set()


@dataclass(frozen=True)
class EmptyAnswer:
    """Why nothing matched, and (when there is one) the nearest question that has an answer."""

    message: str
    instead: Filters | None = None


def explain_empty(cover: Coverage, filters: Filters) -> EmptyAnswer:
    """Say why `filters` match nothing, and what the store holds instead."""
    article, year = filters.article, filters.year
    if article is not None and year is not None:
        published = cover.article_years.get(article, set())
        if year not in published:
            where = f"ст. {article}" + (f" ч. {filters.part}" if filters.part else "")
            text = (
                f"{where}: the official forms publish no per-article figure for {year} "
                f"(they do for {_years(published)})."
            )
            if in_chapter_33(article) and year in cover.article_years.get(CHAPTER_33, set()):
                chapter = replace(filters, article=CHAPTER_33, part=None)
                return EmptyAnswer(
                    text + f" Since 2021 they give only Chapter 33 as a whole; its {year} "
                    "figures follow (derived ones with their formula and source cells).",
                    chapter,
                )
            return EmptyAnswer(text)
    return EmptyAnswer(
        f"no official figure matches {filters.describe()}; the store covers {cover.span}"
        + (
            f", and ст. {article} in {_years(cover.article_years.get(article, set()))}"
            if article
            else ""
        )
        + ". `refusenik official metrics` lists the metrics; a form may not give every metric."
    )
