"""WACZ packs (Web Archive Collection Zipped, spec 1.1.1): write one, read one, verify one.

A pack is a ZIP (every file stored, fixed times) holding

* `archive/*.warc.gz` — WARC records, each its own gzip member (mtime 0);
* `indexes/index.cdxj` — one sorted line per record: SURT key, 14-digit time, and JSON
  with url, mime, status, digest (SHA-256 of the payload), offset, length, filename, the
  record id and the SHA-256 of the record's gzip member (so `verify` can name the one
  record a changed byte is in);
* `pages/pages.jsonl` — the pages a reader should see listed;
* any other file the caller adds (a summary page, a PDF …);
* `datapackage.json` — every file above with its SHA-256 and size;
* `datapackage-digest.json` — the SHA-256 of `datapackage.json` and, in WACZ's signing
  shape (`signedData`: hash, signature, publicKey, created, software), an Ed25519
  signature over that hash string with the public key (DER SubjectPublicKeyInfo, base64).

Writing is deterministic: the same inputs give the same bytes (sorted entries, no clock
read, gzip mtime 0, ZIP times fixed at 1980-01-01). This module knows nothing of cases or
analysis; `refusenik.evidence` decides what goes in.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WACZ_VERSION = "1.1.1"
DATAPACKAGE = "datapackage.json"
DIGEST = "datapackage-digest.json"
INDEX = "indexes/index.cdxj"
PAGES = "pages/pages.jsonl"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SIGNATURE_ALGORITHM = "Ed25519"
# Court pages carry inline images as base64, which deflate barely shrinks at any level:
# level 1 costs a third of level 6's time for ~5% more bytes.
GZIP_LEVEL = 1


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def iso(moment: datetime) -> str:
    """A UTC time as WACZ writes them: seconds, «Z»."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One WARC record as it will sit in a pack: its gzip member and what the index says."""

    member: bytes
    record_id: str
    url: str
    date: datetime
    status: int | None
    mime: str
    payload_sha256: str


def _gzip(data: bytes) -> bytes:
    """One gzip member; zlib's gzip header carries mtime 0 and no file name."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(data) + compressor.flush()


def response_record(
    *,
    url: str,
    date: datetime,
    record_id: str,
    body: bytes,
    status: int = 200,
    http_headers: Sequence[tuple[str, str]] = (),
    warc_headers: Mapping[str, str] | None = None,
) -> Record:
    """A `response` record built from parts (Content-Length set from `body`)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False, warc_version="WARC/1.1")
    headers = [(k, v) for k, v in http_headers if k.lower() != "content-length"]
    headers.append(("Content-Length", str(len(body))))
    status_line = f"{status} {'OK' if status == 200 else 'Status'}"
    own = {
        "WARC-Record-ID": record_id,
        "WARC-Date": date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        **(warc_headers or {}),
    }
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=StatusAndHeaders(status_line, headers, protocol="HTTP/1.1"),
        warc_headers_dict=own,
    )
    writer.write_record(record)
    mime = next((v for k, v in headers if k.lower() == "content-type"), "")
    return Record(
        member=_gzip(buffer.getvalue()),
        record_id=record_id,
        url=url,
        date=date,
        status=status,
        mime=mime.split(";")[0].strip(),
        payload_sha256=sha256_hex(body),
    )


@dataclass(frozen=True)
class ReadRecord:
    """A record read back from a gzip member."""

    record_id: str
    rec_type: str
    url: str
    date: datetime
    status: int | None
    http_headers: list[tuple[str, str]]
    warc_headers: dict[str, str]
    payload: bytes


def read_member(member: bytes) -> ReadRecord:
    """The record in one gzip member; raises `ValueError` when it is not a whole record."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        raw = decompressor.decompress(member)
    except zlib.error as exc:
        raise ValueError(f"bad gzip data ({exc})") from exc
    if not decompressor.eof:
        raise ValueError("the gzip member is cut short")
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(raw), check_digests=False)))
        payload = record.content_stream().read()
    except Exception as exc:  # warcio raises many kinds on a malformed record
        raise ValueError(f"not a WARC record ({exc})") from exc
    warc_headers = {k.lower(): v for k, v in record.rec_headers.headers}
    status = None
    http: list[tuple[str, str]] = []
    if record.http_headers is not None:
        http = list(record.http_headers.headers)
        code = record.http_headers.get_statuscode()
        status = int(code) if code and code.isdigit() else None
    date_text = warc_headers.get("warc-date", "").replace("Z", "+00:00")
    try:
        date = datetime.fromisoformat(date_text).astimezone(UTC)
    except ValueError as exc:
        raise ValueError("the record has no valid WARC-Date") from exc
    return ReadRecord(
        record_id=warc_headers.get("warc-record-id", ""),
        rec_type=record.rec_type,
        url=warc_headers.get("warc-target-uri", ""),
        date=date,
        status=status,
        http_headers=http,
        warc_headers=warc_headers,
        payload=payload,
    )


def copied_record(member: bytes) -> Record:
    """An existing archive record (one gzip member) copied into a pack byte for byte."""
    read = read_member(member)
    mime = next((v for k, v in read.http_headers if k.lower() == "content-type"), "")
    return Record(
        member=member,
        record_id=read.record_id,
        url=read.url,
        date=read.date,
        status=read.status,
        mime=mime.split(";")[0].strip(),
        payload_sha256=sha256_hex(read.payload),
    )


# --- index and pages -------------------------------------------------------------------


def surt(url: str) -> str:
    """The SURT sort key of a URL as CDXJ indexes use it: host reversed, lower case,
    «www.» dropped, query parameters sorted («ru,sudrf,perm,voen)/modules.php?a=1&b=2»)."""
    parts = urlsplit(url)
    if not parts.netloc:
        return url.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host.replace(".", "").isdigit():  # an IP address is kept as written
        host = ",".join(reversed(host.split(".")))
    if parts.port and parts.port not in (80, 443):
        host += f":{parts.port}"
    key = host + ")" + (parts.path or "/").lower()
    if parts.query:
        pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
        key += "?" + "&".join(f"{k}={v}" for k, v in pairs).lower()
    return key


def timestamp14(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def _cdxj_line(record: Record, filename: str, offset: int) -> str:
    fields = {
        "url": record.url,
        "mime": record.mime or "unk",
        "status": str(record.status) if record.status is not None else "-",
        "digest": f"sha256:{record.payload_sha256}",
        "length": str(len(record.member)),
        "offset": str(offset),
        "filename": filename,
        "recordId": record.record_id,
        "memberDigest": f"sha256:{sha256_hex(record.member)}",
    }
    return f"{surt(record.url)} {timestamp14(record.date)} {json.dumps(fields, ensure_ascii=False)}"


@dataclass(frozen=True)
class Page:
    """One entry of pages/pages.jsonl: a page a reader can open in a replay tool."""

    url: str
    ts: datetime
    title: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        data = {"url": self.url, "ts": iso(self.ts), "title": self.title, **self.extra}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


# --- writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PackMeta:
    title: str
    description: str
    created: datetime  # a time taken from the data (the newest capture), not the clock
    software: str
    main_page_url: str | None = None
    main_page_date: datetime | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # more fields for datapackage.json


def public_key_text(key: Ed25519PublicKey) -> str:
    """The public key as WACZ shows it: DER SubjectPublicKeyInfo, base64."""
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


def key_fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, hex: what a reader compares with the published one."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return sha256_hex(raw)


def build_wacz(
    warcs: Mapping[str, Sequence[Record]],
    pages: Sequence[Page],
    files: Mapping[str, bytes],
    meta: PackMeta,
    key: Ed25519PrivateKey,
) -> bytes:
    """The bytes of a signed WACZ: `warcs` maps a file name under archive/ to its records
    (in the order given), `files` maps other paths in the pack to their bytes."""
    contents: dict[str, bytes] = {}
    lines: list[str] = []
    for name in sorted(warcs):
        data = bytearray()
        for record in warcs[name]:
            lines.append(_cdxj_line(record, name, len(data)))
            data += record.member
        contents[f"archive/{name}"] = bytes(data)
    contents[INDEX] = "".join(f"{line}\n" for line in sorted(lines)).encode("utf-8")
    header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    page_lines = [json.dumps(header)] + [p.line() for p in pages]
    contents[PAGES] = "".join(f"{line}\n" for line in page_lines).encode("utf-8")
    for path, extra in files.items():
        if path in contents or path in (DATAPACKAGE, DIGEST):
            raise ValueError(f"{path} is written by the pack itself")
        contents[path] = extra
    package: dict[str, Any] = {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": meta.title,
        "description": meta.description,
        "created": iso(meta.created),
        "modified": iso(meta.created),
        "software": meta.software,
        "resources": [
            {
                "name": path.rsplit("/", 1)[-1],
                "path": path,
                "hash": f"sha256:{sha256_hex(data)}",
                "bytes": len(data),
            }
            for path, data in sorted(contents.items())
        ],
    }
    package.update(meta.extra)
    if meta.main_page_url:
        package["mainPageUrl"] = meta.main_page_url
    if meta.main_page_date:
        package["mainPageDate"] = iso(meta.main_page_date)
    package_bytes = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
    digest = f"sha256:{sha256_hex(package_bytes)}"
    signed = {
        "hash": digest,
        "signature": base64.b64encode(key.sign(digest.encode("ascii"))).decode("ascii"),
        "publicKey": public_key_text(key.public_key()),
        "algorithm": SIGNATURE_ALGORITHM,
        "created": iso(meta.created),
        "software": meta.software,
    }
    digest_file = {"path": DATAPACKAGE, "hash": digest, "signedData": signed}
    contents[DATAPACKAGE] = package_bytes
    contents[DIGEST] = json.dumps(digest_file, indent=2).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in sorted(contents, key=lambda p: (p in (DATAPACKAGE, DIGEST), p)):
            info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, contents[path])
    return out.getvalue()


# --- verifying -------------------------------------------------------------------------


@dataclass
class Verdict:
    """What `verify_wacz` found: every problem, in words a person can act on."""

    problems: list[str] = field(default_factory=list)
    files_checked: int = 0
    records_checked: int = 0
    public_key: str | None = None
    fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _index_entries(text: str) -> dict[str, list[dict[str, Any]]]:
    """CDXJ lines grouped by filename, in file order."""
    by_file: dict[str, list[dict[str, Any]]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = line.split(" ", 2)
        entry = json.loads(parts[2])
        by_file.setdefault(entry["filename"], []).append(entry)
    for entries in by_file.values():
        entries.sort(key=lambda e: int(e["offset"]))
    return by_file


def _check_warc(path: str, data: bytes, entries: list[dict[str, Any]], verdict: Verdict) -> None:
    """Each indexed record of one WARC against its member digest and payload digest; and
    any byte of the file no indexed record covers."""
    covered = 0
    for entry in entries:
        offset, length = int(entry["offset"]), int(entry["length"])
        rid = entry.get("recordId", "?")
        where = f"{path}: record {rid} at offset {offset}"
        if offset != covered:
            verdict.problems.append(f"{path}: bytes {covered}–{offset} belong to no indexed record")
        covered = max(covered, offset + length)
        member = data[offset : offset + length]
        verdict.records_checked += 1
        if len(member) != length:
            verdict.problems.append(f"{where}: the file ends inside the record")
            continue
        expected = entry.get("memberDigest")
        if expected and f"sha256:{sha256_hex(member)}" != expected:
            try:
                read = read_member(member)
                if read.record_id != rid:
                    why = f"its record id reads {read.record_id}"
                elif f"sha256:{sha256_hex(read.payload)}" != entry.get("digest"):
                    why = "its content differs from the index's SHA-256"
                else:
                    why = "its bytes differ (in the gzip framing) from the indexed ones"
            except ValueError as exc:
                why = f"it no longer reads: {exc}"
            verdict.problems.append(f"{where} does not match: {why}")
    if covered != len(data):
        verdict.problems.append(f"{path}: bytes {covered}–{len(data)} belong to no indexed record")


def verify_wacz(path: Path) -> Verdict:
    """Check every file's SHA-256 and size against datapackage.json, the digest and
    Ed25519 signature of datapackage.json, and every WARC record against the index."""
    verdict = Verdict()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        verdict.problems.append(f"{path} is not a readable ZIP/WACZ file ({exc})")
        return verdict
    with archive:
        names = set(archive.namelist())

        raw_cache: dict[str, bytes | None] = {}

        def read(name: str) -> bytes | None:
            if name in raw_cache:
                return raw_cache[name]
            try:
                data: bytes | None = archive.read(name)
            except KeyError:
                data = None
            except (zipfile.BadZipFile, zlib.error):
                # A changed byte fails the ZIP's own CRC: read the bytes anyway, so the
                # SHA-256 and record checks can say which file and which record changed.
                data = _stored_bytes(path, archive.getinfo(name))
                if data is None:
                    verdict.problems.append(f"{name}: cannot be read from the ZIP")
            raw_cache[name] = data
            return data

        package_bytes = read(DATAPACKAGE)
        if package_bytes is None:
            verdict.problems.append(f"{DATAPACKAGE} is missing: nothing can be checked")
            return verdict
        try:
            package = json.loads(package_bytes)
            resources = {r["path"]: r for r in package["resources"]}
        except (ValueError, KeyError, TypeError) as exc:
            verdict.problems.append(f"{DATAPACKAGE} is not a valid data package ({exc})")
            return verdict
        _check_signature(read(DIGEST), package_bytes, verdict)
        index_ok = False
        for name in sorted(resources):
            data = read(name)
            verdict.files_checked += 1
            if data is None:
                if name not in names:
                    verdict.problems.append(f"{name}: listed in {DATAPACKAGE} but missing")
                continue
            want = resources[name].get("hash", "")
            got = f"sha256:{sha256_hex(data)}"
            if got != want:
                verdict.problems.append(f"{name}: SHA-256 does not match ({got}, listed {want})")
            elif resources[name].get("bytes") not in (None, len(data)):
                verdict.problems.append(f"{name}: size does not match")
            elif name == INDEX:
                index_ok = True
        for name in sorted(names - set(resources) - {DATAPACKAGE, DIGEST}):
            verdict.problems.append(f"{name}: in the pack but not listed in {DATAPACKAGE}")
        index = read(INDEX) if INDEX in names else None
        if index is not None:
            if not index_ok:
                verdict.problems.append(
                    f"{INDEX} cannot be trusted, so WARC records are checked against it only "
                    "as a guide"
                )
            try:
                by_file = _index_entries(index.decode("utf-8"))
            except (ValueError, KeyError, IndexError) as exc:
                verdict.problems.append(f"{INDEX} cannot be read ({exc})")
                by_file = {}
            for name in sorted(n for n in resources if n.startswith("archive/")):
                data = read(name) if name in names else None
                if data is not None:
                    entries = by_file.get(name.removeprefix("archive/"), [])
                    _check_warc(name, data, entries, verdict)
    return verdict


def _stored_bytes(path: Path, info: zipfile.ZipInfo) -> bytes | None:
    """The bytes of one stored (uncompressed) entry, read past the ZIP's CRC check."""
    if info.compress_type != zipfile.ZIP_STORED:
        return None
    with path.open("rb") as handle:
        handle.seek(info.header_offset)
        header = handle.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return None
        name_len = int.from_bytes(header[26:28], "little")
        extra_len = int.from_bytes(header[28:30], "little")
        handle.seek(info.header_offset + 30 + name_len + extra_len)
        return handle.read(info.compress_size)


def _check_signature(digest_bytes: bytes | None, package_bytes: bytes, verdict: Verdict) -> None:
    if digest_bytes is None:
        verdict.problems.append(f"{DIGEST} is missing: the pack is not signed")
        return
    try:
        digest = json.loads(digest_bytes)
        signed = digest["signedData"]
        listed, signed_hash = digest["hash"], signed["hash"]
        signature = base64.b64decode(signed["signature"])
        verdict.public_key = signed["publicKey"]
        key = serialization.load_der_public_key(base64.b64decode(signed["publicKey"]))
    except (ValueError, KeyError, TypeError) as exc:
        verdict.problems.append(f"{DIGEST} cannot be read ({exc})")
        return
    if not isinstance(key, Ed25519PublicKey):
        verdict.problems.append(f"{DIGEST}: the public key is not an Ed25519 key")
        return
    verdict.fingerprint = key_fingerprint(key)
    actual = f"sha256:{sha256_hex(package_bytes)}"
    if listed != actual or signed_hash != actual:
        verdict.problems.append(
            f"{DATAPACKAGE}: SHA-256 does not match {DIGEST} ({actual}, listed {listed})"
        )
    try:
        key.verify(signature, signed_hash.encode("ascii"))
    except InvalidSignature:
        verdict.problems.append(f"{DIGEST}: the signature does not verify with the pack's key")


def read_file(path: Path, name: str) -> bytes:
    """One file of a pack (for tests and tools)."""
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)
