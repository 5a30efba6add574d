"""A real court's press pages through ingest (tests/fixtures/pages/regional__2zovs--msk__press_*,
the 2-й Западный окружной военный суд): the release's punishment is stored under a pseudonym,
and the name the court printed reaches no table of the store; the news list gives its items
and the month archive to read next."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from refusenik.ingest import Context, ingest
from refusenik.store import engine_for

from .conftest import SimArchive

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"
COURT = "77OV0000"
BASE = "https://2zovs.msk.sudrf.ru/modules.php?name=press_dep"
RELEASE = PAGES / "regional__2zovs--msk__press_release__did369.html"
LIST = PAGES / "regional__2zovs--msk__press_list__news.html"
ARCHIVE = PAGES / "regional__2zovs--msk__press_archive__2026-04.html"
SOUTH = PAGES / "regional__yovs--ros__press_list__news.html"  # Южный окружной военный суд
SOUTH_URL = "https://yovs.ros.sudrf.ru/modules.php?name=press_dep"
# The convicted man as the release names him (read off the page: «Кирилла Филасова»,
# «Филасов», «Филасова»); matched as word starts, so every case form counts.
# The April archive's headline of did=236 names two defendants of an appeal; the southern
# court's headlines name the convicted («… в отношении Калганова Е.Г.»).
NAMES = ("Филасов", "Кирилл", "Милейко", "Шальнов", "Калганов", "Курбанов", "Болтаев")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[sa.Engine, dict[str, object]]:
    engine = engine_for(f"sqlite:///{tmp_path_factory.mktemp('press') / 'store.sqlite'}")
    archive = SimArchive(engine)
    results = {}
    pages = (
        ("release", f"{BASE}&op=1&did=369", RELEASE, COURT),
        ("list", BASE, LIST, COURT),
        ("archive", f"{BASE}&op=12&arc_list=2026-04", ARCHIVE, COURT),
        ("south", SOUTH_URL, SOUTH, "61OV0000"),
    )
    for name, url, page, court in pages:
        at = datetime(2026, 11, 30, tzinfo=UTC)
        capture = archive.write(url, 200, page.read_bytes(), at, court)
        results[name] = ingest(engine, capture, archive.body(capture), Context(court=court))
    return engine, results


def _rows(engine: sa.Engine, table: str) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text(f"SELECT * FROM {table}")).mappings()]


def test_the_release_is_stored_with_its_punishment(store):
    engine, results = store
    assert results["release"].page_kind == "press_release"
    assert results["release"].error is None
    (release,) = _rows(engine, "press_releases")
    assert release["court"] == COURT and release["published"] == "2026-08-07"
    assert release["case_id"] is None  # no case of this court is in the store
    (punishment,) = _rows(engine, "punishments")
    # «назначил ему наказание в виде лишения свободы на срок 6 лет … в исправительной
    # колонии строгого режима» (ч. 1 ст. 30, п. «а» ч. 2 ст. 205 УК РФ)
    assert punishment["press_id"] == release["id"]
    assert punishment["outcome"] == "convicted"
    assert punishment["kind"] == "imprisonment" and punishment["term_months"] == 72
    assert punishment["regime"] == "strict"
    assert "205" in str(punishment["articles"])
    assert re.fullmatch(r"P-[0-9A-Z]{8}", str(punishment["pseudonym"]))


def test_the_name_the_court_printed_is_in_no_table(store):
    engine, _ = store
    pages_text = "".join(p.read_bytes().decode("cp1251") for p in (RELEASE, ARCHIVE, SOUTH))
    assert all(name in pages_text for name in NAMES)  # the pages do name them
    with engine.connect() as conn:
        tables = [
            r[0] for r in conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type='table'"))
        ]
    assert "punishments" in tables and "press_releases" in tables
    leaked = []
    for table in tables:
        for row in _rows(engine, table):
            text = " ".join(str(v) for v in row.values()).casefold()
            leaked += [(table, n) for n in NAMES if re.search(rf"(?<!\w){n.casefold()}", text)]
    assert not leaked, f"real names in the store: {leaked}"


def test_the_news_list_gives_its_items_and_the_archive_to_read_next(store):
    _, results = store
    listing = results["list"]
    assert listing.page_kind == "press_list" and listing.error is None
    archive = f"{BASE}&op=12&arc_list=2026-08"
    assert listing.next_page == archive
    items = [link for link in listing.links if link != archive]
    # the 11 September items (did=397 … 387); August's are read from its archive
    assert items == [f"{BASE}&op=1&did={n}" for n in range(397, 386, -1)]


def test_a_month_archive_gives_all_its_items_and_the_month_before(store):
    _, results = store
    listing = results["archive"]
    assert listing.page_kind == "press_list" and listing.error is None
    march = f"{BASE}&op=12&arc_list=2026-03"
    assert listing.next_page == march
    items = [link for link in listing.links if link != march]
    assert items == [f"{BASE}&op=1&did={n}" for n in range(270, 230, -1)]  # 29.04 … 01.04


def test_another_courts_news_list_reads_the_same_way(store):
    _, results = store
    listing = results["south"]
    assert listing.page_kind == "press_list" and listing.error is None
    june = f"{SOUTH_URL}&op=12&arc_list=2026-06"
    assert listing.next_page == june
    items = [link for link in listing.links if link != june]
    # the 27 items of August and July (did=301 … 275); June's three from its archive
    assert items == [f"{SOUTH_URL}&op=1&did={n}" for n in range(301, 274, -1)]
