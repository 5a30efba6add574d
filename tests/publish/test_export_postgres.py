"""The same archive read into PostgreSQL exports the same public tables, byte for byte, as
the demo's SQLite store."""

from __future__ import annotations

import pytest

from refusenik.cli import main

# Built from the crawl itself: the tables that `reparse` rebuilds from the archive alone.
# (coverage and crawl_runs also hold what the live crawl recorded about itself.)
CASE_TABLES = (
    "cases",
    "defendants",
    "articles",
    "acts",
    "punishments",
    "events",
    "appeals",
    "flags",
    "history",
    "observations",
)


def cli(*args: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    assert exit_info.value.code in (0, None)


def test_postgres_store_exports_the_same_csv_as_sqlite(
    demo_run, pg_schema, tmp_path, capsys, monkeypatch
):
    from refusenik.privacy import reset_key_cache

    # The demo's pseudonym key: the same names must become the same pseudonyms.
    monkeypatch.setenv("REFUSENIK_HOME", str(demo_run.home))
    reset_key_cache()
    with pg_schema("publish_test") as pg:
        cli(
            "reparse",
            "--archive",
            str(demo_run.folder / "archive"),
            "--db",
            demo_run.db,
            "--into",
            pg,
            "--json",
        )
        cli("export", "--format", "csv", "--out", str(tmp_path / "pg"), "--db", pg, "--json")
    cli("export", "--format", "csv", "--out", str(tmp_path / "lite"), "--db", demo_run.db, "--json")
    capsys.readouterr()
    for name in CASE_TABLES:
        lite = (tmp_path / "lite" / f"{name}.csv").read_bytes()
        assert (tmp_path / "pg" / f"{name}.csv").read_bytes() == lite, name
    assert len((tmp_path / "lite" / "cases.csv").read_text("utf-8-sig").splitlines()) > 20
