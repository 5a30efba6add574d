"""URL parameters shared by pages, the API and the feeds, declared once so `/openapi.json`
describes each of them, and parsed into a `CaseFilter` (bad values: 422 with a message)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from fastapi import Path, Query

from refusenik.law.vocab import Outcome, PunishmentKind
from refusenik.web.case_search import CaseFilter

# Case ids are database integers (PostgreSQL `integer`): anything larger names no case.
CASE_ID = Path(ge=1, le=2**31 - 1, description="The case's id, as the case list shows it")
OUTCOMES = ["", *(o.value for o in Outcome)]
PUNISHMENTS = ["", *(k.value for k in PunishmentKind)]
# An empty value (a filter form's blank field) means "any", as if it were not given.
COURT_LIST = r"^([0-9]{2}[A-Za-z]{2}[0-9]{4}(,[0-9]{2}[A-Za-z]{2}[0-9]{4})*)?$"


@cache
def _values() -> dict[str, list[str]]:
    """The values the analysis' Scope accepts, for the schema's enums."""
    from refusenik.courts import KINDS, all_courts
    from refusenik.law import RefusalGroup, articles

    courts = all_courts()
    regions = sorted({c.region for c in courts if c.region})
    codes = sorted({c.region_code for c in courts if c.region and c.region_code})
    return {
        "kind": list(KINDS),
        "district": sorted({c.military_district for c in courts if c.military_district}),
        "region": regions + codes,
        "article": [a.number for a in articles()],
        "group": [g.value for g in RefusalGroup],
    }


def _enum(key: str, description: str) -> Any:
    return Query(None, description=description, json_schema_extra={"enum": ["", *_values()[key]]})


COURTS = Query(
    None,
    max_length=400,
    pattern=COURT_LIST,
    description="Court code, or several separated by commas (e.g. 63GV0006,63GV0005)",
)
COURT = Query(None, max_length=400, pattern=COURT_LIST, description="The same as courts")
KIND = _enum("kind", "Court kind, e.g. garrison_military")
DISTRICT = _enum("district", "Military (judicial) district of the court")
REGION = _enum("region", "Region of the court (its name or code)")
ARTICLE = _enum("article", "УК РФ article, e.g. 337 or 352.1")
PART = Query(
    None,
    pattern=r"^([0-9]{1,2}(\.[0-9])?)?$",
    description="Part of the article, e.g. 5 (it must be a part of the article given)",
)
GROUP = _enum("group", "Refusal group: evasion, awol, desertion …")
DAY = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"
SINCE = Query(
    None,
    pattern=DAY,
    description="From this day (YYYY-MM-DD), of the date the figure counts",
)
UNTIL = Query(
    None,
    pattern=DAY,
    description="Until this day (YYYY-MM-DD), of the date the figure counts",
)


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
    since: str | None = SINCE,
    until: str | None = UNTIL,
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
    since: str | None = SINCE,
    until: str | None = UNTIL,
    outcome: str | None = Query(
        None,
        description="Outcome for a defendant: convicted, acquitted …",
        json_schema_extra={"enum": OUTCOMES},
    ),
    punishment: str | None = Query(
        None,
        description="Punishment kind: imprisonment, suspended, fine …",
        json_schema_extra={"enum": PUNISHMENTS},
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
