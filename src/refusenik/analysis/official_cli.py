"""`refusenik official show`: the imported official figures, each with its source cell.

A reader of the store, so it lives in analysis/ (the import side stays in official/);
the root command joins it to `refusenik official`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer

from refusenik.console import DB_OPTION, LazyConsole, stdout_console, table
from refusenik.errors import UserInputError
from refusenik.official.fact import Fact
from refusenik.official.metrics import ALIASES
from refusenik.store.db import default_url, engine_for

if TYPE_CHECKING:
    from rich.table import Table
    from sqlalchemy import Engine

TABLE_LIMIT = 100

METRICS_HELP = (
    "Metric: an alias ("
    + ", ".join(ALIASES)
    + ") or a dictionary code such as totalConvicted, primaryFineSum; "
    "`refusenik official metrics` lists all."
)


console = LazyConsole(stdout_console)


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


app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich", add_completion=False)
app.command("show")(show_command)
