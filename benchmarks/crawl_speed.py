"""Crawl speed against the simulator, each figure measured in this one run.

1. Politeness off: end-to-end pages per second of `refusenik.crawl` (fetch, keep the raw
   exchange, parse, follow) against bare Scrapy fetching the very same URLs with no
   processing, and the crawl's peak memory (max RSS of its process). `--sink store`
   archives and ingests into a SQLite store as `refusenik crawl --db` does, in a second
   process (`crawl.store_process`); `--sink store-one-process` does the same work in the
   crawl's own process, the baseline the second process is measured against. CPU
   seconds count both processes.
2. Politeness on, many courts (one host each, one download slot each): the crawl's total
   time against the politeness bound — the largest per-court sum of pages × delay.
3. `--only memory`: one long crawl into the store (no warm-up pass, no URL list kept) and
   its peak memory; the default, 530 courts over 2020–2025, is ~102,000 pages:

    .venv/bin/python benchmarks/crawl_speed.py --only memory --since 2020-01-01 \
        --until 2025-12-31

The simulator runs in its own process; each crawl runs in its own process (Scrapy's reactor
runs once per process).

    .venv/bin/python benchmarks/crawl_speed.py --courts 8 --since 2020-01-01 \
        --polite-courts 100 --delay 0.5 [--sink store]

On a machine shared with other work, wall-clock rates move with the load: the CPU-time
rates (pages per CPU second of each process) are printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _serve(seed: int, courts: int, conn) -> None:  # the simulator's process
    from refusenik.simulate import SimServer, World

    world = World.generate(seed, courts, rounds=1)
    server = SimServer(world)

    async def main() -> None:
        await server.start()
        conn.send(server.base_url)
        assert server._server is not None
        await server._server.serve_forever()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass


def start_simulator(seed: int, courts: int) -> tuple[mp.Process, str]:
    parent, child = mp.Pipe()
    proc = mp.Process(target=_serve, args=(seed, courts, child), daemon=True)
    proc.start()
    return proc, parent.recv()


def child_crawl(args: argparse.Namespace) -> None:
    """In a child process: crawl, print pages, seconds, peak RSS; write the URLs fetched."""
    from refusenik.crawl.archiving import StoreSink
    from refusenik.crawl.plan import (
        fetch_simulator_state,
        parse_articles,
        parse_window,
        plan_from_simulator,
    )
    from refusenik.crawl.run import run_crawl
    from refusenik.crawl.sink import Fetched, Handled, MemorySink, WindowContext
    from refusenik.crawl.store_process import StoreProcessSink, StoreSpec

    urls: list[str] = []

    class RecordingSink(MemorySink):
        def page(self, fetched: Fetched, context: WindowContext, **kw: Any) -> Handled:
            urls.append(fetched.url)
            return super().page(fetched, context, **kw)

    class RecordingStoreSink(StoreSink):
        def page(self, fetched: Fetched, context: WindowContext, **kw: Any) -> Handled:
            if args.urls_out:
                urls.append(fetched.url)
            return super().page(fetched, context, **kw)

    class RecordingProcessSink(StoreProcessSink):
        def page(self, fetched: Fetched, context: WindowContext, **kw: Any) -> Handled:
            if args.urls_out:
                urls.append(fetched.url)
            return super().page(fetched, context, **kw)

    state = fetch_simulator_state(args.url)
    plan = plan_from_simulator(
        args.url,
        state,
        "all",
        parse_articles(args.articles),
        parse_window(args.since, args.until, dt.date.today()),
    )
    tmp = tempfile.TemporaryDirectory()
    sink: MemorySink
    if args.sink == "store":  # archive (WARC) + ingest in a second process, as `--db` does
        from refusenik.ingest import start_run
        from refusenik.store.db import engine_for

        db = f"sqlite:///{tmp.name}/store.db"
        engine = engine_for(db)
        spec = StoreSpec(db, Path(tmp.name) / "warc", start_run(engine, dt.datetime.now(dt.UTC)))
        sink = RecordingProcessSink(
            keep_digests=False, engine=engine, run_id=spec.run_id, spec=spec
        )
    elif args.sink == "store-one-process":  # the same work in the crawl's own process
        from refusenik.archive import Archive
        from refusenik.ingest import start_run
        from refusenik.store.db import engine_for

        engine = engine_for(f"sqlite:///{tmp.name}/store.db")
        sink = RecordingStoreSink(
            keep_digests=False,
            archive=Archive(Path(tmp.name) / "warc", engine),
            engine=engine,
            run_id=start_run(engine, dt.datetime.now(dt.UTC)),
            batch_writes=True,  # as `refusenik crawl --db` does
            keep_cases=False,  # as it does without --out
        )
    else:
        sink = RecordingSink(keep_digests=True)
    started, cpu = time.perf_counter(), _cpu()
    cpu_children = _cpu(resource.RUSAGE_CHILDREN)
    outcome = run_crawl(plan, sink, delay=args.delay, polite=args.polite)
    store_pid = getattr(sink, "store_pid", None)
    store_peak = _peak_mb(store_pid) if store_pid else 0.0  # before it exits
    close = getattr(sink, "close", None)
    if close is not None:
        close()  # the last batch committed and the WARC file closed, inside the timing
    seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    if args.urls_out:
        Path(args.urls_out).write_text("\n".join(urls), encoding="utf-8")
    per_court = [r.pages for r in outcome.reports]
    print(
        json.dumps(
            {
                "pages": outcome.stats.pages,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "cpu_store_seconds": _cpu(resource.RUSAGE_CHILDREN) - cpu_children,
                "retries": outcome.stats.retries,
                "cases": sink.case_count(),
                "max_court_pages": max(per_court or [0]),
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "peak_rss_store_mb": store_peak,  # the store's own process (0: none)
            }
        )
    )


def child_bare(args: argparse.Namespace) -> None:
    """In a child process: bare Scrapy fetching a list of URLs, nothing done with them."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from refusenik.crawl.politeness import user_agent

    urls = Path(args.urls_in).read_text(encoding="utf-8").split("\n")
    count = [0]

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):
            for u in urls:
                yield scrapy.Request(u, dont_filter=True, callback=self.parse)

        def parse(self, response):
            count[0] += 1

    process = CrawlerProcess(
        {
            "USER_AGENT": user_agent(),
            "CONCURRENT_REQUESTS": 32,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
            "LOG_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "HTTPERROR_ALLOW_ALL": True,
            "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        }
    )
    started, cpu = time.perf_counter(), _cpu()
    process.crawl(Bare)
    process.start()
    seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    print(json.dumps({"pages": count[0], "seconds": seconds, "cpu_seconds": cpu_seconds}))


def _cpu(*whose: int) -> float:
    """CPU seconds this process and its finished children (the store's process of a crawl)
    used so far: a fair clock on a machine shared with others."""
    total = 0.0
    for who in whose or (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _peak_mb(pid: int) -> float:
    """Peak resident memory of a running process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _process_cpu(pid: int | None) -> float:
    """CPU seconds another process (the simulator) used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_child(mode: str, *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--courts", type=int, default=8, help="courts for the speed run")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--articles", default="328,332,337,338,339")
    p.add_argument("--since", default="2020-01-01")
    p.add_argument("--until", default="2025-12-31")
    p.add_argument("--polite-courts", type=int, default=100, help="courts for the polite run")
    p.add_argument("--polite-since", default="2024-01-01")
    p.add_argument("--polite-until", default="2024-03-31")
    p.add_argument("--delay", type=float, default=0.5, help="politeness floor of the polite run")
    p.add_argument("--only", choices=("speed", "polite", "memory"), help="run one part")
    p.add_argument(
        "--memory-courts", type=int, default=530, help="courts for the memory run (~100,000 pages)"
    )
    p.add_argument("--child", choices=("crawl", "bare"))
    p.add_argument("--url")
    p.add_argument("--polite", action="store_true")
    p.add_argument("--urls-out")
    p.add_argument("--urls-in")
    p.add_argument(
        "--sink",
        choices=("memory", "store", "store-one-process"),
        default="memory",
        help="what the crawl does with each page: parse in memory, or archive + ingest into "
        "a store (in a second process, as `refusenik crawl` does; or in the crawl's own)",
    )
    args = p.parse_args()
    if args.child == "crawl":
        return child_crawl(args)
    if args.child == "bare":
        return child_bare(args)

    if args.only == "memory":
        return memory_run(args)
    if args.only != "polite":
        speed(args)
    if args.only != "speed":
        polite_run(args)


def memory_run(args: argparse.Namespace) -> None:
    """One long crawl into the store: its pages, time and the crawl process' peak RSS."""
    sim, url = start_simulator(args.seed, args.memory_courts)
    try:
        run = run_child(
            "crawl",
            *("--url", url, "--articles", args.articles, "--since", args.since),
            *("--until", args.until, "--delay", "0", "--sink", "store"),
        )
    finally:
        sim.terminate()
    print(
        f"memory: {args.memory_courts} courts, {run['pages']} pages, {run['cases']} cases in "
        f"{run['seconds']:.0f} s ({run['pages'] / run['seconds']:.1f} pages/s, "
        f"{run['pages'] / run['cpu_seconds']:.1f} per CPU second)"
    )
    print(f"  peak memory of the crawl process: {run['peak_rss_mb']:.0f} MB (goal <= 300)")
    print(f"  peak memory of its store process: {run['peak_rss_store_mb']:.0f} MB")


def speed(args: argparse.Namespace) -> None:
    sim, url = start_simulator(args.seed, args.courts)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls = str(Path(tmp) / "urls.txt")
            common = ["--url", url, "--articles", args.articles, "--since", args.since]
            common += ["--until", args.until, "--delay", "0", "--sink", args.sink]
            run_child("crawl", *common, "--urls-out", urls)  # warms the simulator's page cache
            sim_cpu = _process_cpu(sim.pid)
            e2e = run_child("crawl", *common)
            sim_e2e, sim_cpu = _process_cpu(sim.pid) - sim_cpu, _process_cpu(sim.pid)
            bare = run_child("bare", "--urls-in", urls)
            sim_bare = _process_cpu(sim.pid) - sim_cpu
    finally:
        sim.terminate()
    e2e_rate = e2e["pages"] / e2e["seconds"]
    bare_rate = bare["pages"] / bare["seconds"]
    e2e_cpu = e2e["pages"] / e2e["cpu_seconds"]
    bare_cpu = bare["pages"] / bare["cpu_seconds"]
    what = "archive + ingest" if args.sink.startswith("store") else "keep + parse"
    print(f"politeness off, {args.courts} courts, {e2e['pages']} pages, {e2e['cases']} cases")
    print(f"  end to end (fetch + {what} + follow): {e2e_rate:8.1f} pages/s")
    print(f"  bare Scrapy, same URLs, no processing: {bare_rate:8.1f} pages/s")
    print(f"  ratio: {e2e_rate / bare_rate:.2f} (goal >= 0.6)")
    print(
        f"  per CPU second: {e2e_cpu:.1f} vs {bare_cpu:.1f} pages, ratio {e2e_cpu / bare_cpu:.2f}"
    )
    print(
        f"  peak memory of the crawl process: {e2e['peak_rss_mb']:.0f} MB, of its store "
        f"process: {e2e['peak_rss_store_mb']:.0f} MB"
    )
    print(
        f"  the simulator's own CPU: {sim_e2e / e2e['pages'] * 1000:.2f} ms a page beside the "
        f"crawl, {sim_bare / bare['pages'] * 1000:.2f} ms beside bare Scrapy; crawl "
        f"{e2e['cpu_seconds'] / e2e['pages'] * 1000:.2f} ms a page, bare Scrapy "
        f"{bare['cpu_seconds'] / bare['pages'] * 1000:.2f} ms ({os.cpu_count()} cores)"
    )


def polite_run(args: argparse.Namespace) -> None:

    sim, url = start_simulator(args.seed, args.polite_courts)
    try:
        warm = ["--url", url, "--articles", args.articles, "--since", args.polite_since]
        warm += ["--until", args.polite_until, "--delay", "0"]
        run_child("crawl", *warm)  # pages rendered once, so the bound measures the crawler
        polite = run_child(
            "crawl",
            *("--url", url, "--articles", args.articles, "--since", args.polite_since),
            *("--until", args.polite_until, "--delay", str(args.delay), "--polite"),
        )
    finally:
        sim.terminate()
    bound = polite["max_court_pages"] * args.delay
    print(
        f"politeness on, {args.polite_courts} courts, delay {args.delay}s, "
        f"{polite['pages']} pages, {polite['retries']} retries"
    )
    print(f"  politeness bound (largest per-court pages x delay): {bound:.1f} s")
    print(f"  total crawl time: {polite['seconds']:.1f} s = {polite['seconds'] / bound:.0%} of it")
    need = polite["pages"] / bound
    print(
        f"  to meet the bound the crawl and the simulator must go {need:.1f} pages/s; the "
        f"crawl's own process used {polite['cpu_seconds']:.1f} CPU s "
        f"({polite['cpu_seconds'] / polite['seconds']:.0%} of one core)"
    )


if __name__ == "__main__":
    main()
