"""WARC records in and out: serialising an exchange, reading one record, scanning a file.

Every record is its own gzip member (as warcio writes them), so a record can be read from
its offset alone, and a file cut short by a crash is readable up to its last whole member:
a member whose gzip stream does not end is the cut-off tail, never a record.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from isal import isal_zlib
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from refusenik import __version__
from refusenik.archive.errors import ArchiveCorruptError
from refusenik.archive.records import Exchange

WARC_VERSION = "WARC/1.1"
COURT_HEADER = "WARC-Refusenik-Court"
PAGE_KIND_HEADER = "WARC-Refusenik-Page-Kind"
PARSER_VERSION_HEADER = "WARC-Refusenik-Parser-Version"
SHA256_HEADER = "WARC-Refusenik-Payload-SHA256"
LENGTH_HEADER = "WARC-Refusenik-Payload-Length"
META_HEADER = "WARC-Refusenik-Meta"
# The body is stored as the client got it (decoded); these headers would misdescribe it,
# so they are kept under another name.
RENAMED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
RENAMED_PREFIX = "X-Refusenik-Original-"
READ_CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b\x08"


def _b32(algorithm: str, digest: bytes) -> str:
    """A WARC digest header value: the algorithm, a colon, the digest in base32."""
    return f"{algorithm}:{base64.b32encode(digest).decode('ascii')}"


_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def warc_date(moment: datetime) -> str:
    """A WARC 1.1 date with microseconds, in UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_warc_date(text: str) -> datetime:
    """A WARC date (with or without fractions of a second) as an aware UTC datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


@dataclass(frozen=True)
class Serialized:
    """Bytes ready to append: the request and response (or revisit) gzip members."""

    data: bytes
    response_start: int  # where the response member starts inside `data`
    response_length: int
    record_id: str


# Compression was most of what writing a record cost: zlib at warcio's level 9 took
# 5.1 ms a real court page (~200 KB), at level 6 4.0 ms. ISA-L (python-isal) writes the
# same standard gzip at level 2 in 0.34 ms, for ~8% more bytes than zlib's level 6, and
# releases the GIL while it works. Any gzip reader (warcio, zlib) reads its members.
GZIP_LEVEL = 2


def _writer(buffer: io.BytesIO) -> WARCWriter:
    """A writer of uncompressed records: each is then gzipped as its own member."""
    return WARCWriter(buffer, gzip=False, warc_version=WARC_VERSION)


def _gzip_member(buffer: io.BytesIO) -> bytes:
    """The records written to `buffer` since it was last emptied, as one gzip member."""
    compressor = isal_zlib.compressobj(GZIP_LEVEL, isal_zlib.DEFLATED, isal_zlib.MAX_WBITS + 16)
    with buffer.getbuffer() as view:
        member = compressor.compress(view) + compressor.flush()
    buffer.seek(0)
    buffer.truncate()
    return member


def warcinfo_member(filename: str) -> bytes:
    """The warcinfo record that opens every file."""
    buffer = io.BytesIO()
    writer = _writer(buffer)
    info = {
        "software": f"refusenik/{__version__} (warcio)",
        "format": "WARC File Format 1.1",
        "description": "Court web pages as fetched by refusenik, before any parsing.",
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))
    return _gzip_member(buffer)


def _response_headers(exchange: Exchange) -> StatusAndHeaders:
    headers = [
        (RENAMED_PREFIX + name if name.lower() in RENAMED_HEADERS else name, value)
        for name, value in exchange.response_headers
    ]
    headers.append(("Content-Length", str(len(exchange.body))))
    try:
        reason = HTTPStatus(exchange.status).phrase
    except ValueError:
        reason = "Unknown"
    return StatusAndHeaders(f"{exchange.status} {reason}", headers, protocol="HTTP/1.1")


def _request_headers(exchange: Exchange) -> StatusAndHeaders:
    parts = urlsplit(exchange.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers = list(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(
        f"{exchange.method} {target} HTTP/1.1", headers, protocol="", is_http_request=True
    )


def _refusenik_headers(exchange: Exchange, sha256: str) -> dict[str, str]:
    headers = {
        "WARC-Date": warc_date(exchange.fetched_at),
        SHA256_HEADER: sha256,
        LENGTH_HEADER: str(len(exchange.body)),
        PARSER_VERSION_HEADER: exchange.meta.get("parser_version", __version__),
    }
    if exchange.court:
        headers[COURT_HEADER] = exchange.court
    if exchange.page_kind:
        headers[PAGE_KIND_HEADER] = exchange.page_kind
    extra = {k: v for k, v in exchange.meta.items() if k != "parser_version"}
    if extra:
        headers[META_HEADER] = json.dumps(extra, ensure_ascii=True, sort_keys=True)
    return headers


def serialize(
    exchange: Exchange,
    sha256: str,
    revisit_of: tuple[str, str, datetime] | None = None,
) -> Serialized:
    """The request record and the response record (or, when `revisit_of` = (record id,
    URL, time) of an identical earlier body, a revisit record) for `exchange`.

    The records are laid out as warcio's writer lays them out (its header encoding, its
    header order), assembled here: its writer streamed a ~400 KB page through digesters
    and buffers in small pieces, a third of what archiving a page cost. The digests are
    SHA-256 (WARC 1.1 names no algorithm; warcio checks any hashlib knows): the payload's
    is `sha256`, already computed for the index, where SHA-1 cost a third pass over the
    body."""
    record_id = new_record_id()
    own = list(_refusenik_headers(exchange, sha256).items())
    request = [
        *own,
        ("WARC-Record-ID", new_record_id()),
        ("WARC-Concurrent-To", record_id),
        ("WARC-Type", "request"),
        ("WARC-Target-URI", exchange.url),
    ]
    request_member = _member(
        request, _request_headers(exchange), b"", _EMPTY_SHA256, "request", True
    )
    response = [*own, ("WARC-Record-ID", record_id)]
    if revisit_of is None:
        response += [("WARC-Type", "response"), ("WARC-Target-URI", exchange.url)]
        response_member = _member(
            response, _response_headers(exchange), exchange.body, sha256, "response", True
        )
    else:
        original_id, original_url, original_date = revisit_of
        response += [
            ("WARC-Refers-To", original_id),
            ("WARC-Type", "revisit"),
            ("WARC-Target-URI", exchange.url),
            ("WARC-Profile", REVISIT_PROFILE),
            ("WARC-Refers-To-Target-URI", original_url),
            ("WARC-Refers-To-Date", warc_date(original_date)),
        ]
        response_member = _member(
            response, _response_headers(exchange), exchange.body, sha256, "response", False
        )
    return Serialized(
        request_member + response_member,
        len(request_member),
        len(response_member),
        record_id,
    )


REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"


def _member(
    headers: list[tuple[str, str]],
    http: StatusAndHeaders,
    payload: bytes,
    payload_sha256: str,
    msgtype: str,
    with_payload: bool,
) -> bytes:
    """One record as its own gzip member: WARC headers (digests, type and length added
    last, as warcio adds them), the HTTP head, and the payload unless a revisit."""
    head = http.to_ascii_bytes()  # warcio's encoding: non-ASCII values %-encoded
    block = hashlib.sha256(head)
    if with_payload:
        block.update(payload)
    length = len(head) + (len(payload) if with_payload else 0)
    warc = StatusAndHeaders(
        "",
        [
            *headers,
            ("WARC-Payload-Digest", _b32("sha256", bytes.fromhex(payload_sha256))),
            ("WARC-Block-Digest", _b32("sha256", block.digest())),
            ("Content-Type", f"application/http; msgtype={msgtype}"),
            ("Content-Length", str(length)),
        ],
        protocol=WARC_VERSION,
    ).to_bytes(encoding="utf-8")
    compressor = isal_zlib.compressobj(GZIP_LEVEL, isal_zlib.DEFLATED, isal_zlib.MAX_WBITS + 16)
    parts = [compressor.compress(warc + head)]
    if with_payload:
        parts.append(compressor.compress(payload))
    parts += [compressor.compress(b"\r\n\r\n"), compressor.flush()]
    return b"".join(parts)


@dataclass(frozen=True)
class StoredRecord:
    """One WARC record read back from a file."""

    offset: int
    length: int
    warc_type: str
    record_id: str
    url: str
    date: datetime
    headers: dict[str, str]
    status: int | None
    payload: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def _parse_member(raw: bytes, offset: int, length: int, where: str) -> StoredRecord:
    try:
        records = ArchiveIterator(io.BytesIO(raw), check_digests=False)
        record = next(iter(records))
        payload = record.content_stream().read()
    except Exception as exc:  # warcio raises many kinds on a malformed record
        raise ArchiveCorruptError(where, offset, f"not a WARC record ({exc})") from exc
    headers = {name.lower(): value for name, value in record.rec_headers.headers}
    status = None
    if record.http_headers is not None and record.rec_type in ("response", "revisit"):
        code = record.http_headers.get_statuscode()
        status = int(code) if code and code.isdigit() else None
    try:
        date = parse_warc_date(headers.get("warc-date", ""))
    except ValueError as exc:
        raise ArchiveCorruptError(where, offset, "the record has no valid WARC-Date") from exc
    return StoredRecord(
        offset=offset,
        length=length,
        warc_type=record.rec_type,
        record_id=headers.get("warc-record-id", ""),
        url=headers.get("warc-target-uri", ""),
        date=date,
        headers=headers,
        status=status,
        payload=payload,
    )


def read_record(path: Path, offset: int, length: int, name: str | None = None) -> StoredRecord:
    """The record whose gzip member starts at `offset` (and is `length` bytes) in `path`."""
    where = name or str(path)
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            compressed = handle.read(length)
    except FileNotFoundError as exc:
        raise ArchiveCorruptError(where, offset, "the WARC file is missing") from exc
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        raw = decompressor.decompress(compressed)
    except zlib.error as exc:
        raise ArchiveCorruptError(where, offset, f"bad gzip data ({exc})") from exc
    if not decompressor.eof:
        raise ArchiveCorruptError(where, offset, "the record is cut short (truncated file?)")
    return _parse_member(raw, offset, length, where)


@dataclass(frozen=True)
class Scan:
    """What a pass over a file found: its whole records and where the whole part ends."""

    records: list[StoredRecord]
    whole_end: int  # the byte after the last whole record
    size: int
    corrupt: ArchiveCorruptError | None  # set when bad bytes stopped the scan before the end


def scan(path: Path, name: str | None = None) -> Scan:
    """Read every whole record of `path`; a cut-off tail ends the scan without error.

    A damaged last record (bad bytes with no whole record after them, as a crash or a
    zero-filled tail leaves) is a cut tail too. Bad bytes with whole records after them
    are reported in `Scan.corrupt` (file and offset); what comes before is still returned.
    """
    where = name or str(path)
    records: list[StoredRecord] = []
    with path.open("rb") as handle:
        size = handle.seek(0, io.SEEK_END)
        offset = 0
        while offset < size:
            handle.seek(offset)
            member = _next_member(handle)
            if isinstance(member, zlib.error):
                if not _whole_member_after(handle, offset):
                    break  # a damaged last record (a crash, a zero-filled tail): a cut tail
                return Scan(records, offset, size, ArchiveCorruptError(where, offset, str(member)))
            if member is None:
                break  # the tail was cut mid-record: everything before it is whole
            raw, length = member
            try:
                records.append(_parse_member(raw, offset, length, where))
            except ArchiveCorruptError as exc:
                return Scan(records, offset, size, exc)
            offset += length
    return Scan(records, offset, size, None)


def _whole_member_after(handle: io.BufferedReader, offset: int) -> bool:
    """Whether any whole gzip member starts after `offset`: bad bytes with none after them
    are a damaged tail, not damage in the middle of the file."""
    handle.seek(offset + 1)
    data = handle.read()
    start = data.find(GZIP_MAGIC)
    while start != -1:
        handle.seek(offset + 1 + start)
        if isinstance(_next_member(handle), tuple):
            return True
        start = data.find(GZIP_MAGIC, start + 1)
    return False


def _next_member(handle: io.BufferedReader) -> tuple[bytes, int] | zlib.error | None:
    """Decompress the gzip member at the handle's position: (its bytes, its compressed
    length), None when the file ends inside it, or the zlib error for bad data."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pieces: list[bytes] = []
    consumed = 0
    while not decompressor.eof:
        chunk = handle.read(READ_CHUNK)
        if not chunk:
            return None
        try:
            pieces.append(decompressor.decompress(chunk))
        except zlib.error as exc:
            return exc
        consumed += len(chunk)
    return b"".join(pieces), consumed - len(decompressor.unused_data)


def iter_records(path: Path) -> Iterator[StoredRecord]:
    """Every whole record of `path`, in file order."""
    yield from scan(path).records
