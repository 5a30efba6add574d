"""Charts of analysis tables: one Plotly figure per `Table`, carrying its unit and source.

The y axis is titled with the table's unit, the title is the table's, a note under the
plot names the source and the as-of date, and provisional months are shaded. A split
column becomes one trace per value; law changes are dashed vertical lines with labels.
Pages embed the figure as a bare `<div>` (`figure_html`) and load the plotly.js that ships
inside the installed plotly package (`plotly_js_path`): nothing is loaded from the internet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from refusenik.analysis.table import Table

if TYPE_CHECKING:
    import plotly.graph_objects as go

NUMERIC_PREFERENCE = ("count", "persons", "n", "share")


def _value_column(table: Table) -> str:
    for name in NUMERIC_PREFERENCE:
        if name in table.columns:
            return name
    for i, name in enumerate(table.columns[1:], start=1):
        if any(isinstance(row[i], int | float) for row in table.rows):
            return name
    raise ValueError(f"table {table.title!r} has no numeric column to plot")


def _split_column(table: Table, x: str, y: str) -> str | None:
    rest = [c for c in table.columns if c not in (x, y)]
    if len(table.columns) == 3 and len(rest) == 1 and y == "count":
        return rest[0]
    return None


def figure(
    table: Table,
    *,
    kind: Literal["line", "bar", "box"] = "line",
    lines: Sequence[tuple[date, str]] = (),
) -> go.Figure:
    """A figure of `table`: one trace per value of its split column (if any)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    if kind == "box":
        _boxes(fig, table)
    else:
        x = table.columns[0]
        y = _value_column(table)
        split = _split_column(table, x, y)
        xi, yi = table.columns.index(x), table.columns.index(y)
        groups: dict[Any, tuple[list[Any], list[Any]]] = {}
        if split is None:
            groups[table.unit] = ([r[xi] for r in table.rows], [r[yi] for r in table.rows])
        else:
            si = table.columns.index(split)
            for r in table.rows:
                xs, ys = groups.setdefault(r[si], ([], []))
                xs.append(r[xi])
                ys.append(r[yi])
        for name, (xs, ys) in groups.items():
            label = "unknown" if name is None else str(name)
            if kind == "bar":
                fig.add_trace(go.Bar(x=xs, y=ys, name=label))
            else:
                fig.add_trace(go.Scatter(x=xs, y=ys, name=label, mode="lines+markers"))
        if kind == "bar" and split is not None:
            fig.update_layout(barmode="stack")
        fig.update_xaxes(title_text=x)
        _dated_marks(fig, table, [r[xi] for r in table.rows], lines)
    fig.update_layout(
        title={"text": table.title},
        yaxis_title=table.unit,
        showlegend=True,
        legend_title_text=_split_column(table, table.columns[0], _safe_value(table)) or "",
        margin={"b": 90},
        template="plotly_white",
    )
    note = f"Source: {table.source}"
    if table.as_of:
        note += f"; as of {table.as_of.isoformat()}"
    if table.provisional_from:
        note += f"; shaded: provisional from {table.provisional_from:%Y-%m}"
    fig.add_annotation(
        text=note,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.2,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font={"size": 10},
    )
    return fig


def _safe_value(table: Table) -> str:
    try:
        return _value_column(table)
    except ValueError:
        return ""


def _boxes(fig: go.Figure, table: Table) -> None:
    """Precomputed boxes (median and quartiles) from a `terms` table, one trace per kind."""
    import plotly.graph_objects as go

    need = ("article", "part", "median", "q1", "q3")
    if not all(c in table.columns for c in need):
        raise ValueError("a box chart needs a terms table (article, part, median, q1, q3)")
    i = {c: table.columns.index(c) for c in table.columns}
    by_kind: dict[Any, list[tuple[Any, ...]]] = {}
    for row in table.rows:
        key = row[i["kind"]] if "kind" in i else table.unit
        by_kind.setdefault(key, []).append(row)
    for kind, rows in by_kind.items():
        labels = [
            f"{r[i['article']]}" + (f" ч.{r[i['part']]}" if r[i["part"]] else "") for r in rows
        ]
        fig.add_trace(
            go.Box(
                x=labels,
                q1=[r[i["q1"]] for r in rows],
                median=[r[i["median"]] for r in rows],
                q3=[r[i["q3"]] for r in rows],
                lowerfence=[r[i["q1"]] for r in rows],
                upperfence=[r[i["q3"]] for r in rows],
                name=str(kind),
            )
        )
    fig.update_layout(boxmode="group")
    fig.update_xaxes(title_text="article part")


def _dated_marks(
    fig: go.Figure, table: Table, xs: list[Any], lines: Sequence[tuple[date, str]]
) -> None:
    """Law changes as dashed lines, and the provisional months shaded, on a date axis."""
    days = [x for x in xs if isinstance(x, date)]
    if not days:
        return
    first, last = min(days), max(days) + timedelta(days=31)
    for when, label in lines:
        if not first <= when <= last:
            continue
        fig.add_shape(
            type="line",
            x0=when,
            x1=when,
            xref="x",
            y0=0,
            y1=1,
            yref="paper",
            line={"dash": "dash", "width": 1, "color": "#555"},
            name=label,
        )
        fig.add_annotation(
            x=when,
            xref="x",
            y=1,
            yref="paper",
            text=label,
            showarrow=False,
            textangle=-90,
            xanchor="right",
            yanchor="top",
            font={"size": 10},
        )
    if table.provisional_from and table.provisional_from <= last:
        fig.add_shape(
            type="rect",
            x0=max(table.provisional_from, first),
            x1=last,
            xref="x",
            y0=0,
            y1=1,
            yref="paper",
            fillcolor="#999",
            opacity=0.15,
            line={"width": 0},
            layer="below",
            name="provisional",
        )


def figure_html(fig: go.Figure, *, div_id: str) -> str:
    """The figure as one `<div>` with its script; plotly.js itself is not included."""
    html: str = fig.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, config={"displaylogo": False}
    )
    return html


def plotly_js_path() -> Path:
    """The plotly.min.js shipped inside the installed plotly package (serve it yourself)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js is not where plotly keeps it: {path}")
    return path
