"""`refusenik demo`: crawl a simulated court network, report on it, serve the dashboard."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer

from refusenik.console import (
    JSON_OPTION,
    option_day,
    print_json,
    stderr_console,
    stdout_console,
    table,
)

HELP = (
    "Crawl a simulated court network into a fresh store, report on it, serve the dashboard.\n\n"
    "The whole pipeline on this machine with no network, in under three minutes: serve a "
    "simulated network of court websites on 127.0.0.1, crawl it (live display) into a fresh "
    "SQLite store and WARC archive in a demo folder, import the bundled official statistics, "
    "print a summary (cases, decisions and persons by refusal group; punishment kinds; "
    "coverage), write report.html, and serve the dashboard until Ctrl-C.\n\n"
    "The demo folder (default: demo/ in the data folder) is reused by the next run without "
    "crawling again; --fresh replaces it (only the files the demo wrote). A folder holding "
    "a store the demo did not make is never touched.\n\n"
    "Example:  refusenik demo            (then open the URL it prints)\n"
    "          refusenik demo --no-serve --dir /tmp/demo --fresh"
)

app = typer.Typer(help=HELP, add_completion=False, no_args_is_help=False)


def _print_summary(numbers: dict[str, Any], marker: dict[str, Any], report: Path) -> None:
    console = stdout_console()
    console.print(
        f"crawled {len(marker['court_codes'])} simulated courts ({', '.join(marker['court_codes'])}; "
        f"seed {marker['seed']}), window {marker['window'][0]} – {marker['window'][1]}, "
        f"articles {', '.join(marker['articles'])}: {marker['pages']} pages, "
        f"{marker['cases']} cases in {marker['crawl_seconds']} s (at {marker['crawled']})"
    )
    groups = table(
        "group",
        "cases received",
        "cases decided",
        "persons",
        "persons sentenced",
        title="By refusal group (a case counts under its principal article)",
    )
    for g in numbers["groups"]:
        groups.add_row(
            g["group"],
            str(g["cases_received"]),
            str(g["decisions"]),
            str(g["persons"]),
            str(g["persons_sentenced"]),
        )
    console.print(groups)
    kinds = table("punishment", "persons", "share", title="Punishments of persons sentenced")
    for k in numbers["sentence_kinds"]:
        share = "" if k["share"] is None else f"{k['share']:.0%}"
        kinds.add_row(str(k["kind"]), str(k["persons"]), share)
    console.print(kinds)
    cover = table(
        "court", "status", "cases", "hidden", "removed", "pages refused", title="Coverage"
    )
    for c in numbers["coverage"]:
        cover.add_row(
            c["court"],
            c["status"],
            str(c["cases"]),
            str(c["hidden"]),
            str(c["removed"]),
            str(c["pages_refused"]),
        )
    console.print(cover)
    console.print(f"report: {report}")


@app.command(help=HELP)
def demo_command(
    folder: Path | None = typer.Option(
        None, "--dir", help="Demo folder (default: demo/ in the data folder)."
    ),
    fresh: bool = typer.Option(
        False, "--fresh", help="Replace an earlier demo in the folder (only the demo's own files)."
    ),
    courts: int = typer.Option(
        3,
        "--courts",
        min=1,
        max=20,
        help="How many simulated courts to crawl (3 fits in under 3 minutes).",
    ),
    seed: int = typer.Option(1, "--seed", min=0, help="World seed: the same seed, the same world."),
    since: str = typer.Option(
        "2022-01-01", "--since", help="First day of the crawl window (cases received from then)."
    ),
    until: str | None = typer.Option(
        None, "--until", help="Last day of the crawl window (default: today)."
    ),
    delay: float = typer.Option(
        0.0, "--delay", min=0.0, help="Least seconds between two requests to one simulated court."
    ),
    official: Path | None = typer.Option(
        None,
        "--official",
        help="Import the official forms under this folder instead of the bundled 2017–2024 ones.",
    ),
    serve: bool = typer.Option(
        True, "--serve/--no-serve", help="Serve the dashboard after the report (until Ctrl-C)."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address the dashboard listens on."),
    port: int = typer.Option(8000, "--port", help="Port the dashboard listens on."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Crawl, import, summarise, report, serve."""

    from refusenik.publish import demo as D

    option_day("--since", since)
    option_day("--until", until)
    started = time.monotonic()
    world = D.DemoWorld(seed=seed, courts=courts, since=since, until=until, delay=delay)
    where = (folder or D.default_dir()).expanduser().resolve()
    earlier = D.prepare(where, world, fresh=fresh)
    db_url = f"sqlite:///{where / D.STORE}"
    err = stderr_console()
    if earlier is not None:
        marker = earlier
        err.print(
            f"reusing the demo crawled at {marker['crawled']} in {where} (--fresh crawls again)"
        )
    else:
        D.write_marker(where, {**asdict(world), "crawled": None})
        err.print(f"crawling {courts} simulated courts (seed {seed}) from {since} into {where} …")
        marker = D.crawl(where, world, db_url, quiet_stdout=as_json)
        D.write_marker(where, marker)
    err.print(f"importing the official statistics ({official or 'bundled 2017–2024 forms'}) …")
    D.import_official(db_url, official)
    numbers = D.summary(db_url)

    from refusenik.analysis.figures import Scope
    from refusenik.publish.report import write_report
    from refusenik.store import engine_for

    report = write_report(engine_for(db_url), Scope(), where / D.REPORT).html
    seconds = round(time.monotonic() - started, 1)
    if as_json:
        print_json(
            {
                "dir": str(where),
                "db": db_url,
                "report": str(report),
                "crawl": marker,
                "seconds": seconds,
                **numbers,
            }
        )
    else:
        _print_summary(numbers, marker, report)
        stdout_console().print(f"demo ready in {seconds} s; store: {db_url}")
    if not serve:
        return
    # Imported by name: the dashboard is its own stage, loaded only when served.
    from refusenik.web import serve as serve_web

    stdout_console().print(f"dashboard: http://{host}:{port}/  (Ctrl-C stops)")
    serve_web(db_url, host, port, where / D.ARCHIVE)
