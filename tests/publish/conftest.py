"""What the publishing tests share: one small `refusenik demo --no-serve` run (a real
simulator, a real crawl, the bundled official statistics, the report), made once per
session in a subprocess, and the real names of its simulated world to search exports for.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Reduced from the default (3 courts of seed 1 since 2022-01-01, measured separately) to keep the
# area's tests fast: the same code path, fewer pages.
# Seed 6 picks two classic-template courts that publish acts, so punishments and terms
# are read; the window holds decided cases.
SEED, COURTS, SINCE, UNTIL = 6, 2, "2022-09-01", "2024-06-30"
OFFICIAL_FORMS = ("2020add.xls.gz", "10.3-2022.xls.gz")


@dataclass(frozen=True)
class DemoRun:
    folder: Path
    home: Path
    db: str
    summary: dict[str, Any]
    stderr: str
    seconds: float


def run_refusenik(*args: str, home: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REFUSENIK_HOME=str(home))
    env.pop("REFUSENIK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "refusenik", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    base = tmp_path_factory.mktemp("demo")
    folder, home, forms = base / "demo", base / "home", base / "forms"
    # Two of the bundled official forms (10-a 2020 with rows per Chapter 33 article, 10.3
    # 2022 with art. 328 and the Chapter 33 total): the same import code, on fewer files,
    # for the slowest step of the demo.
    from refusenik.official.bundled import bundled_files

    forms.mkdir()
    for path in bundled_files():
        if path.name in OFFICIAL_FORMS:
            shutil.copy(path, forms / path.name)
    assert len(list(forms.iterdir())) == len(OFFICIAL_FORMS)
    started = time.monotonic()
    done = run_refusenik(
        "demo",
        "--no-serve",
        "--dir",
        str(folder),
        "--courts",
        str(COURTS),
        "--seed",
        str(SEED),
        "--since",
        SINCE,
        "--until",
        UNTIL,
        "--official",
        str(forms),
        "--json",
        home=home,
    )
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    return DemoRun(folder, home, summary["db"], summary, done.stderr, seconds)


@pytest.fixture(scope="session")
def real_names() -> set[str]:
    """Every spelling of every defendant's name in the simulated world the demo crawled."""
    from refusenik.simulate import World

    world = World.generate(SEED, COURTS, rounds=1)
    names = {
        spelling
        for cases in world.cases.values()
        for case in cases
        for d in case.defendants
        for spelling in (d.person.full, d.person.listing, d.person.dative)
        if spelling
    }
    assert len(names) > 20  # the check below must have names to look for
    return names


def leaked(text: str, names: set[str]) -> list[str]:
    return sorted(n for n in names if n in text)
