"""The extractor on a held-out set written independently of its own fixtures.

The extractor's author tuned it on `tests/fixtures/acts/`, so its accuracy there is
optimistic. These 40 texts were written without reading the extractor or those texts;
the floor below is what an honest generalisation check should still clear.
"""

from __future__ import annotations

import json
from pathlib import Path

from refusenik.extract import extract

HOLDOUT = Path(__file__).parent.parent / "fixtures" / "acts_holdout"
EXACT = ("kind", "term_months", "probation_months", "fine_rub", "regime")
FLOOR = 0.90


def _key(defendant: dict | None) -> tuple | None:
    """Outcome plus the five punishment fields that decide an exact match."""
    if defendant is None:
        return None
    punishment = defendant.get("punishment") or {}
    return (defendant.get("outcome"), *(punishment.get(f) for f in EXACT))


def _pairs() -> list[tuple[str, int, tuple | None, tuple | None]]:
    rows = []
    for expected_path in sorted(HOLDOUT.glob("*.json")):
        want = json.loads(expected_path.read_text(encoding="utf-8"))["defendants"]
        text = expected_path.with_suffix(".txt").read_text(encoding="utf-8")
        got = extract(text).to_dict()["defendants"]
        for i in range(max(len(want), len(got))):
            rows.append(
                (
                    expected_path.stem,
                    i,
                    _key(want[i] if i < len(want) else None),
                    _key(got[i] if i < len(got) else None),
                )
            )
    return rows


def test_holdout_set_is_complete():
    names = [p.stem for p in HOLDOUT.glob("*.json")]
    assert sum(n.startswith("hact_") for n in names) == 25
    assert sum(n.startswith("hpress_") for n in names) == 15
    assert all((HOLDOUT / f"{n}.txt").exists() for n in names)


def test_holdout_exact_match_rate_clears_floor():
    rows = _pairs()
    misses = [(name, i, want, got) for name, i, want, got in rows if want != got]
    rate = 1 - len(misses) / len(rows)
    detail = "\n".join(f"{n}[{i}]: want {w} got {g}" for n, i, w, g in misses)
    assert rate >= FLOOR, f"exact match {rate:.3f} < {FLOOR}\n{detail}"
