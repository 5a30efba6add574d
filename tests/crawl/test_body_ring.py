"""The ring that hands page bodies to the store process: first in, first out, no overlap."""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing as mp
from pathlib import Path

from refusenik.archive import Archive
from refusenik.crawl.body_ring import SMALLEST, BodyRing
from refusenik.crawl.sink import Fetched, WindowContext
from refusenik.crawl.store_process import StoreProcessSink, StoreSpec
from refusenik.ingest import start_run
from refusenik.sites import ParseError
from refusenik.store.db import engine_for


def test_bodies_come_back_as_put_and_room_is_reused_after_release() -> None:
    ring = BodyRing(100)
    a = ring.put(b"a" * 40)
    b = ring.put(b"b" * 40)
    assert a == (0, 40) and b == (40, 40)
    assert ring.put(b"c" * 30) is None  # 20 left at the end, the start still held
    ring.release()  # a is stored: its room at the start is free
    c = ring.put(b"c" * 30)
    assert c == (0, 30)  # wrapped round
    assert ring.read(*b) == b"b" * 40 and ring.read(*c) == b"c" * 30
    assert ring.put(b"d" * 20) is None  # between c's end (30) and b's start (40): 10
    ring.release()  # b
    d = ring.put(b"d" * 60)
    assert d == (30, 60) and ring.read(*c) == b"c" * 30 and ring.held == 2


def test_a_body_larger_than_the_ring_is_refused_and_clear_frees_everything() -> None:
    ring = BodyRing(64)
    assert ring.put(b"x" * 65) is None
    ring.put(b"y" * 64)
    assert ring.put(b"z") is None
    ring.clear()
    assert ring.held == 0 and ring.put(b"z" * 64) == (0, 64)


def _read_in_child(ring: BodyRing, conn) -> None:  # type: ignore[no-untyped-def]
    span = conn.recv()
    conn.send(ring.read(*span))


def test_a_forked_child_reads_what_the_parent_put_after_the_fork() -> None:
    ring = BodyRing(1 << 16)
    context = mp.get_context("fork")
    ours, theirs = context.Pipe()
    proc = context.Process(target=_read_in_child, args=(ring, theirs))
    proc.start()
    ring.put(b"before")
    span = ring.put("страница суда".encode() * 100)
    assert span is not None
    ours.send(span)
    assert ours.recv() == "страница суда".encode() * 100
    proc.join(10)


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _real_pages() -> list[Fetched]:
    """Real court pages of every size: ~380 KB cards and listings down to a few KB."""
    pages: dict[str, Fetched] = {}  # one page a URL (a derived page shares its original's)
    for html in sorted(FIXTURES.glob("*.html")):
        source = html.with_suffix(".source.txt").read_text(encoding="utf-8")
        urls = [
            line.split(": ", 1)[1] for line in source.splitlines() if line.startswith("page URL:")
        ]
        if not urls or not urls[0].startswith("http"):
            continue
        url = urls[0].split()[0]
        pages.setdefault(
            url,
            Fetched(
                url=url,
                status=200,
                response_headers=[("Content-Type", "text/html")],
                body=html.read_bytes(),
                fetched_at=dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC),
                page_kind="card",
            ),
        )
    return list(pages.values())


def test_every_body_reaches_the_archive_intact_through_the_ring_or_the_pipe(tmp_path: Path) -> None:
    """A ring with room for one large page: small bodies go in their messages, large ones
    wait for room, one larger than the ring goes in its message. Each archived body is the
    page's own bytes."""
    pages = _real_pages()
    sizes = sorted(len(p.body) for p in pages)
    assert len(pages) >= 20 and sizes[0] < SMALLEST and sizes[-1] > 350_000
    db = f"sqlite:///{tmp_path}/s.db"
    engine = engine_for(db)
    spec = StoreSpec(db, tmp_path / "warc", start_run(engine, dt.datetime.now(dt.UTC)))
    sink = StoreProcessSink(
        keep_digests=False, engine=engine, run_id=spec.run_id, spec=spec, ring_bytes=360_000
    )
    context = WindowContext("77KJ0002", 1, None, None, None)
    for page in pages:
        with contextlib.suppress(ParseError):  # pages of other kinds than asked: archived
            sink.page(page, context)
    in_ring = sink.bodies_in_ring
    sink.close()
    assert 0 < in_ring < len(pages)
    archive = Archive(tmp_path / "warc", engine_for(db))
    for page in pages:
        capture = archive.find(page.url)
        assert capture is not None, page.url
        assert archive.body(capture) == page.body, page.url


def test_pages_handed_over_in_one_turn_of_the_event_loop_are_stored_in_order(
    tmp_path: Path,
) -> None:
    """Inside a running event loop the sink sends the pages of one turn together: each
    reaches the archive, in the order handed over, none before the turn ends."""
    import asyncio

    pages = _real_pages()[:12]
    db = f"sqlite:///{tmp_path}/s.db"
    engine = engine_for(db)
    spec = StoreSpec(db, tmp_path / "warc", start_run(engine, dt.datetime.now(dt.UTC)))
    sink = StoreProcessSink(keep_digests=False, engine=engine, run_id=spec.run_id, spec=spec)
    context = WindowContext("77KJ0002", 1, None, None, None)

    async def hand_over() -> int:
        for page in pages:
            with contextlib.suppress(ParseError):
                sink.page(page, context)
        unsent = len(sink._unsent)  # all of this turn's, until the loop turns
        await asyncio.sleep(0)
        return unsent - len(sink._unsent)

    assert asyncio.run(hand_over()) == len(pages)
    sink.close()
    archive = Archive(tmp_path / "warc", engine_for(db))
    assert [c.url for c in archive.captures()] == [p.url for p in pages]
