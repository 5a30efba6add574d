"""What the crawl-worker tests share: the simulated courts, the commands, Redis hygiene."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import redis

from refusenik.simulate import SimCourt

REDIS = "redis://127.0.0.1:6379/0"
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
CAPTCHA_COURT = "54GV0009"  # parked at its first captcha when the simulator enforces it
SCOPE = ("--courts", "63GV0006,63GV0005,54GV0009", "--articles", "337")
WINDOW = ("--since", "2026-01-01", "--until", "2026-01-31")


def unique_prefix() -> str:
    return f"refusenik-test:{uuid.uuid4().hex[:12]}"


def clear(prefix: str, url: str = REDIS) -> None:
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    except redis.exceptions.ConnectionError:
        pass
    finally:
        client.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def crawl_cmd(base_url: str, folder: Path, db: str, *extra: str) -> list[str]:
    return [
        *(sys.executable, "-m", "refusenik", "crawl", "--simulated", base_url),
        *SCOPE,
        *WINDOW,
        *("--delay", "0.02", "--archive", str(folder), "--db", db),
        *extra,
    ]


def worker_cmd(
    base_url: str, folder: Path, db: str, prefix: str, name: str, *extra: str, url: str = REDIS
) -> list[str]:
    return crawl_cmd(
        base_url,
        folder,
        db,
        *("--redis", url, "--redis-prefix", prefix, "--worker", name, "--json"),
        *extra,
    )


def sim_stats(base_url: str) -> dict:
    return httpx.get(base_url + "/_sim/stats", timeout=10).json()


def verify(truth: Path, db: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "refusenik", "verify", "--truth", str(truth), "--db", db]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def write_truth(world: object, path: Path) -> Path:
    path.write_text(json.dumps(world.truth_all(), ensure_ascii=False), encoding="utf-8")  # type: ignore[attr-defined]
    return path
