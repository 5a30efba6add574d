"""Import of the bundled official forms: time and peak memory, each run in a fresh process.

Run: .venv/bin/python benchmarks/official_import.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test] [--cli]

Each measurement starts a child process that does one import and reports, through
resource.getrusage(RUSAGE_CHILDREN), the peak resident memory (ru_maxrss) and the CPU
time of that child alone; wall time is measured around it. Measured:
  first import       `import_files` of all bundled forms into a fresh SQLite store
  unchanged import   the same again: every file is hashed and skipped, none parsed
  --cli              `refusenik official import --db …` (whatever path the command uses)
  --pg               the first import into a throw-away PostgreSQL schema
Nothing is asserted; the test suite holds the memory bound.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import sqlalchemy as sa

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
if done.returncode:
    sys.exit(done.stderr)
print(done.stdout.strip().splitlines()[-1])
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""

IMPORT = """
import sys
from refusenik.official.bundled import bundled_files
from refusenik.official.importer import import_files
from refusenik.store import engine_for
results = import_files(bundled_files(), engine_for(sys.argv[1]))
statuses = sorted({r.status for r in results})
print(len(results), "files", sum(r.rows for r in results), "rows", "/".join(statuses))
"""


def measure(label: str, *argv: str) -> None:
    """Run argv in a child and print its wall time, CPU time and peak RSS."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{label} failed: {done.stderr.strip()}")
    summary, figures = done.stdout.strip().splitlines()[-2:]
    wall, cpu, maxrss_kb = figures.split()
    print(
        f"{label:<28} wall {float(wall):6.2f} s  cpu {float(cpu):6.2f} s  "
        f"peak RSS {int(maxrss_kb) / 1024:6.1f} MiB   ({summary})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", help="PostgreSQL URL (a throw-away schema is created in it)")
    parser.add_argument("--cli", action="store_true", help="also time `refusenik official import`")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        measure("sqlite first import", sys.executable, "-c", IMPORT, url)
        measure("sqlite unchanged import", sys.executable, "-c", IMPORT, url)
        if args.cli:
            cli_url = f"sqlite:///{Path(tmp) / 'cli.sqlite'}"
            command = [sys.executable, "-m", "refusenik.cli", "official", "import", "--db"]
            measure("cli first import", *command, cli_url)
            measure("cli unchanged import", *command, cli_url)

    if args.pg:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.pg)
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        pg = sa.engine.make_url(args.pg).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            measure(
                "postgres first import (COPY)",
                sys.executable,
                "-c",
                IMPORT,
                pg.render_as_string(hide_password=False),
            )
        finally:
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
