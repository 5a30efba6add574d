"""CPU time of `refusenik` commands, paired round by round against a bare `python -c pass`.

Each round runs the bare interpreter and then every command once, each in a fresh child
process, and takes the CPU time (user + system) of that child from the change in
`resource.getrusage(RUSAGE_CHILDREN)`. Pairing within a round keeps a busy machine from
favouring one side. Printed per command: min and median CPU time, and min and median of
the time above the bare interpreter of the same round (what refusenik itself costs).

Targets (above bare Python): `--help` ≤ 150 ms, `official show …` ≤ 400 ms,
`text extract FILE` ≤ 500 ms.

The `official show` command needs figures in a store: by default two bundled forms are
imported into a temporary SQLite file before the clock starts; `--db URL` uses yours.

Run: `.venv/bin/python benchmarks/cli_startup.py [--rounds N] [--db URL]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACT = ROOT / "tests" / "fixtures" / "acts" / "act_01_imprisonment_words_digits.txt"
SHOW = ("--article", "ch33", "--year", "2022", "--metric", "convicted", "--json")
TARGETS_MS = {"--help": 150.0, "official show": 400.0, "text extract": 500.0}


def child_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """CPU seconds one child process took; a failing command stops the benchmark."""
    before = child_cpu_seconds()
    done = subprocess.run(argv, env=env, capture_output=True)
    spent = child_cpu_seconds() - before
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-400:]!r}")
    return spent


def prepare_store(directory: Path, env: dict[str, str]) -> str:
    """A SQLite store holding two bundled forms, so `official show` has figures to read."""
    from refusenik.official.bundled import XLS_DIR

    forms = directory / "forms"
    forms.mkdir()
    for name in ("10.3-2022.xls.gz", "10a-2022.xls.gz"):
        shutil.copy(XLS_DIR / name, forms)
    url = f"sqlite:///{directory / 'bench.sqlite'}"
    run_once(
        [sys.executable, "-m", "refusenik", "official", "import", str(forms), "--db", url], env
    )
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--db", help="store with official figures (default: a temporary one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {**os.environ, "REFUSENIK_HOME": str(home / "home")}
        url = args.db or prepare_store(home, env)
        python = [sys.executable]
        commands = {
            "--help": [*python, "-m", "refusenik", "--help"],
            "official show": [*python, "-m", "refusenik", "official", "show", "--db", url, *SHOW],
            "text extract": [*python, "-m", "refusenik", "text", "extract", str(ACT)],
        }
        bare = [*python, "-c", "pass"]
        for argv in commands.values():  # warm the file cache and write the pseudonym key
            run_once(argv, env)
        base: list[float] = []
        spent: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            base_round = run_once(bare, env)
            base.append(base_round)
            for name, argv in commands.items():
                spent[name].append(run_once(argv, env))

    print(f"{args.rounds} rounds, CPU time (user + system) of each child process, ms")
    print(f"{'command':<16}{'min':>8}{'median':>8}{'above python min':>18}{'median':>8}  target")
    ms = 1000.0
    print(f"{'python -c pass':<16}{min(base) * ms:8.0f}{statistics.median(base) * ms:8.0f}")
    failed = False
    for name, times in spent.items():
        above = [t - b for t, b in zip(times, base, strict=True)]
        median_above = statistics.median(above) * ms
        target = TARGETS_MS[name]
        verdict = "ok" if median_above <= target else "MISSED"
        failed |= verdict != "ok"
        print(
            f"{name:<16}{min(times) * ms:8.0f}{statistics.median(times) * ms:8.0f}"
            f"{min(above) * ms:18.0f}{median_above:8.0f}  ≤ {target:.0f} {verdict}"
        )
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
