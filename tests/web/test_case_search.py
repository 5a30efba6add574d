"""The case list and the feeds choose how to read the store by how many cases are in play;
whichever way they read it, they list the same cases in the same order as one plain query
over the store, and a total counted only in part says so."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from refusenik.web import case_search
from refusenik.web.case_search import CaseFilter, recent_cases, search_cases

# (FEW, IDS, MANY): the scope read and sorted; the filters' cases read by their ids, or
# through a subquery, and sorted; the listing index walked.
PLANS = {
    "scope": (10**9, 0, 0),
    "ids": (0, 10**9, 0),
    "allowed": (0, 0, 10**9),
    "walk": (0, 0, 0),
}
QUERIES = [
    {},
    {"article": "337"},
    {"courts": "63GV0005"},
    {"outcome": "convicted"},
    {"article": "337", "punishment": "imprisonment"},
    {"q": "/2025"},
    {"q": "1-1", "outcome": "convicted"},
]


def reference(engine, query: dict[str, str]) -> list[int]:  # type: ignore[no-untyped-def]
    """The list's cases by one plain query: newest received first, then highest id."""
    sql = """
        select c.id from cases c join analysis_persons p on p.case_id = c.id
        where p.counts_case = 1
          and (:article is null or p.article = :article)
          and (:court is null or p.court = :court)
          and (:outcome is null or exists (select 1 from punishments u
               where u.case_id = c.id and u.outcome = :outcome))
          and (:kind is null or exists (select 1 from punishments u
               where u.case_id = c.id and u.kind = :kind))
          and (:q is null or c.number like :like or c.uid like :like)
        order by p.received desc, c.id desc"""
    params = {
        "article": query.get("article"),
        "court": query.get("courts"),
        "outcome": query.get("outcome"),
        "kind": query.get("punishment"),
        "q": query.get("q"),
        "like": f"%{query.get('q')}%",
    }
    with engine.connect() as conn:
        return list(conn.execute(text(sql), params).scalars())


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_every_plan_lists_what_one_plain_query_lists(web_store, monkeypatch, plan):
    engine = create_engine(web_store.db_url)
    few, ids, many = PLANS[plan]
    monkeypatch.setattr(case_search, "FEW", few)
    monkeypatch.setattr(case_search, "IDS", ids)
    monkeypatch.setattr(case_search, "MANY", many)
    monkeypatch.setattr(case_search, "COUNT_LIMIT", 10**9)
    nonempty = 0
    for query in QUERIES:
        expected = reference(engine, query)
        nonempty += bool(expected)
        for page in (1, 2, 3):
            flt = CaseFilter.from_query({**query, "per_page": "4", "page": str(page)})
            found = search_cases(engine, flt)
            assert [c["id"] for c in found.items] == expected[(page - 1) * 4 : page * 4], query
            assert found.exact and found.total == len(expected), query
    assert nonempty >= 5


def test_a_total_counted_in_part_says_more_than(web_store, client, monkeypatch):
    engine = create_engine(web_store.db_url)
    expected = reference(engine, {"outcome": "convicted"})
    assert len(expected) > 3
    monkeypatch.setattr(case_search, "FEW", 0)
    monkeypatch.setattr(case_search, "IDS", 0)
    monkeypatch.setattr(case_search, "MANY", 0)
    monkeypatch.setattr(case_search, "COUNT_LIMIT", 3)
    api = client.get("/api/cases", params={"outcome": "convicted", "per_page": 2}).json()
    assert api["total"] == 3 and api["total_exact"] is False
    assert [c["id"] for c in api["items"]] == expected[:2]
    page = client.get("/cases", params={"outcome": "convicted", "per_page": 2}).text
    assert "(more than 3 cases)" in page and 'rel="next"' in page
    # A count that stays under the limit is exact and says so.
    whole = client.get("/api/cases", params={"per_page": 2}).json()
    assert whole["total_exact"] is True and whole["total"] == len(reference(engine, {}))


@pytest.mark.parametrize("few", [0, 10**9])
def test_the_new_cases_feed_walks_or_sorts_to_the_same_cases(web_store, monkeypatch, few):
    engine = create_engine(web_store.db_url)
    monkeypatch.setattr(case_search, "FEW", few)
    monkeypatch.setattr(case_search, "WALK", 3)  # several stretches down `cases.first_seen`
    for query in ({}, {"courts": "63GV0006"}, {"article": "338"}):
        sql = """select c.id from cases c join analysis_persons p on p.case_id = c.id
                 where p.counts_case = 1 and (:court is null or p.court = :court)
                   and (:article is null or p.article = :article)
                 order by c.first_seen desc, c.id desc limit 7"""
        params = {"court": query.get("courts"), "article": query.get("article")}
        with engine.connect() as conn:
            expected = list(conn.execute(text(sql), params).scalars())
        assert expected, query
        found = recent_cases(engine, CaseFilter.from_query(query), limit=7)
        assert [c["id"] for c in found] == expected, query
        decided = recent_cases(engine, CaseFilter.from_query(query), order="decided", limit=7)
        sql_decided = sql.replace(
            "order by c.first_seen desc", "and c.decided is not null order by c.decided desc"
        )
        with engine.connect() as conn:
            assert [c["id"] for c in decided] == list(
                conn.execute(text(sql_decided), params).scalars()
            )
