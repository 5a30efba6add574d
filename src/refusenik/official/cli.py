"""`refusenik official …`: import the Judicial Department forms and show their numbers."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from refusenik.console import (
    DB_OPTION,
    JSON_OPTION,
    print_json,
    stderr_console,
    stdout_console,
    table,
)
from refusenik.errors import UserInputError
from refusenik.official.fact import Fact
from refusenik.official.metrics import ALIASES, describe
from refusenik.store.db import default_url, engine_for

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table
    from sqlalchemy import Engine


class _LazyConsole:
    """Made on first use, so `--json` answers never load Rich."""

    def __init__(self, make: Callable[[], Console]) -> None:
        self._make = make
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            self._console = self._make()
        return getattr(self._console, name)


console = _LazyConsole(stdout_console)

TABLE_LIMIT = 100

HELP = (
    "The Judicial Department's official statistics.\n\n"
    "Forms 10.3 (punishments), 10.3.1 (terms and fines) and 10-a (all articles), 2017–2024, "
    "of the Судебный департамент при ВС РФ.\n\n"
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


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:.4f}"


def _figures_table(facts: Iterable[Fact]) -> tuple[Table, list[str]]:
    """Rows as a table, and the formulas of derived rows numbered to match their marks."""
    grid = table("year", "form", "article", "part", "metric", "value", "source", "derived")
    formulas: list[str] = []
    for r in facts:
        if r.derived:
            formulas.append(f"[{len(formulas) + 1}] {r.source}: {r.formula}")
        grid.add_row(
            str(r.year),
            r.form,
            r.article or "",
            r.part or "",
            r.metric,
            _fmt(r.value),
            r.source,
            f"derived [{len(formulas)}]" if r.derived else "",
        )
    return grid, formulas


def _print_figures(facts: Iterable[Fact]) -> None:
    grid, formulas = _figures_table(facts)
    console.print(grid)
    for line in formulas:
        console.print(line)


def _print_summary(engine: Engine) -> None:
    from refusenik.analysis.official import summary

    grid = table("year", "form", "figures", "articles", "derived", title="Official figures")
    for row in summary(engine):
        grid.add_row(
            str(row.year), row.form, f"{row.figures:,}", f"{row.articles:,}", f"{row.derived:,}"
        )
    console.print(grid)
    console.print(
        "Ask for figures with --article, --year, --metric or --form (e.g. "
        "`refusenik official show --article ch33 --metric convicted`), or list rows with --limit N."
    )


def _stream_json_array(facts: Iterable[Fact]) -> None:
    """A JSON array written one object per line as rows arrive, so memory stays flat."""
    write = sys.stdout.write
    write("[")
    for index, fact in enumerate(facts):
        write(",\n" if index else "\n")
        write(json.dumps(fact.as_json(), ensure_ascii=False))
    write("\n]\n")
    sys.stdout.flush()


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
    limit: int | None = typer.Option(
        None,
        "--limit",
        "-n",
        min=0,
        help=f"At most N rows (tables default to {TABLE_LIMIT}; JSON to all; 0 = all).",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print a JSON array, streamed one row per line."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Show imported numbers with their source cell; with no filter, what the store holds.

    Examples: `refusenik official show --article 328 --part 1 --year 2022 --metric convicted`;
    `refusenik official show --article ch33 --metric imprisonment --json`.
    JSON rows have year, form, article, part, metric, value, source ("file.xls!Sheet!C12"),
    derived and formula (for derived rows). A question the forms cannot answer says why:
    since 2021 the forms give Chapter 33 only as a whole, so `--article 337 --year 2023`
    answers with the chapter's 2023 figures.
    """
    from refusenik.analysis.official import (
        Filters,
        check_filters,
        count_facts,
        coverage,
        explain_empty,
        has_figures,
        iter_facts,
    )

    filters = Filters.parse(article=article, part=part, year=year, metric=metric, form=form)
    engine = engine_for(db)
    if not has_figures(engine):
        raise UserInputError(
            f"no official statistics in {db or default_url()}; run `refusenik official import` "
            "(imports the bundled 2017–2024 forms) or `refusenik official import DIR`"
        )
    if filters.empty and limit is None and not as_json:
        _print_summary(engine)
        return
    if limit == 0:
        limit = None
    elif limit is None and not as_json:
        limit = TABLE_LIMIT
    total = count_facts(engine, filters)
    if total == 0:
        # Only an empty answer needs to know what exists: refuse an impossible question
        # (exit 2), or say why nothing matched and what answers it instead.
        cover = coverage(engine)
        check_filters(cover, filters)
        answer = explain_empty(cover, filters)
        # The explanation is the answer in a table view; beside JSON it must not corrupt it.
        if as_json:
            sys.stderr.write(answer.message + "\n")
        else:
            console.print(answer.message)
        if answer.instead is None:
            if as_json:
                typer.echo("[]")
            return
        filters = answer.instead
        total = count_facts(engine, filters)
    facts = iter_facts(engine, filters, limit)
    if as_json:
        _stream_json_array(facts)
        return
    _print_figures(facts)
    if limit is not None and total > limit:
        console.print(
            f"{limit} of {total:,} rows shown; narrow the filters or raise --limit (0 = all)."
        )


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
app.command("show")(show_command)
app.command("metrics")(metrics_command)


def register(root: typer.Typer) -> None:
    """Add `official …` to an app built by hand, as tests do."""
    root.add_typer(app, name="official")
