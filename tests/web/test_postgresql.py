"""The web over PostgreSQL: the crawled archive reparsed into a PostgreSQL schema answers
the same numbers and lists the same cases as the SQLite store the crawl wrote."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from refusenik.cli import main
from refusenik.web import case_search, create_app

# Scopes without an article: the backends agree on them (a case's principal article is the
# analysis' choice; see the report on SQLite/PostgreSQL differences under an article).
QUERIES = [{}, {"courts": "63GV0005", "since": "2025-11-01"}, {"kind": "garrison_military"}]
KEYS = ("cases_received", "decisions", "persons", "persons_sentenced")
SEARCHES = [{}, {"outcome": "convicted"}, {"q": "/2025"}, {"kind": "garrison_military", "q": "1-1"}]


def test_postgresql_store_answers_as_the_sqlite_one(
    web_store, web_app, pg_schema, capsys, monkeypatch
):
    with pg_schema("web_test") as url:
        with pytest.raises(SystemExit) as done:
            main(["reparse", "--archive", str(web_store.archive), "--db", web_store.db_url,
                  "--into", url])  # fmt: skip
        assert (done.value.code or 0) == 0, capsys.readouterr()
        pg_app = create_app(url, web_store.archive)
        with TestClient(web_app) as lite, TestClient(pg_app) as pg:
            for query in QUERIES:
                a = lite.get("/api/headline", params=query).json()
                b = pg.get("/api/headline", params=query).json()
                assert a["cases_received"] > 0
                assert {k: a[k] for k in KEYS} == {k: b[k] for k in KEYS}, query
                rows_a = lite.get("/api/cases", params={**query, "per_page": 30}).json()
                rows_b = pg.get("/api/cases", params={**query, "per_page": 30}).json()
                assert rows_a["total"] == rows_b["total"] == a["cases_received"]
                assert [c["number"] for c in rows_a["items"]] == [
                    c["number"] for c in rows_b["items"]
                ]
            for article in ("337", "338"):  # on PostgreSQL itself: the list is what is counted
                shown = pg.get("/api/headline", params={"article": article}).json()
                listed = pg.get("/api/cases", params={"article": article}).json()
                assert listed["total"] == shown["cases_received"] > 0
            first = pg.get("/api/cases", params={"per_page": 1}).json()["items"][0]
            page = pg.get(first["url"])
            assert page.status_code == 200 and first["number"] in page.text
            assert pg.get("/feeds/cases.atom").status_code == 200
            assert pg.get("/").status_code == 200
            assert pg.head("/cases").status_code == 200
            assert pg.get(first["url"], params={"format": "csv"}).text.startswith("section,")
            # Each way of reading a search lists on PostgreSQL what it lists on SQLite.
            for few, ids, many in ((10**9, 0, 0), (0, 10**9, 0), (0, 0, 10**9), (0, 0, 0)):
                monkeypatch.setattr(case_search, "FEW", few)
                monkeypatch.setattr(case_search, "IDS", ids)
                monkeypatch.setattr(case_search, "MANY", many)
                for query in SEARCHES:
                    params = {**query, "per_page": 6, "page": 2}
                    a = lite.get("/api/cases", params=params).json()
                    b = pg.get("/api/cases", params=params).json()
                    assert a["total"] == b["total"], (few, ids, many, query)
                    numbers = [c["number"] for c in a["items"]]
                    assert numbers == [c["number"] for c in b["items"]], (few, ids, many, query)
            feed_a = lite.get("/feeds/decisions.atom").text.count("<entry>")
            assert feed_a == pg.get("/feeds/decisions.atom").text.count("<entry>") > 0
            pg_app.state.settings.engine.dispose()
