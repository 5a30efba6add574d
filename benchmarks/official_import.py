"""Import speed of the bundled official forms: parse, then write to SQLite and PostgreSQL.

Run: .venv/bin/python benchmarks/official_import.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
Prints seconds and rows per second for each phase; nothing is asserted.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from refusenik.official.bundled import bundled_files
from refusenik.official.importer import parse_files, store_parsed
from refusenik.store import engine_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", help="PostgreSQL URL (a throwaway schema is created in it)")
    args = parser.parse_args()

    files = bundled_files()
    start = time.perf_counter()
    parsed = parse_files(files)
    seconds = time.perf_counter() - start
    rows = sum(len(p.facts) for p in parsed)
    print(
        f"parse+derive  {len(files)} files  {rows:,} rows  {seconds:.2f} s  {rows / seconds:,.0f} rows/s"
    )

    with tempfile.TemporaryDirectory() as tmp:
        engine = engine_for(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        start = time.perf_counter()
        store_parsed(parsed, engine)
        seconds = time.perf_counter() - start
        print(f"sqlite write  {rows:,} rows  {seconds:.2f} s  {rows / seconds:,.0f} rows/s")
        start = time.perf_counter()
        store_parsed(parsed, engine)
        print(f"sqlite re-import (unchanged)  {time.perf_counter() - start:.3f} s")

    if args.pg:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.pg)
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = sa.engine.make_url(args.pg).update_query_dict({"options": f"-csearch_path={schema}"})
        engine = engine_for(url.render_as_string(hide_password=False))
        try:
            start = time.perf_counter()
            store_parsed(parsed, engine)
            seconds = time.perf_counter() - start
            print(
                f"postgres write  {rows:,} rows  {seconds:.2f} s  {rows / seconds:,.0f} rows/s (COPY)"
            )
        finally:
            engine.dispose()
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
