"""`kill -9` in the middle of `refusenik crawl --archive DIR --db URL`, then the same command
again: the store ends as the store of a crawl that was never interrupted."""

from __future__ import annotations

import datetime as dt
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from refusenik.simulate import SimCourt, SimServer, World
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
ARGS = ("--courts", "63GV0006,63GV0005", "--articles", "337", "--delay", "0.05", "--json")
WINDOW = ("--since", "2025-10-01", "--until", "2026-01-31")

# The public tables, each as the rows a reader sees: no ids, times or archive record ids.
PUBLIC = {
    "cases": "select court, server, cartoteka, case_key, number, uid, received, decided, "
    "in_force, judge, result, articles, names_hidden from cases",
    "case_articles": "select c.court, c.case_key, a.article, a.part, a.current "
    "from case_articles a join cases c on c.id = a.case_id",
    "defendants": "select c.court, c.case_key, d.position, d.pseudonym, d.name_hidden, "
    "d.articles, d.decision_date, d.result from defendants d join cases c on c.id = d.case_id",
    "events": "select c.court, c.case_key, e.position, e.name, e.date, e.time, e.result, "
    "e.basis from events e join cases c on c.id = e.case_id",
    "acts": "select c.court, c.case_key, a.url, a.kind, a.date, a.doc_number, a.document_type "
    "from acts a join cases c on c.id = a.case_id",
    "case_flags": "select c.court, c.case_key, f.flag, f.until is null "
    "from case_flags f join cases c on c.id = f.case_id",
    "case_changes": "select c.court, c.case_key, ch.field, ch.old, ch.new "
    "from case_changes ch join cases c on c.id = ch.case_id",
    "listing_windows": "select window_key, court, last_count, alarm from listing_windows",
}


def _plain(value: object) -> object:
    """One spelling for both databases: SQLite gives 0/1 and ISO strings where PostgreSQL
    gives booleans and dates."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def public_tables(db: str) -> dict[str, list[tuple]]:
    engine = engine_for(db)
    try:
        with engine.connect() as conn:
            return {
                name: sorted(
                    (tuple(_plain(v) for v in r) for r in conn.execute(text(sql))), key=repr
                )
                for name, sql in PUBLIC.items()
            }
    finally:
        engine.dispose()


def command(base_url: str, folder: Path, db: str) -> list[str]:
    return [
        *(sys.executable, "-m", "refusenik", "crawl", "--simulated", base_url),
        *ARGS,
        *WINDOW,
        *("--archive", str(folder), "--db", db),
    ]


def ingested(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=1) as conn:
            return int(conn.execute("select count(*) from ingested_captures").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_kill_9_then_the_same_command_gives_the_store_of_an_uninterrupted_crawl(tmp_path):
    world = World.generate(21, COURTS, rounds=1)
    whole_db = f"sqlite:///{tmp_path / 'whole.db'}"
    killed_path = tmp_path / "killed.db"
    killed_db = f"sqlite:///{killed_path}"
    with SimServer(world) as server:
        done = subprocess.run(
            command(server.base_url, tmp_path / "whole", whole_db),
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        whole = public_tables(whole_db)
        total = ingested(tmp_path / "whole.db")
        assert len(whole["cases"]) > 20 and total > 40

        proc = subprocess.Popen(
            command(server.base_url, tmp_path / "killed", killed_db),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while ingested(killed_path) < total // 3 and time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail("the crawl ended before it could be killed")
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        partial = public_tables(killed_db)
        # Killed in the middle: cases were stored, but not yet all their cards.
        assert partial["cases"] and partial != whole
        assert ingested(killed_path) < total

        again = subprocess.run(
            command(server.base_url, tmp_path / "killed", killed_db),
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert again.returncode == 0, again.stderr
    resumed = public_tables(killed_db)
    for name in PUBLIC:
        assert resumed[name] == whole[name], name
    # The store says what the killed run read: the second run asks for listings and for
    # cards it does not hold, never for a card the killed run had read in full.
    asked_again = json.loads(again.stdout)["pages"]
    whole_pages = json.loads(done.stdout)["pages"]
    with sqlite3.connect(killed_path) as conn:
        cards_twice = conn.execute(
            "select count(*) from (select url from ingested_captures "
            "where page_kind = 'case_card' group by url having count(*) > 1)"
        ).fetchone()[0]
        read_before = conn.execute(
            "select count(*) from ingested_captures where page_kind = 'case_card' "
            "and fetched_at < (select max(started_at) from crawl_runs)"
        ).fetchone()[0]
    assert cards_twice == 0
    assert read_before > 0 and asked_again <= whole_pages - read_before


def test_sqlite_and_postgresql_give_the_same_store(tmp_path, pg_schema):
    world = World.generate(21, COURTS, rounds=1)
    sqlite_db = f"sqlite:///{tmp_path / 'store.db'}"
    with SimServer(world) as server, pg_schema("crawl_test") as pg_db:
        stores = {}
        for name, db in (("sqlite", sqlite_db), ("postgresql", pg_db)):
            done = subprocess.run(
                command(server.base_url, tmp_path / name, db),
                capture_output=True,
                text=True,
                timeout=240,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            stores[name] = public_tables(db)
    assert len(stores["sqlite"]["cases"]) > 20 and stores["sqlite"]["defendants"]
    for name in PUBLIC:
        assert stores["postgresql"][name] == stores["sqlite"][name], name
