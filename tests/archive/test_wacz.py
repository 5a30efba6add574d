"""`refusenik.archive.wacz` on its own: a pack written from parts reads back and verifies;
an unlisted file, a missing file and a forged signature are each named; SURT keys."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from refusenik.archive.wacz import (
    DIGEST,
    PackMeta,
    Page,
    build_wacz,
    read_member,
    response_record,
    surt,
    verify_wacz,
)

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _pack(key: Ed25519PrivateKey) -> bytes:
    records = [
        response_record(
            url=f"https://voen.perm.sudrf.ru/modules.php?name=sud_delo&id={i}",
            date=WHEN,
            record_id=f"<urn:uuid:00000000-0000-0000-0000-00000000000{i}>",
            body=f"<html><body>дело {i}</body></html>".encode(),
            http_headers=[("Content-Type", "text/html; charset=utf-8")],
        )
        for i in range(3)
    ]
    meta = PackMeta(title="t", description="d", created=WHEN, software="test")
    pages = [Page(r.url, r.date, f"page {i}") for i, r in enumerate(records)]
    return build_wacz({"a.warc.gz": records}, pages, {"summary/x.html": b"<p>x</p>"}, meta, key)


def _rewrite(src: bytes, dst: Path, change: dict[str, bytes | None]) -> None:
    with zipfile.ZipFile(io.BytesIO(src)) as old, zipfile.ZipFile(dst, "w") as new:
        for info in old.infolist():
            if info.filename in change:
                data = change[info.filename]
                if data is not None:
                    new.writestr(info, data)
            else:
                new.writestr(info, old.read(info.filename))
        for name, data in change.items():
            if name not in old.namelist() and data is not None:
                new.writestr(name, data)


def test_a_written_pack_verifies_and_its_records_read_back(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    data = _pack(key)
    assert data == _pack(key)  # deterministic
    path = tmp_path / "p.wacz"
    path.write_bytes(data)
    verdict = verify_wacz(path)
    assert verdict.ok, verdict.problems
    assert verdict.records_checked == 3 and verdict.files_checked == 4
    with zipfile.ZipFile(path) as z:
        line = z.read("indexes/index.cdxj").decode().splitlines()[0]
        warc = z.read("archive/a.warc.gz")
    entry = json.loads(line.split(" ", 2)[2])
    member = warc[int(entry["offset"]) : int(entry["offset"]) + int(entry["length"])]
    record = read_member(member)
    assert record.record_id == entry["recordId"] and record.payload.startswith(b"<html>")


def test_unlisted_missing_and_forged_are_each_named(tmp_path: Path) -> None:
    data = _pack(Ed25519PrivateKey.generate())
    extra, missing, forged = tmp_path / "e.wacz", tmp_path / "m.wacz", tmp_path / "f.wacz"
    _rewrite(data, extra, {"notes.txt": b"added later"})
    _rewrite(data, missing, {"summary/x.html": None})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        digest = json.loads(z.read(DIGEST))
    other = Ed25519PrivateKey.generate().sign(digest["hash"].encode())
    digest["signedData"]["signature"] = base64.b64encode(other).decode()
    _rewrite(data, forged, {DIGEST: json.dumps(digest).encode()})
    assert verify_wacz(extra).problems == [
        "notes.txt: in the pack but not listed in datapackage.json"
    ]
    assert verify_wacz(missing).problems == [
        "summary/x.html: listed in datapackage.json but missing"
    ]
    assert verify_wacz(forged).problems == [
        "datapackage-digest.json: the signature does not verify with the pack's key"
    ]


def test_surt_keys() -> None:
    assert surt("https://www.Voen.Perm.sudrf.ru/modules.php?b=2&a=1") == (
        "ru,sudrf,perm,voen)/modules.php?a=1&b=2"
    )
    assert surt("http://127.0.0.1:8080/c/x") == "127.0.0.1:8080)/c/x"
