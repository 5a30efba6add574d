"""The dashboard's figures: which tables it shows for a scope, and the charts drawn from
them. The numbers come from `refusenik.analysis.figures` only; this module chooses and
lays them out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from refusenik.web.case_search import CaseFilter

# name → (how the table is computed, chart kind or None, show the table under the chart)
TableFunction = Callable[[Engine, Any], Any]


def _figures() -> Any:
    from refusenik.analysis import figures

    return figures


def _series(measure: str, by: str, split: str | None) -> TableFunction:
    def compute(engine: Engine, scope: Any) -> Any:
        return _figures().series(engine, scope, measure, by=by, split=split)

    return compute


def _plain(name: str) -> TableFunction:
    def compute(engine: Engine, scope: Any) -> Any:
        return getattr(_figures(), name)(engine, scope)

    return compute


def _before_after(engine: Engine, scope: Any) -> Any:
    return _figures().before_after(engine, scope, "received")


@dataclass(frozen=True)
class Section:
    name: str
    compute: TableFunction
    chart: str | None  # "lines" (a series per split value), "bars", or None
    show_table: bool


SECTIONS: tuple[Section, ...] = (
    Section("received-by-group", _series("received", "month", "group"), "lines", False),
    Section("received-by-part", _series("received", "month", "part"), "lines", False),
    Section("decisions-by-month", _series("decisions", "month", None), "lines", False),
    Section("before-after", _before_after, None, True),
    Section("outcomes", _plain("outcomes"), "bars", True),
    Section("sentence-kinds", _plain("sentence_kinds"), "bars", True),
    Section("terms", _plain("terms"), None, True),
    Section("by-district", _series("received", "year", "district"), "bars", True),
    Section("reconcile", _plain("reconcile"), None, True),
)
BY_NAME = {s.name: s for s in SECTIONS}


def to_scope(flt: CaseFilter) -> Any:
    """The analysis' Scope for the same filter (its own parser judges the values)."""
    return _figures().Scope.from_query(flt.scope_query())


def headline(engine: Engine, flt: CaseFilter) -> dict[str, Any]:
    from refusenik.analysis.cases import plain

    found = _figures().headline(engine, to_scope(flt))
    return {k: plain(v) for k, v in found.items()}


def table(engine: Engine, name: str, flt: CaseFilter) -> Any:
    return BY_NAME[name].compute(engine, to_scope(flt))


def law_lines() -> list[tuple[str, str]]:
    """(ISO date, what changed) for the vertical lines of time charts."""
    return [(d.isoformat(), text) for d, text in _figures().law_changes()]


def chart_html(section: Section, tbl: Any, div_id: str) -> str | None:
    """The Plotly chart of a table as an HTML fragment (the script is served locally)."""
    if section.chart is None or not tbl.rows:
        return None
    from refusenik.web.charts import bar_chart, line_chart

    if section.chart == "lines":
        return line_chart(tbl, law_lines(), div_id)
    return bar_chart(tbl, div_id)
