"""Ingest and reparse with the real archive: pages written to WARC files, read into a
store, and the store rebuilt from the WARC files alone (also by `refusenik reparse`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from refusenik.archive import Archive, Exchange
from refusenik.cli import main
from refusenik.ingest import close_window, context_from_url, ingest, reparse
from refusenik.simulate import SimSite
from refusenik.store import engine_for

from .conftest import COURTS, Crawler, SimArchive
from .snapshot import snapshot


def crawl_into_archive(world, engine, folder: Path, workers: dict[str, str] | None = None) -> int:
    """Two rounds of one window per court: listing pages, close, then cards and acts.
    `workers` (court → worker name) writes each court's pages into `folder/<worker>`, as
    crawl workers sharing one store do."""
    site = SimSite(world)
    clock = datetime(2026, 1, 1, tzinfo=UTC)
    end = world.round_date(world.rounds - 1)
    names = sorted(set((workers or {}).values()))
    folders = {name: Archive(folder / name, engine) for name in names}
    with Archive(folder, engine) as archive:

        def fetch(url: str, court: str):
            nonlocal clock
            parts = urlsplit(url)
            resp = site.handle(f"{parts.path}?{parts.query}", parts.netloc)
            clock += timedelta(seconds=1)
            exchange = Exchange(
                url=url,
                status=resp.status,
                response_headers=[("Content-Type", "text/html")],
                body=resp.body,
                fetched_at=clock,
                court=court,
            )
            writer = folders[workers[court]] if workers else archive
            return writer.write(exchange), resp.body

        for r in (0, world.rounds - 1):
            site.set_round(r)
            for court in COURTS:
                url: str | None = Crawler(site, SimArchive(), engine).search_url(
                    court, end - timedelta(days=90), end
                )
                assert url
                context = context_from_url(url, court.code)
                seen: set[int] = set()
                follow: list[str] = []
                while url:
                    capture, body = fetch(url, court.code)
                    result = ingest(engine, capture, body, context)
                    seen.update(result.cases_seen)
                    follow += [link for link in result.links if link != result.next_page]
                    url = result.next_page
                close_window(engine, context, seen, complete=True, at=capture.fetched_at)
                for link in follow:
                    capture, body = fetch(link, court.code)
                    ingest(engine, capture, body, context)
        for worker_archive in folders.values():
            worker_archive.close()
        return sum(1 for _ in archive.captures())


def test_reparse_from_warc_files_gives_the_crawl_store(world, tmp_path: Path):
    live = engine_for(f"sqlite:///{tmp_path / 'live.sqlite'}")
    count = crawl_into_archive(world, live, tmp_path / "warc")
    rebuilt = engine_for(f"sqlite:///{tmp_path / 'rebuilt.sqlite'}")
    with Archive(tmp_path / "warc", live) as archive:
        summary = reparse(rebuilt, archive)
    assert summary.captures == count > 20 and summary.windows_closed == 4
    before = snapshot(live)
    assert before["cases"] and before["observations"]
    assert snapshot(rebuilt) == before


def test_refusenik_reparse_command_rebuilds_into_another_database(
    world, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    live_url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    crawl_into_archive(world, engine_for(live_url), tmp_path / "warc")
    into = f"sqlite:///{tmp_path / 'into.sqlite'}"
    args = ["reparse", "--db", live_url, "--archive", str(tmp_path / "warc"), "--into", into]
    with pytest.raises(SystemExit) as done:
        main([*args, "--json"])
    assert done.value.code in (0, None)
    summary = json.loads(capsys.readouterr().out)
    assert summary["captures"] > 20 and summary["by_kind"]["case_card"] > 0
    assert snapshot(engine_for(into)) == snapshot(engine_for(live_url))


WORKERS = {COURTS[0].code: "w1", COURTS[1].code: "w2"}


@pytest.mark.parametrize("given", ["", "w1"])
def test_reparse_reads_every_worker_folder_of_an_archive(
    world, tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str
):
    """`crawl --redis … --worker NAME` writes ARCHIVE/<worker>; reparse given the archive's
    folder (or any one worker's folder) reads the pages of every worker."""
    live_url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    count = crawl_into_archive(world, engine_for(live_url), tmp_path / "warc", WORKERS)
    for worker in ("w1", "w2"):
        assert list((tmp_path / "warc" / worker).glob("*.warc.gz"))
    assert not list((tmp_path / "warc").glob("*.warc.gz"))
    into = f"sqlite:///{tmp_path / 'into.sqlite'}"
    folder = tmp_path / "warc" / given if given else tmp_path / "warc"
    args = ["reparse", "--db", live_url, "--archive", str(folder), "--into", into, "--json"]
    with pytest.raises(SystemExit) as done:
        main(args)
    out = capsys.readouterr()
    assert done.value.code in (0, None), out.err
    summary = json.loads(out.out)
    assert summary["captures"] == count > 20 and summary["errors"] == 0
    assert summary["windows_closed"] == 4
    assert snapshot(engine_for(into)) == snapshot(engine_for(live_url))
