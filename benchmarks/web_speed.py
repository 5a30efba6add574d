"""How fast the web answers on a large store: every dashboard and API aggregate endpoint,
timed in process through the ASGI app (httpx's ASGITransport: no network, no uvicorn; the
time is the app's, from request to the last byte of the body).

The store is one of `benchmarks/make_big_store.py` (helper A's: N simulated cases written
straight into the case tables, derived tables refreshed). Each endpoint is asked a fixed
mix of scopes (all cases, an article, an article part, a court, a court kind, a district, a
date window) round-robin. The web keeps each figure it computed until the store changes,
so the first request of a scope ("cold") times the analysis itself and the later ones
("warm") the web; both are printed, and the verdict is on all requests together.

Run:
    .venv/bin/python benchmarks/make_big_store.py --cases 1000000 --db sqlite:///big.db
    .venv/bin/python benchmarks/web_speed.py --db sqlite:///big.db [--rounds 40]

Prints p50, p95 and max per endpoint in milliseconds, and exits 1 when any endpoint's p95
is over the budget (200 ms): the aggregates, and the pages a reader opens — the dashboard,
the charts it draws once loaded, the case list and the case API (first, deep and filtered pages), a case page, its JSON and
CSV, the court pages and both Atom feeds. A case page is asked for a different case each
time (no scope); `--only pages` times the pages alone.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from urllib.parse import urlencode

BUDGET_MS = 200.0
SCOPES: tuple[dict[str, str], ...] = (
    {},
    {"article": "337"},
    {"article": "337", "part": "5"},
    {"courts": "63GV0006"},
    {"kind": "garrison_military"},
    {"district": "Центральный"},
    {"since": "2022-09-24", "until": "2023-12-31"},
    {"group": "desertion", "since": "2024-01-01"},
)
AGGREGATES = (
    "/api/headline",
    "/api/series",
    "/api/series?split=group",
    "/api/series?split=part",
    "/api/series?measure=decisions",
    "/api/series?by=year&split=district",
    "/api/sentences?what=kinds",
    "/api/sentences?what=terms",
    "/api/sentences?what=outcomes",
    "/api/reconcile",
    "/api/tables/received-by-group",
    "/api/tables/received-by-part",
    "/api/tables/decisions-by-month",
    "/api/tables/before-after",
    "/api/tables/outcomes",
    "/api/tables/sentence-kinds",
    "/api/tables/terms",
    "/api/tables/by-district",
    "/api/tables/reconcile",
    "/api/coverage",
)
WARM_UP = ("/?article=339", "/cases?article=339", "/feeds/cases.atom?article=339", "/cases/1")
PAGES = (
    "/",
    "/charts/received-by-group.json",
    "/charts/received-by-part.json",
    "/charts/terms.json",
    "/cases",
    "/cases?page=400",
    "/api/cases",
    "/api/cases?page=2000&per_page=50",
    "/api/cases?outcome=convicted",
    "/api/cases?punishment=fine",
    "/api/cases?q=1-4242",
    "/cases?format=csv&per_page=200",
    "/cases/{case}",
    "/api/cases/{case}",
    "/cases/{case}?format=csv",
    "/courts",
    "/courts/63GV0006",
    "/api/courts/63GV0006",
    "/feeds/cases.atom",
    "/feeds/decisions.atom",
)


def _url(path: str, scope: dict[str, str]) -> str:
    if not scope:
        return path
    joiner = "&" if "?" in path else "?"
    return path + joiner + urlencode(scope)


async def _time(
    db: str, paths: tuple[str, ...], rounds: int, scopes: int, cases: list[int]
) -> dict[str, tuple[list[float], list[float]]]:
    """Per endpoint: (cold times, warm times) in ms. A path with `{case}` is asked for
    `rounds` different cases (each cold), the others over the scopes."""
    import httpx

    from refusenik.web import create_app

    app = create_app(db)
    out: dict[str, tuple[list[float], list[float]]] = {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        # The process's own first use (imports, templates, the court registry) on a scope
        # that is not timed: the first request of each timed scope stays cold.
        for url in WARM_UP:
            await client.get(url)
        for path in paths:
            if path.startswith("/api/tables/") and path.rsplit("/", 1)[1] not in _tables():
                continue
            cold: list[float] = []
            warm: list[float] = []
            for i in range(rounds):
                if "{case}" in path:
                    url = path.replace("{case}", str(cases[i % len(cases)]))
                else:
                    url = _url(path, SCOPES[i % scopes])
                start = time.perf_counter()
                response = await client.get(url)
                _ = response.content
                first = i < scopes or "{case}" in path
                (cold if first else warm).append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code} {response.text[:200]}")
            out[path] = (cold, warm)
            print(f"  timed {path}", file=sys.stderr, flush=True)
    return out


def _tables() -> set[str]:
    from refusenik.web.dashboard import BY_NAME

    return set(BY_NAME)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of a big store")
    parser.add_argument("--rounds", type=int, default=40, help="requests per endpoint")
    parser.add_argument(
        "--scopes", type=int, default=len(SCOPES), help=f"scopes used (1–{len(SCOPES)})"
    )
    parser.add_argument(
        "--only", choices=("all", "aggregates", "pages"), default="all", help="what to time"
    )
    args = parser.parse_args()
    scopes = max(1, min(args.scopes, len(SCOPES)))

    import random

    from sqlalchemy import func, select

    from refusenik.store import engine_for
    from refusenik.store.case_tables import CASES

    with engine_for(args.db).connect() as conn:
        cases = conn.execute(select(func.count()).select_from(CASES)).scalar_one()
        top = conn.execute(select(func.max(CASES.c.id))).scalar_one() or 1
    picked = random.Random(5).sample(range(1, top + 1), min(top, args.rounds))
    print(f"store: {args.db} — {cases:,} cases; in-process ASGI (httpx.ASGITransport)")
    print(f"{args.rounds} requests per endpoint over {scopes} scopes (the first of each cold)\n")
    aggregate = (
        asyncio.run(_time(args.db, AGGREGATES, args.rounds, scopes, picked))
        if args.only != "pages"
        else {}
    )
    pages = (
        asyncio.run(_time(args.db, PAGES, args.rounds, scopes, picked))
        if args.only != "aggregates"
        else {}
    )
    over = []
    head = f"{'endpoint':40} {'cold p50':>9} {'cold max':>9} {'warm p95':>9} {'all p95':>9}"
    print(head)
    worst = (0.0, "")
    for title, results in (("aggregates", aggregate), ("pages", pages)):
        print(f"-- {title}")
        for path, (cold, warm) in results.items():
            every = cold + warm
            high = p95(every)
            flag = ""
            worst = max(worst, (high, path))
            if high > BUDGET_MS:
                over.append(path)
                flag = "  OVER"
            print(
                f"{path:40} {statistics.median(cold):9.1f} {max(cold):9.1f} "
                f"{p95(warm) if warm else float('nan'):9.1f} {high:9.1f}{flag}"
            )
    print(f"\nworst p95 (all requests): {worst[0]:.1f} ms ({worst[1]}); "
          f"budget {BUDGET_MS:.0f} ms")  # fmt: skip
    if over:
        print(f"over budget: {len(over)} of {len(aggregate) + len(pages)} endpoints")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
