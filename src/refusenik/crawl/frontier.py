"""The shared request frontier of several crawl workers, in Redis, partitioned by court.

Politeness must hold across every worker, so the per-court delay lives where the court's
queue lives. Each court (one host on the real network; one download slot in the crawler)
has its own Redis list of waiting requests. A court is *ready* (a sorted set scored by the
moment it may next be asked) only while nobody works it. Taking a request (one Lua script,
so atomic) removes the court from the ready set, moves the request to the in-flight hash
and sets a lease key `lease:<court>` (`SET … PX`) that the worker renews while the request
is out. When the worker has archived and read the answer and pushed what it found, it
marks the request done: the lease is dropped and the court becomes ready again only after
its delay (or the backoff the court asked for). So two workers never ask one court at
once, and never faster than its delay.

A worker killed mid-request stops renewing: its lease expires, and any worker's reaper
puts the in-flight request back at the head of the court's queue. Nothing is lost; the
page is fetched again.

Keys (all under one prefix, so one Redis can hold several crawls): `q:<court>` lists,
`ready` (zset), `cool` (hash: court → not-before ms), `inflight` / `owner` (hashes),
`lease:<court>`, `queued` (counter), `seed:lock`, `seeded` (the plan seeded), `run` (the
store's run id), `hb:<worker>` (heartbeats with a TTL), `pages` (hash: worker → pages),
`reports`, `windows`, `wids` (hashes of JSON: shared crawl state), `parked` (set),
`finished`, `dupefilter` (scrapy-redis's fingerprints).
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from refusenik.errors import UserInputError

DEFAULT_PREFIX = "refusenik:crawl"
DEFAULT_LEASE = 30.0  # seconds a worker may hold a court without renewing
_PREFIX_OK = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")

_NOW = "local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)\n"

_PUSH = (
    _NOW
    + """
local p, h, req = ARGV[1], ARGV[2], ARGV[3]
redis.call('RPUSH', p .. ':q:' .. h, req)
redis.call('INCR', p .. ':queued')
if redis.call('HEXISTS', p .. ':inflight', h) == 0 then
  local cool = tonumber(redis.call('HGET', p .. ':cool', h) or '0')
  redis.call('ZADD', p .. ':ready', 'NX', math.max(now, cool), h)
end
return 1
"""
)

_POP = (
    _NOW
    + """
local p, worker, ttl = ARGV[1], ARGV[2], ARGV[3]
local hosts = redis.call('ZRANGEBYSCORE', p .. ':ready', '-inf', now, 'LIMIT', 0, 1)
if #hosts == 0 then return false end
local h = hosts[1]
redis.call('ZREM', p .. ':ready', h)
local req = redis.call('LPOP', p .. ':q:' .. h)
if not req then return false end
redis.call('DECR', p .. ':queued')
redis.call('HSET', p .. ':inflight', h, req)
redis.call('HSET', p .. ':owner', h, worker)
redis.call('SET', p .. ':lease:' .. h, worker, 'PX', ttl)
return {h, req}
"""
)

_DONE = (
    _NOW
    + """
local p, h, worker, delay = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if redis.call('HGET', p .. ':owner', h) ~= worker then return 0 end
redis.call('HDEL', p .. ':inflight', h)
redis.call('HDEL', p .. ':owner', h)
redis.call('DEL', p .. ':lease:' .. h)
local at = now + delay
redis.call('HSET', p .. ':cool', h, at)
if redis.call('LLEN', p .. ':q:' .. h) > 0 then
  redis.call('ZADD', p .. ':ready', at, h)
end
return 1
"""
)

_REAP = (
    _NOW
    + """
local p = ARGV[1]
local back = {}
for _, h in ipairs(redis.call('HKEYS', p .. ':inflight')) do
  if redis.call('EXISTS', p .. ':lease:' .. h) == 0 then
    redis.call('LPUSH', p .. ':q:' .. h, redis.call('HGET', p .. ':inflight', h))
    redis.call('INCR', p .. ':queued')
    redis.call('HDEL', p .. ':inflight', h)
    redis.call('HDEL', p .. ':owner', h)
    redis.call('ZADD', p .. ':ready', now, h)
    table.insert(back, h)
  end
end
return back
"""
)

_RENEW = """
local p, worker, ttl = ARGV[1], ARGV[2], ARGV[3]
local kept = 0
for i = 4, #ARGV do
  local key = p .. ':lease:' .. ARGV[i]
  if redis.call('GET', key) == worker then
    redis.call('PEXPIRE', key, ttl)
    kept = kept + 1
  end
end
return kept
"""

# A finished crawl under this prefix is cleared before a new one starts (atomically, so
# of several workers started together exactly one clears it).
_RESET_IF_FINISHED = """
local p = ARGV[1]
if redis.call('EXISTS', p .. ':finished') == 0 then return 0 end
local cursor, n = '0', 0
repeat
  local r = redis.call('SCAN', cursor, 'MATCH', p .. ':*', 'COUNT', 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do redis.call('DEL', k); n = n + 1 end
until cursor == '0'
return n
"""


def check_prefix(prefix: str) -> str:
    """A key prefix Redis patterns can match literally, or a clear error."""
    if not _PREFIX_OK.match(prefix):
        raise UserInputError(
            f"--redis-prefix {prefix!r}: use letters, digits and _ . : - only (at most 100)"
        )
    return prefix


def default_worker_id() -> str:
    """This machine's name and this process's id: unique among live workers."""
    return f"{socket.gethostname()}-{os.getpid()}"


def connect(url: str, *, timeout: float = 5.0) -> Any:
    """A Redis client for `url`, checked with a PING; unreachable or bad URL → clear error."""
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, health_check_interval=0
        )
    except ValueError as exc:
        raise UserInputError(
            f"--redis {url!r}: not a Redis URL ({exc}); expected e.g. redis://127.0.0.1:6379/0"
        ) from None
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        raise UserInputError(
            f"cannot reach Redis at {url} ({exc}); start it or fix --redis"
        ) from None
    return client


@dataclass
class Frontier:
    """One crawl's frontier in Redis, seen from one worker.

    Every call that reaches Redis records a lost connection in `lost` (the message) instead
    of raising, so the crawler can stop cleanly; callers check `lost`."""

    client: Any
    prefix: str = DEFAULT_PREFIX
    worker: str = field(default_factory=default_worker_id)
    lease: float = DEFAULT_LEASE
    lost: str | None = None
    held: set[str] = field(default_factory=set)  # courts this worker has a request out for
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._push = self.client.register_script(_PUSH)
        self._pop = self.client.register_script(_POP)
        self._done = self.client.register_script(_DONE)
        self._reap = self.client.register_script(_REAP)
        self._renew = self.client.register_script(_RENEW)
        self._reset = self.client.register_script(_RESET_IF_FINISHED)

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def _guard(self, what: str, call: Any, default: Any = None) -> Any:
        """Run `call()`; a lost Redis is remembered (first message wins), not raised."""
        import redis

        if self.lost is not None:
            return default
        try:
            return call()
        except redis.exceptions.RedisError as exc:
            self.lost = f"lost Redis while {what}: {exc}"
            return default

    # --- requests ------------------------------------------------------------------------

    def push(self, court: str, data: bytes) -> bool:
        """Queue one encoded request for `court`."""
        done = self._guard(
            "queueing a request", lambda: self._push(args=[self.prefix, court, data]), None
        )
        return done is not None

    def pop(self) -> tuple[str, bytes] | None:
        """The next request of a court that is free and past its delay; the court is
        leased to this worker until `done`."""
        got = self._guard(
            "taking a request",
            lambda: self._pop(args=[self.prefix, self.worker, int(self.lease * 1000)]),
        )
        if not got:
            return None
        court = got[0].decode() if isinstance(got[0], bytes) else str(got[0])
        with self._lock:
            self.held.add(court)
        return court, got[1]

    def done(self, court: str, delay: float) -> bool:
        """The request out for `court` was handled (what it led to is queued): the court is
        free again after `delay` seconds. False if the lease had expired meanwhile."""
        with self._lock:
            self.held.discard(court)
        ok = self._guard(
            "releasing a court",
            lambda: self._done(args=[self.prefix, court, self.worker, int(max(delay, 0) * 1000)]),
            0,
        )
        return bool(ok)

    def let_go(self, court: str) -> None:
        """Stop renewing the court's lease without releasing it: its request goes back to
        the frontier when the lease expires (this worker could not handle it)."""
        with self._lock:
            self.held.discard(court)

    def reap(self) -> list[str]:
        """Return requests whose worker's lease expired to the head of their queues."""
        back = self._guard("reaping expired leases", lambda: self._reap(args=[self.prefix]), [])
        return [b.decode() if isinstance(b, bytes) else str(b) for b in back or []]

    def renew(self) -> int:
        """Keep this worker's leases (and heartbeat) alive."""
        with self._lock:
            courts = sorted(self.held)
        if not courts:
            return 0
        ttl = int(self.lease * 1000)
        return int(
            self._guard(
                "renewing leases",
                lambda: self._renew(args=[self.prefix, self.worker, ttl, *courts]),
                0,
            )
        )

    def queued(self) -> int:
        return int(self._guard("counting", lambda: self.client.get(self.key("queued")), 0) or 0)

    def in_flight(self) -> int:
        return int(self._guard("counting", lambda: self.client.hlen(self.key("inflight")), 0) or 0)

    def finished(self) -> bool:
        """Seeded, nothing queued and nothing out: the crawl is over for every worker."""
        return self.seeded() is not None and self.queued() == 0 and self.in_flight() == 0

    # --- seeding and the run ---------------------------------------------------------------

    def reset_if_finished(self) -> int:
        """Clear a crawl under this prefix that already finished (a new crawl starts)."""
        return int(
            self._guard("clearing a finished crawl", lambda: self._reset(args=[self.prefix]), 0)
        )

    def claim_seed(self) -> bool:
        """True for exactly one worker while nobody has seeded (a lock with the lease's TTL,
        so a seeder killed mid-way is replaced)."""
        if self.seeded() is not None:
            return False
        got = self._guard(
            "taking the seed lock",
            lambda: self.client.set(
                self.key("seed:lock"), self.worker, nx=True, px=int(self.lease * 1000)
            ),
        )
        if not got:
            return False
        # Another worker may have seeded between the first look and the lock: `mark_seeded`
        # sets the seed and drops the lock in one transaction, so looking again settles it.
        if self.seeded() is not None:
            self._guard(
                "releasing the seed lock", lambda: self.client.delete(self.key("seed:lock"))
            )
            return False
        return True

    def mark_seeded(self, plan: dict[str, Any], run_id: int | None) -> None:
        def write() -> None:
            pipe = self.client.pipeline()
            if run_id is not None:
                pipe.set(self.key("run"), run_id)
            pipe.set(self.key("seeded"), json.dumps(plan, sort_keys=True))
            pipe.delete(self.key("seed:lock"))
            pipe.execute()

        self._guard("marking the frontier seeded", write)

    def seeded(self) -> dict[str, Any] | None:
        """The plan the frontier was seeded with, None before."""
        raw = self._guard("reading the seed", lambda: self.client.get(self.key("seeded")))
        return json.loads(raw) if raw else None

    def run_id(self) -> int | None:
        raw = self._guard("reading the run", lambda: self.client.get(self.key("run")))
        return int(raw) if raw else None

    def claim_finish(self) -> bool:
        """True for exactly one worker: it writes the run's end to the store."""
        return bool(
            self._guard(
                "finishing",
                lambda: self.client.set(self.key("finished"), self.worker, nx=True),
            )
        )

    # --- workers -------------------------------------------------------------------------

    def beat(self, stats: dict[str, Any]) -> None:
        """This worker is alive (for twice the lease); its totals for `workers status`."""
        ttl = max(1, int(self.lease * 2))

        def write() -> None:
            pipe = self.client.pipeline()
            pipe.set(self.key(f"hb:{self.worker}"), json.dumps(stats), ex=ttl)
            pipe.hset(self.key("pages"), self.worker, int(stats.get("pages", 0)))
            pipe.execute()

        self._guard("sending a heartbeat", write)

    # --- shared crawl state (JSON in hashes) -------------------------------------------------

    def get_json(self, hash_name: str, field_name: str) -> Any:
        raw = self._guard(
            f"reading {hash_name}", lambda: self.client.hget(self.key(hash_name), field_name)
        )
        return json.loads(raw) if raw else None

    def put_json(self, hash_name: str, items: Iterable[tuple[str, Any]]) -> None:
        mapping = {k: json.dumps(v, ensure_ascii=False) for k, v in items}
        if mapping:
            self._guard(
                f"writing {hash_name}",
                lambda: self.client.hset(self.key(hash_name), mapping=mapping),
            )

    def all_json(self, hash_name: str) -> dict[str, Any]:
        raw = self._guard(
            f"reading {hash_name}", lambda: self.client.hgetall(self.key(hash_name)), {}
        )
        return {k.decode(): json.loads(v) for k, v in (raw or {}).items()}

    def drop_json(self, hash_name: str, field_name: str) -> None:
        self._guard(
            f"writing {hash_name}", lambda: self.client.hdel(self.key(hash_name), field_name)
        )

    def park(self, court: str) -> None:
        self._guard("parking a court", lambda: self.client.sadd(self.key("parked"), court))

    def is_parked(self, court: str) -> bool:
        return bool(
            self._guard(
                "reading parked courts", lambda: self.client.sismember(self.key("parked"), court)
            )
        )


class Heartbeat(threading.Thread):
    """A thread that renews this worker's leases, reaps expired ones and reports the worker
    alive, every third of the lease: independent of how busy the crawler's reactor is."""

    def __init__(self, frontier: Frontier, stats: Any) -> None:
        super().__init__(name="refusenik-heartbeat", daemon=True)
        self.frontier = frontier
        self.stats = stats
        self.stop_event = threading.Event()

    def run(self) -> None:
        interval = max(0.05, self.frontier.lease / 3)
        while not self.stop_event.is_set() and self.frontier.lost is None:
            self.frontier.renew()
            self.frontier.reap()
            self.frontier.beat(self.stats())
            self.stop_event.wait(interval)

    def stop(self) -> None:
        self.stop_event.set()


def wait_until(predicate: Any, timeout: float, step: float = 0.05) -> bool:
    """Poll `predicate` until true or `timeout` seconds pass (tests and the CLI)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())
