"""The JSON API's response shapes: what `/openapi.json` promises, field by field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class CaseRow(BaseModel):
    """One case in a list: its court's record as last seen, with open flags."""

    id: int
    court: str
    number: str | None
    uid: str | None = Field(description="УИД, the identifier that follows a case across courts")
    received: str | None = Field(description="date received (ISO)")
    decided: str | None = Field(description="date decided (ISO)")
    judge: str | None = Field(description="as printed: a public official")
    result: str | None
    articles: str | None = Field(description='as parsed, e.g. "337 ч.5; 338 ч.1"')
    flags: list[str] = Field(description="open flags: hidden, removed")
    first_seen: str | None
    last_seen: str | None
    url: str = Field(description="the case page")


class CasePage(BaseModel):
    """One page of a case search."""

    total: int = Field(description="cases matching; a lower bound when total_exact is false")
    total_exact: bool = Field(
        description="false when a search with outcome, punishment or q matched more cases "
        "than were counted: then at least `total` match"
    )
    page: int
    per_page: int
    pages: int = Field(description="the last page (of the cases counted)")
    query: dict[str, str] = Field(description="the filter as URL parameters (a permalink)")
    items: list[CaseRow]


class Defendant(BaseModel):
    position: int
    pseudonym: str | None = Field(description="keyed pseudonym; never a name")
    name_hidden: bool | None
    articles: str | None
    decision_date: str | None
    result: str | None


class Event(BaseModel):
    position: int
    name: str | None
    date: str | None
    time: str | None
    result: str | None
    basis: str | None


class Appeal(BaseModel):
    position: int
    kind: str | None
    filed_by: str | None
    higher_court: str | None
    decision_date: str | None
    result: str | None


class Act(BaseModel):
    url: str | None
    kind: str | None
    date: str | None
    doc_number: str | None
    text_record: str | None
    document_type: str | None


class Punishment(BaseModel):
    act_id: int | None
    press_id: int | None
    record_id: str
    position: int
    pseudonym: str
    outcome: str
    articles: str | None
    kind: str | None
    term_months: int | None
    probation_months: int | None
    fine_rub: int | None
    regime: str | None
    raw_phrase: str | None = Field(description="the sentence's words, names masked")
    evidence_start: int | None
    evidence_end: int | None


class Observation(BaseModel):
    record_id: str
    capture_id: int | None
    seen_at: str
    page_kind: str
    archive_url: str = Field(description="the archived page, names masked")


class Change(BaseModel):
    field: str
    old: str | None
    new: str | None
    seen_at: str
    record_id: str


class Flag(BaseModel):
    flag: str
    since: str
    until: str | None
    evidence: str


class History(BaseModel):
    observations: list[Observation]
    changes: list[Change]
    flags: list[Flag]


class SameUid(BaseModel):
    id: int
    court: str
    number: str | None


class CaseDetail(BaseModel):
    """One case with everything the store knows, defendants as pseudonyms."""

    id: int
    court: str
    server: int
    cartoteka: str
    number: str | None
    uid: str | None
    received: str | None
    decided: str | None
    in_force: str | None
    judge: str | None
    result: str | None
    category: str | None
    articles: str | None
    names_hidden: bool | None
    card_url: str | None
    first_seen: str
    last_seen: str
    defendants: list[Defendant]
    events: list[Event]
    appeals: list[Appeal]
    acts: list[Act]
    punishments: list[Punishment]
    same_uid_elsewhere: list[SameUid]
    history: History


class CoverageRow(BaseModel):
    """What the store covers of one court, and what could not be read."""

    court: str
    last_crawled: str | None
    last_ok: str | None
    status: str | None
    cases: int
    hidden: int
    removed: int
    pages: int | None
    pages_refused: int | None
    pages_unreadable: int | None
    windows_unread: int | None
    cards_unread: int | None
    note: str | None
    alarms: list[str]
    last_error: str | None


class CourtFacts(BaseModel):
    """A court as the registry knows it."""

    code: str
    name: str
    kind: str
    region_code: str | None
    region: str | None
    host: str | None
    template: str
    captcha: bool | None
    srv_nums: list[int]
    parent_code: str | None
    military_district: str | None


class CourtSummary(BaseModel):
    code: str
    name: str | None
    kind: str | None
    coverage: CoverageRow | None
    url: str


class CourtDetail(BaseModel):
    facts: CourtFacts
    paragraph: str | None = Field(description="the analysis' paragraph on this court")
    coverage: CoverageRow | None
    recent_cases: list[CaseRow]


class TableOut(BaseModel):
    """A table of figures with its unit, source, as-of date and caveats."""

    title: str
    unit: str
    columns: list[str]
    rows: list[list[Any]]
    source: str
    as_of: str | None
    provisional_from: str | None
    notes: list[str]


class Problem(BaseModel):
    """What was wrong with a request."""

    detail: str


class Headline(BaseModel):
    """The headline numbers of a scope (persons, cases and decisions are never summed)."""

    cases_received: int
    decisions: int
    persons: int
    persons_sentenced: int
    share_suspended: float | None
    share_below_minimum: float | None
    median_days_to_decision: float | None
    as_of: str | None
    provisional_from: str | None
    scope: str = Field(description="the scope in words")
