"""Plotly charts of analysis tables, as HTML fragments that use the locally served
plotly.min.js (no CDN). A table's first column is the x axis, its last the value, and a
middle column (the split: group, part, district …) one trace per value."""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def _traces(tbl: Any) -> dict[str, tuple[list[Any], list[Any]]]:
    columns = list(tbl.columns)
    traces: dict[str, tuple[list[Any], list[Any]]] = defaultdict(lambda: ([], []))
    for row in tbl.rows:
        label = str(row[1]) if len(columns) >= 3 else tbl.unit
        xs, ys = traces[label]
        xs.append(str(row[0]))
        ys.append(row[-1])
    return dict(traces)


def _html(fig: Any, div_id: str) -> str:
    fig.update_layout(
        margin={"l": 50, "r": 20, "t": 30, "b": 40},
        height=380,
        legend={"orientation": "h"},
        template="plotly_white",
    )
    html: str = fig.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, config={"displaylogo": False}
    )
    return html


def line_chart(tbl: Any, lines: list[tuple[str, str]], div_id: str) -> str:
    """A time series per split value, with a dashed line at each law change."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for label, (xs, ys) in sorted(_traces(tbl).items()):
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=label))
    for day, text in lines:
        fig.add_vline(x=day, line_dash="dash", line_color="#a33")
        fig.add_annotation(x=day, y=1, yref="paper", text=text[:40], showarrow=False,
                           textangle=-90, xanchor="right", yanchor="top", font={"size": 9})  # fmt: skip
    fig.update_yaxes(title_text=tbl.unit, rangemode="tozero")
    return _html(fig, div_id)


def bar_chart(tbl: Any, div_id: str) -> str:
    """Bars per category (grouped by the split value when the table has one)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for label, (xs, ys) in sorted(_traces(tbl).items()):
        fig.add_trace(go.Bar(x=xs, y=ys, name=label))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=tbl.unit)
    return _html(fig, div_id)
