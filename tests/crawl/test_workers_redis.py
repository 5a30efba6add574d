"""Crawl workers and their services: Redis or PostgreSQL unreachable at start is a clear
error (exit 2); Redis lost mid-crawl stops the worker cleanly (exit 2, a message naming
Redis), and the same command, once Redis is back, finishes with nothing lost. The Redis
killed here is a private `redis-server` on a free port, never the shared one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

sys.path.insert(0, str(Path(__file__).parent))

import workers_kit as kit

from refusenik.cli import main
from refusenik.simulate import SimServer, World


def start_redis(port: int) -> subprocess.Popen[bytes]:
    server = shutil.which("redis-server")
    assert server, "redis-server is needed for this test (apt-get install redis-server)"
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            return proc
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)


def test_redis_lost_mid_crawl_stops_cleanly_and_the_same_command_resumes(tmp_path, pg_schema):
    world = World.generate(21, kit.COURTS, rounds=1)
    truth = kit.write_truth(world, tmp_path / "truth.json")
    port = kit.free_port()
    url = f"redis://127.0.0.1:{port}/0"
    prefix = "refusenik-test:lost"
    own = start_redis(port)
    client = redis.Redis(port=port)
    try:
        with pg_schema("crawl_test") as db, SimServer(world, latency=0.02) as server:
            cmd = kit.worker_cmd(
                server.base_url, tmp_path / "w", db, prefix, "w1", "--lease", "1.5", url=url
            )
            seeded = subprocess.run(
                [*cmd, "--seed-only"], capture_output=True, text=True, timeout=60, check=False
            )
            assert seeded.returncode == 0, seeded.stderr
            assert json.loads(seeded.stdout)["seeded_here"] is True
            # three courts × (one search + the first page of the press list), queued, none fetched
            assert int(client.get(f"{prefix}:queued")) == 2 * len(kit.COURTS)
            assert kit.sim_stats(server.base_url)["urls_asked"] == 0

            worker = subprocess.Popen(
                cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            deadline = time.monotonic() + 90
            while int(client.hget(f"{prefix}:pages", "w1") or 0) < 10:
                if worker.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the worker ended before Redis could be taken away")
                time.sleep(0.05)
            own.kill()
            own.wait(timeout=10)
            _, err = worker.communicate(timeout=60)
            assert worker.returncode == 2, (worker.returncode, err)
            assert "lost Redis" in err and "Traceback" not in err
            assert "run the same command again" in err

            own = start_redis(port)  # back, empty: the frontier is seeded again
            again = subprocess.run(cmd, capture_output=True, text=True, timeout=150, check=False)
            assert again.returncode == 0, again.stderr
            summary = json.loads(again.stdout)
            checked = kit.verify(truth, db)
    finally:
        client.close()
        own.kill()
        own.wait(timeout=10)
    assert checked.returncode == 0, checked.stdout
    assert "0 difference(s)" in checked.stdout
    assert all(c["status"] == "ok" and c["covered"] for c in summary["courts"])


def test_unreachable_redis_or_store_at_start_is_a_clear_error(tmp_path, capsys):
    world = World.generate(21, kit.COURTS, rounds=1)
    dead = f"redis://127.0.0.1:{kit.free_port()}/0"
    db = f"sqlite:///{tmp_path / 's.db'}"
    dead_pg = f"postgresql+psycopg://postgres@127.0.0.1:{kit.free_port()}/test"
    with SimServer(world) as server:
        base = kit.crawl_cmd(server.base_url, tmp_path / "w", db)[3:]
        cases = [
            ([*base, "--redis", dead], f"cannot reach Redis at {dead}"),
            ([*base[:-2], "--db", dead_pg, "--redis", kit.REDIS], "cannot connect to"),
            ([*base, "--seed-only"], "--seed-only works with --redis"),
            ([*base, "--redis", kit.REDIS, "--out", str(tmp_path / "o.json")], "--out and"),
            ([*base, "--redis", kit.REDIS, "--redis-prefix", "a*b"], "--redis-prefix"),
            (["workers", "status", "--redis", dead], f"cannot reach Redis at {dead}"),
        ]
        for argv, message in cases:
            with pytest.raises(SystemExit) as exit_info:
                main(argv)
            assert exit_info.value.code == 2, argv
            err = capsys.readouterr().err
            assert message in err, (argv, err)
            assert "Traceback" not in err


def test_a_worker_with_another_plan_than_the_frontiers_stops_with_a_message(tmp_path):
    world = World.generate(21, kit.COURTS, rounds=1)
    prefix = kit.unique_prefix()
    db = f"sqlite:///{tmp_path / 's.db'}"
    try:
        with SimServer(world) as server:
            cmd = kit.worker_cmd(server.base_url, tmp_path / "w", db, prefix, "w1")
            seeded = subprocess.run(
                [*cmd, "--seed-only"], capture_output=True, text=True, timeout=60, check=False
            )
            assert seeded.returncode == 0, seeded.stderr
            other = [
                *cmd[: cmd.index("--until") + 1],
                "2026-01-20",
                *cmd[cmd.index("--until") + 2 :],
            ]
            done = subprocess.run(other, capture_output=True, text=True, timeout=60, check=False)
            stats = kit.sim_stats(server.base_url)
    finally:
        kit.clear(prefix)
    assert done.returncode == 2
    assert "plan differs from the one the frontier was seeded with (in window)" in done.stderr
    assert "Traceback" not in done.stderr
    assert stats["court_requests"] == 0  # it asked no court anything
