"""`refusenik verify`: does what a crawl saw match the simulator's ground truth?"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from refusenik.console import JSON_OPTION, dumps
from refusenik.errors import UserInputError

HELP = (
    "Compare a crawl of the simulator with its ground truth and print every difference "
    "(exit 1 if any).\n\n"
    "Example:  refusenik verify --truth truth.json --crawl crawl.json"
)

app = typer.Typer(help=HELP, add_completion=False, no_args_is_help=True)


@app.command(help=HELP)
def verify(
    truth: Path = typer.Option(
        ..., "--truth", help="Ground truth from `refusenik simulate truth`."
    ),
    crawl_file: Path = typer.Option(..., "--crawl", help="The crawl's --out file."),
    round: int | None = typer.Option(
        None, "--round", help="Round of the truth to compare (default: the round the crawl saw)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Print each difference; exit 1 when there is one."""
    from refusenik.analysis.verify import Scope, compare, truth_round
    from refusenik.crawl.cli import load_crawl_file

    try:
        truth_data = json.loads(truth.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError(f"--truth {truth}: no such file") from None
    except (OSError, ValueError) as exc:
        raise UserInputError(f"--truth {truth}: not a JSON truth file ({exc})") from None
    crawl = load_crawl_file(crawl_file)
    wanted = round if round is not None else crawl.get("simulator_round")
    r = truth_round(truth_data, wanted)
    scope = Scope(
        courts=frozenset(c["court"] for c in crawl["courts"]),
        articles=tuple(crawl["articles"]),
        since=dt.date.fromisoformat(crawl["window"][0]),
        until=dt.date.fromisoformat(crawl["window"][1]),
    )
    not_covered = [c["court"] for c in crawl["courts"] if not c.get("covered", True)]
    observed = {f"{c['court']}:{c['number']}": c for c in crawl["cases"]}
    diffs = compare(observed, r, scope, not_covered)
    if as_json:
        typer.echo(
            dumps(
                {
                    "differences": [d.__dict__ for d in diffs],
                    "not_covered": not_covered,
                    "compared": len(observed),
                }
            )
        )
    else:
        for d in diffs:
            typer.echo(d.line())
        for code in not_covered:
            typer.echo(f"{code}: not covered by the crawl, not compared")
        typer.echo(f"{len(diffs)} difference(s); {len(observed)} case(s) seen")
    if diffs:
        raise typer.Exit(1)
