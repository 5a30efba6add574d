"""The shared frontier in Redis: one request out per court, the court's delay kept in Redis,
leases that return a dead worker's request, one seeder among many."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

import pytest
import redis

sys.path.insert(0, str(Path(__file__).parent))

import workers_kit as kit

from refusenik.crawl.frontier import Frontier, check_prefix
from refusenik.crawl.workers import frontier_status
from refusenik.errors import UserInputError


@pytest.fixture
def client():
    c = redis.Redis.from_url(kit.REDIS)
    yield c
    c.close()


@pytest.fixture
def prefix():
    name = kit.unique_prefix()
    yield name
    kit.clear(name)


def test_one_request_out_per_court_and_the_delay_is_kept_across_workers(client, prefix):
    a = Frontier(client, prefix=prefix, worker="a", lease=5)
    b = Frontier(client, prefix=prefix, worker="b", lease=5)
    for i in range(3):
        a.push("X", f"x{i}".encode())
    b.push("Y", b"y0")
    assert a.queued() == 4
    first = a.pop()
    second = b.pop()
    assert {first, second} == {("X", b"x0"), ("Y", b"y0")}
    assert a.pop() is None and b.pop() is None  # X and Y are both out
    holder = a if first == ("X", b"x0") else b
    other = b if holder is a else a
    assert not other.done("X", 0.0)  # only the holder can release the court
    assert holder.done("X", 0.4)
    assert other.pop() is None  # X is cooling down for 0.4 s, whoever asks
    time.sleep(0.45)
    assert other.pop() == ("X", b"x1")
    assert other.in_flight() == 2  # X (again) and Y
    status = frontier_status(client, prefix)
    assert status["queued_per_court"] == {"X": 1}
    assert status["in_flight_per_court"]["X"] == other.worker


def test_a_silent_workers_request_returns_to_the_head_of_its_court(client, prefix):
    dead = Frontier(client, prefix=prefix, worker="dead", lease=0.3)
    live = Frontier(client, prefix=prefix, worker="live", lease=0.3)
    dead.push("X", b"first")
    dead.push("X", b"second")
    assert dead.pop() == ("X", b"first")
    assert live.reap() == []  # the lease still runs
    live.held.add("X")
    assert live.renew() == 0  # not live's lease to renew
    time.sleep(0.4)
    assert live.reap() == ["X"]
    assert live.pop() == ("X", b"first")  # back at the head, nothing lost
    assert live.queued() == 1
    # A worker that renews keeps its court past the lease.
    for _ in range(4):
        time.sleep(0.15)
        assert live.renew() == 1
    assert dead.reap() == []
    assert live.done("X", 0.0) and live.pop() == ("X", b"second")


def test_many_workers_started_together_seed_exactly_once(client, prefix):
    workers = [Frontier(client, prefix=prefix, worker=f"w{i}", lease=5) for i in range(8)]
    wins: list[str] = []
    barrier = threading.Barrier(len(workers))

    def race(f: Frontier) -> None:
        barrier.wait()
        if f.claim_seed():
            wins.append(f.worker)
            f.mark_seeded({"plan": 1}, run_id=42)

    threads = [threading.Thread(target=race, args=(f,)) for f in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(wins) == 1
    assert all(f.seeded() == {"plan": 1} and f.run_id() == 42 for f in workers)
    assert not any(f.claim_seed() for f in workers)
    # A finished crawl is cleared (once) when a new one starts under the same prefix.
    assert workers[0].finished()
    assert workers[0].claim_finish() and not workers[1].claim_finish()
    assert workers[2].reset_if_finished() > 0
    assert workers[3].reset_if_finished() == 0
    assert workers[3].seeded() is None


def test_a_lost_redis_is_noted_not_raised():
    gone = redis.Redis(port=kit.free_port(), socket_connect_timeout=0.5)
    f = Frontier(gone, prefix="refusenik-test:gone", worker="w", lease=1)
    assert f.pop() is None
    assert f.lost is not None and "lost Redis while taking a request" in f.lost
    assert not f.push("X", b"r")  # nothing more is tried
    assert f.lost.startswith("lost Redis while taking a request")


def test_prefix_must_be_literal():
    assert check_prefix("refusenik:crawl-2") == "refusenik:crawl-2"
    with pytest.raises(UserInputError, match="--redis-prefix"):
        check_prefix("crawl*")


def test_workers_status_shows_the_frontier_the_workers_and_the_parked(client, prefix, capsys):
    from refusenik.cli import main

    a = Frontier(client, prefix=prefix, worker="alpha", lease=5)
    gone = Frontier(client, prefix=prefix, worker="gone", lease=0.5)
    for i in range(3):
        a.push("63GV0006", f"r{i}".encode())
    a.push("54GV0009", b"c0")
    assert a.pop() is not None
    a.beat({"pages": 7, "courts_out": 1})
    gone.beat({"pages": 2})
    a.park("54GV0009")
    time.sleep(1.1)  # the silent worker's heartbeat expires
    with pytest.raises(SystemExit) as exit_info:
        main(["workers", "status", "--redis", kit.REDIS, "--redis-prefix", prefix, "--json"])
    assert exit_info.value.code in (0, None)
    status = json.loads(capsys.readouterr().out)
    assert status["queued"] == 3 and status["in_flight"] == 1
    assert sum(status["queued_per_court"].values()) == 3
    assert list(status["workers_alive"]) == ["alpha"]
    assert status["pages_per_worker"] == {"alpha": 7, "gone": 2}
    assert status["parked"] == ["54GV0009"]
    with pytest.raises(SystemExit):
        main(["workers", "status", "--redis", kit.REDIS, "--redis-prefix", prefix])
    out = capsys.readouterr().out
    assert "3 requests waiting, 1 out, 1 worker(s) alive" in out
    assert "parked (captcha): 54GV0009" in out
