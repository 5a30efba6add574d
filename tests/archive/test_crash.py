"""Crashes, cut files, corrupt bytes and a full disk: what was whole stays readable and indexed."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, BinaryIO

import pytest
import sqlalchemy as sa

from refusenik.archive import Archive, ArchiveCorruptError, ArchiveFullError
from refusenik.archive.warc_io import scan
from refusenik.store import engine_for

WARCIO = Path(sys.executable).parent / "warcio"
URL = "https://61gv.sudrf.ru/modules.php?name=sud_delo&name_op=case&case_id="


def warcio_check(path: Path) -> None:
    done = subprocess.run([str(WARCIO), "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def count_captures(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT COUNT(*) FROM captures")).scalar_one()


def open_file_bytes(folder: Path) -> tuple[str, bytes]:
    (path,) = folder.glob("*.warc.gz.open")
    return path.name, path.read_bytes()


@pytest.fixture
def written(tmp_path, bodies, make_exchange):
    """Six pages written to an archive (with its own store) that is still open, as a crash
    would leave it."""
    sent = [make_exchange(f"{URL}{i}", b, minutes=i) for i, b in enumerate(bodies[:6])]
    archive = Archive(tmp_path / "live", engine_for(f"sqlite:///{tmp_path / 'live.sqlite'}"))
    captures = [archive.write(e) for e in sent]
    name, data = open_file_bytes(tmp_path / "live")
    yield name, data, captures, sent
    archive.close()


@pytest.mark.parametrize("where", ["inside-first", "at-boundary", "mid-record", "last-byte"])
def test_a_cut_file_is_read_to_its_last_whole_record_and_indexed_on_open(
    written, tmp_path, where, any_engine
):
    name, data, captures, sent = written
    ends = [c.offset + c.length for c in captures]
    cut = {
        "inside-first": captures[0].offset + 40,
        "at-boundary": ends[2],
        "mid-record": captures[4].offset + captures[4].length // 2,
        "last-byte": len(data) - 1,
    }[where]
    whole = [c for c, end in zip(captures, ends, strict=True) if end <= cut]
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / name).write_bytes(data[:cut])
    # A fresh store: the index lacks every record, as after a crash before indexing.
    with Archive(folder, any_engine) as archive:
        assert archive.recovered == len(whole)
        found = list(archive.captures())
        assert [c.record_id for c in found] == [c.record_id for c in whole]
        for capture, original in zip(found, sent, strict=False):
            assert archive.body(capture) == original.body
            assert capture.url == original.url and capture.fetched_at == original.fetched_at
    assert not list(folder.glob("*.open"))
    closed = folder / name.removesuffix(".open")
    if whole:
        # Cut back to the last whole record (a request may follow the last response).
        size = closed.stat().st_size
        assert ends[len(whole) - 1] <= size <= cut
        assert scan(closed).whole_end == size
        warcio_check(closed)
    # Opening again finds nothing more to index.
    with Archive(folder, any_engine) as archive:
        assert archive.recovered == 0
        assert count_captures(any_engine) == len(whole)


def test_kill_9_while_writing_loses_nothing_that_was_indexed(tmp_path, bodies):
    folder = tmp_path / "a"
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    pages = tmp_path / "pages.txt"
    fixtures = Path(__file__).parent.parent / "fixtures" / "pages"
    pages.write_text("\n".join(str(p) for p in sorted(fixtures.glob("*.html"))[:20]))
    script = textwrap.dedent(
        f"""
        import itertools
        from datetime import UTC, datetime
        from pathlib import Path
        from refusenik.archive import Archive, Exchange
        from refusenik.store import engine_for
        bodies = [Path(p).read_bytes() for p in Path({str(pages)!r}).read_text().split()]
        archive = Archive(Path({str(folder)!r}), engine_for({db!r}))
        for i in itertools.count():
            archive.write(Exchange("{URL}" + str(i), 200, [], bodies[i % len(bodies)],
                                   datetime.now(UTC), court="61GV0020"))
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    engine = engine_for(db)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            time.sleep(0.2)
            try:
                if count_captures(engine) >= 25:
                    break
            except sa.exc.OperationalError:
                continue  # the table is not there yet
        else:
            pytest.fail("the writer did not archive 25 pages in 60 s")
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    indexed = count_captures(engine)
    assert list(folder.glob("*.warc.gz.open"))
    with Archive(folder, engine) as archive:
        captures = list(archive.captures())
        assert len(captures) == indexed + archive.recovered
        for capture in captures:
            assert archive.body(capture) in bodies[:20]
    (path,) = folder.glob("*.warc.gz")
    warcio_check(path)
    records = scan(path).records
    assert scan(path).whole_end == path.stat().st_size
    assert len([r for r in records if r.warc_type == "response"]) == len(captures)


def test_a_closed_file_cut_short_names_the_file_and_offset(
    sqlite_engine, tmp_path, bodies, make_exchange
):
    with Archive(tmp_path / "a", sqlite_engine) as archive:
        captures = [archive.write(make_exchange(f"{URL}{i}", b)) for i, b in enumerate(bodies[:3])]
    (path,) = (tmp_path / "a").glob("*.warc.gz")
    last = captures[-1]
    with path.open("r+b") as handle:
        handle.truncate(last.offset + last.length // 3)
    with Archive(tmp_path / "a", sqlite_engine) as archive:
        assert archive.body(captures[0]) == bodies[0]
        with pytest.raises(ArchiveCorruptError) as caught:
            archive.body(last)
    message = str(caught.value)
    assert path.name in message and f"offset {last.offset}" in message
    assert "cut short" in message


def test_corrupt_bytes_name_the_file_and_offset(sqlite_engine, tmp_path, bodies, make_exchange):
    with Archive(tmp_path / "a", sqlite_engine) as archive:
        captures = [archive.write(make_exchange(f"{URL}{i}", b)) for i, b in enumerate(bodies[:3])]
    (path,) = (tmp_path / "a").glob("*.warc.gz")
    data = bytearray(path.read_bytes())
    middle = captures[1].offset + captures[1].length // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    with Archive(tmp_path / "a", sqlite_engine) as archive:
        assert archive.body(captures[2]) == bodies[2]
        with pytest.raises(ArchiveCorruptError) as caught:
            archive.body(captures[1])
    assert path.name in str(caught.value) and f"offset {captures[1].offset}" in str(caught.value)


def test_corrupt_bytes_in_a_file_left_open_stop_the_opening_with_file_and_offset(
    written, tmp_path, sqlite_engine
):
    name, data, captures, _ = written
    folder = tmp_path / "copy"
    folder.mkdir()
    broken = bytearray(data)
    middle = captures[3].offset + 200
    broken[middle : middle + 64] = bytes(64)
    (folder / name).write_bytes(bytes(broken))
    with pytest.raises(ArchiveCorruptError) as caught:
        Archive(folder, engine_for(f"sqlite:///{tmp_path / 'fresh.sqlite'}"))
    assert name in str(caught.value) and f"offset {captures[3].offset}" in str(caught.value)
    assert (folder / name).read_bytes() == bytes(broken)  # nothing cut or renamed


class FillingDisk:
    """A file that takes `room` more bytes, then writes what fits and fails as a full disk."""

    def __init__(self, path: Path, room: list[int]) -> None:
        self._file: BinaryIO = path.open("ab")
        self._room = room

    def write(self, data: bytes) -> int:
        if len(data) > self._room[0]:
            fits = max(self._room[0], 0)
            self._file.write(data[:fits])
            self._file.flush()
            self._room[0] = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room[0] -= len(data)
        return self._file.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def test_a_full_disk_archives_nothing_half_and_keeps_the_index_consistent(
    any_engine, tmp_path, bodies, make_exchange
):
    room = [0]
    folder = tmp_path / "a"
    sent = [make_exchange(f"{URL}{i}", b, minutes=i) for i, b in enumerate(bodies[:4])]
    with Archive(folder, any_engine, open_file=lambda p: FillingDisk(p, room)) as archive:
        room[0] = 10**9
        first = [archive.write(e) for e in sent[:2]]
        room[0] = len(sent[2].body) // 2  # the disk fills in the middle of the next page
        with pytest.raises(ArchiveFullError) as caught:
            archive.write(sent[2])
        message = str(caught.value)
        assert "disk is full" in message and "not indexed" in message
        assert "intact" in message
        assert count_captures(any_engine) == 2
        _, data = open_file_bytes(folder)
        assert len(data) == first[-1].offset + first[-1].length  # the half record is gone
        room[0] = 10**9  # space freed: the same page goes in, after the whole ones
        again = archive.write(sent[2])
        assert again.offset > len(data)  # appended right after the whole records
        assert [archive.body(c) for c in [*first, again]] == [e.body for e in sent[:3]]
    (path,) = folder.glob("*.warc.gz")
    warcio_check(path)
    assert len([r for r in scan(path).records if r.warc_type == "response"]) == 3
    assert count_captures(any_engine) == 3


def test_a_full_disk_on_a_new_file_is_clear(sqlite_engine, tmp_path, bodies, make_exchange):
    room = [100]  # not even the warcinfo record fits
    with Archive(tmp_path / "a", sqlite_engine, open_file=lambda p: FillingDisk(p, room)) as a:
        with pytest.raises(ArchiveFullError, match="disk is full"):
            a.write(make_exchange(URL, bodies[0]))
        assert count_captures(sqlite_engine) == 0
        room[0] = 10**9
        capture = a.write(make_exchange(URL, bodies[0]))
        assert a.body(capture) == bodies[0]
    for path in (tmp_path / "a").glob("*.warc.gz"):
        warcio_check(path)


def test_a_file_copied_beside_a_new_store_is_reindexed(
    sqlite_engine, tmp_path, bodies, make_exchange
):
    with Archive(tmp_path / "a", sqlite_engine, max_file_bytes=200_000) as archive:
        captures = [archive.write(make_exchange(f"{URL}{i}", b)) for i, b in enumerate(bodies[:5])]
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    fresh = engine_for(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with Archive(tmp_path / "b", fresh) as archive:
        assert archive.recovered == 0  # closed files are not scanned on every opening
        assert archive.reindex() == 5
        assert archive.reindex() == 0
        found = list(archive.captures())
        assert sorted(c.record_id for c in found) == sorted(c.record_id for c in captures)
        assert sorted(archive.body(c) for c in found) == sorted(bodies[:5])


def test_a_zero_filled_tail_is_a_cut_tail_not_corruption(written, tmp_path, sqlite_engine):
    name, data, captures, sent = written
    folder = tmp_path / "copy"
    folder.mkdir()
    # After a power cut some file systems keep a file's new length but not its last bytes.
    (folder / name).write_bytes(data[: captures[2].offset + 100] + bytes(4096))
    with Archive(folder, engine_for(f"sqlite:///{tmp_path / 'fresh.sqlite'}")) as archive:
        assert archive.recovered == 2
        assert [archive.body(c) for c in archive.captures()] == [e.body for e in sent[:2]]
    (path,) = folder.glob("*.warc.gz")
    warcio_check(path)


def test_kill_9_after_the_bytes_are_written_but_before_the_index_loses_nothing(tmp_path, bodies):
    folder = tmp_path / "a"
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    page = sorted((Path(__file__).parent.parent / "fixtures" / "pages").glob("*.html"))[0]
    script = textwrap.dedent(
        f"""
        import os, signal
        from datetime import UTC, datetime
        from pathlib import Path
        from refusenik.archive import Archive, Exchange, index
        from refusenik.store import engine_for
        body = Path({str(page)!r}).read_bytes()
        archive = Archive(Path({str(folder)!r}), engine_for({db!r}))
        for i in range(3):
            archive.write(Exchange("{URL}" + str(i), 200, [], body, datetime.now(UTC)))
        def die(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        index.add_capture = die  # the next page dies between its fsync and its index row
        archive.write(Exchange("{URL}3", 200, [], body + b"<!-- 4 -->", datetime.now(UTC)))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    engine = engine_for(db)
    assert count_captures(engine) == 3
    with Archive(folder, engine) as archive:
        assert archive.recovered == 1
        last = archive.find(f"{URL}3")
        assert last is not None and archive.body(last) == page.read_bytes() + b"<!-- 4 -->"
    assert count_captures(engine) == 4
    (path,) = folder.glob("*.warc.gz")
    warcio_check(path)


def test_without_fsync_a_killed_writer_still_loses_nothing(tmp_path):
    folder = tmp_path / "a"
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    script = textwrap.dedent(
        f"""
        import os, signal
        from datetime import UTC, datetime
        from pathlib import Path
        from refusenik.archive import Archive, Exchange
        from refusenik.store import engine_for
        archive = Archive(Path({str(folder)!r}), engine_for({db!r}), fsync=False)
        for i in range(5):
            archive.write(Exchange("{URL}" + str(i), 200, [], b"page %d" % i, datetime.now(UTC)))
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Archive(folder, engine_for(db)) as archive:
        assert archive.recovered == 0
        assert [archive.body(c) for c in archive.captures()] == [b"page %d" % i for i in range(5)]
