"""Atom feeds of new cases and new decisions, for any saved query (the dashboard's filter
parameters): a reader subscribes to `/feeds/cases.atom?article=337&court=63GV0006`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from refusenik.web import views
from refusenik.web.case_search import CaseFilter, ready, recent_cases
from refusenik.web.params import scope_filter
from refusenik.web.settings import Settings, settings

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
ENTRIES = 100
FEED: dict[int | str, dict[str, Any]] = {
    200: {"content": {MEDIA_TYPE: {"schema": {"type": "string"}}}, "description": "Atom feed"},
    422: {"description": "A parameter was wrong: the message says which"},
}

router = APIRouter(prefix="/feeds", tags=["feeds"])


def _stamp(value: str | None) -> str:
    """An ISO date or date-time as an RFC 3339 timestamp (UTC)."""
    if not value:
        return "1970-01-01T00:00:00Z"
    if len(value) == 10:
        return f"{value}T00:00:00Z"
    moment = datetime.fromisoformat(value)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom(
    request: Request, kind: str, title: str, flt: CaseFilter, items: list[dict[str, Any]]
) -> bytes:
    """The feed document: one entry per case, linking its case page."""
    base = str(request.base_url).rstrip("/")
    qs = views.query_string(flt.scope_query())
    self_url = f"{base}/feeds/{kind}.atom" + (f"?{qs}" if qs else "")
    stamp_of = (lambda c: _stamp(c["decided"])) if kind == "decisions" else (
        lambda c: _stamp(c["first_seen"])
    )  # fmt: skip
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", f"tag:refusenik,2026:feeds/{kind}" + (f"?{qs}" if qs else ""))
    _sub(feed, "title", title)
    stamps = [stamp_of(c) for c in items]
    _sub(feed, "updated", max(stamps) if stamps else _stamp(datetime.now(UTC).isoformat()))
    author = _sub(feed, "author")
    _sub(author, "name", "refusenik")
    _sub(feed, "link", rel="self", href=self_url, type=MEDIA_TYPE)
    _sub(feed, "link", rel="alternate", href=f"{base}/cases" + (f"?{qs}" if qs else ""),
         type="text/html")  # fmt: skip
    _sub(feed, "generator", "refusenik")
    for c, stamp in zip(items, stamps, strict=True):
        entry = _sub(feed, "entry")
        _sub(
            entry,
            "id",
            f"tag:refusenik,2026:case/{c['id']}" + ("/decision" if kind == "decisions" else ""),
        )
        number = c["number"] or f"case {c['id']}"
        what = "decided" if kind == "decisions" else "new case"
        _sub(entry, "title", f"{number} ({c['court']}): {what}")
        _sub(entry, "updated", stamp)
        _sub(entry, "link", rel="alternate", href=f"{base}/cases/{c['id']}", type="text/html")
        summary = "; ".join(
            part
            for part in (
                f"court {c['court']}",
                f"articles {c['articles']}" if c["articles"] else "",
                f"received {c['received']}" if c["received"] else "",
                f"decided {c['decided']}" if c["decided"] else "",
                f"result: {c['result']}" if c["result"] else "",
                f"flags: {', '.join(c['flags'])}" if c["flags"] else "",
            )
            if part
        )
        _sub(entry, "summary", summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _items(s: Settings, flt: CaseFilter, order: str) -> list[dict[str, Any]]:
    if not ready(s.engine):
        return []
    return recent_cases(s.engine, flt, order=order, limit=ENTRIES)


@router.get("/cases.atom", response_class=Response, responses=FEED, summary="New cases (Atom)")
def cases_feed(
    request: Request, flt: CaseFilter = Depends(scope_filter), s: Settings = Depends(settings)
) -> Response:
    """The newest cases first seen by the crawl, for any filter of the dashboard."""
    body = atom(request, "cases", "refusenik: new cases " + _describe(flt), flt,
                _items(s, flt, "first_seen"))  # fmt: skip
    return Response(body, media_type=MEDIA_TYPE)


@router.get(
    "/decisions.atom", response_class=Response, responses=FEED, summary="New decisions (Atom)"
)
def decisions_feed(
    request: Request, flt: CaseFilter = Depends(scope_filter), s: Settings = Depends(settings)
) -> Response:
    """The newest decisions (cases with a decision date), for any filter of the dashboard."""
    body = atom(request, "decisions", "refusenik: decisions " + _describe(flt), flt,
                _items(s, flt, "decided"))  # fmt: skip
    return Response(body, media_type=MEDIA_TYPE)


def _describe(flt: CaseFilter) -> str:
    query = flt.scope_query()
    return "(" + ", ".join(f"{k} {v}" for k, v in query.items()) + ")" if query else "(all)"
