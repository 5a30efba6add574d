"""One crawl of the simulator for every evidence test, and a headless Chromium.

Two rounds of world 21 over two garrison courts (one classic sudrf site, one VNKOD) in a
window where, between round 0 and round 2, 63GV0005 removes one case: the store then
holds cases, cards, acts and a removed flag, all from real crawls into one archive.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from refusenik.simulate import SimCourt, SimServer, World, plan_from

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
WINDOW = ("--since", "2025-12-05", "--until", "2026-01-10")
REMOVED = ("63GV0005", "1-871/2025")


@dataclass(frozen=True)
class Crawled:
    db: str
    archive: Path
    truth: dict[str, Any]
    home: Path


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    root = tmp_path_factory.mktemp("evidence-crawl")
    home = root / "home"
    db, archive = f"sqlite:///{root / 'store.db'}", root / "warc"
    world = World.generate(21, COURTS, rounds=3)
    env = {**os.environ, "REFUSENIK_HOME": str(home)}
    with SimServer(world, plan_from("none", seed=1)) as server:
        for round_no in (0, 2):
            server.set_round(round_no)
            cmd = [sys.executable, "-m", "refusenik", "crawl", "--simulated", server.base_url]
            cmd += ["--courts", "63GV0006,63GV0005", "--articles", "337", *WINDOW]
            cmd += ["--archive", str(archive), "--db", db, "--delay", "0.05"]
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env)
            assert done.returncode == 0, done.stderr
    return Crawled(db=db, archive=archive, truth=world.truth_all(), home=home)


@pytest.fixture(scope="session")
def defendant_names(crawled: Crawled) -> set[str]:
    """Every way the simulator prints a defendant: full, short, as listings print it."""
    forms: set[str] = set()
    for round_ in crawled.truth["rounds"]:
        for court in round_["courts"]:
            for case in court["cases"]:
                for person in case["defendants"]:
                    name = person.get("name")
                    if not name:
                        continue
                    surname, first, patronymic = name.split()
                    short = f"{first[0]}.{patronymic[0]}."
                    forms |= {
                        name,
                        name.upper(),
                        f"{surname} {short}",
                        f"{surname.upper()} {short}",
                    }
    return forms
