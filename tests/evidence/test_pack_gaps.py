"""A record the archive no longer holds is a gap the pack names (summary, gaps.json,
datapackage.json), not a page skipped in silence."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from refusenik.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out, captured.err


def read(pack: Path, name: str) -> bytes:
    with zipfile.ZipFile(pack) as z:
        return z.read(name)


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


SCOPE = ["--court", "63GV0006", "--article", "337"]


def test_a_missing_archive_file_is_listed_as_gaps_not_skipped(crawled, capsys, tmp_path):
    partial = tmp_path / "warc"
    shutil.copytree(crawled.archive, partial)
    files = sorted(partial.glob("*.warc.gz"))
    files[0].unlink()  # the first crawl's file
    pack = tmp_path / "pack.wacz"
    code, out, _ = run(
        capsys, "evidence", "build", *SCOPE, "--db", crawled.db, "--archive", str(partial),
        "--out", str(pack), "--json",
    )  # fmt: skip
    assert code == 0
    built = json.loads(out)
    assert built["gaps"], "the records of the missing file must be named"
    assert all(files[0].name in g["problem"] for g in built["gaps"])
    package = json.loads(read(pack, "datapackage.json"))
    assert package["gaps"] == built["gaps"]
    html = read(pack, "summary/summary.html").decode()
    gaps_part = html.split("Gaps: records we could not put in the pack")[1]
    assert built["gaps"][0]["record_id"].strip("<>") in gaps_part
    code, out, _ = run(capsys, "evidence", "verify", str(pack))
    assert code == 0, out
