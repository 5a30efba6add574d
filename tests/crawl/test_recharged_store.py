"""A case whose charge moves to an article the crawl does not watch leaves the article's
listing while it is still on the site: it must not be flagged removed. The crawler reads
the card of every case a complete window stops returning, and flags only what the card
says is gone (or what still belongs in the window)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from refusenik.cli import main
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
SCOPE = ("--courts", "63GV0006,63GV0005", "--articles", "337")
WINDOW = ("--since", "2026-02-13", "--until", "2026-02-24")
# World 31, this window: between round 0 and round 1 the charge of three lone defendants
# moves from 337 to 338 (a crawl of 337 stops seeing their cases); nothing is removed.
RECHARGED = {("63GV0006", "1-129/2026"), ("63GV0006", "1-134/2026"), ("63GV0005", "1-85/2026")}


@pytest.fixture(scope="module")
def world() -> World:
    return World.generate(31, COURTS, rounds=3)


def crawl(base_url: str, folder: Path, db: str) -> dict:
    cmd = [sys.executable, "-m", "refusenik", "crawl", "--simulated", base_url, *SCOPE]
    cmd += [*WINDOW, "--archive", str(folder), "--db", db, "--delay", "0.05", "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr
    summary: dict = json.loads(done.stdout)
    return summary


def test_the_world_moves_these_cases_to_another_article(world):
    for code, number in RECHARGED:
        case = next(c for c in world.cases[code] if c.number == number)
        moved = [ch for ch in case.changes if ch.kind == "recharged"]
        assert moved and world.round_date(0) < moved[0].date <= world.round_date(1)
        assert "337" not in {c.article for c in moved[0].charges}


def test_a_case_charged_under_another_article_now_is_history_not_a_removal(world, tmp_path, capsys):
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(world.truth_all(), ensure_ascii=False), encoding="utf-8")
    db, folder = f"sqlite:///{tmp_path / 'store.db'}", tmp_path / "warc"
    rechecks = []
    with SimServer(world) as server:
        for r in range(3):
            server.set_round(r)
            rechecks.append(crawl(server.base_url, folder, db)["cards_read_again"])
            with pytest.raises(SystemExit) as done:
                main(["verify", "--truth", str(truth), "--db", db])
            out = capsys.readouterr().out
            assert done.value.code in (0, None), out
            assert "0 difference(s)" in out
    # Round 1 reads the three moved cases' cards again; then they have left the window.
    assert rechecks == [0, 3, 0]
    engine = engine_for(db)
    with engine.connect() as conn:
        flags = {
            (court, number, flag)
            for court, number, flag in conn.execute(
                text(
                    "select c.court, c.number, f.flag from case_flags f "
                    "join cases c on c.id = f.case_id where f.until is null"
                )
            )
        }
        changes = {
            (court, number): new
            for court, number, new in conn.execute(
                text(
                    "select c.court, c.number, ch.new from case_changes ch "
                    "join cases c on c.id = ch.case_id where ch.field = 'articles'"
                )
            )
        }
    assert not {(c, n) for c, n, f in flags if f == "removed"}
    for key in RECHARGED:
        assert changes.get(key, "").startswith("338"), changes
