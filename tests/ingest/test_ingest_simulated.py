"""Ingest against the simulator: idempotent, history across rounds, identity through
renumbering and transfer, removal only on positive evidence, reparse = crawl, SQLite =
PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from refusenik.ingest import Context, close_window, ingest, reparse
from refusenik.simulate import SimSite, World
from refusenik.simulate.render_common import case_urls

from .conftest import COURTS, SEED, Crawler, SimArchive, fresh_sqlite
from .snapshot import snapshot

CLASSIC, VNKOD = COURTS
LONG_ROUNDS = 26


def window_for(world: World, days: int = 300) -> tuple[date, date]:
    """A window whose cases the rounds change: the months before the last round."""
    end = world.round_date(world.rounds - 1)
    return end - timedelta(days=days), end


def crawl_rounds(
    world: World, engine: sa.Engine, rounds: range, *, cards: bool, days: int = 300
) -> Crawler:
    site = SimSite(world)
    crawler = Crawler(site, SimArchive(), engine)
    start, end = window_for(world, days)
    for r in rounds:
        site.set_round(r)
        for court in COURTS:
            crawler.crawl_window(court, start, end, cards=cards)
    return crawler


def test_ingesting_the_same_captures_again_changes_nothing(world, any_engine):
    crawler = crawl_rounds(world, any_engine, range(1), cards=True, days=200)
    before = snapshot(any_engine)
    assert len(before["cases"]) > 20 and before["events"] and before["punishments"]
    for capture, body in crawler.archive.items:
        result = ingest(any_engine, capture, body, Context(court=capture.court or ""))
        assert result.already and result.new == 0 and result.changed == 0
    assert snapshot(any_engine) == before


@pytest.fixture(scope="module")
def long_world() -> World:
    return World.generate(SEED, COURTS, rounds=LONG_ROUNDS)


def rounds_around(world: World, day: date) -> tuple[int, int]:
    after = next(r for r in range(world.rounds) if world.round_date(r) >= day)
    return after - 1, after


@pytest.mark.parametrize("kind", ["renumbered", "recharged"])
def test_a_changed_case_stays_one_case_with_the_change_recorded(long_world, sqlite_engine, kind):
    found = [
        (court, case, ch)
        for court in COURTS
        for case in long_world.cases[court.code]
        for ch in case.changes
        if ch.kind == kind
        and long_world.round_date(0) < ch.date <= long_world.round_date(LONG_ROUNDS - 1)
        and case.visible(long_world.round_date(rounds_around(long_world, ch.date)[0]))
    ]
    assert found, f"the simulated world should have a {kind} case"
    court, case, ch = found[0]
    site = SimSite(long_world)
    crawler = Crawler(site, SimArchive(), sqlite_engine)
    start, end = case.received - timedelta(days=20), case.received + timedelta(days=20)
    for r in rounds_around(long_world, ch.date):
        site.set_round(r)
        crawler.crawl_window(court, start, end, cards=False)
    with sqlite_engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT id, number, articles FROM cases WHERE court = :c AND card_id = :i"),
            {"c": court.code, "i": str(case.case_id)},
        ).all()
        changes = conn.execute(
            sa.text("SELECT field, old, new FROM case_changes WHERE case_id = :i"),
            {"i": stored[0].id},
        ).all()
        duplicates = conn.execute(
            sa.text("SELECT COUNT(*) FROM cases GROUP BY court, card_id HAVING COUNT(*) > 1")
        ).all()
    assert len(stored) == 1 and not duplicates
    if kind == "renumbered":
        assert stored[0].number == ch.number
        assert ("number", case.number, ch.number) in [tuple(c) for c in changes]
    else:
        assert "articles" in [c.field for c in changes]


def test_removed_flags_only_what_left_the_list(world, sqlite_engine):
    crawl_rounds(world, sqlite_engine, range(world.rounds), cards=False)
    start, end = window_for(world)
    with sqlite_engine.connect() as conn:
        flagged = {
            (r.court, r.card_id)
            for r in conn.execute(
                sa.text(
                    "SELECT c.court, c.card_id FROM case_flags f JOIN cases c ON c.id = f.case_id "
                    "WHERE f.flag = 'removed'"
                )
            )
        }
    gone = {
        (court.code, str(case.case_id))
        for court in COURTS
        for case in world.cases[court.code]
        if case.removed_from
        and start <= case.received <= end
        and any(case.visible(world.round_date(r)) for r in range(world.rounds))
        and not case.visible(end)
    }
    assert gone, "the simulated world should remove a case in these rounds"
    assert flagged == gone


def test_a_window_that_returns_nothing_is_an_alarm_not_removals(world, sqlite_engine):
    crawler = crawl_rounds(world, sqlite_engine, range(1), cards=False)
    start, end = window_for(world)
    context = crawler.crawl_window(CLASSIC, start, end, cards=False)["context"]
    with sqlite_engine.connect() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                sa.text("SELECT id FROM cases WHERE court = :c"), {"c": CLASSIC.code}
            )
        ]
    at = crawler.clock + timedelta(days=1)
    silent = close_window(sqlite_engine, context, set(), complete=True, at=at)
    assert silent.alarm and "no case is marked removed" in silent.alarm and not silent.removed
    partial = close_window(sqlite_engine, context, set(ids[1:]), complete=False, at=at)
    assert not partial.complete and not partial.removed
    one_gone = close_window(sqlite_engine, context, set(ids[1:]), complete=True, at=at)
    assert one_gone.removed == [ids[0]] and one_gone.alarm is None
    back = close_window(sqlite_engine, context, set(ids), complete=True, at=at + timedelta(days=1))
    assert back.reappeared == [ids[0]]
    with sqlite_engine.connect() as conn:
        flags = conn.execute(
            sa.text("SELECT flag, until IS NULL FROM case_flags WHERE case_id = :i ORDER BY id"),
            {"i": ids[0]},
        ).all()
    assert [tuple(f) for f in flags] == [("removed", 0), ("reappeared", 0)]


def test_a_captcha_or_throttle_page_is_never_an_empty_result(world, sqlite_engine):
    from refusenik.simulate import FaultPlan

    site = SimSite(world, faults=FaultPlan(rates={"captcha": 1.0}))
    crawler = Crawler(site, SimArchive(), sqlite_engine)
    start, end = window_for(world)
    done = crawler.crawl_window(CLASSIC, start, end, cards=False)
    assert not done["closed"].complete and not done["seen"]
    with sqlite_engine.connect() as conn:
        kinds = [r[0] for r in conn.execute(sa.text("SELECT page_kind FROM ingested_captures"))]
        refused = conn.execute(sa.text("SELECT refused FROM courts_seen")).scalar()
    assert kinds and all(k.startswith("captcha") for k in kinds) and refused == len(kinds)


def test_a_transferred_case_is_linked_by_its_uid(world, sqlite_engine):
    moves = [
        (case, ch)
        for court in COURTS
        for case in world.cases[court.code]
        for ch in case.changes
        if ch.kind == "transferred_in"
    ]
    assert moves
    twin, ch = moves[0]
    source = next(c for c in world.cases[ch.court] if c.uid == twin.uid and c is not twin)
    site = SimSite(world, round=world.rounds - 1)
    crawler = Crawler(site, SimArchive(), sqlite_engine)
    for case in (source, twin):
        url = "https://" + case.court.host + case_urls(case)["card"]
        capture, body = crawler.fetch(url, case.court.code)
        assert ingest(sqlite_engine, capture, body, Context(court=case.court.code)).cases_seen
    with sqlite_engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT court, uid, number FROM cases ORDER BY id")).all()
    assert {r.court for r in rows} == {source.court.code, twin.court.code}
    assert {r.uid for r in rows} == {twin.uid}


def test_reparse_rebuilds_the_store_the_crawl_built(world, sqlite_engine, tmp_path):
    crawler = crawl_rounds(world, sqlite_engine, range(0, world.rounds, 4), cards=True, days=150)
    live = snapshot(sqlite_engine)
    assert live["case_changes"] and live["observations"]
    rebuilt = fresh_sqlite(tmp_path, "rebuilt.sqlite")
    summary = reparse(rebuilt, crawler.archive)
    assert summary.captures == len(crawler.archive.items)
    assert summary.windows_closed == 2 * len(range(0, world.rounds, 4))
    assert snapshot(rebuilt) == live


def test_sqlite_and_postgresql_give_the_same_store(world, sqlite_engine, pg_engine):
    for engine in (sqlite_engine, pg_engine):
        crawl_rounds(world, engine, range(0, world.rounds, 4), cards=True, days=150)
    assert snapshot(sqlite_engine) == snapshot(pg_engine)


@pytest.mark.parametrize("court", COURTS, ids=["classic", "vnkod"])
def test_no_defendant_name_reaches_the_store(world, sqlite_engine, court):
    crawl_rounds(world, sqlite_engine, range(1), cards=True, days=150)
    names = {
        part
        for case in world.cases[court.code]
        for d in case.defendants
        for part in (d.person.full, d.person.listing)
    }
    dump = " ".join(
        str(v) for rows in snapshot(sqlite_engine).values() for row in rows for v in row
    )
    assert not [n for n in names if n in dump]


def test_a_second_crawl_asks_only_for_cards_that_may_have_moved(world, sqlite_engine):
    """Cards due: every card the first time; then only new, changed or not-final cases."""
    site = SimSite(world, round=world.rounds - 1)
    crawler = Crawler(site, SimArchive(), sqlite_engine)
    end = world.round_date(world.rounds - 1)
    start = end - timedelta(days=400)
    url = crawler.search_url(CLASSIC, start, end)
    first = []
    while url:
        capture, body = crawler.fetch(url, CLASSIC.code)
        result = ingest(sqlite_engine, capture, body, Context(court=CLASSIC.code))
        first.append(result)
        url = result.next_page
    cards = [card for r in first for card in r.cards_due]
    listed = [link for r in first for link in r.links if "name_op=case" in link]
    assert cards and sorted(cards) == sorted(listed)
    for card in cards:
        capture, body = crawler.fetch(card, CLASSIC.code)
        ingest(sqlite_engine, capture, body, Context(court=CLASSIC.code))
    url, again = crawler.search_url(CLASSIC, start, end), []
    while url:
        capture, body = crawler.fetch(url, CLASSIC.code)
        result = ingest(sqlite_engine, capture, body, Context(court=CLASSIC.code))
        again += result.cards_due
        url = result.next_page
    with sqlite_engine.connect() as conn:
        open_cases = {
            r.card_url
            for r in conn.execute(sa.text("SELECT card_url FROM cases WHERE in_force IS NULL"))
        }
    assert again and len(again) < len(cards)
    assert set(again) == open_cases & set(cards)


def test_a_card_that_now_answers_no_data_flags_its_case_removed(world, sqlite_engine):
    end = world.round_date(world.rounds - 1)
    gone = next(
        c
        for c in world.cases[CLASSIC.code]
        if c.removed_from
        and world.round_date(0) < c.removed_from <= end
        and c.visible(world.round_date(0))
    )
    site = SimSite(world, round=0)
    crawler = Crawler(site, SimArchive(), sqlite_engine)
    crawler.crawl_window(CLASSIC, gone.received, gone.received, cards=False)
    site.set_round(world.rounds - 1)
    card = "https://" + CLASSIC.host + case_urls(gone)["card"]
    capture, body = crawler.fetch(card, CLASSIC.code)
    result = ingest(sqlite_engine, capture, body, Context(court=CLASSIC.code))
    assert result.page_kind == "empty_result" and len(result.removed) == 1
    with sqlite_engine.connect() as conn:
        flag = conn.execute(
            sa.text(
                "SELECT c.card_id, f.evidence FROM case_flags f JOIN cases c ON c.id = f.case_id "
                "WHERE f.flag = 'removed' AND f.until IS NULL"
            )
        ).one()
    assert flag.card_id == str(gone.case_id) and capture.record_id in flag.evidence
