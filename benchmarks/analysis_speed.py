"""How fast the analysis answers: p50 / p95 per contract function over a set of scopes.

Each function is timed in its own fresh Python process ("cold": its first call pays for
imports, the engine's first connection and empty caches, and counts), over every scope
below, `--repeat` times. Build a store first with `benchmarks/make_big_store.py`.

Run: `.venv/bin/python benchmarks/analysis_speed.py --db sqlite:///PATH [--repeat 3]
[--official sqlite:///PATH]` — `--official` is a store holding the official statistics
(`refusenik official import`) for official_distribution and reconcile; by default they are
timed on `--db`. Prints one line per function: calls, p50, p95, max (ms), and whether p95
meets the 200 ms target.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from typing import Any

TARGET_MS = 200.0
FUNCTIONS = (
    "series:received",
    "series:decisions",
    "series:persons",
    "series:received:year:article",
    "series:persons:month:court",
    "headline",
    "outcomes",
    "sentence_kinds",
    "terms",
    "below_minimum",
    "time_to_decision",
    "before_after:received",
    "before_after:persons",
    "law_changes",
    "court_paragraph",
    "official_distribution",
    "reconcile",
)


def scopes(court: str | None) -> list[Any]:
    from refusenik.analysis.figures import Scope

    out = [
        Scope(),
        Scope(article="337"),
        Scope(article="337", part="5"),
        Scope(kind="garrison_military"),
        Scope(group="awol", since=date(2023, 1, 1), until=date(2023, 12, 31)),
        Scope(district="Центральный"),
        Scope(region="Московская область"),
        Scope(article="328", kind="district"),
        Scope(since=date(2024, 1, 1)),
    ]
    if court:
        out.append(Scope(courts=(court,)))
        out.append(Scope(courts=(court,), article="337", since=date(2022, 9, 24)))
    return out


def busiest_court(engine: Any) -> str | None:
    import sqlalchemy as sa

    from refusenik.store.case_tables import CASES

    with engine.connect() as conn:
        row = conn.execute(
            sa.select(CASES.c.court, sa.func.count())
            .group_by(CASES.c.court)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).first()
    return None if row is None else str(row[0])


def child(name: str, db: str, official: str, repeat: int, court: str | None) -> list[float]:
    """Time one function in this (fresh) process; milliseconds per call."""
    t_import = time.perf_counter()
    from refusenik.analysis import figures as F
    from refusenik.store import engine_for

    engine = engine_for(db)
    off = engine_for(official) if official != db else engine
    import_ms = (time.perf_counter() - t_import) * 1000
    kind, *rest = name.split(":")
    calls: list[Any] = []
    for scope in scopes(court):
        if kind == "series":
            measure, by, split = [*rest, "month", None][:3]
            calls.append(
                lambda s=scope, m=measure, b=by, sp=split: F.series(engine, s, m, by=b, split=sp)
            )
        elif kind == "before_after":
            calls.append(lambda s=scope, m=rest[0]: F.before_after(engine, s, m))
        elif kind in (
            "headline",
            "outcomes",
            "sentence_kinds",
            "terms",
            "below_minimum",
            "time_to_decision",
        ):
            calls.append(lambda s=scope, f=getattr(F, kind): f(engine, s))
        elif kind == "reconcile":
            calls.append(lambda s=scope: F.reconcile(off, s))
    if kind == "law_changes":
        calls = [F.law_changes] * 10
    elif kind == "court_paragraph":
        from refusenik.analysis.court_text import court_paragraph

        calls = [lambda: court_paragraph(engine, court or "63GV0006")] * 10
    elif kind == "official_distribution":
        calls = [
            lambda a=a: F.official_distribution(off, a)
            for a in ("328", "337", "338", "ch33", "352.1")
        ]
    times = []
    for _ in range(repeat):
        for call in calls:
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"name": name, "ms": times, "import_ms": import_ms}))
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--official", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--court", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    official = args.official or args.db
    if args.child:
        child(args.child, args.db, official, args.repeat, args.court)
        return
    from refusenik.store import engine_for

    court = busiest_court(engine_for(args.db))
    print(f"store {args.db}; busiest court {court}; {args.repeat} rounds over each scope")
    print(f"{'function':34} {'calls':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target")
    failed = 0
    for name in FUNCTIONS:
        cmd = [sys.executable, __file__, "--db", args.db, "--official", official]
        cmd += ["--repeat", str(args.repeat), "--child", name]
        if court:
            cmd += ["--court", court]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"{name:34} FAILED: {done.stderr.strip().splitlines()[-1:]}")
            failed += 1
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        ms = result["ms"]
        p95 = pct(ms, 0.95)
        ok = p95 <= TARGET_MS
        failed += not ok
        print(
            f"{name:34} {len(ms):5d} {statistics.median(ms):8.1f} {p95:8.1f} {max(ms):8.1f}  "
            + ("ok" if ok else "OVER")
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
