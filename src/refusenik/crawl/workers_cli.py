"""`refusenik workers status`, and `refusenik crawl --redis …` (one worker of many)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from refusenik.console import JSON_OPTION, dumps, stdout_console, table
from refusenik.errors import UserInputError

HELP = (
    "Crawl workers sharing one Redis frontier (`crawl --redis`): the frontier per court, "
    "workers alive, pages per worker, parked courts.\n\n"
    "Start workers with `refusenik crawl … --redis redis://HOST:6379 --archive DIR --db URL` "
    "(the same command on every machine), then watch them here.\n\n"
    "Example:  refusenik workers status --redis redis://127.0.0.1:6379"
)
REDIS_HELP = (
    "Redis URL of the shared frontier (default: $REFUSENIK_REDIS or redis://127.0.0.1:6379/0)."
)
PREFIX_HELP = "Key prefix of this crawl in Redis: several crawls can share one Redis."

app = typer.Typer(help=HELP, add_completion=False, no_args_is_help=True)


@app.callback()
def _group() -> None:
    """A group, so that `refusenik workers status` keeps its verb."""


def default_redis() -> str:
    return os.environ.get("REFUSENIK_REDIS", "redis://127.0.0.1:6379/0")


@app.command("status")
def status_command(
    redis_url: str | None = typer.Option(None, "--redis", help=REDIS_HELP),
    prefix: str = typer.Option("refusenik:crawl", "--redis-prefix", help=PREFIX_HELP),
    top: int = typer.Option(
        20, "--top", help="Courts with the most waiting requests to show (0 = all)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """The frontier: requests waiting (in all, per court), requests out and who holds
    them, workers alive (heartbeats), pages per worker, parked courts."""
    import redis

    from refusenik.crawl.frontier import check_prefix, connect
    from refusenik.crawl.workers import frontier_status

    url = redis_url or default_redis()
    client = connect(url)
    try:
        status = frontier_status(client, check_prefix(prefix))
    except redis.exceptions.RedisError as exc:
        raise UserInputError(f"lost Redis at {url} while reading the frontier ({exc})") from None
    if as_json:
        typer.echo(dumps(status))
        return
    out = stdout_console()
    state = "finished" if status["finished"] else "seeded" if status["seeded"] else "not seeded"
    out.print(
        f"frontier {prefix} ({state}, run {status['run_id']}): {status['queued']} requests "
        f"waiting, {status['in_flight']} out, {len(status['workers_alive'])} worker(s) alive"
    )
    t = table("worker", "alive", "pages", "courts out", "heartbeat expires in s")
    for name, pages in status["pages_per_worker"].items():
        beat = status["workers_alive"].get(name)
        t.add_row(
            name,
            "yes" if beat else "no",
            str(pages),
            str(beat.get("courts_out", "")) if beat else "",
            str(beat["expires_in"]) if beat else "",
        )
    out.print(t)
    waiting = list(status["queued_per_court"].items())
    if waiting:
        shown = waiting if top == 0 else waiting[:top]
        w = table("court", "waiting", "out to", title="requests waiting per court")
        for court, n in shown:
            w.add_row(court, str(n), status["in_flight_per_court"].get(court, ""))
        out.print(w)
        if len(shown) < len(waiting):
            out.print(f"… and {len(waiting) - len(shown)} more court(s) (--top 0 for all)")
    if status["parked"]:
        out.print("parked (captcha): " + ", ".join(status["parked"]))


def crawl_as_worker(
    plan: Any,
    state: dict[str, Any] | None,
    *,
    redis_url: str,
    prefix: str,
    worker: str | None,
    lease: float,
    seed_only: bool,
    archive: Path | None,
    db: str | None,
    delay: float,
    contact: str,
    proxy: str | None,
    result_cap: int | None,
    as_json: bool,
    log: Path | None = None,
) -> None:
    """`refusenik crawl --redis …`: run one worker, then print the crawl's per-court table
    (the same on every worker: it is read from Redis)."""
    from refusenik.crawl.frontier import check_prefix, default_worker_id
    from refusenik.crawl.workers import run_worker

    check_prefix(prefix)
    if lease <= 0:
        raise UserInputError(f"--lease must be more than 0 seconds, got {lease}")
    if not seed_only and archive is None:
        raise UserInputError(
            "--redis needs --archive DIR (each worker writes its own WARC files under it) "
            "and --db URL (the store every worker shares)"
        )
    name = worker or default_worker_id()
    if not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise UserInputError(f"--worker {name!r}: use letters, digits and - _ . only")
    outcome = run_worker(
        plan,
        redis_url=redis_url,
        prefix=prefix,
        worker=name,
        db=db,
        archive=archive,
        lease=lease,
        delay=delay,
        contact=contact,
        proxy=proxy,
        result_cap=result_cap,
        seed_only=seed_only,
        log=log,
        note={
            "window": [plan.window.start.isoformat(), plan.window.end.isoformat()],
            "articles": list(plan.articles),
            "simulator_round": state.get("round") if state else None,
        },
    )
    if outcome.stats.stopped:
        raise UserInputError(
            f"worker {name} stopped early: {outcome.stats.stopped}; what it had not finished "
            "goes back to the frontier when its lease expires — run the same command again "
            "once the cause is fixed"
        )
    summary = {
        "worker": name,
        "seeded_here": outcome.seeded_here,
        "wrote_run_end": outcome.finisher,
        "run_id": outcome.run_id,
        "pages_this_worker": outcome.stats.pages,
        "retries_this_worker": outcome.stats.retries,
        "courts": [r.to_dict() | {"covered": r.covered} for r in outcome.reports],
        "errors": sum(r.errors for r in outcome.reports),
        "log": str(outcome.log) if outcome.log else None,
    }
    if as_json:
        typer.echo(dumps(summary))
        return
    out = stdout_console()
    if seed_only:
        out.print(f"frontier {prefix} seeded" + (" by this worker" if outcome.seeded_here else ""))
        return
    from refusenik.crawl.status import errors_line, not_covered, status_table

    t = status_table(
        outcome.reports,
        f"crawl {plan.window} — all workers; this worker ({name}) fetched "
        f"{outcome.stats.pages} pages",
    )
    out.print(t)
    gaps = not_covered(outcome.reports)
    if gaps:
        out.print(gaps)
    errors = errors_line(outcome.reports, f"each worker's crawl log (this one's: {outcome.log})")
    if errors:
        out.print(errors)
