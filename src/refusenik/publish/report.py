"""The static report: one self-contained HTML file of the main charts and tables.

It loads nothing from the internet: plotly.js is inlined from the installed plotly
package, so the file opens offline, can be mailed, and stays readable in an archive. Every
chart and table says its source, unit and as-of date; provisional months are shaded on
the charts and starred in the tables. The same charts can be written as PNG files (for
people who paste them into articles) through Kaleido, which drives a Chromium.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine

from refusenik import __version__

if TYPE_CHECKING:
    from refusenik.analysis.figures import Scope, Table

ChartKind = Literal["line", "bar", "box"]

# Where a Chromium for Kaleido is looked for, after $BROWSER_PATH and the PATH.
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PNG_WIDTH, PNG_HEIGHT = 1000, 560


@dataclass(frozen=True)
class Section:
    """One part of the report: a table, drawn as a chart unless `chart` is None."""

    key: str  # file-name-safe: the PNG is `<key>.png`, the anchor `#<key>`
    table: Table
    chart: ChartKind | None = "line"
    law_lines: bool = False


@dataclass
class ReportResult:
    """What was written: the HTML file, the PNGs, and why PNGs are missing if they are."""

    html: Path
    sections: list[str]
    pngs: list[Path] = field(default_factory=list)
    png_problem: str | None = None


def find_chromium() -> str | None:
    """A Chromium or Chrome executable for Kaleido: $BROWSER_PATH, the PATH, known places."""
    import os

    explicit = os.environ.get("BROWSER_PATH")
    if explicit and Path(explicit).is_file():
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in CHROMIUM_PATHS if Path(p).is_file()), None)


def coverage_tables(engine: Engine, scope: Scope) -> tuple[Table, Table]:
    """Coverage per court as two tables: cases per court (for the chart) and the detail."""
    from refusenik.analysis.coverage import coverage
    from refusenik.analysis.figures import Table, headline

    rows = [r for r in coverage(engine) if not scope.courts or r["court"] in scope.courts]
    as_of = headline(engine, scope)["as_of"]
    source = "refusenik crawl of court websites (per-court status of the last crawl)"
    notes = (
        "counts from a court that refused pages or left windows or cards unread may miss cases",
        "cases held per court, whatever their article and date",
    )
    chart = Table(
        title="Cases held per court",
        unit="cases",
        columns=("court", "cases"),
        rows=tuple((r["court"], r["cases"]) for r in rows),
        source=source,
        as_of=as_of,
        provisional_from=None,
        notes=notes,
    )
    detail = Table(
        title="Coverage per court",
        unit="cases, pages",
        columns=(
            "court",
            "status",
            "last crawled",
            "cases",
            "hidden",
            "removed",
            "pages",
            "pages refused",
            "pages unreadable",
            "windows unread",
            "cards unread",
        ),
        rows=tuple(
            (
                r["court"],
                r["status"],
                (r["last_crawled"] or "")[:16].replace("T", " "),
                r["cases"],
                r["hidden"],
                r["removed"],
                r["pages"],
                r["pages_refused"],
                r["pages_unreadable"],
                r["windows_unread"],
                r["cards_unread"],
            )
            for r in rows
        ),
        source=source,
        as_of=as_of,
        provisional_from=None,
        notes=notes,
    )
    return chart, detail


def sections(engine: Engine, scope: Scope) -> list[Section]:
    """The report's parts, in reading order."""
    from refusenik.analysis import figures as F

    coverage_chart, coverage_detail = coverage_tables(engine, scope)
    out = [
        Section(
            "received-by-group", F.series(engine, scope, "received", split="group"), "line", True
        ),
        Section(
            "persons-by-group", F.series(engine, scope, "persons", split="group"), "line", True
        ),
        Section("outcomes", F.outcomes(engine, scope), "bar"),
        Section("sentence-kinds", F.sentence_kinds(engine, scope), "bar"),
        Section("terms", F.terms(engine, scope), "box"),
        Section("coverage", coverage_chart, "bar"),
        Section("coverage-detail", coverage_detail, None),
    ]
    out += _official_sections(engine, scope)
    return out


def _official_sections(engine: Engine, scope: Scope) -> list[Section]:
    """Official statistics beside the crawl: the reconciliation per year and group."""
    from refusenik.analysis import figures as F

    return [Section("official-vs-crawled", F.reconcile(engine, scope), None)]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:,.1f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _provisional(table: Table, row: Sequence[Any]) -> bool:
    first = row[0] if row else None
    return bool(
        table.provisional_from and isinstance(first, date) and first >= table.provisional_from
    )


def table_html(table: Table, *, limit: int = 400) -> str:
    """A table as HTML, every cell escaped (court text is untrusted), provisional rows starred."""
    esc = html.escape
    head = "".join(f"<th>{esc(c)}</th>" for c in table.columns)
    body = []
    shown = table.rows if len(table.rows) <= limit else table.rows[-limit:]
    for row in shown:
        star = _provisional(table, row)
        cells = "".join(
            f"<td>{esc(_cell(v))}{'*' if star and i == 0 else ''}</td>" for i, v in enumerate(row)
        )
        body.append(f'<tr class="provisional">{cells}</tr>' if star else f"<tr>{cells}</tr>")
    cut = (
        f"<p class='meta'>The last {limit} of {len(table.rows)} rows; `refusenik stats … "
        "--json` gives them all.</p>"
        if len(table.rows) > limit
        else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{cut}"


def _meta_html(table: Table) -> str:
    esc = html.escape
    bits = [f"Unit: {esc(table.unit)}", f"Source: {esc(table.source)}"]
    bits.append(f"As of: {table.as_of.isoformat() if table.as_of else '—'}")
    if table.provisional_from:
        bits.append(
            f"Provisional from {table.provisional_from:%Y-%m} (shaded on the chart, * in the "
            "table): courts publish late"
        )
    notes = "".join(f"<li>{esc(n)}</li>" for n in table.notes)
    return f"<p class='meta'>{' · '.join(bits)}</p>" + (
        f"<details><summary>Notes</summary><ul>{notes}</ul></details>" if notes else ""
    )


def _headline_html(numbers: dict[str, Any]) -> str:
    def share(x: Any) -> str:
        return "—" if x is None else f"{x:.0%}"

    items = [
        ("cases received", numbers["cases_received"]),
        ("cases decided", numbers["decisions"]),
        ("persons in decided cases", numbers["persons"]),
        ("persons sentenced", numbers["persons_sentenced"]),
        ("of them suspended", share(numbers["share_suspended"])),
        ("median days to decision", numbers["median_days_to_decision"] or "—"),
    ]
    cells = "".join(
        f"<div class='num'><b>{html.escape(str(v))}</b><span>{html.escape(k)}</span></div>"
        for k, v in items
    )
    return f"<div class='headline'>{cells}</div>"


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2.2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left}th{background:#f4f4f4}
tr.provisional td{color:#777;font-style:italic}.meta{color:#555;font-size:.85em}
.headline{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
.num{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}
.num b{display:block;font-size:1.5em}.num span{color:#555;font-size:.85em}
nav a{margin-right:1em}
"""


def render_html(
    parts: Sequence[Section], numbers: dict[str, Any], scope: Scope, plotly_js: str
) -> str:
    """The whole report page: headline numbers, then each part with its chart and table."""
    from refusenik.analysis.figures import law_changes
    from refusenik.publish.charts import figure, figure_html

    esc = html.escape
    lines = law_changes()
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    as_of = numbers["as_of"].isoformat() if numbers["as_of"] else "no finished crawl"
    body = [
        "<h1>Prosecutions of people who refuse to fight</h1>",
        f"<p class='meta'>Scope: {esc(scope.describe())} · as of {esc(as_of)} · written "
        f"{esc(stamp)} by refusenik {esc(__version__)} · defendants are never named</p>",
        _headline_html(numbers),
        "<nav>" + "".join(f"<a href='#{p.key}'>{esc(p.table.title)}</a>" for p in parts) + "</nav>",
    ]
    for part in parts:
        body.append(f"<section id='{part.key}'><h2>{esc(part.table.title)}</h2>")
        body.append(_meta_html(part.table))
        if part.chart and part.table.rows:
            fig = figure(part.table, kind=part.chart, lines=lines if part.law_lines else ())
            body.append(figure_html(fig, div_id=f"chart-{part.key}"))
        if not part.table.rows:
            body.append("<p>Nothing in this scope.</p>")
        else:
            body.append(table_html(part.table))
        body.append("</section>")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>refusenik report — {esc(scope.describe())}</title><style>{STYLE}</style>"
        # plotly.js inline: the file must open offline and never call out.
        f"<script>{plotly_js}</script></head><body>{''.join(body)}</body></html>"
    )


def write_pngs(parts: Sequence[Section], folder: Path, chromium: str) -> list[Path]:
    """Each chart as `<key>.png` in `folder`, rendered by Kaleido in `chromium`."""
    import kaleido

    from refusenik.analysis.figures import law_changes
    from refusenik.publish.charts import figure

    folder.mkdir(parents=True, exist_ok=True)
    lines = law_changes()
    jobs, paths = [], []
    for part in parts:
        if not part.chart or not part.table.rows:
            continue
        path = folder / f"{part.key}.png"
        fig = figure(part.table, kind=part.chart, lines=lines if part.law_lines else ())
        jobs.append(
            {
                "fig": fig,
                "path": path,
                "opts": {"format": "png", "width": PNG_WIDTH, "height": PNG_HEIGHT},
            }
        )
        paths.append(path)
    if jobs:
        kaleido.write_fig_from_object_sync(jobs, kopts={"path": chromium})
    return paths


def write_report(
    engine: Engine, scope: Scope, out: Path, *, png_dir: Path | None = None
) -> ReportResult:
    """Write the HTML report to `out` (and the charts as PNGs into `png_dir` if given)."""
    from refusenik.analysis.figures import headline
    from refusenik.publish.charts import plotly_js_path

    parts = sections(engine, scope)
    page = render_html(
        parts, headline(engine, scope), scope, plotly_js_path().read_text(encoding="utf-8")
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    result = ReportResult(out, [p.key for p in parts])
    if png_dir is not None:
        chromium = find_chromium()
        if chromium is None:
            result.png_problem = (
                "PNG charts need Chromium (or Chrome), and none was found: install it "
                "(Debian: apt-get install chromium) or set BROWSER_PATH to it"
            )
        else:
            result.pngs = write_pngs(parts, png_dir, chromium)
    return result
