"""The official statistics as web tables: what the store holds per year and form, and
the figures a filter asks for, each with the cell it came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from refusenik.analysis.official import has_figures as has_figures

SOURCE = "Судебный департамент при Верховном Суде РФ, forms 10.3, 10.3.1, 10-a"
DEFAULT = {"article": "ch33", "metric": "convicted", "form": "10.3"}
ROW_LIMIT = 2000


@dataclass(frozen=True)
class WebTable:
    """The shape the templates and CSV writer read (the analysis' Table has the same)."""

    title: str
    unit: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    source: str
    as_of: str | None = None
    provisional_from: str | None = None
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "unit": self.unit,
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
            "source": self.source,
            "as_of": self.as_of,
            "provisional_from": self.provisional_from,
            "notes": list(self.notes),
        }


def summary_table(engine: Engine) -> WebTable:
    from refusenik.analysis.official import summary

    rows = tuple((r.year, r.form, r.figures, r.articles, r.derived) for r in summary(engine))
    return WebTable(
        title="Official figures held, per year and form",
        unit="figures",
        columns=("year", "form", "figures", "articles", "derived"),
        rows=rows,
        source=SOURCE,
    )


def distribution_article(article: str | None) -> str:
    """The article the distribution table shows: the one asked for (a UserInputError when
    it is no article), else 337 (СОЧ)."""
    from refusenik.analysis.official import article_filter

    if not article or not article.strip():
        return "337"
    return article_filter(article, None)[0]


def distribution(engine: Engine, article: str) -> Any:
    """Official sentences by kind of punishment per year and part (analysis' table)."""
    from refusenik.analysis.figures import official_distribution

    return official_distribution(engine, article)


COLUMNS = ("year", "form", "article", "part", "metric", "value", "source", "formula")


def _row(fact: Any) -> tuple[Any, ...]:
    data = fact.as_json()
    return tuple(data[k] for k in COLUMNS)


def figures_table(engine: Engine, query: Mapping[str, str]) -> tuple[WebTable, str | None]:
    """The figures a filter asks for (default: Chapter 33 convictions, form 10.3), and why
    the answer is empty when it is."""
    from refusenik.analysis.official import (
        Filters,
        count_facts,
        coverage,
        explain_empty,
        iter_facts,
    )

    asked = dict(query) if query else dict(DEFAULT)
    year = asked.get("year")
    filters = Filters.parse(
        article=asked.get("article"),
        part=asked.get("part"),
        year=int(year) if year else None,
        metric=asked.get("metric"),
        form=asked.get("form"),
    )
    rows = [_row(f) for f in iter_facts(engine, filters, limit=ROW_LIMIT)]
    notes: list[str] = []
    explain = None
    if not rows:
        answer = explain_empty(coverage(engine), filters)
        explain = answer.message
        if answer.instead is not None:
            rows = [_row(f) for f in iter_facts(engine, answer.instead, limit=ROW_LIMIT)]
    elif len(rows) == ROW_LIMIT:
        total = count_facts(engine, filters)
        notes.append(f"the first {ROW_LIMIT} of {total} figures; narrow the filter")
    what = ", ".join(f"{k} {v}" for k, v in asked.items()) or "all"
    return (
        WebTable(
            title=f"Official figures: {what}",
            unit="persons or cases, as the metric says",
            columns=COLUMNS,
            rows=tuple(rows),
            source=SOURCE + " (the cell of each figure in the source column)",
            notes=tuple(notes),
        ),
        explain,
    )
