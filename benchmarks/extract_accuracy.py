"""Accuracy and speed of `refusenik.extract` on the fixture acts or on a labelled corpus.

Prints per-field precision/recall, the exact-match rate of (kind, term_months,
probation_months, fine_rub, regime) per defendant, and texts per second.

    .venv/bin/python benchmarks/extract_accuracy.py [--seconds 3]
    .venv/bin/python benchmarks/extract_accuracy.py --holdout
    .venv/bin/python benchmarks/extract_accuracy.py --corpus DIR [--misses] [--rounds 5]
        [--baseline /tmp/main --baseline-python /tmp/main-venv/bin/python]

A corpus folder holds ``NNN.txt`` passages and one ``GOLD.csv`` with a row per defendant
(file, defendant_no, outcome, final_kind, term_months, probation_months, fine_rub, regime …),
defendants in order of first mention. Rows whose gold kind is ``unknown`` are not scored.
Speed on a corpus is CPU time on texts the process has not seen: each round starts a fresh
process, which reads one text made up for the purpose (loading the dictionaries and
compiling patterns, reported apart as startup), then every corpus text once, each made
distinct by a leading line naming the round, in an order shuffled per round; so no cache
keyed on a text helps, and caches on words start cold. `--baseline TREE` times another
source tree (a checkout of main) in the same rounds, alternating which goes first, and
prints both, paired round by round, with min and median.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import tempfile
import time
from collections import Counter
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
        if page:
            from refusenik.sites import act_plain_text

            src = FIXTURES.parent / "pages" / page
            url = json.loads(src.with_suffix(".json").read_text(encoding="utf-8")).get("url")
            text = act_plain_text(src.read_bytes(), url)  # the page as the CLI reads it
        else:
            text = exp.with_suffix(".txt").read_text(encoding="utf-8")
        cases.append((exp.stem, text, expected))
    return cases


CORPUS_FIELDS = ("kind", "term_months", "probation_months", "fine_rub", "regime")


def _gold_value(field: str, raw: str) -> object:
    raw = raw.strip()
    if not raw:
        return None
    if field in ("term_months", "probation_months", "fine_rub"):
        return round(float(raw))
    return raw


def _predicted(defendant: dict | None) -> dict:
    """The scored fields of one extracted defendant; no punishment reads as kind `none`."""
    if defendant is None:
        return {f: None for f in CORPUS_FIELDS} | {"kind": "missing"}
    p = defendant.get("punishment")
    if not p:
        return {f: None for f in CORPUS_FIELDS} | {"kind": "none"}
    return {f: p.get(f) for f in CORPUS_FIELDS}


def load_corpus(folder: Path) -> list[tuple[str, str, list[dict]]]:
    """(file name, text, gold rows in defendant order) for every passage in GOLD.csv."""
    gold_path = folder / "GOLD.csv"
    if not gold_path.is_file():
        raise SystemExit(f"error: {gold_path} not found: a corpus folder needs GOLD.csv")
    rows: dict[str, list[dict]] = {}
    with gold_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["file"], []).append(row)
    out = []
    for name in sorted(rows):
        text_path = folder / name
        if not text_path.is_file():
            raise SystemExit(f"error: {text_path} is listed in GOLD.csv but missing")
        gold = sorted(rows[name], key=lambda r: int(r["defendant_no"]))
        out.append((name, text_path.read_text(encoding="utf-8"), gold))
    return out


def run_corpus(folder: Path, show_misses: bool) -> None:
    from refusenik.errors import UserInputError
    from refusenik.extract import extract

    cases = load_corpus(folder)
    tp = dict.fromkeys(CORPUS_FIELDS, 0)
    predicted = dict.fromkeys(CORPUS_FIELDS, 0)
    relevant = dict.fromkeys(CORPUS_FIELDS, 0)
    confusion: Counter[tuple[str, str]] = Counter()
    exact = total = extra = 0
    misses: list[str] = []
    for name, text, gold in cases:
        try:
            got = extract(text).to_dict()["defendants"]
        except UserInputError as exc:
            got = []
            misses.append(f"{name}: refused: {exc}")
        extra += max(0, len(got) - len(gold))
        for i, row in enumerate(gold):
            if row["final_kind"] == "unknown":
                continue
            want = {
                f: _gold_value(f, row["final_kind" if f == "kind" else f]) for f in CORPUS_FIELDS
            }
            have = _predicted(got[i] if i < len(got) else None)
            for f in CORPUS_FIELDS:
                wv, gv = want[f], have[f]
                if f == "kind":
                    wv = None if wv == "none" else wv
                    gv = None if gv in ("none", "missing") else gv
                if gv is not None:
                    predicted[f] += 1
                if wv is not None:
                    relevant[f] += 1
                if gv is not None and gv == wv:
                    tp[f] += 1
            confusion[(str(want["kind"]), str(have["kind"]))] += 1
            total += 1
            if all(want[f] == have[f] for f in CORPUS_FIELDS[1:]) and (
                want["kind"] == have["kind"]
            ):
                exact += 1
            else:
                wtxt = " ".join(f"{f}={want[f]}" for f in CORPUS_FIELDS if want[f] is not None)
                htxt = " ".join(f"{f}={have[f]}" for f in CORPUS_FIELDS if have[f] is not None)
                misses.append(f"{name}#{row['defendant_no']}: want {wtxt} | got {htxt}")

    print(f"corpus {folder}: {len(cases)} texts, {total} scored defendants")
    print(f"{'field':<18}{'precision':>10}{'recall':>10}{'support':>9}")
    for f in CORPUS_FIELDS:
        p = tp[f] / predicted[f] if predicted[f] else 1.0
        r = tp[f] / relevant[f] if relevant[f] else 1.0
        print(f"{f:<18}{p:>10.3f}{r:>10.3f}{relevant[f]:>9}")
    print(
        f"exact match ({', '.join(CORPUS_FIELDS)}): {exact / max(1, total):.3f} ({exact}/{total})"
    )
    print(f"defendants extracted beyond the gold rows: {extra}")
    kinds = sorted({w for w, _g in confusion} | {g for _w, g in confusion})
    width = max(len(k) for k in kinds) + 1
    print("kind confusion (rows: gold, columns: extracted)")
    print(" " * width + "".join(f"{k[:9]:>10}" for k in kinds))
    for w in kinds:
        if any(confusion[(w, g)] for g in kinds):
            print(f"{w:<{width}}" + "".join(f"{confusion[(w, g)]:>10}" for g in kinds))
    print(f"misses: {len(misses)}")
    for line in misses if show_misses else misses[:15]:
        print("  " + line)


# A text no corpus holds: the first call loads the dictionaries and compiles the patterns,
# which every process pays once, before any text is timed.
WARM_UP = (
    "Военный суд приговорил рядового Петрова П.П. по ч. 5 ст. 337 УК РФ к 2 годам "
    "лишения свободы в колонии-поселении."
)


def speed_child(folder: Path, round_no: int) -> None:
    """One round in a fresh process: every corpus text once, each made new by a leading
    line naming the round, in an order shuffled per round; prints CPU seconds as JSON."""
    import random

    cpu = time.process_time()
    from refusenik.errors import UserInputError
    from refusenik.extract import extract

    extract(WARM_UP)
    startup = time.process_time() - cpu
    texts = [text for _n, text, _g in load_corpus(folder)]
    order = list(range(len(texts)))
    random.Random(round_no).shuffle(order)
    cpu = time.process_time()
    for i in order:
        try:
            extract(f"Материал {round_no}-{i}.\n{texts[i]}")
        except UserInputError:
            pass
    busy = time.process_time() - cpu
    import refusenik

    print(
        json.dumps(
            {"texts": len(texts), "cpu": busy, "startup": startup, "code": refusenik.__file__}
        )
    )


def _child(python: str, tree: Path | None, folder: Path, round_no: int) -> dict:
    import subprocess

    env = dict(os.environ)
    if tree is not None:  # the other code's package first on the path
        env["PYTHONPATH"] = str(tree / "src")
    cmd = [python, str(Path(__file__).resolve()), "--corpus", str(folder)]
    cmd += ["--speed-child", str(round_no)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"error: speed round failed: {out.stderr.strip()[-500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_speed(folder: Path, rounds: int, baseline: Path | None, baseline_python: str) -> None:
    """Texts per CPU second on unseen texts, each round in a fresh process; with a
    baseline tree, its code runs the same round right beside ours (order alternating)."""
    import statistics
    import sys

    ours: list[float] = []
    base: list[float] = []
    print(f"speed on texts the process has not seen, {rounds} rounds, one fresh process each")
    for r in range(1, rounds + 1):
        runs = [("ours", sys.executable, None)]
        if baseline is not None:
            runs.append(("baseline", baseline_python, baseline))
            if r % 2 == 0:
                runs.reverse()
        line = []
        for label, python, tree in runs:
            got = _child(python, tree, folder, r)
            rate = got["texts"] / got["cpu"]
            (ours if label == "ours" else base).append(rate)
            line.append(f"{label} {rate:6.0f} texts/CPU-s (startup {got['startup']:.2f} s)")
            if r == 1:
                print(f"  {label} code: {Path(got['code']).parent}")
        print(f"  round {r}: " + ", ".join(line))
    print(
        f"ours:     min {min(ours):.0f}, median {statistics.median(ours):.0f} texts per CPU second"
    )
    if base:
        print(
            f"baseline: min {min(base):.0f}, median {statistics.median(base):.0f} texts per "
            f"CPU second; median ratio of paired rounds "
            f"{statistics.median(o / b for o, b in zip(ours, base, strict=True)):.2f}"
        )


def run_holdout() -> None:
    """Exact match of outcome and punishment fields on the held-out set (tests/extract/test_holdout)."""
    from refusenik.extract import extract

    folder = FIXTURES.parent / "acts_holdout"
    rows = hits = 0
    for path in sorted(folder.glob("*.json")):
        want = json.loads(path.read_text(encoding="utf-8"))["defendants"]
        got = extract(path.with_suffix(".txt").read_text(encoding="utf-8")).to_dict()["defendants"]
        for i in range(max(len(want), len(got))):
            w = _holdout_key(want[i] if i < len(want) else None)
            g = _holdout_key(got[i] if i < len(got) else None)
            rows += 1
            hits += w == g
    print(f"held-out exact match (outcome, {', '.join(EXACT)}): {hits / rows:.3f} ({hits}/{rows})")


def _holdout_key(defendant: dict | None) -> tuple | None:
    if defendant is None:
        return None
    punishment = defendant.get("punishment") or {}
    return (defendant.get("outcome"), *(punishment.get(f) for f in EXACT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="How long to time the extractor."
    )
    parser.add_argument("--corpus", type=Path, help="A folder of NNN.txt passages with GOLD.csv.")
    parser.add_argument("--misses", action="store_true", help="List every miss, not the first 15.")
    parser.add_argument(
        "--rounds", type=int, default=5, help="Speed rounds on the corpus, each a fresh process."
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="A source tree (e.g. a checkout of main) whose code is timed beside ours.",
    )
    parser.add_argument(
        "--baseline-python",
        default=None,
        help="The interpreter for the baseline (its own venv); default: this one.",
    )
    parser.add_argument(
        "--holdout", action="store_true", help="Score the held-out set instead of the fixtures."
    )
    parser.add_argument("--speed-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("REFUSENIK_HOME", tempfile.mkdtemp(prefix="refusenik-bench-"))
    if args.corpus is not None:
        if not args.corpus.is_dir():
            raise SystemExit(f"error: --corpus {args.corpus} is not a folder")
        if args.speed_child is not None:
            speed_child(args.corpus, args.speed_child)
            return
        run_corpus(args.corpus, args.misses)
        if args.rounds > 0:
            import sys

            run_speed(
                args.corpus, args.rounds, args.baseline, args.baseline_python or sys.executable
            )
        return
    if args.holdout:
        run_holdout()
        return
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
