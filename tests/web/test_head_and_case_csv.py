"""HEAD answers on every GET route, and a case's CSV (the case and its history) read back."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

from sqlalchemy import create_engine, text

from .test_pages import names_in


def _example_urls(client, web_store) -> list[str]:  # type: ignore[no-untyped-def]
    """A URL for every GET route of the app, its path parameters filled with real values."""
    engine = create_engine(web_store.db_url)
    with engine.connect() as conn:
        record = conn.execute(text("select record_id from captures order by id limit 1")).scalar()
    case_id = client.get("/api/cases", params={"per_page": 1}).json()["items"][0]["id"]
    values = {"case_id": str(case_id), "code": "63GV0006", "name": "outcomes",
              "record_id": record}  # fmt: skip
    urls = []
    for route in _routes(client.app.routes):
        if "GET" not in (getattr(route, "methods", None) or ()):
            continue
        url = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: values[m.group(1)], route.path)
        urls.append(url)
    return urls


def _routes(routes):  # type: ignore[no-untyped-def]
    """Every route, those of included routers too (FastAPI nests them)."""
    for route in routes:
        inner = getattr(route, "original_router", None) or getattr(route, "app", None)
        if getattr(route, "path", None) is None and hasattr(inner, "routes"):
            yield from _routes(inner.routes)
        else:
            yield route


def test_head_answers_every_get_route_with_the_get_headers_and_no_body(client, web_store):
    urls = _example_urls(client, web_store)
    assert {"/", "/cases", "/api/cases", "/feeds/cases.atom", "/openapi.json"} <= set(urls)
    answered = 0
    for url in urls:
        got = client.get(url)
        head = client.head(url)
        # The official routes are 404 in this store (no official figures imported).
        assert got.status_code in (200, 404), url
        assert head.status_code == got.status_code, url
        answered += got.status_code == 200
        assert head.content == b"", url
        assert head.headers["content-type"] == got.headers["content-type"], url
        assert int(head.headers["content-length"]) == len(got.content), url
        assert head.headers["x-robots-tag"] == "noindex", url
    assert answered >= 20


def test_head_keeps_errors_and_other_methods_as_they_were(client):
    missing = client.head("/cases/987654")
    assert missing.status_code == 404 and missing.content == b""
    assert client.head("/api/cases?article=abc").status_code == 422
    assert client.post("/api/cases").status_code == 405


def _sections(body: str) -> dict[str, dict[str, dict[str, str]]]:
    """The long-form CSV pivoted back: section -> row -> field -> value."""
    rows = list(csv.DictReader(io.StringIO(body)))
    out: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for r in rows:
        out[r["section"]][r["row"]][r["field"]] = r["value"]
    return out


def _text(value: object) -> str:
    return "" if value is None else str(value)


def test_case_csv_holds_the_case_and_its_history_as_the_json_does(client, web_store):
    listing = client.get("/api/cases", params={"per_page": 30}).json()["items"]
    # A case with defendants and more than one sighting, so every part is exercised.
    for row in listing:
        detail = client.get(f"/api/cases/{row['id']}").json()
        if detail["defendants"] and detail["history"]["observations"]:
            break
    else:
        raise AssertionError("no case with defendants and sightings in the store")
    case_id = detail["id"]
    response = client.get(f"/cases/{case_id}", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f'filename="case-{case_id}.csv"' in response.headers["content-disposition"]
    assert client.get(f"/api/cases/{case_id}", params={"format": "csv"}).text == response.text
    assert f'href="/cases/{case_id}?format=csv"' in client.get(f"/cases/{case_id}").text

    back = _sections(response.text)
    fields = back["case"]["1"]
    for key in ("id", "court", "number", "uid", "received", "decided", "result", "articles"):
        assert fields[key] == _text(detail[key]), key
    pseudonyms = [
        back["defendants"][str(n)]["pseudonym"] for n in range(1, 1 + len(detail["defendants"]))
    ]
    assert pseudonyms == [_text(d["pseudonym"]) for d in detail["defendants"]]
    assert len(back["defendants"]) == len(detail["defendants"])
    seen = back["history.observations"]
    assert len(seen) == len(detail["history"]["observations"])
    assert [seen[str(n)]["record_id"] for n in range(1, len(seen) + 1)] == [
        o["record_id"] for o in detail["history"]["observations"]
    ]
    assert len(back.get("history.changes", {})) == len(detail["history"]["changes"])
    assert len(back.get("punishments", {})) == len(detail["punishments"])


def test_case_csv_never_holds_a_real_name(client, web_store):
    names = web_store.real_names()
    listing = client.get("/api/cases", params={"per_page": 40}).json()["items"]
    assert len(listing) >= 10
    for row in listing:
        body = client.get(f"/cases/{row['id']}", params={"format": "csv"}).text
        assert names_in(body, names) == [], row["id"]


def test_case_csv_of_an_unknown_case_is_404(client):
    assert client.get("/cases/987654", params={"format": "csv"}).status_code == 404
    assert client.get("/api/cases/987654", params={"format": "csv"}).status_code == 404
    assert client.get("/cases/1", params={"format": "xml"}).status_code == 422
