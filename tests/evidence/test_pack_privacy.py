"""A default pack holds no defendant's name (every file unzipped, every WARC gunzipped,
searched for every form the simulator prints); the originals are opt-in and warned about."""

from __future__ import annotations

import gzip
import json
import re
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


def _all_text(pack: Path) -> str:
    """Every file of the pack as text, WARCs decompressed."""
    parts = []
    with zipfile.ZipFile(pack) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            for encoding in ("utf-8", "windows-1251"):
                parts.append(data.decode(encoding, errors="ignore"))
    return "\n".join(parts)


_WORD = re.compile(r"[А-ЯЁ][А-ЯЁа-яё]+")


def names_in(text: str, names: set[str]) -> set[str]:
    """The names found in `text`: each capitalised word that opens a name is checked
    against the names it opens (one pass over the text, however many names)."""
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name.split()[0], []).append(name)
    found: set[str] = set()
    for m in _WORD.finditer(text):
        for name in by_first.get(m.group(0), ()):
            if text.startswith(name, m.start()):
                found.add(name)
    return found


def test_no_defendant_name_is_in_a_default_pack_and_originals_are_opt_in(
    crawled, capsys, tmp_path, defendant_names
):
    pack = tmp_path / "pack.wacz"
    build(crawled, capsys, pack, "--article", "337")
    text = _all_text(pack)
    assert names_in(text, defendant_names) == set()
    # The originals hold the names: the search above can find them, and the user is warned.
    with_names = tmp_path / "originals.wacz"
    code, _, err = run(
        capsys, "evidence", "build", "--article", "337", "--db", crawled.db,
        "--archive", str(crawled.archive), "--out", str(with_names), "--include-originals",
    )  # fmt: skip
    assert code == 0
    assert "contain defendants' names" in " ".join(err.split())
    assert names_in(_all_text(with_names), defendant_names)
    code, out, _ = run(capsys, "evidence", "verify", str(with_names))
    assert code == 0, out
