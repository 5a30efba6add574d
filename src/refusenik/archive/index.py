"""The archive index in the store: `captures` rows and their `sources` rows, in and out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Connection, Engine, Row, Table, bindparam, insert, select

from refusenik.archive.public_url import public_url, url_hash
from refusenik.archive.records import Capture
from refusenik.store.archive_tables import CaptureRow
from refusenik.store.models import ARCHIVE_RECORD, SourceRow

captures = cast(Table, CaptureRow.__table__)
sources = cast(Table, SourceRow.__table__)
# How many rows `iter_captures` reads at a time: memory stays flat over large archives.
PAGE = 1000
# Run for every page archived: built once, with their cache keys (see `ingest.case_store`).
_ADD_SOURCE = insert(sources).returning(sources.c.id)
_ADD_CAPTURE = insert(captures).returning(captures.c.id)
_LATEST = (
    select(captures)
    .where(captures.c.url_hash == bindparam("url_hash"))
    .order_by(captures.c.fetched_at.desc(), captures.c.id.desc())
    .limit(1)
)


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _capture(row: Row) -> Capture:  # type: ignore[type-arg]
    return Capture(
        id=row.id,
        record_id=row.record_id,
        url=row.url,
        fetched_at=_utc(row.fetched_at),
        status=row.status,
        sha256=row.sha256,
        warc_file=row.warc_file,
        offset=row.offset,
        length=row.length,
        revisit_of=row.revisit_of,
        court=row.court,
        page_kind=row.page_kind,
        source_id=row.source_id,
    )


def add_capture(
    conn: Connection,
    *,
    record_id: str,
    url: str,
    fetched_at: datetime,
    status: int,
    sha256: str,
    size: int,
    warc_file: str,
    offset: int,
    length: int,
    revisit_of: str | None,
    court: str | None,
    page_kind: str | None,
    parser_version: str | None,
) -> Capture:
    """Insert one capture and its `sources` row (kind "archive_record") in `conn`'s transaction."""
    shown = public_url(url)
    source_id = conn.execute(
        _ADD_SOURCE,
        {
            "kind": ARCHIVE_RECORD,
            "uri": shown,
            "sha256": sha256,
            "size": size,
            "fetched_at": fetched_at,
            "imported_at": datetime.now(UTC),
            "http_status": status,
            "archive_record": record_id,
            "parser_version": parser_version,
        },
    ).scalar_one()
    values = {
        "record_id": record_id,
        "url": shown,
        "url_hash": url_hash(url),
        "fetched_at": fetched_at,
        "status": status,
        "sha256": sha256,
        "warc_file": warc_file,
        "offset": offset,
        "length": length,
        "revisit_of": revisit_of,
        "court": court,
        "page_kind": page_kind,
        "source_id": source_id,
    }
    capture_id = conn.execute(_ADD_CAPTURE, values).scalar_one()
    return Capture(
        id=capture_id,
        record_id=record_id,
        url=shown,
        fetched_at=_utc(fetched_at),
        status=status,
        sha256=sha256,
        warc_file=warc_file,
        offset=offset,
        length=length,
        revisit_of=revisit_of,
        court=court,
        page_kind=page_kind,
        source_id=source_id,
    )


def latest(conn: Connection, url: str, at: datetime | None = None) -> Capture | None:
    """The newest capture of exactly `url` (at or before `at` when given)."""
    query = _LATEST if at is None else _LATEST.where(captures.c.fetched_at <= at)
    row = conn.execute(query, {"url_hash": url_hash(url)}).first()
    return _capture(row) if row is not None else None


def by_record_id(conn: Connection, record_id: str) -> Capture | None:
    row = conn.execute(select(captures).where(captures.c.record_id == record_id)).first()
    return _capture(row) if row is not None else None


def known_record_ids(conn: Connection, warc_file: str) -> set[str]:
    """Record ids the index holds for one file."""
    query = select(captures.c.record_id).where(captures.c.warc_file == warc_file)
    return set(conn.execute(query).scalars())


def history(engine: Engine, url: str) -> list[Capture]:
    """Every capture of exactly `url`, oldest first."""
    query = (
        select(captures)
        .where(captures.c.url_hash == url_hash(url))
        .order_by(captures.c.fetched_at, captures.c.id)
    )
    with engine.connect() as conn:
        return [_capture(row) for row in conn.execute(query)]


def iter_captures(
    engine: Engine, *, court: str | None = None, since: datetime | None = None
) -> Iterator[Capture]:
    """Captures oldest first, read a page at a time (keyset paging on (fetched_at, id))."""
    after: tuple[datetime, int] | None = None
    while True:
        query = select(captures)
        if court is not None:
            query = query.where(captures.c.court == court)
        if since is not None:
            query = query.where(captures.c.fetched_at >= since)
        if after is not None:
            moment, last_id = after
            query = query.where(
                (captures.c.fetched_at > moment)
                | ((captures.c.fetched_at == moment) & (captures.c.id > last_id))
            )
        query = query.order_by(captures.c.fetched_at, captures.c.id).limit(PAGE)
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        for row in rows:
            yield _capture(row)
        if len(rows) < PAGE:
            return
        after = (rows[-1].fetched_at, rows[-1].id)
