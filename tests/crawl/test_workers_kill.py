"""`kill -9` one of two crawl workers mid-crawl: its requests return to the frontier when
its lease expires, the other worker finishes, and the store matches the ground truth."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

sys.path.insert(0, str(Path(__file__).parent))

import workers_kit as kit

from refusenik.simulate import SimServer, World


def test_a_worker_killed_mid_crawl_loses_nothing(tmp_path, pg_schema):
    world = World.generate(21, kit.COURTS, rounds=1)
    truth = kit.write_truth(world, tmp_path / "truth.json")
    prefix = kit.unique_prefix()
    client = redis.Redis.from_url(kit.REDIS)
    lease = ("--lease", "1.5")
    survivor: subprocess.Popen[str] | None = None
    with pg_schema("crawl_test") as db, SimServer(world, latency=0.02) as server:
        try:
            victim = subprocess.Popen(
                kit.worker_cmd(server.base_url, tmp_path / "w", db, prefix, "victim", *lease),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # The victim runs alone until it has courts out, then is frozen (it can release
            # nothing) before the survivor starts: with both running from the start, the
            # survivor sometimes took nearly all the work and the victim ended on its own.
            deadline = time.monotonic() + 90
            while True:
                if victim.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the victim ended before it could be killed")
                if int(client.hget(f"{prefix}:pages", "victim") or 0) >= 10:
                    victim.send_signal(signal.SIGSTOP)
                    out_at_kill = client.hgetall(f"{prefix}:owner")
                    if b"victim" in out_at_kill.values():
                        break
                    victim.send_signal(signal.SIGCONT)
                time.sleep(0.02)
            survivor = subprocess.Popen(
                kit.worker_cmd(server.base_url, tmp_path / "w", db, prefix, "survivor", *lease),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            time.sleep(0.5)  # the survivor is at work while the victim is still frozen
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=30)
            out, err = survivor.communicate(timeout=150)
            stats = kit.sim_stats(server.base_url)
            left = {k: client.get(f"{prefix}:{k}") for k in ("queued", "finished")}
            in_flight = client.hlen(f"{prefix}:inflight")
        finally:
            for proc in (victim, survivor):
                if proc is not None and proc.poll() is None:
                    proc.kill()
            kit.clear(prefix)
            client.close()
        assert victim.returncode == -signal.SIGKILL
        assert survivor.returncode == 0, err
        checked = kit.verify(truth, db)
    summary = json.loads(out)
    assert checked.returncode == 0, checked.stdout
    assert "0 difference(s)" in checked.stdout
    # The victim had a court out when it died; it came back and was done by the survivor.
    assert b"victim" in out_at_kill.values()
    assert summary["wrote_run_end"] is True
    assert all(c["status"] == "ok" and c["covered"] for c in summary["courts"])
    assert int(left["queued"]) == 0 and in_flight == 0 and left["finished"] == b"survivor"
    # Only what was out at the kill was asked again, and never two at once per court.
    assert stats["urls_asked_more_than_once"] <= len(kit.COURTS)
    assert stats["max_in_flight_per_host"] == 1
