"""`refusenik official …`: import the Judicial Department forms and show their numbers."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from refusenik.console import stdout_console
from refusenik.errors import UserInputError
from refusenik.official.importer import (
    collect_files,
    imported_batches,
    parse_files,
    store_parsed,
)
from refusenik.official.metrics import ALIASES, describe
from refusenik.official.query import article_filter, query, stored_articles
from refusenik.store import default_url, engine_for

console = stdout_console()
err_console = Console(stderr=True)

HELP = (
    "Official statistics of the Judicial Department (Судебный департамент при ВС РФ): "
    "Forms 10.3 (punishments), 10.3.1 (terms and fines) and 10-a (all articles), 2017–2024.\n\n"
    "The raw XLS forms ship with refusenik: `refusenik official import` loads them into the "
    "store, `refusenik official show --article 328 --part 1 --metric convicted` prints the "
    "numbers, each with the file, sheet and cell it came from. Chapter 33 (military "
    "crimes) is `--article ch33`; numbers recovered by arithmetic are marked derived."
)

METRICS_HELP = (
    "Metric: an alias ("
    + ", ".join(ALIASES)
    + ") or a dictionary code such as totalConvicted, primaryFineSum; "
    "`refusenik official metrics` lists all."
)

DB_OPTION = typer.Option(
    None, "--db", help="Database URL (default: $REFUSENIK_DB or the SQLite file in the data dir)."
)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[current]}"),
        console=err_console,
        transient=True,
    )


def import_command(
    directory: Path | None = typer.Argument(
        None,
        help="Folder (searched recursively) or single .xls/.xls.gz file; default: the bundled forms.",
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Import official forms into the store (one transaction; re-importing is a no-op).

    Example: `refusenik official import` (the bundled 2017–2024 forms) or
    `refusenik official import ~/Downloads/cdep/`. A malformed file stops the import with
    an error naming the file and sheet; nothing already in the store is touched.
    """
    files = collect_files(directory)
    engine = engine_for(db)
    with _progress() as progress:
        task = progress.add_task("parsing", total=len(files), current="")

        def parsed(path: Path) -> None:
            progress.update(task, advance=1, current=path.name)

        items = parse_files(files, on_parsed=parsed)
        write = progress.add_task("writing", total=len(items), current="")

        def written(name: str) -> None:
            progress.update(write, advance=1, current=name)

        results = store_parsed(items, engine, on_written=written)
    table = Table(title=f"Imported into {engine.url.render_as_string(hide_password=True)}")
    for column in ("form", "year", "file", "rows", "status"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    totals: dict[str, int] = defaultdict(int)
    for r in sorted(results, key=lambda r: (r.form, r.year)):
        table.add_row(r.form, str(r.year), r.name, f"{r.rows:,}", r.status)
        totals[r.status] += 1
    console.print(table)
    console.print(", ".join(f"{n} {status}" for status, n in sorted(totals.items())))


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:.4f}"


def show_command(
    article: str | None = typer.Option(
        None,
        "--article",
        "-a",
        help="Article: 328, «328 ч.1» (sets the part), or ch33 for Chapter 33.",
    ),
    part: str | None = typer.Option(None, "--part", "-p", help="Part, e.g. 1 (exact match)."),
    year: int | None = typer.Option(None, "--year", "-y", help="Reporting year, e.g. 2022."),
    metric: str | None = typer.Option(None, "--metric", "-m", help=METRICS_HELP),
    form: str | None = typer.Option(None, "--form", "-f", help="10.3, 10.3.1 or 10-a."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON rows instead of a table."),
    db: str | None = DB_OPTION,
) -> None:
    """Show imported numbers with their source cell.

    Examples: `refusenik official show --article 328 --part 1 --year 2022 --metric convicted`;
    `refusenik official show --article ch33 --metric imprisonment --json`.
    JSON rows have year, form, article, part, metric, value, source ("file.xls!Sheet!C12"),
    derived and formula (for derived rows).
    """
    engine = engine_for(db)
    if imported_batches(engine) == 0:
        raise UserInputError(
            f"no official statistics in {db or default_url()}; run `refusenik official import` "
            "(imports the bundled 2017–2024 forms) or `refusenik official import DIR`"
        )
    if article is not None:
        article, part = article_filter(article, part)
        if article not in stored_articles(engine):
            raise UserInputError(
                f"no official figures for article {article!r}: the forms give per-article rows "
                "for ст. 328, for Chapter 33 (ch33) and its articles in 2020, and for the other "
                "articles of the Criminal Code in Form 10-a"
            )
    rows = query(engine, article=article, part=part, year=year, metric=metric, form=form)
    if as_json:
        typer.echo(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return
    if not rows:
        err_console.print("no rows match these filters")
        return
    table = Table()
    for column in ("year", "form", "article", "part", "metric", "value", "source", "derived"):
        table.add_column(column, justify="right" if column == "value" else "left")
    formulas: list[str] = []
    for r in rows:
        if r.derived:
            formulas.append(f"[{len(formulas) + 1}] {r.source}: {r.formula}")
        table.add_row(
            str(r.year),
            r.form,
            r.article or "",
            r.part or "",
            r.metric,
            _fmt(r.value),
            r.source,
            f"derived [{len(formulas)}]" if r.derived else "",
        )
    console.print(table)
    for line in formulas:
        console.print(line, highlight=False, markup=False)


def metrics_command() -> None:
    """List metric aliases and the codes they stand for, then every known code.

    Example: `refusenik official metrics`.
    """
    table = Table(title="Aliases")
    table.add_column("alias")
    table.add_column("codes")
    table.add_column("meaning")
    for alias, (codes, meaning) in ALIASES.items():
        table.add_row(alias, ", ".join(codes), meaning)
    console.print(table)
    from refusenik.official.columns import header_codes, metric_descriptions
    from refusenik.official.derive import DESCRIPTIONS

    codes = sorted(
        ({*metric_descriptions(), *header_codes().values(), *DESCRIPTIONS})
        - {"name", "clause", "rowNumber"}
    )
    table = Table(title="Codes")
    table.add_column("code")
    table.add_column("label")
    for code in codes:
        table.add_row(code, describe(code))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add `refusenik official import|show|metrics`."""
    official = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode="rich")
    official.command("import")(import_command)
    official.command("show")(show_command)
    official.command("metrics")(metrics_command)
    app.add_typer(official, name="official")
