"""Scale-out: pages per second of 1, 2 and 4 crawl workers sharing one Redis frontier, each
figure measured in this one run against the simulator (one host per court).

1. Politeness on (a delay per court, one request at a time per court across all workers):
   pages per second, and the run's time against the politeness bound — the largest
   per-court sum of pages × delay, the least time any polite crawl of these pages can take.
2. Politeness off: the scaling from 1 to 2 workers (on a 2-core machine that is shared with
   other work, the second worker competes for the same cores — say so beside the figure).

Every worker archives into its own folder and ingests into one PostgreSQL store (a fresh
schema per run); the simulator runs in its own process, each worker in its own process.
A run's time is from the first worker ready (after its imports) to the last one done.

    .venv/bin/python benchmarks/scaleout.py --courts 200 --delay 1.0 \
        --since 2026-01-01 --until 2026-01-31
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"


def _serve(seed: int, courts: int, conn) -> None:  # the simulator's process
    import asyncio

    from refusenik.simulate import SimServer, World

    server = SimServer(World.generate(seed, courts, rounds=1))

    async def main() -> None:
        await server.start()
        conn.send(server.base_url)
        assert server._server is not None
        await server._server.serve_forever()

    asyncio.run(main())


def child(args: argparse.Namespace) -> None:
    """One worker: crawl with `run_worker`, print its JSON summary."""
    from refusenik.crawl.plan import (
        fetch_simulator_state,
        parse_articles,
        parse_window,
        plan_from_simulator,
    )
    from refusenik.crawl.workers import run_worker
    from refusenik.sites.url_parts import CRIMINAL_FIRST

    state = fetch_simulator_state(args.url)
    window = parse_window(args.since, args.until, dt.date.today())
    plan = plan_from_simulator(
        args.url, state, "all", parse_articles(args.articles), window, (CRIMINAL_FIRST,)
    )
    out = run_worker(
        plan,
        redis_url=args.redis,
        prefix=args.prefix,
        worker=args.worker,
        db=args.db,
        archive=Path(args.archive),
        delay=args.delay,
        polite=not args.impolite,
    )
    print(
        json.dumps(
            {
                "pages": out.stats.pages,
                "stopped": out.stats.stopped,
                "court_pages": [r.pages for r in out.reports],
                "started": out.stats.started.timestamp(),  # after imports, before seeding
                "ended": time.time(),
            }
        )
    )


def run(args: argparse.Namespace, url: str, workers: int, polite: bool) -> dict:
    """N workers started together on a fresh frontier and a fresh store schema."""
    schema = f"scaleout_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(args.pg)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    db = sa.engine.make_url(args.pg).update_query_dict({"options": f"-csearch_path={schema}"})
    prefix = f"refusenik-bench:{uuid.uuid4().hex[:8]}"
    folder = tempfile.mkdtemp(prefix="scaleout-")
    cmd = [sys.executable, __file__, "--child", "--url", url, "--redis", args.redis]
    cmd += ["--prefix", prefix, "--db", db.render_as_string(hide_password=False)]
    cmd += ["--archive", folder, "--delay", str(args.delay), "--articles", args.articles]
    cmd += ["--since", args.since, "--until", args.until]
    if not polite:
        cmd.append("--impolite")
    try:
        procs = [
            subprocess.Popen([*cmd, "--worker", f"w{i}"], stdout=subprocess.PIPE, text=True)
            for i in range(workers)
        ]
        outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
        # from the first worker ready to the last one done (process start-up left out)
        seconds = max(o["ended"] for o in outs) - min(o["started"] for o in outs)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
        import redis

        client = redis.Redis.from_url(args.redis)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    assert not any(o["stopped"] for o in outs), outs
    pages = sum(o["pages"] for o in outs)
    bound = max(outs[0]["court_pages"]) * args.delay
    return {"workers": workers, "pages": pages, "seconds": seconds, "bound": bound}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--courts", type=int, default=200)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--delay", type=float, default=1.0)
    p.add_argument("--articles", default="337")
    p.add_argument("--since", default="2026-01-01")
    p.add_argument("--until", default="2026-01-31")
    p.add_argument("--pg", default=PG)
    p.add_argument("--redis", default=REDIS)
    p.add_argument("--counts", default="1,2,4", help="worker counts to run, politeness on")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    for name in ("--url", "--prefix", "--db", "--archive", "--worker"):
        p.add_argument(name, help=argparse.SUPPRESS)
    p.add_argument("--impolite", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args)
        return
    parent, conn = mp.Pipe()
    sim = mp.Process(target=_serve, args=(args.seed, args.courts, conn), daemon=True)
    sim.start()
    url = parent.recv()
    try:
        print(f"{args.courts} courts, delay {args.delay} s, window {args.since}..{args.until}")
        print("politeness on (one request at a time per court, across all workers):")
        for n in (int(x) for x in args.counts.split(",")):
            r = run(args, url, n, polite=True)
            print(
                f"  {n} worker(s): {r['pages']} pages in {r['seconds']:.1f} s = "
                f"{r['pages'] / r['seconds']:.1f} pages/s; politeness bound {r['bound']:.1f} s, "
                f"time / bound = {r['seconds'] / r['bound']:.2f}"
            )
        print("politeness off:")
        one = run(args, url, 1, polite=False)
        two = run(args, url, 2, polite=False)
        for r in (one, two):
            print(
                f"  {r['workers']} worker(s): {r['pages']} pages in {r['seconds']:.1f} s = "
                f"{r['pages'] / r['seconds']:.1f} pages/s"
            )
        print(
            f"  scaling 1 → 2 workers: x{(two['pages'] / two['seconds']) / (one['pages'] / one['seconds']):.2f} "
            "(2 cores, shared with other work while measured)"
        )
    finally:
        sim.terminate()


if __name__ == "__main__":
    main()
