"""`refusenik reparse`: rebuild the store's cases from the archive, with no network."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import typer

from refusenik.console import DB_OPTION, JSON_OPTION, print_json, stdout_console
from refusenik.errors import UserInputError

HELP = (
    "Rebuild the store's cases from the archive alone, with no network: after a parser fix, "
    "or into a new database.\n\n"
    "Every archived page goes through the same ingest as the live crawl, in the order it was "
    "fetched; the archive and its index are only read."
)

app = typer.Typer(help=HELP, add_completion=False)


def _archive(directory: Path | None, engine: Any) -> Any:
    """The archive (its module is imported only here, so the CLI loads without it)."""
    try:
        archive_module = importlib.import_module("refusenik.archive")
    except ImportError as exc:
        raise UserInputError(f"this refusenik has no archive support ({exc})") from None
    folder = directory or archive_module.default_directory()
    if not folder.exists():
        raise UserInputError(f"no archive at {folder}: the folder does not exist (--archive)")
    if not folder.is_dir():
        raise UserInputError(f"--archive {folder} is a file, not a folder")
    return archive_module.Archive(folder, engine)


@app.command()
def reparse_command(
    archive_dir: Path | None = typer.Option(
        None, "--archive", help="Archive folder (default: the `archive` folder in the data dir)."
    ),
    into: str | None = typer.Option(
        None, "--into", help="Write the cases into this database instead of --db (kept as is)."
    ),
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Read every archived page into the store again."""
    from dataclasses import asdict

    from refusenik.ingest import reparse
    from refusenik.store import engine_for

    source = engine_for(db)
    target = engine_for(into) if into else source
    archive = _archive(archive_dir, source)
    try:
        summary = reparse(target, archive)
    finally:
        archive.close()
    from refusenik.analysis import refresh

    refresh(target)  # the analysis' derived tables, rebuilt from the reparsed store
    if as_json:
        print_json(asdict(summary))
        return
    console = stdout_console()
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.by_kind.items()))
    console.print(f"{summary.captures} archived pages read ({kinds}); {summary.cases} cases")
    console.print(f"{summary.windows_closed} listing windows closed again")
    for alarm in summary.alarms:
        console.print(f"alarm: {alarm}")
