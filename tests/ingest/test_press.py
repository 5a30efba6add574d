"""Court press releases: followed from the court's press list, punishments extracted,
linked to the case whose number they cite, kept on their own when they cite none."""

from __future__ import annotations

import sqlalchemy as sa

from refusenik.ingest import Context, ingest
from refusenik.simulate import SimSite, render_press

from .conftest import COURTS, Crawler, SimArchive

CLASSIC, _ = COURTS


def test_press_releases_are_linked_to_their_cases(world, sqlite_engine):
    last = world.rounds - 1
    releases = world.press_releases(CLASSIC.code, last)
    assert releases, "the simulated court should publish press releases"
    site = SimSite(world, round=last)
    crawler = Crawler(site, SimArchive(), sqlite_engine)
    cited = {pr.case_number for pr in releases}
    cases = [c for c in world.cases[CLASSIC.code] if c.number in cited]
    start = min(c.received for c in cases)
    crawler.crawl_window(CLASSIC, start, world.round_date(last), cards=False)
    page: str | None = f"https://{CLASSIC.host}/modules.php?name=press_dep"
    items: list[str] = []
    pages = 0
    while page:
        capture, body = crawler.fetch(page, CLASSIC.code)
        listing = ingest(sqlite_engine, capture, body, Context(court=CLASSIC.code))
        assert listing.page_kind == "press_list"
        items += [link for link in listing.links if link != listing.next_page]
        page, pages = listing.next_page, pages + 1
    # The news list shows the latest 30; the month of the oldest of them and every older
    # month are read from their month archives; together they name every release once.
    months = sorted({(r.date.year, r.date.month) for r in releases}, reverse=True)
    shown = releases[: render_press.LIST_SIZE]
    oldest = (shown[-1].date.year, shown[-1].date.month)
    assert pages == 1 + sum(1 for m in months if m <= oldest) > 2
    assert len(items) == len(set(items)) == len(releases)
    for link in items:
        capture, body = crawler.fetch(link, CLASSIC.code)
        result = ingest(sqlite_engine, capture, body, Context(court=CLASSIC.code))
        assert result.page_kind == "press_release"
    with sqlite_engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT p.id, p.published, c.number FROM press_releases p "
                "LEFT JOIN cases c ON c.id = p.case_id ORDER BY p.id"
            )
        ).all()
        punished = conn.execute(
            sa.text("SELECT COUNT(DISTINCT press_id) FROM punishments WHERE press_id IS NOT NULL")
        ).scalar()
    assert len(rows) == len(releases)
    # A case whose names the court hid cannot be matched by pseudonym: its release stays
    # a record of its own.
    today = world.round_date(last)
    number = {c.number: c for c in cases}
    by_date = sorted(
        (pr.date.isoformat(), None if number[pr.case_number].hidden(today) else pr.case_number)
        for pr in releases
    )
    assert any(n is None for _, n in by_date) and any(n for _, n in by_date)
    assert sorted((r.published, r.number) for r in rows) == by_date
    assert punished and punished >= len(releases) // 2
