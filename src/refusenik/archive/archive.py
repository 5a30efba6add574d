"""The archive: WARC files in one folder, indexed in the store.

Raw first: `write` appends the records, flushes and fsyncs them, and only then indexes
them, so the index never points at bytes that are not on disk. A crash between the two
leaves whole records the index lacks; the next `Archive` on the folder finds them in the
file left open (`*.warc.gz.open`), indexes them, cuts any half-written tail and closes
the file. One process writes to a folder at a time (an advisory lock); others read.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from sqlalchemy import Engine

from refusenik.archive import index
from refusenik.archive.errors import (
    ArchiveBusyError,
    ArchiveCorruptError,
    ArchiveError,
    ArchiveFullError,
)
from refusenik.archive.location import warc_path
from refusenik.archive.public_url import public_url
from refusenik.archive.records import Capture, Exchange
from refusenik.archive.warc_io import (
    COURT_HEADER,
    LENGTH_HEADER,
    PAGE_KIND_HEADER,
    PARSER_VERSION_HEADER,
    SHA256_HEADER,
    StoredRecord,
    read_record,
    scan,
    serialize,
    warcinfo_member,
)
from refusenik.store.db import read_connection, write_transaction
from refusenik.store.schema import migrate

SUFFIX = ".warc.gz"
OPEN_SUFFIX = ".open"
LOCK_NAME = ".lock"

FileOpener = Callable[[Path], BinaryIO]


def _append(path: Path) -> BinaryIO:
    return path.open("ab")


class _OpenFile:
    """The WARC file being written: its final name, its `.open` path, handle and size."""

    def __init__(self, directory: Path, name: str, handle: BinaryIO) -> None:
        self.name = name
        self.path = directory / (name + OPEN_SUFFIX)
        self.handle = handle
        self.size = 0
        self.unsynced = False  # bytes written since the last fsync


class Archive:
    """Gzipped WARC files in `directory`, indexed in the store behind `engine`.

    Use as a context manager, or call `close()`: the file being written is renamed from
    `*.warc.gz.open` to `*.warc.gz` when closed or when it passes `max_file_bytes`.
    `fsync=False` hands each record to the operating system without waiting for the disk:
    a killed process still loses nothing, a power cut may lose the last records (and the
    index may then name records the next opening reports as cut short).
    `recovered` counts the whole records found unindexed (after a crash) when opening.

    `sync_each=False` (a crawl whose store commits in batches, `store.db.WriteBatch`)
    flushes each record to the operating system (a killed process loses nothing) and
    leaves the fsync to `sync()`, which the batch calls before each commit: the index
    still never names bytes that are not on disk.
    """

    def __init__(
        self,
        directory: Path,
        engine: Engine,
        *,
        max_file_bytes: int = 1_000_000_000,
        fsync: bool = True,
        sync_each: bool = True,
        open_file: FileOpener = _append,
    ) -> None:
        self.directory = Path(directory)
        self.engine = engine
        self.max_file_bytes = max_file_bytes
        self.fsync = fsync
        self.sync_each = sync_each
        self._open_file = open_file
        self._file: _OpenFile | None = None
        self._serial = 0
        if self.directory.exists() and not self.directory.is_dir():
            raise ArchiveError(f"archive folder {self.directory} is a file, not a folder")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(
                f"cannot create the archive folder {self.directory}: {exc.strerror}"
            ) from exc
        migrate(engine)
        self._lock = self._try_lock()
        self.recovered = self._recover() if self.writable else 0

    # -- locking ---------------------------------------------------------------------------

    def _try_lock(self) -> int | None:
        try:
            fd = os.open(self.directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None  # a read-only folder: reading still works
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return fd

    @property
    def writable(self) -> bool:
        """False when another process is writing to this folder (or it is read-only)."""
        return self._lock is not None

    # -- writing ---------------------------------------------------------------------------

    def write(self, exchange: Exchange) -> Capture:
        """Archive one exchange (a revisit when the URL's last body was identical), then index it."""
        if not self.writable:
            raise ArchiveBusyError(
                f"the archive {self.directory} is being written by another refusenik process "
                "(or is read-only); wait for it to finish"
            )
        sha256 = exchange.sha256 or hashlib.sha256(exchange.body).hexdigest()
        revisit = self._revisit_target(exchange.url, sha256)
        serialized = serialize(
            exchange,
            sha256,
            None if revisit is None else (revisit.record_id, exchange.url, revisit.fetched_at),
        )
        current = self._current()
        start = current.size
        self._append(current, serialized.data, exchange.url)
        offset = start + serialized.response_start
        with write_transaction(self.engine) as conn:
            capture = index.add_capture(
                conn,
                record_id=serialized.record_id,
                url=exchange.url,
                fetched_at=exchange.fetched_at.astimezone(UTC),
                status=exchange.status,
                sha256=sha256,
                size=len(exchange.body),
                warc_file=current.name,
                offset=offset,
                length=serialized.response_length,
                revisit_of=None if revisit is None else revisit.record_id,
                court=exchange.court,
                page_kind=exchange.page_kind,
                parser_version=exchange.meta.get("parser_version"),
            )
        if current.size >= self.max_file_bytes:
            self._close_file()
        return capture

    def _revisit_target(self, url: str, sha256: str) -> Capture | None:
        """The original capture an identical body can point at, or None for a new body."""
        with read_connection(self.engine) as conn:
            last = index.latest(conn, url)
            if last is None or last.sha256 != sha256:
                return None
            if last.revisit_of is None:
                return last
            return index.by_record_id(conn, last.revisit_of)

    def _current(self) -> _OpenFile:
        if self._file is None:
            self._serial += 1
            stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
            name = f"refusenik-{stamp}-{self._serial:05d}{SUFFIX}"
            path = self.directory / (name + OPEN_SUFFIX)
            try:
                handle = self._open_file(path)
            except OSError as exc:
                raise ArchiveFullError(
                    f"cannot create {path}: {exc.strerror}; nothing was archived"
                ) from exc
            opened = _OpenFile(self.directory, name, handle)
            self._file = opened
            self._append(opened, warcinfo_member(name), None)
        return self._file

    def _append(self, current: _OpenFile, data: bytes, url: str | None) -> None:
        """Append whole records and make them durable, or leave the file as it was."""
        start = current.size
        try:
            current.handle.write(data)
            current.handle.flush()
            if self.fsync and self.sync_each:
                os.fsync(current.handle.fileno())
            else:
                current.unsynced = self.fsync
        except OSError as exc:
            self._undo(current, start)
            what = f"the page {public_url(url)}" if url else "a new WARC file"
            reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
            raise ArchiveFullError(
                f"could not write {what} to {current.path} ({reason}); it was not archived "
                "and not indexed, and everything archived before is intact and indexed — "
                "free space and fetch it again"
            ) from exc
        current.size += len(data)

    def _undo(self, current: _OpenFile, start: int) -> None:
        """Cut a half-written record off; if even that fails, retire the file (the next
        opening of the archive cuts the tail and closes it)."""
        try:
            current.handle.truncate(start)
            current.handle.flush()
            os.fsync(current.handle.fileno())
        except OSError:
            try:
                current.handle.close()
            except OSError:
                pass
            self._file = None

    def sync(self) -> None:
        """Make every record written so far durable (with `sync_each=False`)."""
        current = self._file
        if current is None or not current.unsynced:
            return
        try:
            os.fsync(current.handle.fileno())
        except OSError as exc:
            raise ArchiveFullError(
                f"could not make {current.path} durable ({exc.strerror or exc}); the records "
                "written since the last sync are not indexed — free space and crawl again"
            ) from exc
        current.unsynced = False

    def _close_file(self) -> None:
        self.sync()
        current, self._file = self._file, None
        if current is None:
            return
        current.handle.close()
        os.replace(current.path, self.directory / current.name)
        _sync_folder(self.directory)

    # -- recovery --------------------------------------------------------------------------

    def _recover(self) -> int:
        """Index the whole records of files left open by a crash, cut their tails, close them."""
        found = 0
        for path in sorted(self.directory.glob(f"*{SUFFIX}{OPEN_SUFFIX}")):
            name = path.name.removesuffix(OPEN_SUFFIX)
            result = scan(path, name)
            if result.corrupt is not None:
                raise ArchiveCorruptError(
                    name + OPEN_SUFFIX,
                    result.corrupt.offset,
                    f"bad bytes inside a file left open; move {path} out of {self.directory} "
                    "and open the archive again (the records before that offset are readable)",
                )
            found += self._index_missing(name, result.records)
            if result.whole_end == 0:
                path.unlink()  # cut inside its first record: nothing in it was ever whole
                continue
            if result.whole_end < result.size:
                with path.open("r+b") as handle:
                    handle.truncate(result.whole_end)
                    os.fsync(handle.fileno())
            os.replace(path, self.directory / name)
        if found:
            _sync_folder(self.directory)
        return found

    def reindex(self) -> int:
        """Index every whole record of every file that the index lacks; returns how many.

        For an archive copied next to a new store: the store then knows every capture.
        """
        if not self.writable:
            raise ArchiveBusyError(
                f"the archive {self.directory} is being written by another refusenik process"
            )
        found = 0
        for path in sorted(self.directory.glob(f"*{SUFFIX}")):
            result = scan(path, path.name)
            if result.corrupt is not None:
                raise result.corrupt
            found += self._index_missing(path.name, result.records)
        return found

    def _index_missing(self, name: str, records: list[StoredRecord]) -> int:
        wanted = [r for r in records if r.warc_type in ("response", "revisit")]
        if not wanted:
            return 0
        added = 0
        with write_transaction(self.engine) as conn:
            known = index.known_record_ids(conn, name)
            for record in wanted:
                if record.record_id in known:
                    continue
                index.add_capture(conn, **_capture_fields(record, name))
                added += 1
        return added

    # -- reading ---------------------------------------------------------------------------

    def _path(self, name: str) -> Path:
        # in this folder, or in a worker's folder of it or beside it (`location.warc_path`)
        return warc_path(self.directory, name, OPEN_SUFFIX)

    def body(self, capture: Capture) -> bytes:
        """The payload of `capture` as fetched; a revisit gives its original's body."""
        record = self._record(capture)
        if record.warc_type == "revisit":
            target = capture.revisit_of or record.header("WARC-Refers-To")
            with self.engine.connect() as conn:
                original = index.by_record_id(conn, target) if target else None
            if original is None:
                raise ArchiveCorruptError(
                    capture.warc_file,
                    capture.offset,
                    f"a revisit of {target}, which the index does not hold",
                )
            record = self._record(original)
        payload = record.payload
        if hashlib.sha256(payload).hexdigest() != capture.sha256:
            raise ArchiveCorruptError(
                capture.warc_file, capture.offset, "the body does not match its recorded SHA-256"
            )
        return payload

    def _record(self, capture: Capture) -> StoredRecord:
        record = read_record(
            self._path(capture.warc_file), capture.offset, capture.length, capture.warc_file
        )
        if record.record_id != capture.record_id:
            raise ArchiveCorruptError(
                capture.warc_file,
                capture.offset,
                f"found record {record.record_id}, the index expects {capture.record_id}",
            )
        return record

    def find(self, url: str, at: datetime | None = None) -> Capture | None:
        """The newest capture of exactly `url`, or the newest at or before `at` (UTC if naive)."""
        with self.engine.connect() as conn:
            return index.latest(conn, url, _aware(at))

    def history(self, url: str) -> list[Capture]:
        """Every capture of exactly `url`, oldest first."""
        return index.history(self.engine, url)

    def captures(
        self, *, court: str | None = None, since: datetime | None = None
    ) -> Iterator[Capture]:
        """Every capture (of one court, since a time), oldest first."""
        return index.iter_captures(self.engine, court=court, since=_aware(since))

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close (and rename) the file being written and let another process write."""
        self._close_file()
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _capture_fields(record: StoredRecord, name: str) -> dict[str, Any]:
    """What `index.add_capture` needs, read back from a record's own headers."""
    sha256 = record.header(SHA256_HEADER)
    if sha256 is None:
        sha256 = hashlib.sha256(record.payload).hexdigest()
    length = record.header(LENGTH_HEADER)
    return {
        "record_id": record.record_id,
        "url": record.url,
        "fetched_at": record.date,
        "status": record.status or 0,
        "sha256": sha256,
        "size": int(length) if length and length.isdigit() else len(record.payload),
        "warc_file": name,
        "offset": record.offset,
        "length": record.length,
        "revisit_of": record.header("WARC-Refers-To") if record.warc_type == "revisit" else None,
        "court": record.header(COURT_HEADER),
        "page_kind": record.header(PAGE_KIND_HEADER),
        "parser_version": record.header(PARSER_VERSION_HEADER),
    }


def _aware(moment: datetime | None) -> datetime | None:
    """A time to compare with stored ones: naive times are taken as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _sync_folder(directory: Path) -> None:
    """Make renames durable (a folder's entries are synced through the folder itself)."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
