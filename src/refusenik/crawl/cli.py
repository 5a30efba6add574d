"""`refusenik crawl`: ask the court sites for the refusal cases of a date window, politely."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typer

from refusenik.console import DB_OPTION, JSON_OPTION, dumps, stderr_console, stdout_console
from refusenik.errors import UserInputError

HELP = (
    "Crawl court websites for refusal cases: listings, case cards and acts, one request at a "
    "time per court, with a per-court status at the end.\n\n"
    "An error inside refusenik while reading a page is counted in its court's row (errors) and written with its traceback "
    "to the crawl log ($REFUSENIK_HOME/logs/crawl.log, or --log FILE); the crawl goes on.\n\n"
    "Example:  refusenik crawl --courts garrison_military --articles 337,338 --since 2022-09-01"
)

app = typer.Typer(help=HELP, add_completion=False, no_args_is_help=True)


def _plan(
    courts: str,
    articles: str | None,
    since: str,
    until: str | None,
    cartotekas: str | None,
    simulated: str | None,
) -> tuple[Any, dict[str, Any] | None]:
    from refusenik.crawl import plan as P

    arts = P.parse_articles(articles)
    window = P.parse_window(since, until, dt.date.today())
    carts = P.parse_cartotekas(cartotekas)
    if simulated:
        state = P.fetch_simulator_state(simulated)
        return P.plan_from_simulator(simulated, state, courts, arts, window, carts), state
    return P.plan_from_registry(courts, arts, window, carts), None


def _live_view(stats: Any, reports: dict[str, Any], total: int) -> Any:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    parked = sum(1 for r in reports.values() if r.parked)
    grid.add_row(
        f"courts {sum(1 for r in reports.values() if r.pages)}/{total}",
        f"pages {stats.pages}",
        f"cases {stats.cases}",
        f"windows {stats.windows}",
        f"retries {stats.retries}",
        f"parked {parked}",
        f"unread {stats.errors}",
    )
    return grid


@app.command(help=HELP)
def crawl(
    courts: str = typer.Option(
        ...,
        "--courts",
        help="Court codes, hosts, kinds, regions or military districts, comma-separated (or 'all' for a simulator).",
    ),
    since: str = typer.Option(
        ..., "--since", help="First day of the window (YYYY-MM-DD), by date received."
    ),
    until: str | None = typer.Option(
        None, "--until", help="Last day of the window (default: today)."
    ),
    articles: str | None = typer.Option(
        None,
        "--articles",
        help="Articles, comma-separated (default: 328,332,333,334,337,338,339,352.1).",
    ),
    cartotekas: str | None = typer.Option(
        None, "--cartotekas", help="Cartotekas (default criminal_1; also criminal_2, criminal_kas)."
    ),
    simulated: str | None = typer.Option(
        None,
        "--simulated",
        help="Crawl the simulator at this URL (e.g. http://127.0.0.1:8088) instead of the real sites.",
    ),
    delay: float = typer.Option(
        1.0, "--delay", help="Least seconds between two requests to one court."
    ),
    contact: str = typer.Option(
        "https://github.com/refusenik/refusenik",
        "--contact",
        help="Contact named in the User-Agent.",
    ),
    proxy: str | None = typer.Option(None, "--proxy", help="HTTP proxy URL for every request."),
    result_cap: int | None = typer.Option(
        None,
        "--result-cap",
        help="Split a window whose result count reaches this many (default: when the site shows fewer rows than it counted).",
    ),
    previous: Path | None = typer.Option(
        None,
        "--previous",
        help="An earlier crawl's --out file: ask again only for cards whose listing row changed or whose case is not final. With --archive and --db the store is the earlier crawl already (and a run of the same crawl killed midway is continued, its cards not asked again).",
    ),
    archive: Path | None = typer.Option(
        None,
        "--archive",
        help="Write every response, as fetched and before it is read, to WARC files in this folder, then read it into the store (--db): cases, their history, each court's status. Without --out and --previous a second process does this while the crawl reads on.",
    ),
    db: str | None = DB_OPTION,
    out: Path | None = typer.Option(
        None,
        "--out",
        help="Write the cases seen and the per-court status to this JSON file. Cases are journalled to OUT.partial as they are read, so the same command after a crash asks again only for what changed.",
    ),
    as_json: bool = JSON_OPTION,
    redis_url: str | None = typer.Option(
        None,
        "--redis",
        help="Crawl as one of several workers sharing the frontier and duplicate filter in this Redis (e.g. redis://127.0.0.1:6379/0): start the same command on any number of machines; needs --archive (each worker writes ARCHIVE/<worker>) and --db (one shared store, PostgreSQL). See `refusenik workers status`.",
    ),
    redis_prefix: str = typer.Option(
        "refusenik:crawl", "--redis-prefix", help="With --redis: this crawl's key prefix in Redis."
    ),
    worker: str | None = typer.Option(
        None,
        "--worker",
        help="With --redis: this worker's name (default: host name and process id).",
    ),
    lease: float = typer.Option(
        30.0,
        "--lease",
        help="With --redis: seconds before a silent worker's courts and requests go back to the others.",
    ),
    seed_only: bool = typer.Option(
        False,
        "--seed-only",
        help="With --redis: queue the plan's searches (once for all workers) and exit without crawling.",
    ),
    log: Path | None = typer.Option(
        None,
        "--log",
        help="The crawl log: an error inside refusenik while reading a page is written here with its traceback (URLs without name parameters, names masked), and the page counted unread in its court's row (column 'errors'). Appended to; created at the first error. Default: $REFUSENIK_HOME/logs/crawl.log.",
    ),
) -> None:
    """Crawl, then print the per-court table."""
    if delay < 0:
        raise UserInputError(f"--delay must be zero or more seconds, got {delay}")
    if result_cap is not None and result_cap < 1:
        raise UserInputError(f"--result-cap must be at least 1, got {result_cap}")
    if out is not None and out.parent and not out.parent.exists():
        raise UserInputError(f"--out {out}: folder {out.parent} does not exist")
    if redis_url is None and seed_only:
        raise UserInputError("--seed-only works with --redis URL (the frontier to seed)")
    if redis_url is not None and (out is not None or previous is not None):
        raise UserInputError(
            "--out and --previous are for a crawl in one process; with --redis the cases go "
            "to the store (--db)"
        )
    from refusenik.crawl.log import check as check_log

    check_log(log)  # before any request: a log that cannot be written is refused now
    plan, state = _plan(courts, articles, since, until, cartotekas, simulated)
    if not plan.courts:
        raise UserInputError(f"--courts {courts!r}: no court on a template the crawler reads")
    if redis_url is not None:
        from refusenik.crawl.workers_cli import crawl_as_worker

        crawl_as_worker(
            plan,
            state,
            redis_url=redis_url,
            prefix=redis_prefix,
            worker=worker,
            lease=lease,
            seed_only=seed_only,
            archive=archive,
            db=db,
            delay=delay,
            contact=contact,
            proxy=proxy,
            result_cap=result_cap,
            as_json=as_json,
            log=log,
        )
        return

    from refusenik.crawl.run import run_crawl
    from refusenik.crawl.sink import MemorySink

    sink: MemorySink
    if archive is not None:
        from refusenik.archive import Archive
        from refusenik.crawl.archiving import StoreSink
        from refusenik.ingest import interrupted_since, start_run
        from refusenik.store.db import engine_for

        engine = engine_for(db)
        note = json.dumps(
            {
                "window": [plan.window.start.isoformat(), plan.window.end.isoformat()],
                "articles": list(plan.articles),
                "simulator_round": state.get("round") if state else None,
            }
        )
        # The store is the earlier crawl; a run of this crawl killed midway is continued.
        resumed = interrupted_since(engine, note)
        if out is None and previous is None:
            # Archive and store in a second process: the crawl reads pages on one core
            # while the other keeps them (`crawl.store_process`).
            from refusenik.crawl.store_process import StoreProcessSink, StoreSpec

            probe = Archive(archive, engine)  # refused now if corrupt or unwritable
            busy = not probe.writable
            probe.close()
            if busy:
                raise UserInputError(
                    f"the archive {archive} is being written by another refusenik process; "
                    "wait for it to finish"
                )
            run_id = start_run(engine, dt.datetime.now(dt.UTC), note=note)
            spec = StoreSpec(_url_of(engine), archive, run_id, resumed)
            sink = StoreProcessSink(keep_digests=False, engine=engine, run_id=run_id, spec=spec)
        else:
            sink = StoreSink(
                keep_digests=False,
                archive=Archive(archive, engine),
                engine=engine,
                run_id=start_run(engine, dt.datetime.now(dt.UTC), note=note),
                fresh_since=resumed,
                batch_writes=True,
                # the store holds every case: whole ones in memory only for an --out file
                keep_cases=out is not None,
            )
    else:
        sink = MemorySink(keep_digests=False)
    if previous is not None:
        from refusenik.analysis.verify import load_crawl_file

        sink.load_previous(load_crawl_file(previous)["cases"])
    journal_path = out.with_name(out.name + ".partial") if out is not None else None
    if journal_path is not None and journal_path.exists():
        # An interrupted run of this crawl: what it read stands, unless its row changed.
        sink.load_previous(_journal_cases(journal_path))
    if journal_path is not None:
        sink.journal = journal_path.open("a", encoding="utf-8")
    err = stderr_console()
    live: Any = None

    def started(stats: Any, reports: dict[str, Any]) -> None:
        nonlocal live
        if not err.is_terminal or as_json:
            return
        from rich.live import Live

        live = Live(
            get_renderable=lambda: _live_view(stats, reports, len(plan.courts)),
            console=err,
            refresh_per_second=4,
            transient=True,
        )
        live.start()

    try:
        outcome = run_crawl(
            plan,
            sink,
            delay=delay,
            contact=contact,
            proxy=proxy,
            result_cap=result_cap,
            on_start=started,
            log=log,
        )
    finally:
        if live is not None:
            live.stop()
        close = getattr(sink, "close", None)
        if close is not None:
            close()  # the archive's file, and the store's last batch
    _record_run(sink, outcome)
    summary = {
        "window": [plan.window.start.isoformat(), plan.window.end.isoformat()],
        "articles": list(plan.articles),
        "simulator_round": state.get("round") if state else None,
        "pages": outcome.stats.pages,
        "retries": outcome.stats.retries,
        "cards": outcome.stats.cards,
        "new_cases": outcome.stats.new_cases,
        "changed_cases": outcome.stats.changed_cases,
        "unchanged_cases": outcome.stats.unchanged_cases,
        "cards_read_again": outcome.stats.rechecks,
        "requests_per_new_or_changed_case": (
            round(outcome.stats.pages / (outcome.stats.new_cases + outcome.stats.changed_cases), 2)
            if outcome.stats.new_cases + outcome.stats.changed_cases
            else None
        ),
        "courts": [r.to_dict() | {"covered": r.covered} for r in outcome.reports],
        "errors": sum(r.errors for r in outcome.reports),
        "log": str(outcome.log) if outcome.log else None,
        "skipped": list(plan.skipped),
        "cases": sorted(sink.cases.values(), key=lambda c: (c["court"], str(c["number"]))),
    }
    if out is not None:
        out.write_text(dumps(summary), encoding="utf-8")
    if journal_path is not None and sink.journal is not None:
        sink.journal.close()
        if not outcome.stats.stopped:
            journal_path.unlink(missing_ok=True)
    if outcome.stats.stopped:
        where = f" (crawl log: {outcome.log})" if outcome.log and outcome.stats.page_errors else ""
        raise UserInputError(f"the crawl stopped early: {outcome.stats.stopped}{where}")
    if as_json:
        typer.echo(dumps({k: v for k, v in summary.items() if k != "cases"}))
        return
    from refusenik.crawl.status import errors_line, not_covered, status_table

    t = status_table(
        outcome.reports,
        f"crawl {plan.window} — {outcome.stats.pages} pages, {sink.case_count()} cases",
    )
    stdout_console().print(t)
    if previous is not None or archive is not None:
        stdout_console().print(
            f"incremental: {outcome.stats.new_cases} new, {outcome.stats.changed_cases} changed or "
            f"not final, {outcome.stats.unchanged_cases} unchanged (card not asked); "
            f"{summary['requests_per_new_or_changed_case']} requests per new or changed case"
        )
    gaps = not_covered(outcome.reports)
    if gaps:
        stdout_console().print(gaps)
    errors = errors_line(outcome.reports, outcome.log)
    if errors:
        stdout_console().print(errors)


def _url_of(engine: Any) -> str:
    """The engine's URL with its password, for the store's process to connect with."""
    return str(engine.url.render_as_string(hide_password=False))


def _record_run(sink: Any, outcome: Any) -> None:
    """Each court's status of this run, and the run's end, in the store (when there is one)."""
    engine, run_id = getattr(sink, "engine", None), getattr(sink, "run_id", None)
    if engine is None or run_id is None:
        return
    from refusenik.crawl.run import close_run

    close_run(engine, run_id, outcome.reports, finished=not outcome.stats.stopped)


def _journal_cases(path: Path) -> list[dict[str, Any]]:
    """The cases an interrupted crawl had read (a line cut by the kill is skipped)."""
    cases = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            cases.append(json.loads(line))
        except ValueError:
            continue
    return cases
