"""URL parameters shared by pages, the API and the feeds, declared once so `/openapi.json`
describes each of them, and parsed into a `CaseFilter` (bad values: 422 with a message)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Query

from refusenik.web.case_search import CaseFilter

COURTS = Query(
    None,
    max_length=400,
    description="Court code, or several separated by commas (e.g. 63GV0006,63GV0005)",
)
COURT = Query(None, max_length=400, description="The same as courts")
KIND = Query(None, max_length=40, description="Court kind, e.g. garrison_military")
DISTRICT = Query(None, max_length=120, description="Military (judicial) district of the court")
REGION = Query(None, max_length=120, description="Region of the court (name or code)")
ARTICLE = Query(None, max_length=12, description="УК РФ article, e.g. 337 or 352.1")
PART = Query(None, max_length=8, description="Part of the article, e.g. 5")
GROUP = Query(None, max_length=40, description="Refusal group: evasion, awol, desertion …")
SINCE = Query(None, description="Received on or after (YYYY-MM-DD)")
UNTIL = Query(None, description="Received on or before (YYYY-MM-DD)")


def _parse(values: dict[str, Any]) -> CaseFilter:
    raw = {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in values.items()}
    return CaseFilter.from_query({k: v for k, v in raw.items() if v not in ("", "None")})


def scope_filter(
    courts: str | None = COURTS,
    court: str | None = COURT,
    kind: str | None = KIND,
    district: str | None = DISTRICT,
    region: str | None = REGION,
    article: str | None = ARTICLE,
    part: str | None = PART,
    group: str | None = GROUP,
    since: date | None = SINCE,
    until: date | None = UNTIL,
) -> CaseFilter:
    """The scope every figure is computed for (the dashboard's filter form)."""
    given = dict(court=court, courts=courts, kind=kind, district=district, region=region, article=article,
                 part=part, group=group, since=since, until=until)  # fmt: skip
    return _parse({k: v for k, v in given.items() if v is not None})


def case_filter(
    courts: str | None = COURTS,
    court: str | None = COURT,
    kind: str | None = KIND,
    district: str | None = DISTRICT,
    region: str | None = REGION,
    article: str | None = ARTICLE,
    part: str | None = PART,
    group: str | None = GROUP,
    since: date | None = SINCE,
    until: date | None = UNTIL,
    outcome: str | None = Query(
        None, max_length=40, description="Outcome for a defendant: convicted, acquitted …"
    ),
    punishment: str | None = Query(
        None, max_length=40, description="Punishment kind: imprisonment, suspended, fine …"
    ),
    q: str | None = Query(None, max_length=120, description="Part of a case number or УИД"),
    page: int = Query(1, ge=1, le=1_000_000, description="Page number"),
    per_page: int = Query(50, ge=1, le=200, description="Cases per page"),
) -> CaseFilter:
    """A case search: the scope plus outcome, punishment, number/УИД and the page."""
    given = dict(court=court, courts=courts, kind=kind, district=district, region=region, article=article,
                 part=part, group=group, since=since, until=until, outcome=outcome,
                 punishment=punishment, q=q, page=page, per_page=per_page)  # fmt: skip
    return _parse({k: v for k, v in given.items() if v is not None})
