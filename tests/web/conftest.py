"""What the web tests share: a store and an archive filled by a real crawl of the simulator
(two garrison courts, one round, articles 337 and 338), the simulator's ground truth with
the defendants' real names, and the app over that store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
SEED = 21
SINCE = "2025-09-01"


@dataclass(frozen=True)
class WebStore:
    """A crawled store, its archive folder and the world's truth."""

    db_url: str
    archive: Path
    truth: dict

    def real_names(self) -> set[str]:
        """Every defendant's full name the simulator printed (what must never be shown)."""
        return {
            d["name"]
            for r in self.truth["rounds"]
            for court in r["courts"]
            for case in court["cases"]
            for d in case["defendants"]
            if d["name"]
        }


def crawl_simulator(folder: Path) -> WebStore:
    world = World.generate(SEED, COURTS, rounds=1)
    db_url = f"sqlite:///{folder / 'store.db'}"
    archive = folder / "warc"
    with SimServer(world, plan_from("none", seed=1)) as server:
        cmd = [sys.executable, "-m", "refusenik", "crawl", "--simulated", server.base_url,
               "--courts", ",".join(c.code for c in COURTS), "--articles", "337,338",
               "--since", SINCE, "--archive", str(archive), "--db", db_url, "--delay", "0"]  # fmt: skip
        env = {**os.environ, "REFUSENIK_HOME": str(folder / "home")}
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=240, check=False, env=env
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return WebStore(db_url, archive, world.truth_all())


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    return crawl_simulator(tmp_path_factory.mktemp("web-store"))


@pytest.fixture(scope="session")
def web_app(web_store: WebStore):  # type: ignore[no-untyped-def]
    from refusenik.web import create_app

    return create_app(web_store.db_url, web_store.archive)


@pytest.fixture
def client(web_app) -> Iterator:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(web_app, raise_server_exceptions=False) as c:
        yield c


def write_truth(store: WebStore, path: Path) -> Path:
    path.write_text(json.dumps(store.truth, ensure_ascii=False), encoding="utf-8")
    return path
