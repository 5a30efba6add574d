"""Figures of a store built by crawling the simulator, checked against its ground truth,
which this test reads on its own (the truth JSON), not through the analysis."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from refusenik.analysis import figures as F
from refusenik.analysis import refresh
from refusenik.analysis.figures import Scope
from refusenik.ingest import ingest
from refusenik.simulate import SimSite, World
from refusenik.store.case_tables import CASES

from ..ingest.conftest import COURTS, Crawler, SimArchive

START, END = date(2023, 3, 15), date(2024, 2, 10)


@pytest.fixture(scope="module")
def world() -> World:
    return World.generate(11, COURTS, rounds=1)


@pytest.fixture(scope="module")
def store(world, tmp_path_factory):
    """The simulator crawled (listings, cards, the acts they link to) into a store. (The
    same figures on PostgreSQL are checked on a hand-made store in test_figures_small.)"""
    from refusenik.store import engine_for

    engine = engine_for(f"sqlite:///{tmp_path_factory.mktemp('sim') / 'store.sqlite'}")
    yield _crawl(engine, world)
    engine.dispose()


def _crawl(engine, world):
    site = SimSite(world, round=0)
    crawler = Crawler(site, SimArchive(), engine)
    for court in COURTS:
        done = crawler.crawl_window(court, START, END, cards=False)
        context = done["context"]
        # Every card the window listed, then every act its card links to.
        with engine.connect() as conn:
            query = select(CASES.c.card_url).where(CASES.c.court == court.code)
            cards = [url for (url,) in conn.execute(query) if url]
        for card in cards:
            capture, body = crawler.fetch(card, court.code)
            for link in ingest(engine, capture, body, context).links:
                capture, body = crawler.fetch(link, court.code)
                ingest(engine, capture, body, context)
    refresh(engine)
    return engine


def truth_cases(world: World) -> list[dict]:
    """The cases the simulator shows on round 0 that the windows above list."""
    out = []
    for court in world.truth(0)["courts"]:
        for case in court["cases"]:
            received = date.fromisoformat(case["received"])
            if START <= received <= END:
                out.append(case)
    return out


def test_received_per_month_equals_the_truth(store, world):
    truth = Counter(c["received"][:7] for c in truth_cases(world))
    table = F.series(store, Scope(since=START, until=END), "received")
    got = {row[0].strftime("%Y-%m"): row[1] for row in table.rows if row[1]}
    assert got == dict(truth)
    assert table.unit == "cases received"


def test_received_per_article_within_what_the_charges_allow(store, world):
    table = F.series(store, Scope(since=START, until=END), "received", by="year", split="article")
    got = Counter()
    for _, article, n in table.rows:
        got[article] += n
    cases = truth_cases(world)
    assert sum(got.values()) == len(cases)
    for article, n in got.items():
        charged = [
            c for c in cases if article in {x["article"] for x in c["defendants"][0]["charges"]}
        ]
        only = [c for c in charged if len(c["defendants"][0]["charges"]) == 1]
        assert len(only) <= n <= len(charged), article


def test_persons_and_decisions_equal_the_truth(store, world):
    cases = [c for c in truth_cases(world) if c["decision_date"]]
    window = F.headline(store, Scope(since=START, until=END))
    assert window["cases_received"] == len(truth_cases(world))
    # Decisions and persons are dated by the decision: the window's cases decided inside it.
    decided_in = [c for c in cases if START.isoformat() <= c["decision_date"] <= END.isoformat()]
    all_time = F.headline(store, Scope())
    assert all_time["decisions"] == len(cases)
    assert all_time["persons"] == sum(len(c["defendants"]) for c in cases)
    assert window["decisions"] == len(decided_in)


def test_sentences_read_equal_the_truth_punishments(store, world):
    """Persons sentenced, by kind, among cases with one defendant whose act was published
    (the act texts of several defendants give the extractor only the first one)."""
    expected = Counter()
    single = set()
    for case in truth_cases(world):
        if not case["act"] or not case["decision_date"] or len(case["defendants"]) != 1:
            continue
        single.add((case["court"], case["number"]))
        for d in case["defendants"]:
            outcome = d["outcome"] or {}
            p = outcome.get("punishment")
            if outcome.get("kind") == "conviction" and p:
                kind = "suspended" if p.get("suspended") else p["kind"]
                expected[kind] += 1
    assert sum(expected.values()) > 10
    from refusenik.store.analysis_tables import PERSONS

    with store.connect() as conn:
        rows = conn.execute(
            select(CASES.c.court, CASES.c.number, PERSONS.c.punishment).join(
                PERSONS, PERSONS.c.case_id == CASES.c.id
            )
        ).all()
    got = Counter(kind for court, number, kind in rows if (court, number) in single and kind)
    assert got == expected
    # The figure counts the same rows (plus those of cases with several defendants).
    table = F.sentence_kinds(store, Scope())
    assert table.unit == "persons sentenced"
    shown = {row[0]: row[1] for row in table.rows}
    assert all(shown[k] >= n for k, n in expected.items())
