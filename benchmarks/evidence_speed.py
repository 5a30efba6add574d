"""How long `refusenik evidence build` takes for one court with about 1,000 cases.

The store and archive come from a real crawl of the simulator (world seed 3, whose
garrison court 61GV0015 has ~1,000 refusal cases since 2020: every listing, card and
act archived as fetched), so the pack masks and packs real page weight. The crawl is set
up once (kept in --work to rerun); the figure is the wall time of `evidence build` for
that court, best and median of --repeat runs in a fresh process each, with the pack's
size, case and record counts, its CPU time (on a shared machine the wall time is the CPU
time stretched by the load, which is printed too), and whether `evidence verify` accepts it.

    .venv/bin/python benchmarks/evidence_speed.py --work /tmp/evidence-bench --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

COURT = "61GV0015"
ARTICLES = "328,332,337,338,339,352.1"


def crawl(work: Path, env: dict[str, str]) -> None:
    from refusenik.simulate import SimServer, World, plan_from

    world = World.generate(3, 6, rounds=1)
    assert COURT in {c.code for c in world.courts}
    with SimServer(world, plan_from("none", seed=1)) as server:
        cmd = [sys.executable, "-m", "refusenik", "crawl", "--simulated", server.base_url]
        cmd += ["--courts", COURT, "--articles", ARTICLES, "--since", "2020-01-01"]
        cmd += ["--archive", str(work / "warc"), "--db", f"sqlite:///{work / 'store.db'}"]
        cmd += ["--delay", "0", "--out", str(work / "crawl.json")]
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0:
            sys.exit(f"crawl failed: {done.stderr[-2000:]}")
        print(f"setup crawl: {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/refusenik-evidence-bench"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "REFUSENIK_HOME": str(args.work / "home")}
    if not (args.work / "store.db").exists():
        crawl(args.work, env)
    db = f"sqlite:///{args.work / 'store.db'}"
    times, cpu = [], []
    result: dict[str, object] = {}
    for i in range(args.repeat):
        out = args.work / f"pack{i}.wacz"
        cmd = [sys.executable, "-m", "refusenik", "evidence", "build", "--court", COURT]
        cmd += ["--db", db, "--archive", str(args.work / "warc"), "--out", str(out), "--json"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"build failed: {done.stderr[-2000:]}")
        result = json.loads(done.stdout)
    same = len({(args.work / f"pack{i}.wacz").read_bytes() for i in range(args.repeat)}) == 1
    verify = subprocess.run(
        [sys.executable, "-m", "refusenik", "evidence", "verify", str(args.work / "pack0.wacz")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    print(
        f"evidence build --court {COURT}: {result['cases']} cases, {result['records']} "
        f"records, {int(str(result['bytes'])) / 1e6:.1f} MB, gaps {len(result['gaps'])}"  # type: ignore[arg-type]
    )
    print(
        f"wall time: best {min(times):.1f} s, median {statistics.median(times):.1f} s "
        f"over {args.repeat} runs (budget 30 s); CPU (user+sys) median "
        f"{statistics.median(cpu):.1f} s; load average {os.getloadavg()[0]:.1f}; "
        f"byte-identical: {same}; verify exit {verify.returncode}"
    )


if __name__ == "__main__":
    main()
