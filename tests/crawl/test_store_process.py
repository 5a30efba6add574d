"""`refusenik crawl --archive DIR --db URL` keeps pages in a second process
(`crawl.store_process`): the store it leaves is the store a crawl in one process leaves,
and the second process never outlives the crawl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from refusenik.simulate import SimServer, World

from .test_resume_store import COURTS, public_tables

ARGS = ("--courts", "63GV0006,63GV0005", "--articles", "337,338", "--json")
WINDOW = ("--since", "2025-06-01", "--until", "2026-01-31")


@pytest.fixture(scope="module")
def world() -> World:
    return World.generate(31, COURTS, rounds=1)


def _crawl(server: SimServer, home: Path, *extra: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "refusenik", "crawl", "--simulated", server.base_url]
    env = {**os.environ, "REFUSENIK_HOME": str(home)}
    return subprocess.Popen(
        [*cmd, *ARGS, *WINDOW, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_store_of_two_processes_is_the_store_of_one(world, tmp_path):
    """The same crawl with `--out` (which keeps everything in the crawl's own process)
    and without: the same public tables, row for row."""
    stores = {}
    with SimServer(world) as server:
        for name, extra in (("one", ["--out", str(tmp_path / "out.json")]), ("two", [])):
            db = f"sqlite:///{tmp_path / name}.db"
            store = ["--db", db, "--archive", str(tmp_path / f"warc-{name}"), "--delay", "0"]
            proc = _crawl(server, tmp_path / "home", *store, *extra)
            _out, err = proc.communicate(timeout=240)
            assert proc.returncode == 0, err
            stores[name] = public_tables(db)
    assert stores["one"]["cases"], "the crawl stored no case"
    assert stores["two"] == stores["one"]


def test_the_store_process_dies_with_a_killed_crawl(world, tmp_path):
    """`kill -9` of the crawl: its store process goes too (the kernel is asked to kill
    it), so the archive it held is free for the same command run again."""
    with SimServer(world) as server:
        store = ["--db", f"sqlite:///{tmp_path}/s.db", "--archive", str(tmp_path / "warc")]
        proc = _crawl(server, tmp_path / "home", *store, "--delay", "0.2")
        deadline = time.monotonic() + 60
        children: list[int] = []
        while not children and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            children = _children(proc.pid)
        assert children, "no store process was started"
        time.sleep(1.0)  # pages on their way to the store process
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(c) for c in children)
        again = _crawl(server, tmp_path / "home", *store, "--delay", "0")
        _out, err = again.communicate(timeout=240)
        assert again.returncode == 0, err
