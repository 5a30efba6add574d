"""`refusenik report`: one self-contained HTML file of the main charts and tables."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from refusenik.console import DB_OPTION, JSON_OPTION, print_json, stderr_console, stdout_console
from refusenik.errors import UserInputError
from refusenik.publish.scope_options import (
    ARTICLE_OPTION,
    COURT_OPTION,
    PART_OPTION,
    SINCE_OPTION,
    UNTIL_OPTION,
)

if TYPE_CHECKING:
    from refusenik.analysis.figures import Scope

HELP = (
    "Write a self-contained HTML report of the main charts and tables (and PNGs).\n\n"
    "It holds: headline numbers, cases received and "
    "persons per month by refusal group with the mobilization and law-change lines, "
    "outcomes, punishment kinds, terms per article part, coverage per court and the official "
    "statistics beside the crawl — each with its source, unit and as-of date, provisional "
    "months marked. plotly.js is inlined: the file opens offline and loads nothing from the "
    "internet. With --png DIR the same charts are written as PNG files (this needs Chromium: "
    "/usr/bin/chromium or $BROWSER_PATH).\n\n"
    "Example:  refusenik report --out report.html --article 337 --since 2022-09-01 --png charts/"
)

app = typer.Typer(help=HELP, add_completion=False, no_args_is_help=True)


def scope_from_options(
    court: str | None,
    article: str | None,
    part: str | None,
    since: str | None,
    until: str | None,
    group: str | None = None,
) -> Scope:
    """The analysis scope the options name; a bad one is a one-line error naming it."""
    from refusenik.analysis.figures import Scope

    given = {"courts": court, "article": article, "part": part, "since": since, "until": until}
    given["group"] = group
    try:
        return Scope.from_query({k: v for k, v in given.items() if v is not None})
    except UserInputError as exc:
        raise UserInputError(f"--{exc}") from None


@app.command(help=HELP)
def report_command(
    out: Path = typer.Option(..., "--out", "-o", help="The HTML file to write, e.g. report.html."),
    db: str | None = DB_OPTION,
    court: str | None = COURT_OPTION,
    article: str | None = ARTICLE_OPTION,
    part: str | None = PART_OPTION,
    since: str | None = SINCE_OPTION,
    until: str | None = UNTIL_OPTION,
    group: str | None = typer.Option(
        None,
        "--group",
        help="Refusal group: evasion, awol, desertion … (see `refusenik law list`).",
    ),
    png: Path | None = typer.Option(
        None, "--png", help="Also write each chart as a PNG file into this folder (needs Chromium)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write the report (and PNGs), then say where."""
    from refusenik.publish.report import write_report
    from refusenik.store import engine_for

    if out.exists() and out.is_dir():
        raise UserInputError(f"--out {out}: is a folder; give the HTML file's name")
    if png is not None and png.exists() and not png.is_dir():
        raise UserInputError(f"--png {png}: is a file, not a folder")
    scope = scope_from_options(court, article, part, since, until, group)
    result = write_report(engine_for(db), scope, out, png_dir=png)
    if as_json:
        print_json(
            {
                "html": str(result.html),
                "sections": result.sections,
                "pngs": [str(p) for p in result.pngs],
                "png_problem": result.png_problem,
            }
        )
    else:
        console = stdout_console()
        console.print(
            f"report: {result.html} ({len(result.sections)} sections, {scope.describe()})"
        )
        if result.pngs:
            console.print(f"charts: {len(result.pngs)} PNG files in {png}")
    if result.png_problem:
        stderr_console().print(f"no PNGs written: {result.png_problem}")
