"""`refusenik official import|metrics`: load the Judicial Department forms into the store.

`official show` reads them back and lives with the other readers, in
`refusenik.analysis.official_cli`; the root command joins the two into one group.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from refusenik.console import (
    DB_OPTION,
    JSON_OPTION,
    LazyConsole,
    print_json,
    stderr_console,
    stdout_console,
    table,
)
from refusenik.official.metrics import ALIASES, describe
from refusenik.store.db import engine_for

if TYPE_CHECKING:
    from rich.progress import Progress


console = LazyConsole(stdout_console)

HELP = (
    "The Judicial Department's official statistics.\n\n"
    "Forms 10.3 (punishments), 10.3.1 (terms and fines) and 10-a (all articles), 2017–2024, "
    "of the Судебный департамент при ВС РФ.\n\n"
    "The raw XLS forms ship with refusenik: `refusenik official import` loads them into the "
    "store, `refusenik official show --article 328 --part 1 --metric convicted` prints the "
    "numbers, each with the file, sheet and cell it came from. Chapter 33 (military "
    "crimes) is `--article ch33`; numbers recovered by arithmetic are marked derived."
)


def _progress() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[current]}"),
        console=stderr_console(),
        transient=True,
    )


def import_command(
    directory: Path | None = typer.Argument(
        None,
        help="Folder (searched recursively) or single .xls/.xls.gz file; default: the bundled forms.",
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Import official forms into the store, file by file, skipping files already imported.

    Example: `refusenik official import` (the bundled 2017–2024 forms) or
    `refusenik official import ~/Downloads/cdep/`. A file whose SHA-256 the store already
    holds is reported "unchanged" and not read again. The run is one transaction: a
    malformed file stops it with an error naming the file and sheet, and nothing of the
    run is kept; what was stored before is untouched.
    """
    from refusenik.official.importer import collect_files, import_files

    files = collect_files(directory)
    engine = engine_for(db)
    with _progress() as progress:
        task = progress.add_task("importing", total=len(files), current="")
        results = import_files(
            files,
            engine,
            on_file=lambda r: progress.update(task, advance=1, current=r.name),
        )
        progress.update(task, completed=len(files))
    grid = table(
        "form",
        "year",
        "file",
        "rows",
        "status",
        title=f"Imported into {engine.url.render_as_string(hide_password=True)}",
    )
    totals: dict[str, int] = defaultdict(int)
    for r in sorted(results, key=lambda r: (r.form, r.year)):
        grid.add_row(r.form, str(r.year), r.name, f"{r.rows:,}", r.status)
        totals[r.status] += 1
    console.print(grid)
    console.print(", ".join(f"{n} {status}" for status, n in sorted(totals.items())))


def metrics_command(as_json: bool = JSON_OPTION) -> None:
    """List metric aliases and the codes they stand for, then every known code.

    Example: `refusenik official metrics`. JSON: {"aliases": {alias: {codes, meaning}},
    "codes": {code: label}}.
    """
    from refusenik.official.columns import header_codes, metric_descriptions
    from refusenik.official.derive import DESCRIPTIONS

    known = {*metric_descriptions(), *header_codes().values(), *DESCRIPTIONS}
    codes = sorted(known - {"name", "clause", "rowNumber"})
    if as_json:
        print_json(
            {
                "aliases": {
                    str(alias): {"codes": list(found), "meaning": meaning}
                    for alias, (found, meaning) in ALIASES.items()
                },
                "codes": {code: describe(code) for code in codes},
            }
        )
        return
    aliases = table("alias", "codes", "meaning", title="Aliases")
    for alias, (found, meaning) in ALIASES.items():
        aliases.add_row(alias, ", ".join(found), meaning)
    console.print(aliases)
    grid = table("code", "label", title="Codes")
    for code in codes:
        grid.add_row(code, describe(code))
    console.print(grid)


app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode="rich", add_completion=False)
app.command("import")(import_command)
app.command("metrics")(metrics_command)


def register(root: typer.Typer) -> None:
    """Add `official …` to an app built by hand, as tests do."""
    root.add_typer(app, name="official")
