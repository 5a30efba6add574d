"""The second crawl of a window into the same store takes its "previous" from the store:
listings again, cards only where the listing row changed or the case is not final, no
press release read twice; the summary says what each new or changed case cost."""

from __future__ import annotations

import json
import subprocess
import sys

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
WINDOW = ("--since", "2025-12-01", "--until", "2026-02-28")


def test_a_second_crawl_asks_only_for_what_the_store_does_not_settle(tmp_path):
    world = World.generate(21, COURTS, rounds=1)
    db = f"sqlite:///{tmp_path / 'store.db'}"
    runs = []
    with SimServer(world) as server:
        cmd = [sys.executable, "-m", "refusenik", "crawl", "--simulated", server.base_url]
        cmd += [*ARGS, *WINDOW, "--archive", str(tmp_path / "warc"), "--db", db]
        for _ in range(2):
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
            assert done.returncode == 0, done.stderr
            runs.append(json.loads(done.stdout))
    first, second = runs
    with engine_for(db).connect() as conn:
        final = conn.execute(
            text("select count(*) from cases where in_force is not null and card_read is not null")
        ).scalar()
        cases = conn.execute(text("select count(*) from cases")).scalar()
        releases = conn.execute(text("select count(*) from press_releases")).scalar()
        release_reads = conn.execute(
            text("select count(*) from ingested_captures where page_kind = 'press_release'")
        ).scalar()
    assert first["new_cases"] == cases > 20 and first["unchanged_cases"] == 0
    # Nothing changed on the site: no new case, every final case carried over unasked,
    # and a card asked only for each case still moving.
    assert second["new_cases"] == 0
    assert second["unchanged_cases"] == final > 0
    assert second["changed_cases"] == cases - final
    assert second["cards"] == second["changed_cases"]
    assert releases and release_reads == releases  # each release read once, not twice
    assert second["pages"] < first["pages"] - final
    per_case = second["pages"] / second["changed_cases"]
    assert second["requests_per_new_or_changed_case"] == round(per_case, 2)
