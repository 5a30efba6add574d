"""`refusenik export`: the public tables as CSV, Excel, Parquet or a Datasette SQLite file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer

from refusenik.console import DB_OPTION, JSON_OPTION, print_json, stdout_console, table
from refusenik.publish.scope_options import (
    ARTICLE_OPTION,
    COURT_OPTION,
    PART_OPTION,
    SINCE_OPTION,
    UNTIL_OPTION,
    read_scope,
)

HELP = (
    "Export the public tables (CSV, xlsx, Parquet, Datasette SQLite) with a data dictionary.\n\n"
    "The tables: cases, defendants (pseudonyms only), articles, acts "
    "(metadata), punishments (with the phrase read, names masked), events, appeals, flags, "
    "history, observations (with archive record ids), coverage per court, official "
    "statistics (with source cells) — as CSV (UTF-8 with BOM, for Excel), xlsx, Parquet or "
    "a SQLite file ready for Datasette (with metadata.json). Every export has a data "
    "dictionary (DICTIONARY.md, dictionary.csv), a README and a manifest (as-of date, "
    "source, licence, rows, SHA-256 of each file). Act texts, names and keys are never "
    "exported.\n\n"
    "Example:  refusenik export --format csv --out export/ --article 337 --since 2022-09-01"
)

app = typer.Typer(help=HELP, add_completion=False, no_args_is_help=True)


@app.command(help=HELP)
def export_command(
    fmt: str = typer.Option(..., "--format", "-f", help="csv, xlsx, parquet or sqlite."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write into (created if needed)."),
    db: str | None = DB_OPTION,
    court: str | None = COURT_OPTION,
    article: str | None = ARTICLE_OPTION,
    part: str | None = PART_OPTION,
    since: str | None = SINCE_OPTION,
    until: str | None = UNTIL_OPTION,
    all_official: bool = typer.Option(
        False,
        "--all-official",
        help="Official figures of every article of the Code (default: 328 and Chapter 33, "
        "or --article).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write the export, then print the rows per table."""
    from refusenik.errors import UserInputError
    from refusenik.publish.export import FORMATS, export
    from refusenik.store import engine_for

    if fmt not in FORMATS:
        raise UserInputError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    scope = dataclasses.replace(
        read_scope(court, article, part, since, until), all_official=all_official
    )
    result = export(engine_for(db), fmt, out, scope)
    if as_json:
        print_json(
            {
                "out": str(result.out),
                "format": result.format,
                "as_of": result.as_of,
                "tables": result.rows,
                "files": [f.name for f in result.files],
            }
        )
        return
    view = table("table", "rows", title=f"{fmt} export in {result.out} — {scope.describe()}")
    for name, count in result.rows.items():
        view.add_row(name, str(count))
    console = stdout_console()
    console.print(view)
    console.print(f"as of {result.as_of or '—'}; data dictionary: {result.out / 'DICTIONARY.md'}")
