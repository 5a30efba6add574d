"""`refusenik verify --db`: the store a crawl wrote (cases, fields, hidden / removed flags)
against the simulator's ground truth, over three rounds of change into one store."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from refusenik.cli import main
from refusenik.simulate import SimCourt, SimServer, World, plan_from
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
    SimCourt(
        "54GV0009",
        "Томский гарнизонный военный суд",
        "garrison_military",
        "tomskygvs.tms.sudrf.ru",
        captcha=True,
    ),
]
CAPTCHA_COURT = "54GV0009"
SCOPE = ("--courts", "63GV0006,63GV0005,54GV0009", "--articles", "337")
# In this window of world 21, 63GV0005 renumbers one case (1-12/2026) and removes another
# (1-871/2025) between round 0 and round 2.
WINDOW = ("--since", "2025-12-05", "--until", "2026-01-10")
RENUMBERED = ("1-12/2026", "1-2550/2026 (1-12/2026;)")
REMOVED = "1-871/2025"


@pytest.fixture(scope="module")
def world() -> World:
    return World.generate(21, COURTS, rounds=3)


def crawl_into(
    base_url: str, folder: Path, db: str, *args: str
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "refusenik", "crawl", "--simulated", base_url]
    cmd += [*SCOPE, *WINDOW, "--archive", str(folder), "--db", db, *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)


def verify_db(
    truth: Path, db: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", "--truth", str(truth), "--db", db, *extra])
    return int(exit_info.value.code or 0), capsys.readouterr().out


def test_hostile_three_rounds_into_one_store_verify_db_finds_no_difference(world, tmp_path, capsys):
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(world.truth_all(), ensure_ascii=False), encoding="utf-8")
    db, folder = f"sqlite:///{tmp_path / 'store.db'}", tmp_path / "warc"
    faults = dataclasses.replace(plan_from("hostile", seed=3), maintenance_seconds=4.0)
    with SimServer(world, faults, enforce_captcha=True, profile_name="hostile") as server:
        for r in range(3):
            server.set_round(r)
            done = crawl_into(server.base_url, folder, db, "--delay", "0.1")
            assert done.returncode == 0, done.stderr
            code, out = verify_db(truth, db, capsys)
            assert code == 0, out
            assert "0 difference(s)" in out
            assert f"{CAPTCHA_COURT}: not covered" in out
    engine = engine_for(db)
    with engine.connect() as conn:
        flags = conn.execute(
            text(
                "select c.court, c.number, f.flag from case_flags f "
                "join cases c on c.id = f.case_id where f.until is null"
            )
        ).all()
        renumbered = conn.execute(
            text(
                "select c.number, ch.old, ch.new from case_changes ch "
                "join cases c on c.id = ch.case_id where ch.field = 'number'"
            )
        ).all()
        rows = conn.execute(text("select court, number from cases")).all()
    # The renumbered case is one case with a change row, not two cases.
    assert [(n, o, w) for n, o, w in renumbered] == [(RENUMBERED[1], *RENUMBERED)]
    assert ("63GV0005", RENUMBERED[0]) not in rows
    assert len(rows) == len(set(rows))
    # Removed on positive evidence; the parked court's cases are never flagged removed.
    removed = {(court, number) for court, number, flag in flags if flag == "removed"}
    assert removed == {("63GV0005", REMOVED)}
    assert not any(court == CAPTCHA_COURT for court, _, _ in flags)
    # The store and the truth of round 0 differ (the removal came later): verify says so.
    code, out = verify_db(truth, db, capsys, "--round", "0")
    assert code == 1
    assert f"63GV0005 {REMOVED}: in the truth, not seen by the crawl" in out
