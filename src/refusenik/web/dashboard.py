"""The dashboard's figures: which tables it shows for a scope, and their charts. The
numbers come from `refusenik.analysis.figures` and the charts from
`refusenik.publish.charts`; this module only chooses and lays them out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from refusenik.analysis import figures
from refusenik.web.case_search import CaseFilter

TableFunction = Callable[[Engine, Any], Any]


def _series(measure: str, by: str, split: str | None) -> TableFunction:
    def compute(engine: Engine, scope: Any) -> Any:
        return figures.series(engine, scope, measure, by=by, split=split)  # type: ignore[arg-type]

    return compute


def _named(name: str, *args: Any) -> TableFunction:
    def compute(engine: Engine, scope: Any) -> Any:
        return getattr(figures, name)(engine, scope, *args)

    return compute


@dataclass(frozen=True)
class Section:
    """One block of the dashboard: a table, its chart kind, whether its rows are shown."""

    name: str
    needs: str  # the function of `figures` it reads
    compute: TableFunction
    chart: str | None  # "line", "bar", "box" (publish.charts kinds) or None
    show_table: bool


ALL_SECTIONS: tuple[Section, ...] = (
    Section("received-by-group", "series", _series("received", "month", "group"), "line", False),
    Section("received-by-part", "series", _series("received", "month", "part"), "line", False),
    Section("decisions-by-month", "series", _series("decisions", "month", None), "line", False),
    Section("before-after", "before_after", _named("before_after", "received"), None, True),
    Section("outcomes", "outcomes", _named("outcomes"), "bar", True),
    Section("sentence-kinds", "sentence_kinds", _named("sentence_kinds"), "bar", True),
    Section("terms", "terms", _named("terms"), "box", True),
    Section("by-district", "series", _series("received", "year", "district"), "bar", True),
    Section("reconcile", "reconcile", _named("reconcile"), None, True),
)
# Sections whose analysis function exists in this version of the analysis.
SECTIONS = tuple(s for s in ALL_SECTIONS if hasattr(figures, s.needs))
BY_NAME = {s.name: s for s in SECTIONS}


def headline(engine: Engine, flt: CaseFilter) -> dict[str, Any]:
    from refusenik.analysis.cases import plain

    found = figures.headline(engine, flt.scope)
    return {k: plain(v) for k, v in found.items()}


def table(engine: Engine, name: str, flt: CaseFilter) -> Any:
    return BY_NAME[name].compute(engine, flt.scope)


def chart_html(section: Section, tbl: Any, div_id: str) -> str | None:
    """The Plotly chart of a table as a `<div>` (plotly.js is served locally)."""
    if section.chart is None or not tbl.rows:
        return None
    from refusenik.publish.charts import figure, figure_html

    lines = figures.law_changes() if section.chart == "line" else ()
    fig = figure(tbl, kind=section.chart, lines=lines)  # type: ignore[arg-type]
    fig.update_layout(height=420)
    return figure_html(fig, div_id=div_id)
