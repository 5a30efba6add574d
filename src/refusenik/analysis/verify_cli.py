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
    "Examples:  refusenik verify --truth truth.json --crawl crawl.json\n\n"
    "           refusenik verify --truth truth.json --db sqlite:///store.db"
)

app = typer.Typer(help=HELP, add_completion=False, no_args_is_help=True)


@app.command(help=HELP)
def verify(
    truth: Path = typer.Option(
        ..., "--truth", help="Ground truth from `refusenik simulate truth`."
    ),
    crawl_file: Path | None = typer.Option(None, "--crawl", help="The crawl's --out file."),
    db: str | None = typer.Option(
        None, "--db", help="A store a crawl wrote to (--archive --db): verify its last crawl."
    ),
    round: int | None = typer.Option(
        None, "--round", help="Round of the truth to compare (default: the round the crawl saw)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Print each difference; exit 1 when there is one."""
    from refusenik.analysis.verify import Difference, Scope, compare, truth_round

    if (crawl_file is None) == (db is None):
        raise UserInputError("say what to verify: either --crawl FILE or --db URL")
    try:
        truth_data = json.loads(truth.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError(f"--truth {truth}: no such file") from None
    except (OSError, ValueError) as exc:
        raise UserInputError(f"--truth {truth}: not a JSON truth file ({exc})") from None
    diffs: list[Difference]
    if db is not None:
        from refusenik.analysis.verify_store import compare_store, load_stored_crawl
        from refusenik.store.db import engine_for

        stored = load_stored_crawl(engine_for(db))
        wanted = round if round is not None else stored.simulator_round
        diffs = compare_store(stored, truth_round(truth_data, wanted))
        not_covered = stored.not_covered
        observed_count = len(stored.cases)
    else:
        from refusenik.analysis.verify import load_crawl_file

        assert crawl_file is not None
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
        observed_count = len(observed)
    if as_json:
        typer.echo(
            dumps(
                {
                    "differences": [d.__dict__ for d in diffs],
                    "not_covered": not_covered,
                    "compared": observed_count,
                }
            )
        )
    else:
        for d in diffs:
            typer.echo(d.line())
        for code in not_covered:
            typer.echo(f"{code}: not covered by the crawl, not compared")
        typer.echo(f"{len(diffs)} difference(s); {observed_count} case(s) seen")
    if diffs:
        raise typer.Exit(1)
