"""Accuracy and speed of `refusenik.extract` on the fixture acts and press releases.

Prints per-field precision/recall, the exact-match rate of (kind, term_months,
probation_months, fine_rub, regime) per defendant, and acts per second in one process.

    .venv/bin/python benchmarks/extract_accuracy.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "acts"
FIELDS = (
    "outcome",
    "dismissal_ground",
    "articles",
    "kind",
    "term_months",
    "term_days",
    "probation_months",
    "fine_rub",
    "hours",
    "regime",
    "art64",
    "art73",
    "additional",
)
EXACT = ("kind", "term_months", "probation_months", "fine_rub", "regime")


def _flat(defendant: dict | None) -> dict:
    if defendant is None:
        return {}
    out = {k: defendant.get(k) for k in ("outcome", "dismissal_ground", "articles")}
    p = defendant.get("punishment") or {}
    for k in FIELDS[3:]:
        out[k] = p.get(k)
    return out


def _empty(value) -> bool:
    return value is None or value == [] or value is False


def load() -> list[tuple[str, str, dict]]:
    cases = []
    for exp in sorted(FIXTURES.glob("*.json")):
        expected = json.loads(exp.read_text(encoding="utf-8"))
        page = expected.get("page")  # real court pages are kept once, in fixtures/pages/
        src = FIXTURES.parent / "pages" / page if page else exp.with_suffix(".txt")
        cases.append((exp.stem, src.read_text(encoding="utf-8"), expected))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="How long to time the extractor."
    )
    args = parser.parse_args()
    os.environ.setdefault("REFUSENIK_HOME", tempfile.mkdtemp(prefix="refusenik-bench-"))
    from refusenik.extract import extract

    cases = load()
    tp = dict.fromkeys(FIELDS, 0)
    predicted = dict.fromkeys(FIELDS, 0)
    relevant = dict.fromkeys(FIELDS, 0)
    exact = total = 0
    misses = []
    for name, text, expected in cases:
        got = extract(text).to_dict()["defendants"]
        want = expected["defendants"]
        for i in range(max(len(got), len(want))):
            g = _flat(got[i] if i < len(got) else None)
            w = _flat(want[i] if i < len(want) else None)
            for f in FIELDS:
                gv, wv = g.get(f), w.get(f)
                if not _empty(gv):
                    predicted[f] += 1
                if not _empty(wv):
                    relevant[f] += 1
                if not _empty(gv) and gv == wv:
                    tp[f] += 1
            total += 1
            if i < len(got) and i < len(want) and all(g.get(f) == w.get(f) for f in EXACT):
                exact += 1
            else:
                misses.append(name)

    print(f"fixtures: {len(cases)} texts, {total} defendants")
    print(f"{'field':<18}{'precision':>10}{'recall':>10}{'support':>9}")
    for f in FIELDS:
        p = tp[f] / predicted[f] if predicted[f] else 1.0
        r = tp[f] / relevant[f] if relevant[f] else 1.0
        print(f"{f:<18}{p:>10.3f}{r:>10.3f}{relevant[f]:>9}")
    print(
        f"exact match (kind, term_months, probation_months, fine_rub, regime): {exact / total:.3f} ({exact}/{total})"
    )
    if misses:
        print("  mismatched:", ", ".join(sorted(set(misses))))

    texts = [text for _n, text, _e in cases]
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for text in texts:
            extract(text)
        done += len(texts)
    elapsed = time.perf_counter() - start
    print(f"speed: {done / elapsed:.0f} acts/s ({done} acts in {elapsed:.2f} s, one process)")
    short = [t for t in texts if len(t) < 5000]
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds / 2:
        for text in short:
            extract(text)
        done += len(short)
    elapsed = time.perf_counter() - start
    print(f"speed, operative parts and press releases only: {done / elapsed:.0f} acts/s")


if __name__ == "__main__":
    main()
