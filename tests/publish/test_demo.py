"""`refusenik demo --no-serve` in a subprocess: a real simulator, crawl, store, official
statistics, summary and report; reusing its folder; never touching a folder it did not make."""

from __future__ import annotations

import json
import sqlite3

from refusenik.publish.demo import MARKER, OWN_FILES, DemoWorld, prepare

from .conftest import COURTS, SEED, run_refusenik


def test_demo_builds_the_store_the_report_and_the_summary(demo_run):
    s = demo_run.summary
    crawl = s["crawl"]
    assert len(crawl["court_codes"]) == COURTS and crawl["seed"] == SEED
    assert crawl["pages"] > 0 and crawl["cases"] > 20
    with sqlite3.connect(demo_run.folder / "store.sqlite") as conn:
        cases = conn.execute("select count(*) from cases").fetchone()[0]
        courts = {r[0] for r in conn.execute("select distinct court from cases")}
        official = conn.execute("select count(*) from official_statistics").fetchone()[0]
    assert cases == crawl["cases"] and courts <= set(crawl["court_codes"]) and official > 0
    total = next(g for g in s["groups"] if g["group"] == "all")
    assert total["cases_received"] == cases
    assert sum(g["cases_received"] for g in s["groups"] if g["group"] != "all") == cases
    assert total["persons"] >= total["persons_sentenced"] > 0
    assert sum(k["persons"] for k in s["sentence_kinds"]) == total["persons_sentenced"]
    assert {c["court"] for c in s["coverage"]} == set(crawl["court_codes"])
    assert all(c["status"] == "ok" for c in s["coverage"])
    report = demo_run.folder / "report.html"
    assert report.stat().st_size > 100_000 and "<section id='coverage'>" in report.read_text()
    assert (demo_run.folder / "archive").is_dir() and any((demo_run.folder / "archive").iterdir())
    marker = json.loads((demo_run.folder / MARKER).read_text())
    assert marker["crawled"] and marker["court_codes"] == crawl["court_codes"]
    assert "crawling 2 simulated courts" in demo_run.stderr


def test_a_second_run_reuses_the_store_and_prints_the_summary(demo_run):
    from .conftest import SINCE, UNTIL

    done = run_refusenik(
        "demo",
        "--no-serve",
        "--dir",
        str(demo_run.folder),
        "--courts",
        str(COURTS),
        "--seed",
        str(SEED),
        "--since",
        SINCE,
        "--until",
        UNTIL,
        "--official",
        str(demo_run.folder.parent / "forms"),
        home=demo_run.home,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "reusing the demo crawled at" in done.stderr
    out = done.stdout
    for heading in ("By refusal group", "Punishments of persons sentenced", "Coverage", "report:"):
        assert heading in out
    assert f"{demo_run.summary['crawl']['cases']} cases" in out
    with sqlite3.connect(demo_run.folder / "store.sqlite") as conn:
        runs = conn.execute("select count(*) from crawl_runs").fetchone()[0]
    assert runs == 1  # not crawled again


def test_another_world_in_the_same_folder_needs_fresh(demo_run):
    done = run_refusenik(
        "demo",
        "--no-serve",
        "--dir",
        str(demo_run.folder),
        "--courts",
        "5",
        home=demo_run.home,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--fresh" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_folder_with_a_store_the_demo_did_not_make_is_never_touched(demo_run, tmp_path):
    (tmp_path / "store.sqlite").write_bytes(b"my own store")
    done = run_refusenik(
        "demo", "--no-serve", "--fresh", "--dir", str(tmp_path), home=demo_run.home, timeout=60
    )
    assert done.returncode == 2 and "did not make" in done.stderr
    assert (tmp_path / "store.sqlite").read_bytes() == b"my own store"
    assert not (tmp_path / MARKER).exists()


def test_fresh_removes_only_the_demo_files(tmp_path):
    world = DemoWorld()
    (tmp_path / MARKER).write_text(json.dumps({"seed": 99, "crawled": "2026-01-01"}))
    (tmp_path / "store.sqlite").write_bytes(b"old demo")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "x.warc.gz").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("mine")
    assert prepare(tmp_path, world, fresh=True) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert set(OWN_FILES) >= {MARKER, "store.sqlite", "archive", "report.html"}
