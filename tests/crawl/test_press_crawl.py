"""Court press releases in the crawl: each court's press list (paged, newest first) and
its items published since the window began, archived raw, parsed by the sites package,
read into punishments, linked to their case; `verify --db` checks them against the truth
and `cases show` shows them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import text

from refusenik.cli import main
from refusenik.simulate import SimCourt, SimServer, SimSite, World
from refusenik.sites import PageKind, PressList, PressRelease, parse_page
from refusenik.store.db import engine_for

COURTS = [
    SimCourt(
        "63GV0006", "Пермский гарнизонный военный суд", "garrison_military", "voen.perm.sudrf.ru"
    ),
    SimCourt(
        "63GV0005",
        "Самарский гарнизонный военный суд",
        "garrison_military",
        "gvs.sam.sudrf.ru",
        "vnkod",
    ),
]
SINCE = "2025-12-01"
ARGS = ("--courts", "63GV0006,63GV0005", "--articles", "337", "--delay", "0.05")
WINDOW = ("--since", SINCE, "--until", "2026-01-31")


@pytest.fixture(scope="module")
def world() -> World:
    return World.generate(21, COURTS, rounds=1)


def test_the_press_list_is_paged_and_each_item_parses(world):
    site = SimSite(world, round=0)
    court = COURTS[1]
    releases = world.press_releases(court.code, 0)
    assert len(releases) > 40
    base = f"http://127.0.0.1/c/{court.code}/modules.php?name=press_dep"
    url: str | None = base
    items = []
    while url:
        path = url.split("127.0.0.1", 1)[1]
        page = parse_page(site.handle(path, "127.0.0.1").body, url)
        assert page.page_kind is PageKind.PRESS_LIST
        (listing,) = [r for r in page.records if isinstance(r, PressList)]
        items += listing.items
        url = listing.next_url
    assert [(i.date, i.title) for i in items] == [
        (r.date.strftime("%d.%m.%Y"), r.title) for r in releases
    ]
    first = releases[0]
    item_url = f"{base}&op=1&did={first.id}"
    page = parse_page(site.handle(item_url.split("127.0.0.1", 1)[1], "127.0.0.1").body, item_url)
    assert page.page_kind is PageKind.PRESS_RELEASE
    (release,) = [r for r in page.records if isinstance(r, PressRelease)]
    assert release.date == first.date.strftime("%d.%m.%Y") and release.title == first.title
    assert release.text.split("\n") == list(first.paragraphs)


def test_a_crawl_reads_links_and_verifies_press_releases(world, tmp_path, capsys):
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(world.truth_all(), ensure_ascii=False), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    with SimServer(world) as server:
        cmd = [sys.executable, "-m", "refusenik", "crawl", "--simulated", server.base_url]
        cmd += [*ARGS, *WINDOW, "--archive", str(tmp_path / "warc"), "--db", db, "--json"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    expected = {
        c["code"]: [p for p in c["press_releases"] if p["date"] >= SINCE]
        for c in world.truth(0)["courts"]
    }
    read = {c["court"]: c["press_releases"] for c in summary["courts"]}
    assert read == {code: len(prs) for code, prs in expected.items()}
    assert all(read.values())

    with pytest.raises(SystemExit) as verdict:
        main(["verify", "--truth", str(truth), "--db", db, "--round", "0"])
    out = capsys.readouterr().out
    assert verdict.value.code in (0, None) and "0 difference(s)" in out, out

    engine = engine_for(db)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select p.court, p.published, c.id, c.number from press_releases p "
                "left join cases c on c.id = p.case_id"
            )
        ).all()
        punished = conn.execute(
            text("select count(distinct press_id) from punishments where press_id is not null")
        ).scalar()
    assert len(rows) == sum(len(prs) for prs in expected.values())
    assert punished == len(rows)
    linked = [r for r in rows if r.id is not None]
    truth_numbers = {
        (code, p["date"]): p["case_number"] for code, prs in expected.items() for p in prs
    }
    assert linked, "some release reports a case of the crawled window"
    for court, published, _, number in linked:
        assert truth_numbers[(court, published)] == number

    case_id = linked[0].id
    main_args = ["cases", "show", str(case_id), "--db", db]
    with pytest.raises(SystemExit):
        main([*main_args, "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["press_releases"] and shown["press_releases"][0]["punishments"]
    with pytest.raises(SystemExit):
        main(main_args)
    printed = capsys.readouterr().out
    assert "press releases" in printed
    # The release names the defendant; `cases show` prints only the pseudonym.
    court_truth = next(c for c in world.truth(0)["courts"] if c["code"] == linked[0].court)
    case_truth = next(c for c in court_truth["cases"] if c["number"] == linked[0].number)
    for d in case_truth["defendants"]:
        assert d["name"].split()[0] not in printed
