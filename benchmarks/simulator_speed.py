"""Pages per second the court simulator serves on loopback to a concurrent client.

The simulator must never be the bottleneck of crawl benchmarks (target: ≥1,500 pages/s).
Pages carry the real site design around the module, so they weigh what real court pages do
(100–380 KB) and the figure includes that rendering and bandwidth. The server runs in its own
process (as `refusenik simulate serve` does), the client is raw asyncio with N keep-alive
connections and a browser User-Agent, so the figure is the server's, not the GIL's. Two passes
over the same URL mix (listings by article and year, cards, act pages): `cold` is the first
request for every URL (each page rendered once), `warm` is served from the page cache — the
normal state during a long crawl.

    .venv/bin/python benchmarks/simulator_speed.py --courts 8 --requests 20000 --concurrency 32
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import random
import time

AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _serve(seed: int, courts: int, conn) -> None:  # runs in the server process
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


def url_mix(seed: int, courts: int, n: int) -> list[str]:
    """Up to n distinct listing, card and act paths (path-prefix form), seeded order."""
    from refusenik.simulate import World
    from refusenik.simulate.render_common import case_urls

    world = World.generate(seed, courts, rounds=1)
    listings, cards, acts = [], [], []
    for court in world.courts:
        base = f"/c/{court.code}"
        for art in ("337+%F7.5", "337", "328", "338", "332+%F7.2.1"):
            for year in range(2021, 2027):
                for page in (1, 2):
                    if court.template == "vnkod":
                        q = (
                            f"name_op=r&name=sud_delo&srv_num=1&_page={page}&_deloId=1540006"
                            f"&case__case_type=0&_new=0&case__vnkod={court.code}&case__num_build=1"
                            f"&process-type=1540006_0_0&case__entry_date1d=01.01.{year}"
                            f"&case__entry_date2d=31.12.{year}&parts__law_articless={art}"
                        )
                    else:
                        q = (
                            f"name=sud_delo&srv_num=1&name_op=r&page={page}&vnkod={court.code}"
                            "&delo_id=1540006&case_type=0&new=0&delo_table=u1_case"
                            f"&u1_case__ENTRY_DATE1D=01.01.{year}&u1_case__ENTRY_DATE2D=31.12.{year}"
                            f"&U1_DEFENDANT__LAW_ARTICLESS={art}&Submit=%CD%E0%E9%F2%E8"
                        )
                    listings.append(f"{base}/modules.php?{q}")
        for case in world.cases[court.code]:
            urls = case_urls(case, base)
            cards.append(urls["card"])
            if urls["act"]:
                acts.append(urls["act"])
    rng = random.Random(seed)
    pool = listings + cards + acts
    rng.shuffle(pool)
    return pool[:n]


async def _worker(host: str, port: int, paths: list[str], stats: dict) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    for path in paths:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: {AGENT}\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        body = await reader.readexactly(length)
        stats["pages"] += 1
        stats["bytes"] += len(body)
        stats["not_ok"] += status != 200
    writer.close()
    await writer.wait_closed()


async def run_pass(host: str, port: int, paths: list[str], concurrency: int) -> dict:
    stats = {"pages": 0, "bytes": 0, "not_ok": 0}
    chunks = [paths[i::concurrency] for i in range(concurrency)]
    t0 = time.perf_counter()
    await asyncio.gather(*(_worker(host, port, c, stats) for c in chunks if c))
    stats["seconds"] = time.perf_counter() - t0
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--courts", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--cold-only", action="store_true", help="first requests only")
    args = ap.parse_args()

    parent, child = mp.Pipe()
    proc = mp.Process(target=_serve, args=(args.seed, args.courts, child), daemon=True)
    proc.start()
    base = parent.recv()
    host, port = base.removeprefix("http://").split(":")
    paths = url_mix(args.seed, args.courts, args.requests)
    try:
        passes = ("cold",) if args.cold_only else ("cold", "warm")
        for label in passes:  # every page rendered once, then from the cache
            s = asyncio.run(run_pass(host, int(port), paths, args.concurrency))
            rate = s["pages"] / s["seconds"]
            print(
                f"{label}: {s['pages']} pages in {s['seconds']:.2f} s = {rate:,.0f} pages/s "
                f"({s['bytes'] / s['seconds'] / 1e6:.1f} MB/s, mean page "
                f"{s['bytes'] / max(1, s['pages']) / 1e3:.0f} KB, {s['not_ok']} not 200; "
                f"{args.courts} courts, {args.concurrency} connections)"
            )
    finally:
        proc.terminate()
        proc.join()


if __name__ == "__main__":
    main()
