"""An archive whose store commits in batches (`sync_each=False`) flushes every record and
fsyncs them only when asked (`Archive.sync`, before the batch's commit) or when a file is
closed: never an index row committed for bytes not yet on disk."""

from __future__ import annotations

import os

import sqlalchemy as sa

from refusenik.archive import Archive
from refusenik.store.db import WriteBatch

URL = "https://61gv.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=case&case_id="


def _fsyncs(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr("refusenik.archive.archive.os.fsync", counting)
    return calls


def _indexed_elsewhere(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("select count(*) from captures")).scalar_one())


def test_records_are_synced_once_per_batch_before_the_commit(
    sqlite_engine, tmp_path, bodies, make_exchange, monkeypatch
):
    archive = Archive(tmp_path / "warc", sqlite_engine, sync_each=False)
    calls = _fsyncs(monkeypatch)
    order: list[str] = []

    def sync() -> None:
        order.append(f"sync {len(calls)}")
        archive.sync()
        order.append(f"synced {len(calls)}")

    batch = WriteBatch(sqlite_engine, every=5, seconds=3600, before_commit=sync)
    try:
        captures = []
        for i, body in enumerate(bodies[:5]):
            captures.append(archive.write(make_exchange(f"{URL}{i}", body, minutes=i)))
            if i < 4:
                # flushed to the operating system, not fsynced, not committed
                assert calls == [] and _indexed_elsewhere(sqlite_engine) == 0
            batch.tick()
        # The fifth record filled the batch: one fsync for the five, then the commit.
        assert order == ["sync 0", "synced 1"]
        assert _indexed_elsewhere(sqlite_engine) == 5
        assert [archive.body(c) for c in captures] == bodies[:5]
        archive.sync()  # nothing new since: no second fsync
        assert len(calls) == 1
    finally:
        batch.close()
        archive.close()


def test_a_record_per_fsync_by_default(sqlite_engine, tmp_path, bodies, make_exchange, monkeypatch):
    with Archive(tmp_path / "warc", sqlite_engine) as archive:
        archive.write(make_exchange(f"{URL}0", bodies[0]))  # opens the file (its warcinfo)
        calls = _fsyncs(monkeypatch)
        for i, body in enumerate(bodies[1:4], start=1):
            archive.write(make_exchange(f"{URL}{i}", body, minutes=i))
        assert len(calls) == 3
        assert _indexed_elsewhere(sqlite_engine) == 4


def test_closing_a_file_syncs_what_was_not(
    sqlite_engine, tmp_path, bodies, make_exchange, monkeypatch
):
    folder = tmp_path / "warc"
    archive = Archive(folder, sqlite_engine, sync_each=False, max_file_bytes=1)
    calls = _fsyncs(monkeypatch)
    archive.write(make_exchange(f"{URL}1", bodies[0]))  # past the limit: the file closes
    assert len(calls) >= 1  # the record was made durable before the file was renamed
    assert list(folder.glob("*.warc.gz")) and not list(folder.glob("*.open"))
    archive.close()
