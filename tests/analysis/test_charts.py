"""Charts carry their table: one trace per split value, the unit on the y axis, the law
changes as dashed lines, and no plotly.js from the internet."""

from __future__ import annotations

from datetime import date

from refusenik.analysis import figures as F
from refusenik.analysis.figures import Scope, Table
from refusenik.publish.charts import figure, figure_html, plotly_js_path

from .handmade import SMALL, build


def test_series_chart_has_a_trace_per_split_value_and_law_lines(sqlite_engine):
    build(sqlite_engine, SMALL)
    table = F.series(sqlite_engine, Scope(), "received", split="article")
    fig = figure(table, lines=F.law_changes())
    assert sorted(t.name for t in fig.data) == ["328", "337", "338"]
    assert fig.layout.yaxis.title.text == "cases received"
    assert fig.layout.title.text == table.title
    dashed = [s for s in fig.layout.shapes if s.type == "line"]
    # No law change falls inside the plotted months (2022-10 … 2023-04): no line.
    assert dashed == []
    # From September 2022 on, the mobilization law (24.09.2022) is inside.
    wide = F.series(sqlite_engine, Scope(since=date(2022, 9, 1)), "received", split="article")
    fig = figure(wide, lines=F.law_changes())
    dashed = [s for s in fig.layout.shapes if s.type == "line"]
    assert [s.line.dash for s in dashed] == ["dash"]
    assert str(dashed[0].x0).startswith("2022-09-24")
    texts = [a.text for a in fig.layout.annotations]
    assert "365-FZ: mobilization parts" in texts
    assert any(t.startswith("Source: refusenik crawl") and "as of 2026-11-20" in t for t in texts)


def test_bar_and_box_charts():
    table = Table(
        title="t",
        unit="persons sentenced",
        columns=("kind", "persons", "share"),
        rows=(("imprisonment", 3, 0.6), ("fine", 2, 0.4)),
        source="s",
    )
    fig = figure(table, kind="bar")
    assert len(fig.data) == 1 and list(fig.data[0].y) == [3, 2]
    assert fig.layout.yaxis.title.text == "persons sentenced"
    terms = Table(
        title="terms",
        unit="months",
        columns=("article", "part", "kind", "persons", "median", "q1", "q3"),
        rows=(
            ("337", "5", "imprisonment", 4, 60, 54, 66),
            ("337", "5", "suspended", 2, 36, 30, 42),
        ),
        source="s",
    )
    fig = figure(terms, kind="box")
    assert [t.name for t in fig.data] == ["imprisonment", "suspended"]
    assert list(fig.data[0].median) == [60]
    assert fig.layout.yaxis.title.text == "months"


def test_html_is_a_div_without_plotly_js():
    table = Table("t", "cases received", ("period", "count"), ((date(2023, 1, 1), 2),), "s")
    html = figure_html(figure(table), div_id="chart-1")
    assert html.lstrip().startswith("<div") and 'id="chart-1"' in html
    assert "cdn.plot.ly" not in html and "https://" not in html.split("<script")[0]
    path = plotly_js_path()
    assert path.name == "plotly.min.js" and path.stat().st_size > 1_000_000
