"""The JSON API under /api: the same data as the pages, with precise response models.
Tables take `format=csv`."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from refusenik.web import models, views
from refusenik.web.case_search import CaseFilter, CaseResults, ready, search_cases
from refusenik.web.params import CASE_ID, case_filter, scope_filter
from refusenik.web.settings import Settings, settings

ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": models.Problem, "description": "A parameter was wrong: the message says which"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": models.Problem, "description": "No such case or court"},
}
CSV: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "OK"},
}
FORMAT = Query("json", alias="format", description="json, or csv for a CSV download")
Format = Literal["json", "csv"]

router = APIRouter(prefix="/api", tags=["api"])


def _csv(columns: Any, rows: Any, name: str) -> Response:
    return views.csv_response(views.to_csv(columns, rows), name)


def _table(tbl: Any, fmt: str, name: str) -> Any:
    if fmt == "csv":
        return views.csv_response(tbl.to_csv(), name)
    return tbl.to_dict()


def _case_row(c: dict[str, Any]) -> dict[str, Any]:
    return {**c, "url": f"/cases/{c['id']}"}


@router.get("/cases", response_model=models.CasePage, responses=CSV, summary="Search cases")
def api_cases(
    flt: CaseFilter = Depends(case_filter), fmt: Format = FORMAT, s: Settings = Depends(settings)
) -> Any:
    """Cases matching the filter, newest received first, a page at a time."""
    results = (
        search_cases(s.engine, flt)
        if ready(s.engine)
        else CaseResults(total=0, page=flt.page, per_page=flt.per_page, items=[])
    )
    if fmt == "csv":
        from refusenik.web.pages import cases_csv

        return cases_csv(results.items)
    return {
        "total": results.total,
        "total_exact": results.exact,
        "page": results.page,
        "per_page": results.per_page,
        "pages": results.pages,
        "query": flt.to_query(),
        "items": [_case_row(c) for c in results.items],
    }


@router.get(
    "/cases/{case_id}",
    response_model=models.CaseDetail,
    responses={**NOT_FOUND, **CSV},
    summary="One case",
)
def api_case(case_id: int = CASE_ID, fmt: Format = FORMAT, s: Settings = Depends(settings)) -> Any:
    """One case with its defendants (pseudonyms), events, acts, punishments and history;
    as CSV, one row per field (section, row, field, value)."""
    from refusenik.web.pages import case_csv, find_case

    found = find_case(s.engine, case_id)
    if fmt == "csv":
        return case_csv(found)
    return found


def _coverage_out(row: dict[str, Any]) -> dict[str, Any]:
    return row


@router.get("/coverage", response_model=list[models.CoverageRow], responses=CSV, summary="Coverage")
def api_coverage(fmt: Format = FORMAT, s: Settings = Depends(settings)) -> Any:
    """Per court ever crawled: status, last crawled, cases, hidden, removed, what was not read."""
    rows = views.coverage_rows(s.engine)
    if fmt == "csv":
        columns = list(models.CoverageRow.model_fields)
        return _csv(columns, [[("; ".join(r[c]) if c == "alarms" else r[c]) for c in columns]
                              for r in rows], "coverage")  # fmt: skip
    return rows


@router.get("/courts", response_model=list[models.CourtSummary], summary="Courts crawled")
def api_courts(s: Settings = Depends(settings)) -> Any:
    """The courts this store holds anything of, with their coverage."""
    out = []
    for row in views.coverage_rows(s.engine):
        name, kind = views.court_name(row["court"])
        out.append({"code": row["court"], "name": name, "kind": kind, "coverage": row,
                    "url": f"/courts/{row['court']}"})  # fmt: skip
    return out


@router.get(
    "/courts/{code}", response_model=models.CourtDetail, responses=NOT_FOUND, summary="One court"
)
def api_court(code: str, s: Settings = Depends(settings)) -> Any:
    """A court's registry facts, the analysis' paragraph on it, its coverage, recent cases."""
    from refusenik.web.pages import court_summary

    court = court_summary(s.engine, code)
    return {
        "facts": court["facts"],
        "paragraph": court["paragraph"],
        "coverage": court["coverage"],
        "recent_cases": [_case_row(c) for c in court["recent"]],
    }


@router.get("/headline", response_model=models.Headline, responses=ERRORS, summary="Headline")
def api_headline(flt: CaseFilter = Depends(scope_filter), s: Settings = Depends(settings)) -> Any:
    """Cases received, decisions, persons, persons sentenced and shares, for a scope."""
    from refusenik.web.dashboard import headline

    return headline(s.engine, flt)


@router.get("/series", response_model=models.TableOut, responses=CSV, summary="Time series")
def api_series(
    measure: Literal["received", "decisions", "persons"] = Query(
        "received", description="cases received, decisions, or persons (never summed)"
    ),
    by: Literal["month", "year"] = Query("month"),
    split: Literal["group", "article", "part", "court", "region", "district", "outcome", "kind"]
    | None = Query(None, description="one series per value of this"),
    flt: CaseFilter = Depends(scope_filter),
    fmt: Format = FORMAT,
    s: Settings = Depends(settings),
) -> Any:
    """Counts per month or year, optionally split; law changes are listed in `notes`."""
    from refusenik.analysis.figures import series
    from refusenik.web.dashboard import compute_cached

    tbl = compute_cached(s.engine, f"series:{measure}:{by}:{split}", flt,
                         lambda: series(s.engine, flt.scope, measure, by=by, split=split))  # fmt: skip
    return _table(tbl, fmt, "series")


@router.get("/sentences", response_model=models.TableOut, responses=CSV, summary="Sentences")
def api_sentences(
    what: Literal["kinds", "terms", "outcomes"] = Query(
        "kinds",
        description="kinds: punishment kind shares; terms: term months per part; "
        "outcomes: outcome × persons",
    ),
    flt: CaseFilter = Depends(scope_filter),
    fmt: Format = FORMAT,
    s: Settings = Depends(settings),
) -> Any:
    """Sentence distributions for a scope."""
    from refusenik.analysis import figures

    compute = {"kinds": figures.sentence_kinds, "terms": figures.terms,
               "outcomes": figures.outcomes}[what]  # fmt: skip
    from refusenik.web.dashboard import compute_cached

    tbl = compute_cached(s.engine, f"sentences:{what}", flt, lambda: compute(s.engine, flt.scope))
    return _table(tbl, fmt, f"sentences-{what}")


@router.get(
    "/reconcile", response_model=models.TableOut, responses={**NOT_FOUND, **CSV},
    summary="Reconcile",
)  # fmt: skip
def api_reconcile(
    flt: CaseFilter = Depends(scope_filter), fmt: Format = FORMAT, s: Settings = Depends(settings)
) -> Any:
    """Crawled convictions against the official statistics, per year and group."""
    from refusenik.analysis import figures

    reconcile = getattr(figures, "reconcile", None)
    if reconcile is None:
        raise HTTPException(404, "this version of the analysis has no reconciliation yet")
    from refusenik.web.dashboard import compute_cached

    tbl = compute_cached(s.engine, "reconcile", flt, lambda: reconcile(s.engine, flt.scope))
    return _table(tbl, fmt, "reconcile")


@router.get(
    "/tables/{name}", response_model=models.TableOut, responses=NOT_FOUND | CSV,
    summary="A dashboard table",
)  # fmt: skip
def api_table(
    name: str,
    flt: CaseFilter = Depends(scope_filter),
    fmt: Format = FORMAT,
    s: Settings = Depends(settings),
) -> Any:
    """Any table of the dashboard by its section name (received-by-group, outcomes …)."""
    from refusenik.web import dashboard

    if name not in dashboard.BY_NAME:
        known = ", ".join(dashboard.BY_NAME)
        raise HTTPException(404, f"no dashboard table {name!r}; tables: {known}")
    return _table(dashboard.table(s.engine, name, flt), fmt, name)


@router.get(
    "/official", response_model=models.TableOut, responses={**NOT_FOUND, **CSV},
    summary="Official figures",
)  # fmt: skip
def api_official(
    article: str | None = Query(None, max_length=40, description="328, «328 ч.1» or ch33"),
    part: str | None = Query(None, max_length=20),
    year: int | None = Query(None, ge=1990, le=2100),
    metric: str | None = Query(None, max_length=60, description="e.g. convicted"),
    form: str | None = Query(None, max_length=10, description="10.3, 10.3.1 or 10-a"),
    fmt: Format = FORMAT,
    s: Settings = Depends(settings),
) -> Any:
    """Official figures with the cell each came from (default: Chapter 33 convictions)."""
    from refusenik.web import official

    query = {k: str(v) for k, v in dict(article=article, part=part, year=year, metric=metric,
             form=form).items() if v not in (None, "")}  # fmt: skip
    if not official.has_figures(s.engine):
        raise HTTPException(404, "no official figures in this store: `refusenik official import`")
    tbl, explain = official.figures_table(s.engine, query)
    if explain:
        from dataclasses import replace

        tbl = replace(tbl, notes=(*tbl.notes, explain))
    if fmt == "csv":
        return _csv(tbl.columns, tbl.rows, "official")
    return tbl.to_dict()


@router.get(
    "/official/distribution", response_model=models.TableOut, responses={**NOT_FOUND, **CSV},
    summary="Official sentences by kind",
)  # fmt: skip
def api_official_distribution(
    article: str = Query("337", max_length=40, description="328, 337 … or ch33"),
    fmt: Format = FORMAT,
    s: Settings = Depends(settings),
) -> Any:
    """Persons convicted per year and part by kind of main punishment, with source cells."""
    from refusenik.web import official

    if not official.has_figures(s.engine):
        raise HTTPException(404, "no official figures in this store: `refusenik official import`")
    shown = official.distribution_article(article)
    return _table(official.distribution(s.engine, shown), fmt, "official-distribution")


@router.get(
    "/official/summary", response_model=models.TableOut, responses=CSV,
    summary="Official figures held",
)  # fmt: skip
def api_official_summary(fmt: Format = FORMAT, s: Settings = Depends(settings)) -> Any:
    """How many official figures the store holds per year and form."""
    from refusenik.web import official

    tbl = official.summary_table(s.engine)
    if fmt == "csv":
        return _csv(tbl.columns, tbl.rows, "official-summary")
    return tbl.to_dict()
