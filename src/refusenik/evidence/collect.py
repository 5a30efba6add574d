"""The archive records behind the cases of a pack: found, checked, masked.

Every record a case was read from (listing rows, cards, acts, press releases — the
store's observations, acts, punishments and press releases name them) is looked up in
the archive index, read from its WARC file and checked against the SHA-256 recorded when
it was fetched. A record that cannot be found, read or matched is a *gap*: named in the
pack, never skipped in silence.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Engine, select

from refusenik.archive.wacz import ReadRecord, Record, copied_record, read_member, response_record
from refusenik.privacy.html import mask_html
from refusenik.store.archive_tables import CaptureRow
from refusenik.store.case_tables import ACTS, OBSERVATIONS, PRESS

OPEN_SUFFIX = ".open"  # a WARC file still being written (see refusenik.archive.archive)
MASKED_NS = uuid.UUID("6f1d3c1e-2c55-4c39-9a57-0f6cde0e7a11")


@dataclass(frozen=True)
class Source:
    """One archived record behind one or more cases, as the pack cites it."""

    record_id: str  # the record in our archive (a revisit keeps its own id)
    url: str  # without parameters naming a person
    fetched_at: datetime
    sha256: str  # of the body as fetched
    page_kind: str | None
    court: str | None
    status: int
    warc_file: str
    offset: int
    case_ids: tuple[int, ...]
    masked: Record | None = None
    original: Record | None = None
    body_record: str | None = None  # the record holding the body, when this is a revisit


@dataclass
class Collected:
    sources: list[Source] = field(default_factory=list)
    gaps: list[dict[str, Any]] = field(default_factory=list)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def record_ids_by_case(engine: Engine, case_ids: list[int]) -> dict[str, set[int]]:
    """Every archive record each case was read from: record id → the cases it speaks for."""
    out: dict[str, set[int]] = {}
    with engine.connect() as conn:
        for i in range(0, len(case_ids), 500):
            chunk = case_ids[i : i + 500]
            queries = (
                select(OBSERVATIONS.c.record_id, OBSERVATIONS.c.case_id).where(
                    OBSERVATIONS.c.case_id.in_(chunk)
                ),
                select(ACTS.c.text_record, ACTS.c.case_id).where(
                    ACTS.c.case_id.in_(chunk), ACTS.c.text_record.is_not(None)
                ),
                select(PRESS.c.record_id, PRESS.c.case_id).where(PRESS.c.case_id.in_(chunk)),
            )
            for query in queries:
                for record_id, case_id in conn.execute(query):
                    out.setdefault(record_id, set()).add(case_id)
    return out


class _Files:
    """Open WARC files, each opened once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.handles: dict[str, BinaryIO | None] = {}

    def member(self, name: str, offset: int, length: int) -> bytes | None:
        if name not in self.handles:
            path = self.directory / name
            if not path.exists():
                path = self.directory / (name + OPEN_SUFFIX)
            self.handles[name] = path.open("rb") if path.exists() else None
        handle = self.handles[name]
        if handle is None:
            return None
        handle.seek(offset)
        return handle.read(length)

    def close(self) -> None:
        for handle in self.handles.values():
            if handle is not None:
                handle.close()


def _charset(record: ReadRecord) -> str | None:
    for name, value in record.http_headers:
        if name.lower() == "content-type" and "charset=" in value.lower():
            return value.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    return None


def masked_record(source_id: str, url: str, when: datetime, read: ReadRecord) -> Record:
    """A copy of `read` with the names in its page masked, citing the original."""
    content_type = next((v for k, v in read.http_headers if k.lower() == "content-type"), None)
    is_html = content_type is None or "html" in content_type.lower()
    body = mask_html(read.payload, _charset(read)) if is_html else read.payload
    headers = [("Content-Type", content_type or "text/html")]
    return response_record(
        url=url,
        date=when,
        record_id=f"<urn:uuid:{uuid.uuid5(MASKED_NS, source_id)}>",
        body=body,
        status=read.status or 200,
        http_headers=headers,
        warc_headers={
            "WARC-Refusenik-Masked": "names masked (refusenik.privacy.html.mask_html)",
            "WARC-Refusenik-Original-Record-ID": source_id,
            "WARC-Refusenik-Original-SHA256": hashlib.sha256(read.payload).hexdigest(),
        },
    )


def collect(
    engine: Engine,
    archive_dir: Path,
    wanted: dict[str, set[int]],
    *,
    originals: bool,
) -> Collected:
    """Find, check and mask every wanted record, oldest capture first."""
    captures = CaptureRow.__table__
    rows: dict[str, Any] = {}
    ids = sorted(wanted)
    with engine.connect() as conn:
        for i in range(0, len(ids), 500):
            for hit in conn.execute(
                select(captures).where(captures.c.record_id.in_(ids[i : i + 500]))
            ).mappings():
                rows[hit["record_id"]] = hit
        targets = {r["revisit_of"] for r in rows.values() if r["revisit_of"]} - set(rows)
        for target in sorted(targets):
            for found in conn.execute(
                select(captures).where(captures.c.record_id == target)
            ).mappings():
                rows[found["record_id"]] = found
    out = Collected()
    files = _Files(archive_dir)
    try:
        for record_id in _in_capture_order(ids, rows):
            cases = tuple(sorted(wanted[record_id]))
            row = rows.get(record_id)
            if row is None:
                out.gaps.append(_gap(record_id, cases, "not in the archive index"))
                continue
            body_row = rows.get(row["revisit_of"]) if row["revisit_of"] else row
            if body_row is None:
                why = f"a revisit of {row['revisit_of']}, which the index does not hold"
                out.gaps.append(_gap(record_id, cases, why, row))
                continue
            member = files.member(body_row["warc_file"], body_row["offset"], body_row["length"])
            if member is None:
                why = f"the WARC file {body_row['warc_file']} is missing from {archive_dir}"
                out.gaps.append(_gap(record_id, cases, why, row))
                continue
            try:
                read = read_member(member)
            except ValueError as exc:
                why = f"{body_row['warc_file']} at offset {body_row['offset']}: {exc}"
                out.gaps.append(_gap(record_id, cases, why, row))
                continue
            if read.record_id != body_row["record_id"]:
                why = f"{body_row['warc_file']} holds {read.record_id} where the index expects it"
                out.gaps.append(_gap(record_id, cases, why, row))
                continue
            if hashlib.sha256(read.payload).hexdigest() != row["sha256"]:
                why = "the body does not match the SHA-256 recorded when it was fetched"
                out.gaps.append(_gap(record_id, cases, why, row))
                continue
            when = _utc(row["fetched_at"])
            out.sources.append(
                Source(
                    record_id=record_id,
                    url=row["url"],
                    fetched_at=when,
                    sha256=row["sha256"],
                    page_kind=row["page_kind"],
                    court=row["court"],
                    status=row["status"],
                    warc_file=row["warc_file"],
                    offset=row["offset"],
                    case_ids=cases,
                    masked=masked_record(record_id, row["url"], when, read),
                    original=copied_record(member) if originals else None,
                    body_record=body_row["record_id"] if body_row is not row else None,
                )
            )
    finally:
        files.close()
    return out


def _in_capture_order(ids: Iterable[str], rows: dict[str, Any]) -> list[str]:
    far = datetime.max.replace(tzinfo=UTC)

    def key(rid: str) -> tuple[datetime, str]:
        row = rows.get(rid)
        return (_utc(row["fetched_at"]) if row is not None else far, rid)

    return sorted(ids, key=key)


def _gap(record_id: str, cases: tuple[int, ...], why: str, row: Any = None) -> dict[str, Any]:
    gap: dict[str, Any] = {"record_id": record_id, "case_ids": list(cases), "problem": why}
    if row is not None:
        gap.update(
            url=row["url"],
            fetched_at=_utc(row["fetched_at"]).isoformat(),
            sha256=row["sha256"],
            warc_file=row["warc_file"],
            offset=row["offset"],
        )
    return gap
