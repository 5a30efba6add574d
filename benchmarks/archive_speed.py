"""Archive write speed: captures per second and MB/s, paired against bare warcio.

Each round writes the same captures twice, in alternating order: once through
`refusenik.archive.Archive` (request + response WARC records, fsync, index rows in
`captures` + `sources` of a SQLite store, one transaction per capture), once with bare
warcio writing the same request + response records to a gzipped WARC file with no index
and no fsync. Bodies are the real court pages of tests/fixtures/pages, each capture with
its own URL (so no revisits). Printed per side: CPU seconds of this process (user +
system, `time.process_time`), wall seconds, captures per CPU second, body MB per CPU
second; and the CPU ratio Archive / bare warcio (min over rounds). With `--db URL` the
index goes to that database instead (its server's CPU is not counted).

Run: `.venv/bin/python benchmarks/archive_speed.py [--captures N] [--rounds R] [--db URL]
[--no-fsync]`.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from refusenik.archive import Archive, Exchange
from refusenik.store import engine_for

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
START = datetime(2026, 11, 1, tzinfo=UTC)


def exchanges(count: int, bodies: list[bytes], round_no: int) -> list[Exchange]:
    return [
        Exchange(
            url=f"https://bench{i % 50}.sudrf.ru/modules.php?name=sud_delo&r={round_no}&case_id={i}",
            status=200,
            response_headers=[("Content-Type", "text/html; charset=windows-1251")],
            body=bodies[i % len(bodies)],
            fetched_at=START + timedelta(seconds=i),
            request_headers=[("User-Agent", "refusenik-bench (contact@example.org)")],
            court=f"BENCH{i % 50}",
            page_kind="card",
            meta={"srv_num": "1"},
        )
        for i in range(count)
    ]


def bare_warcio(items: list[Exchange], folder: Path) -> None:
    """The same request + response records with warcio alone: no index, no fsync."""
    with (folder / "bare.warc.gz").open("wb") as handle:
        writer = WARCWriter(handle, gzip=True, warc_version="WARC/1.1")
        for e in items:
            request = writer.create_warc_record(
                e.url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    "GET / HTTP/1.1", list(e.request_headers), protocol="", is_http_request=True
                ),
            )
            writer.write_record(request)
            response = writer.create_warc_record(
                e.url,
                "response",
                payload=io.BytesIO(e.body),
                length=len(e.body),
                http_headers=StatusAndHeaders("200 OK", list(e.response_headers), "HTTP/1.1"),
            )
            writer.write_record(response)


def with_archive(items: list[Exchange], folder: Path, db: str | None, fsync: bool) -> None:
    engine = engine_for(db or f"sqlite:///{folder / 'bench.sqlite'}")
    with Archive(folder / "archive", engine, fsync=fsync) as archive:
        for e in items:
            archive.write(e)
    engine.dispose()


def measure(run: Callable[[], None]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--captures", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", help="index database URL (default: a fresh SQLite file)")
    parser.add_argument(
        "--no-fsync", action="store_true", help="Archive(fsync=False): no wait for the disk"
    )
    args = parser.parse_args()
    bodies = [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]
    results: dict[str, list[tuple[float, float]]] = {"archive": [], "warcio": []}
    for round_no in range(args.rounds):
        items = exchanges(args.captures, bodies, round_no)
        sides: list[tuple[str, Callable[[Path], None]]] = [
            ("archive", lambda f, items=items: with_archive(items, f, args.db, not args.no_fsync)),
            ("warcio", lambda f, items=items: bare_warcio(items, f)),
        ]
        if round_no % 2:
            sides.reverse()
        for name, side in sides:
            folder = Path(tempfile.mkdtemp(prefix=f"archive-bench-{name}-"))
            try:
                results[name].append(measure(lambda side=side, folder=folder: side(folder)))
            finally:
                shutil.rmtree(folder)
    megabytes = sum(len(e.body) for e in exchanges(args.captures, bodies, 0)) / 1e6
    print(
        f"{args.captures} captures per round, {megabytes:.1f} MB of real court pages "
        f"({len(bodies)} distinct, mean {megabytes * 1e3 / args.captures:.0f} kB), "
        f"{args.rounds} rounds, index: {args.db or 'SQLite file'}, "
        f"archive fsync: {'off' if args.no_fsync else 'on'}"
    )
    for name, runs in results.items():
        cpu = min(c for c, _ in runs)
        wall = statistics.median(w for _, w in runs)
        print(
            f"{name:8} CPU min {cpu:6.2f} s  wall median {wall:6.2f} s  "
            f"{args.captures / cpu:7.0f} captures/CPU-s  {megabytes / cpu:6.1f} MB/CPU-s  "
            f"{args.captures / wall:7.0f} captures/s wall  {megabytes / wall:6.1f} MB/s wall"
        )
    ratios = [a[0] / w[0] for a, w in zip(results["archive"], results["warcio"], strict=True)]
    print(
        f"CPU ratio archive / bare warcio: min {min(ratios):.2f}, "
        f"median {statistics.median(ratios):.2f} (per round: "
        + ", ".join(f"{r:.2f}" for r in ratios)
        + ")"
    )


if __name__ == "__main__":
    main()
