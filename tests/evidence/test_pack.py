"""`refusenik evidence build` / `verify` on a real crawl of the simulator: a WACZ with the
required files that verifies, is byte-stable, names a tampered record or file, holds no
defendant's name by default, lists the cases `cases list` lists, and says what is missing."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest

from refusenik.cli import main

SCOPE = ["--court", "63GV0006", "--article", "337"]
WACZ_FILES = {
    "datapackage.json",
    "datapackage-digest.json",
    "indexes/index.cdxj",
    "pages/pages.jsonl",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out, captured.err


def build(
    crawled: Any, capsys: pytest.CaptureFixture[str], out: Path, *scope: str
) -> dict[str, Any]:
    code, stdout, stderr = run(
        capsys,
        "evidence", "build", *scope, "--db", crawled.db, "--archive", str(crawled.archive),
        "--out", str(out), "--json",
    )  # fmt: skip
    assert code == 0, stderr
    return dict(json.loads(stdout))


def read(pack: Path, name: str) -> bytes:
    with zipfile.ZipFile(pack) as z:
        return z.read(name)


def test_pack_has_the_wacz_files_verifies_and_counts_what_cases_list_lists(
    crawled, capsys, tmp_path
):
    pack = tmp_path / "pack.wacz"
    built = build(crawled, capsys, pack, *SCOPE)
    with zipfile.ZipFile(pack) as z:
        names = set(z.namelist())
        assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
    assert WACZ_FILES <= names
    assert {"archive/masked.warc.gz", "summary/summary.html", "summary/summary.pdf"} <= names
    assert read(pack, "summary/summary.pdf").startswith(b"%PDF")
    assert (tmp_path / "pack.pdf").read_bytes() == read(pack, "summary/summary.pdf")
    package = json.loads(read(pack, "datapackage.json"))
    assert package["wacz_version"] == "1.1.1"
    assert {r["path"] for r in package["resources"]} == names - {
        "datapackage.json",
        "datapackage-digest.json",
    }
    code, out, _ = run(capsys, "evidence", "verify", str(pack))
    assert code == 0, out
    assert "OK" in out and built["key_fingerprint"] in out

    # The same cases as `refusenik cases list` for the same scope.
    code, out, _ = run(capsys, "cases", "list", *SCOPE, "--db", crawled.db, "--json")
    assert code == 0
    listed = json.loads(out)
    summary = json.loads(read(pack, "summary/cases.json"))
    assert summary["figures"]["cases_received"] == len(listed) == built["cases"] > 0
    assert sorted(c["number"] for c in summary["cases"]) == sorted(c["number"] for c in listed)
    decided = sum(1 for c in listed if c["decided"])
    assert summary["figures"]["decisions"] == decided
    # Each case cites an archived record: URL, capture time, SHA-256, record ids.
    for case in summary["cases"]:
        assert case["url"].startswith("http") and len(case["sha256"]) == 64
        assert case["record_id"].startswith("<urn:uuid:") and case["masked_record_id"]
    # Every masked page is indexed and listed, citing its original.
    index = read(pack, "indexes/index.cdxj").decode().splitlines()
    pages = [json.loads(x) for x in read(pack, "pages/pages.jsonl").decode().splitlines()]
    assert pages[0]["format"] == "json-pages-1.0"
    assert len(index) == len(pages) - 1 == built["records"] + 1  # + the summary page
    assert index == sorted(index)
    cited = {c["record_id"] for c in summary["cases"]}
    assert cited <= {p.get("originalRecordId") for p in pages}


def test_the_same_scope_over_the_same_archive_gives_the_same_bytes(crawled, capsys, tmp_path):
    first, second = tmp_path / "a.wacz", tmp_path / "b.wacz"
    build(crawled, capsys, first, *SCOPE)
    build(crawled, capsys, second, *SCOPE)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        warc = z.read("archive/masked.warc.gz")
    # gzip members carry mtime 0 (bytes 4–7 of the header).
    assert struct.unpack("<I", warc[4:8])[0] == 0


def _entry(pack: Path, filename: str) -> dict[str, Any]:
    lines = read(pack, "indexes/index.cdxj").decode().splitlines()
    entries = [json.loads(line.split(" ", 2)[2]) for line in lines]
    return [e for e in entries if e["filename"] == filename][3]


def _flip(pack: Path, name: str, at: int) -> None:
    """Flip one byte of a stored file inside the ZIP, in place."""
    with zipfile.ZipFile(pack) as z:
        info = z.getinfo(name)
    data = bytearray(pack.read_bytes())
    header = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[header + 26 : header + 30])
    start = header + 30 + name_len + extra_len
    data[start + at] ^= 0xFF
    pack.write_bytes(bytes(data))


def test_verify_names_the_one_record_a_flipped_byte_is_in(crawled, capsys, tmp_path):
    pack = tmp_path / "pack.wacz"
    build(crawled, capsys, pack, *SCOPE)
    entry = _entry(pack, "masked.warc.gz")
    _flip(pack, "archive/masked.warc.gz", int(entry["offset"]) + int(entry["length"]) // 2)
    code, out, _ = run(capsys, "evidence", "verify", str(pack))
    assert code == 1
    mismatches = [line for line in out.splitlines() if line.startswith("MISMATCH")]
    assert any("archive/masked.warc.gz: SHA-256 does not match" in m for m in mismatches)
    bad = [m for m in mismatches if "record <urn:uuid:" in m]
    assert len(bad) == 1, out
    assert entry["recordId"] in bad[0] and f"offset {entry['offset']}" in bad[0]


def test_verify_names_each_tampered_file_and_a_broken_signature(crawled, capsys, tmp_path):
    pack = tmp_path / "pack.wacz"
    build(crawled, capsys, pack, *SCOPE)
    # A datapackage.json changed (say, to hide a file's new hash) breaks the signature.
    forged = tmp_path / "forged.wacz"
    with zipfile.ZipFile(pack) as src, zipfile.ZipFile(forged, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "datapackage.json":
                data = data.replace(b'"title": "', b'"title": "X', 1)
            dst.writestr(info, data)
    code, out, _ = run(capsys, "evidence", "verify", str(forged))
    assert code == 1
    assert "datapackage.json: SHA-256 does not match datapackage-digest.json" in out
    _flip(pack, "summary/summary.html", 100)
    _flip(pack, "pages/pages.jsonl", 10)
    code, out, _ = run(capsys, "evidence", "verify", str(pack), "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert any(p.startswith("summary/summary.html: SHA-256 does not match") for p in problems)
    assert any(p.startswith("pages/pages.jsonl: SHA-256 does not match") for p in problems)
    assert len(problems) == 2


def test_removed_cases_and_coverage_are_in_the_summary(crawled, capsys, tmp_path):
    pack = tmp_path / "pack.wacz"
    build(crawled, capsys, pack, "--court", "63GV0005", "--article", "337")
    html = read(pack, "summary/summary.html").decode()
    hidden_part = html.split("Hidden or removed by the court since")[1].split("<h2")[0]
    assert "1-871/2025" in hidden_part and "removed" in hidden_part
    coverage = html.split("Coverage caveats")[1].split("<h2")[0]
    assert "63GV0005" in coverage and "ok" in coverage
    # The analysis' own figures for the same scope sit beside the pack's count.
    analysis = html.split("The analysis' figures for the same scope")[1].split("<h2")[0]
    received = analysis.split("<td>cases received</td><td>")[1].split("<")[0]
    assert int(received) > 0
    # This store has no official statistics imported: the pack says so, not an empty table.
    official = html.split("Official figures (Judicial Department)")[1].split("<h2")[0]
    assert "<p>none</p>" in official and "import" in official


def test_one_case_by_id(crawled, capsys, tmp_path):
    code, out, _ = run(capsys, "cases", "list", *SCOPE, "--db", crawled.db, "--json")
    assert code == 0
    case_id = json.loads(out)[0]["id"]
    built = build(crawled, capsys, tmp_path / "one.wacz", "--case", str(case_id))
    assert built["cases"] == 1 and built["records"] >= 1


def test_an_empty_scope_is_a_clear_error_and_writes_nothing(crawled, capsys, tmp_path):
    out = tmp_path / "empty.wacz"
    code, _, err = run(
        capsys, "evidence", "build", "--court", "99GV9999", "--db", crawled.db,
        "--archive", str(crawled.archive), "--out", str(out),
    )  # fmt: skip
    assert code == 2
    assert "no cases match court 99GV9999" in err
    assert "Traceback" not in err
    assert not out.exists() and not list(tmp_path.iterdir())
    code, _, err = run(capsys, "evidence", "build", "--db", crawled.db, "--out", str(out))
    assert code == 2 and "--case ID, --court CODE or --article N" in err


def test_verify_of_a_file_that_is_no_pack_is_exit_1_and_a_missing_one_exit_2(capsys, tmp_path):
    junk = tmp_path / "junk.wacz"
    junk.write_bytes(b"not a zip")
    code, out, _ = run(capsys, "evidence", "verify", str(junk))
    assert code == 1 and "not a readable ZIP/WACZ file" in out
    code, _, err = run(capsys, "evidence", "verify", str(tmp_path / "none.wacz"))
    assert code == 2 and "no pack at" in err
