"""`refusenik cases list|show` and `refusenik coverage` on a store built from the simulator;
bad input exits 2 with one line; no real name in any output."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from refusenik.cli import main
from refusenik.ingest import ingest
from refusenik.simulate import FaultPlan, SimSite
from refusenik.store import engine_for

from .conftest import COURTS, Context, Crawler, SimArchive

CLASSIC, VNKOD = COURTS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


@pytest.fixture(scope="module")
def store(world, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, object]:
    path = tmp_path_factory.mktemp("cases") / "store.sqlite"
    url = f"sqlite:///{path}"
    engine = engine_for(url)
    site = SimSite(world, round=world.rounds - 1)
    crawler = Crawler(site, SimArchive(), engine)
    end = world.round_date(world.rounds - 1)
    crawler.crawl_window(CLASSIC, end - timedelta(days=120), end)
    crawler.crawl_window(VNKOD, end - timedelta(days=60), end, cards=False)
    # A court parked on a captcha: reported, never counted as empty.
    site.faults = FaultPlan(rates={"captcha": 1.0})
    parked = Crawler(site, crawler.archive, engine)
    parked.clock = crawler.clock
    parked.crawl_window(VNKOD, end - timedelta(days=30), end, cards=False)
    return url, world


def test_list_filters_by_court_article_and_date(capsys, store):
    url, _ = store
    code, out, _ = run(capsys, "cases", "list", "--db", url, "--json")
    assert code == 0
    every = json.loads(out)
    assert {c["court"] for c in every} == {CLASSIC.code, VNKOD.code}
    code, out, _ = run(capsys, "cases", "list", "--db", url, "--court", CLASSIC.code, "--json")
    classic = json.loads(out)
    assert classic and all(c["court"] == CLASSIC.code for c in classic)
    article = classic[0]["articles"].split()[0].split(";")[0]
    code, out, _ = run(capsys, "cases", "list", "--db", url, "--article", article, "--json")
    with_article = json.loads(out)
    assert with_article and all(article in (c["articles"] or "") for c in with_article)
    assert len(with_article) < len(every)
    since = sorted(c["received"] for c in every if c["received"])[len(every) // 2]
    code, out, _ = run(capsys, "cases", "list", "--db", url, "--since", since, "--json")
    assert all(c["received"] >= since for c in json.loads(out))
    code, out, _ = run(capsys, "cases", "list", "--db", url)
    assert code == 0 and f"{len(every)} cases" in out


def test_show_gives_the_case_with_its_history_and_no_names(capsys, store):
    url, world = store
    code, out, _ = run(capsys, "cases", "list", "--db", url, "--court", CLASSIC.code, "--json")
    first = json.loads(out)[0]
    code, out, _ = run(capsys, "cases", "show", str(first["id"]), "--db", url, "--json")
    assert code == 0
    case = json.loads(out)
    assert case["number"] == first["number"] and case["uid"]
    assert case["history"]["observations"] and case["events"]
    assert all(
        d["pseudonym"] is None or d["pseudonym"].startswith("P-") for d in case["defendants"]
    )
    code, table_out, _ = run(capsys, "cases", "show", str(first["id"]), "--db", url)
    assert code == 0 and first["number"] in table_out and "history" in table_out
    names = {
        n
        for c in world.cases[CLASSIC.code]
        for d in c.defendants
        for n in (d.person.full, d.person.listing)
    }
    assert not [n for n in names if n in out or n in table_out]


def test_coverage_names_the_parked_court_and_what_it_could_not_read(capsys, store):
    url, _ = store
    code, out, _ = run(capsys, "coverage", "--db", url, "--json")
    assert code == 0
    rows = {r["court"]: r for r in json.loads(out)}
    assert rows[CLASSIC.code]["pages_refused"] == 0 and rows[CLASSIC.code]["cases"] > 0
    assert rows[CLASSIC.code]["status"] == "ok"
    parked = rows[VNKOD.code]
    assert parked["pages_refused"] >= 1 and parked["status"] == "captcha"
    assert parked["cases"] > 0 and parked["removed"] == 0
    code, out, _ = run(capsys, "coverage", "--db", url)
    assert code == 0 and "pages refused" in out


@pytest.mark.parametrize(
    "args, says",
    [
        (("cases", "list", "--since", "yesterday"), "--since"),
        (("cases", "list", "--article", "three"), "--article"),
        (("cases", "show", "999999"), "no case with id 999999"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, store, args, says):
    url, _ = store
    code, _, err = run(capsys, *args, "--db", url)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_an_empty_store_says_how_to_fill_it(capsys, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    code, _, err = run(capsys, "cases", "list", "--db", url)
    assert code == 2 and "reparse" in err
    code, out, _ = run(capsys, "coverage", "--db", url)
    assert code == 0 and "no court" in out


def test_reparse_needs_an_existing_archive_folder(capsys, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    code, _, err = run(capsys, "reparse", "--db", url, "--archive", str(tmp_path / "nowhere"))
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err


def test_an_unreadable_page_is_recorded_not_read_as_empty(tmp_path: Path):
    engine = engine_for(f"sqlite:///{tmp_path / 's.sqlite'}")
    archive = SimArchive(engine)
    from datetime import UTC, datetime

    capture = archive.write(
        "https://voen--perm.sudrf.ru/modules.php?name=sud_delo&name_op=r",
        200,
        b"<html><body>something else</body></html>",
        datetime(2026, 1, 1, tzinfo=UTC),
        CLASSIC.code,
    )
    result = ingest(engine, capture, archive.body(capture), Context(court=CLASSIC.code))
    assert result.page_kind == "unreadable" and result.error and not result.cases_seen
    with engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT unreadable, last_ok, last_status FROM courts_seen")
        ).one()
    assert row.unreadable == 1 and row.last_ok is None and row.last_status == "template_changed"


def test_coverage_reports_the_last_run_status_and_what_it_could_not_read(capsys, tmp_path: Path):
    from datetime import UTC, datetime

    from refusenik.ingest import court_status, finish_run, start_run

    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    engine = engine_for(url)
    archive = SimArchive(engine)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    capture = archive.write("https://voen--perm.sudrf.ru/x", 200, b"<html></html>", at, "63GV0006")
    ingest(engine, capture, archive.body(capture), Context(court="63GV0006"))
    first = start_run(engine, at)
    court_status(engine, first, "63GV0006", "ok")
    finish_run(engine, first, at)
    second = start_run(engine, at)
    court_status(engine, second, "63GV0006", "throttled", windows_unread=3, cards_unread=7)
    code, out, _ = run(capsys, "coverage", "--db", url, "--json")
    assert code == 0
    row = json.loads(out)[0]
    assert (row["status"], row["windows_unread"], row["cards_unread"]) == ("throttled", 3, 7)
    code, out, _ = run(capsys, "coverage", "--db", url)
    assert code == 0 and "3 windows" in out and "7 cards" in out


def test_a_crawl_pseudonymiser_of_its_own_key_is_used(world, tmp_path: Path):
    from refusenik.privacy import Pseudonymiser
    from refusenik.simulate.render_common import case_urls

    case = next(c for c in world.cases[CLASSIC.code] if c.visible(world.round_date(0)))
    site = SimSite(world, round=0)
    pseudonyms = []
    for n, key in enumerate((bytes(32), bytes([1]) * 32)):
        engine = engine_for(f"sqlite:///{tmp_path / f'k{n}.sqlite'}")
        crawler = Crawler(site, SimArchive(), engine)
        capture, body = crawler.fetch(
            "https://" + CLASSIC.host + case_urls(case)["card"], CLASSIC.code
        )
        ingest(
            engine, capture, body, Context(court=CLASSIC.code), pseudonymiser=Pseudonymiser(key=key)
        )
        with engine.connect() as conn:
            pseudonyms.append(conn.execute(sa.text("SELECT pseudonym FROM defendants")).scalar())
    assert all(p and p.startswith("P-") for p in pseudonyms) and pseudonyms[0] != pseudonyms[1]
    assert pseudonyms[0] == Pseudonymiser(key=bytes(32))(case.defendants[0].person.full)
