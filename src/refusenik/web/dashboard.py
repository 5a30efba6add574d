"""The dashboard's figures: which tables it shows for a scope, and their charts. The
numbers come from `refusenik.analysis.figures` and the charts from
`refusenik.publish.charts`; this module only chooses and lays them out."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from refusenik.analysis import figures
from refusenik.web.cache import cached, content_key
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


def headline(engine: Engine, flt: CaseFilter, key: tuple[str, str] | None = None) -> dict[str, Any]:
    from refusenik.analysis.cases import plain

    def compute() -> dict[str, Any]:
        found = figures.headline(engine, flt.scope)
        return {k: plain(v) for k, v in found.items()}

    ask = (*(key or content_key(engine)), "headline", tuple(sorted(flt.scope_query().items())))
    result: dict[str, Any] = cached(ask, compute)
    return result


def table(engine: Engine, name: str, flt: CaseFilter, key: tuple[str, str] | None = None) -> Any:
    ask = (*(key or content_key(engine)), name, tuple(sorted(flt.scope_query().items())))
    return cached(ask, lambda: BY_NAME[name].compute(engine, flt.scope))


def compute_cached(engine: Engine, what: str, flt: CaseFilter, compute: Callable[[], Any]) -> Any:
    """Any other figure of a scope, cached the same way (`what` names it and its options)."""
    ask = (*content_key(engine), what, tuple(sorted(flt.scope_query().items())))
    return cached(ask, compute)


# Built charts by (store, its content, section, scope): building a Plotly figure costs
# 15–50 ms, reading its table a few; a figure changes only when the store does.
_CHARTS: OrderedDict[tuple[Any, ...], str] = OrderedDict()
CHART_CACHE = 512


def has_chart(section: Section, tbl: Any) -> bool:
    """Whether the section draws its table (a table with no rows is shown, not drawn)."""
    return section.chart is not None and bool(tbl.rows)


def chart_json(section: Section, tbl: Any, *, key: tuple[Any, ...]) -> str:
    """The Plotly figure of a section's table as JSON (data and layout), which the page
    draws with the plotly.js it serves; `key` (the store, its content and the scope) lets
    a figure already built be served again. The page asks for each chart after it has
    loaded, so a scope's first view does not wait for its charts to be built."""
    full = (*key, section.name)
    if full in _CHARTS:
        _CHARTS.move_to_end(full)
        return _CHARTS[full]
    built = _build(section, tbl)
    _CHARTS[full] = built
    if len(_CHARTS) > CHART_CACHE:
        _CHARTS.popitem(last=False)
    return built


def _build(section: Section, tbl: Any) -> str:
    from refusenik.publish.charts import figure

    lines = figures.law_changes() if section.chart == "line" else ()
    fig = figure(tbl, kind=section.chart, lines=lines)  # type: ignore[arg-type]
    fig.update_layout(height=420)
    built: str = fig.to_json()
    return built
