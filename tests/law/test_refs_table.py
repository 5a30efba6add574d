"""Table-driven check of the reference parser on spellings from real pages, verdict wording and practice."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from refusenik.law import parse_refs

TABLE = Path(__file__).parents[1] / "fixtures" / "law" / "refs.yaml"
ROWS = yaml.safe_load(TABLE.read_text("utf-8"))


def test_table_is_large_and_varied() -> None:
    assert len(ROWS) >= 150
    sources = {row["source"].split(":")[0] for row in ROWS}
    assert {"verdict wording", "requested spellings", "pages", "court practice"} <= sources
    assert sum(1 for row in ROWS if row["source"].startswith("pages")) >= 50
    assert any(not row["refs"] for row in ROWS), (
        "negative cases (no reference) are part of the table"
    )


@pytest.mark.parametrize("row", ROWS, ids=[f"{i:03d}" for i in range(len(ROWS))])
def test_spelling(row: dict) -> None:
    got = [[str(r), r.known] for r in parse_refs(row["text"])]
    assert got == row["refs"], row["text"]
