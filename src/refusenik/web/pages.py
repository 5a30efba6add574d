"""The HTML pages: dashboard, cases, one case, courts, one court, official statistics and
archived pages. Every page's filters are its URL's parameters (a permanent link), every
table has a CSV link and a citation line."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from refusenik.analysis.cases import case_detail, has_cases_table
from refusenik.analysis.scope import Scope
from refusenik.web import views
from refusenik.web.case_search import CaseFilter, ready, recent_cases, search_cases
from refusenik.web.params import CASE_ID, case_filter, scope_filter
from refusenik.web.render import render
from refusenik.web.settings import Settings, settings

router = APIRouter(include_in_schema=False)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request, flt: CaseFilter = Depends(scope_filter), s: Settings = Depends(settings)
) -> Response:
    from refusenik.analysis.official import has_figures
    from refusenik.web import dashboard as board

    query = flt.scope_query()
    qs = views.query_string(query)
    empty = not views.has_cases(s.engine)
    head: dict[str, Any] | None = None
    sections = []
    if not empty:
        content = board.content_key(s.engine)
        head = board.headline(s.engine, flt, content)
        for section in board.SECTIONS:
            tbl = board.table(s.engine, section.name, flt, content)
            chart = f"/charts/{section.name}.json" + (f"?{qs}" if qs else "")
            sections.append(
                {
                    "name": section.name,
                    "table": tbl,
                    "chart": chart if board.has_chart(section, tbl) else None,
                    "show_table": section.show_table or not tbl.rows,
                    "csv": f"/api/tables/{section.name}?{views.query_string(query, format='csv')}",
                }
            )
    return render(
        request,
        "dashboard.html",
        title="dashboard",
        action="/",
        q=query,
        qs=qs,
        extra=False,
        choices=views.choices(),
        empty=empty,
        has_official=has_figures(s.engine),
        headline=head,
        sections=sections,
        pct=_pct,
        describe=head["scope"] if head else "",
        permalink=f"/?{qs}" if qs else "/",
    )


@router.get("/charts/{name}.json")
def chart(
    name: str, flt: CaseFilter = Depends(scope_filter), s: Settings = Depends(settings)
) -> Response:
    """A dashboard section's chart as a Plotly figure (JSON), which the dashboard draws."""
    from refusenik.web import dashboard as board

    section = board.BY_NAME.get(name)
    if section is None or section.chart is None:
        raise HTTPException(404, f"no dashboard chart {name!r}")
    if not views.has_cases(s.engine):
        raise HTTPException(404, "this store holds no cases yet")
    content = board.content_key(s.engine)
    tbl = board.table(s.engine, name, flt, content)
    if not board.has_chart(section, tbl):
        raise HTTPException(404, f"nothing to draw for {name!r} in this scope")
    key = (*content, tuple(sorted(flt.scope_query().items())))
    return Response(board.chart_json(section, tbl, key=key), media_type="application/json")


@router.get("/cases", response_class=HTMLResponse)
def cases_page(
    request: Request,
    flt: CaseFilter = Depends(case_filter),
    fmt: str | None = Query(None, alias="format", pattern="^(html|csv)$"),
    s: Settings = Depends(settings),
) -> Response:
    from refusenik.web.case_search import CaseResults

    has_store = ready(s.engine)
    results = (
        search_cases(s.engine, flt)
        if has_store
        else CaseResults(total=0, page=1, per_page=flt.per_page, items=[])
    )
    query = flt.to_query()
    if fmt == "csv":
        return cases_csv(results.items)
    base = {k: v for k, v in query.items() if k != "page"}
    return render(
        request,
        "cases.html",
        title="cases",
        action="/cases",
        q=query,
        extra=True,
        choices=views.choices(),
        has_store=has_store,
        empty_hint=views.EMPTY_HINT,
        results=results,
        page_link=lambda n: f"/cases?{views.query_string(base, page=n)}",
        describe=", ".join(f"{k}={v}" for k, v in query.items()) or "(all)",
        as_of=views.as_of(s.engine),
        permalink=f"/cases?{views.query_string(query)}",
        csv=f"/cases?{views.query_string(query, format='csv')}",
    )


CASE_COLUMNS = ("id", "court", "number", "uid", "received", "decided", "judge", "result",
                "articles", "flags", "first_seen", "last_seen")  # fmt: skip


def cases_csv(items: list[dict[str, Any]]) -> Response:
    rows = [[c[k] if k != "flags" else ";".join(c[k]) for k in CASE_COLUMNS] for c in items]
    return views.csv_response(views.to_csv(CASE_COLUMNS, rows), "cases")


CASE_CSV_COLUMNS = ("section", "row", "field", "value")
# The case's own tables in the order the page shows them; each is a list of rows.
CASE_SECTIONS = ("defendants", "events", "appeals", "acts", "punishments")
HISTORY_SECTIONS = ("observations", "changes", "flags")


def case_csv_rows(found: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One case (`case_detail`) as long-form rows (section, row, field, value): the case's
    fields, then each table of the page and of its history, row by row. Long form because
    the tables have different columns; a reader pivots a section back into its table."""
    nested = {*CASE_SECTIONS, "press_releases", "same_uid_elsewhere", "history"}
    out: list[tuple[Any, ...]] = [
        ("case", 1, key, value) for key, value in found.items() if key not in nested
    ]
    sections = [(name, found[name]) for name in CASE_SECTIONS]
    sections.append(("same_uid_elsewhere", found["same_uid_elsewhere"]))
    sections += [(f"history.{name}", found["history"][name]) for name in HISTORY_SECTIONS]
    for name, rows in sections:
        for number, row in enumerate(rows, 1):
            out += [(name, number, key, value) for key, value in row.items()]
    for number, release in enumerate(found["press_releases"], 1):
        out += [("press_releases", number, key, value) for key, value in release.items()
                if key != "punishments"]  # fmt: skip
        for sub, punished in enumerate(release["punishments"], 1):
            out += [("press_releases.punishments", f"{number}.{sub}", key, value)
                    for key, value in punished.items()]  # fmt: skip
    return out


def case_csv(found: dict[str, Any]) -> Response:
    """The CSV download of one case and its history (pseudonyms only, as the page)."""
    name = f"case-{found['id']}"
    return views.csv_response(views.to_csv(CASE_CSV_COLUMNS, case_csv_rows(found)), name)


def find_case(engine: Any, case_id: int) -> dict[str, Any]:
    """One case with its history, or a 404 for an id this store does not hold."""
    found = case_detail(engine, case_id) if has_cases_table(engine) else None
    if found is None:
        raise HTTPException(404, f"no case with id {case_id} in this store")
    for obs in found["history"]["observations"]:
        obs["archive_url"] = f"/archive/{obs['record_id']}"
    return found


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request,
    case_id: int = CASE_ID,
    fmt: str | None = Query(None, alias="format", pattern="^(html|csv)$"),
    s: Settings = Depends(settings),
) -> Response:
    found = find_case(s.engine, case_id)
    if fmt == "csv":
        return case_csv(found)
    return render(request, "case.html", title=f"case {found['number'] or case_id}", c=found)


@router.get("/courts", response_class=HTMLResponse)
def courts_page(request: Request, s: Settings = Depends(settings)) -> Response:
    rows = []
    for row in views.coverage_rows(s.engine):
        name, _kind = views.court_name(row["court"])
        rows.append({**row, "name": name, "missing": views.missing_text(row)})
    return render(request, "courts.html", title="courts", rows=rows,
                  empty_hint=views.EMPTY_HINT, as_of=views.as_of(s.engine))  # fmt: skip


def court_paragraph(engine: Any, code: str) -> str | None:
    """The analysis' paragraph on a court; None while the store holds no cases."""
    from refusenik.analysis.court_text import court_paragraph as paragraph

    return paragraph(engine, code) if ready(engine) else None


def court_summary(engine: Any, code: str) -> dict[str, Any]:
    """What the court page and `/api/courts/{code}` show: registry facts, coverage, recent
    cases, the analysis' paragraph; 404 for a code the registry does not hold."""
    facts = views.court_facts(code)
    if facts is None:
        raise HTTPException(404, f"no court with code {code!r} in the registry")
    recent = (
        recent_cases(engine, CaseFilter(scope=Scope(courts=(code,))), limit=20)
        if ready(engine)
        else []
    )
    return {
        "facts": facts,
        "coverage": next((r for r in views.coverage_rows(engine) if r["court"] == code), None),
        "recent": recent,
        "paragraph": court_paragraph(engine, code),
    }


@router.get("/courts/{code}", response_class=HTMLResponse)
def court_page(request: Request, code: str, s: Settings = Depends(settings)) -> Response:
    court = court_summary(s.engine, code)
    return render(request, "court.html", title=court["facts"]["name"], facts=court["facts"],
                  cov=court["coverage"], recent=court["recent"], paragraph=court["paragraph"],
                  as_of=views.as_of(s.engine))  # fmt: skip


@router.get("/official", response_class=HTMLResponse)
def official_page(
    request: Request,
    article: str | None = Query(None, max_length=40),
    part: str | None = Query(None, max_length=20),
    year: int | None = Query(None, ge=1990, le=2100),
    metric: str | None = Query(None, max_length=60),
    form: str | None = Query(None, max_length=10),
    s: Settings = Depends(settings),
) -> Response:
    from refusenik.web import official

    query = {k: str(v) for k, v in dict(article=article, part=part, year=year, metric=metric,
             form=form).items() if v not in (None, "")}  # fmt: skip
    if not official.has_figures(s.engine):
        return render(request, "official.html", title="official statistics", has_figures=False)
    figures, explain = official.figures_table(s.engine, query)
    shown = official.distribution_article(article)
    return render(
        request,
        "official.html",
        title="official statistics",
        has_figures=True,
        summary=official.summary_table(s.engine),
        distribution=official.distribution(s.engine, shown),
        distribution_csv=f"/api/official/distribution?{views.query_string({'article': shown}, format='csv')}",
        figures=figures,
        explain=explain,
        q=query,
        permalink=f"/official?{views.query_string(query)}",
        csv=f"/api/official?{views.query_string(query, format='csv')}",
    )


@router.get("/archive/{record_id:path}", response_class=HTMLResponse)
def archived_page(request: Request, record_id: str, s: Settings = Depends(settings)) -> Response:
    from refusenik.archive.errors import ArchiveError
    from refusenik.web.archived import find_capture, read_body, render_body

    capture = find_capture(s.engine, record_id)
    if capture is None:
        raise HTTPException(404, f"no archived record {record_id!r} in this store's index")
    try:
        body = render_body(read_body(s.engine, s.archive_dir, capture))
    except ArchiveError as exc:
        raise HTTPException(503, f"the archived record cannot be read: {exc}") from None
    response = render(
        request,
        "archived.html",
        title=f"archived page {capture.record_id}",
        capture=capture,
        fetched_at=capture.fetched_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        body=body,
    )
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"
    )
    return response
