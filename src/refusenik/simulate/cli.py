"""`refusenik simulate`: serve a simulated court network, or write its ground truth."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress

from refusenik.errors import UserInputError

console = Console()

SERVE_HELP = (
    "Serve a simulated network of court websites on 127.0.0.1, for demos, tests and crawl "
    "benchmarks.\n\n"
    "The courts are a seeded choice of real garrison military and district courts from the "
    "registry; their pages use the real classic and VNKOD sud_delo markup (windows-1251), filled "
    "from a generated world of refusal cases (ст. 328, 332, 337, 338, 339, 352.1). Reach a court "
    "by Host header (e.g. voen--perm.sudrf.ru) or by path prefix "
    "(http://127.0.0.1:PORT/c/63GV0006/modules.php?...). The world moves in rounds "
    "(GET /_sim/round?set=1); faults come from a profile (none, mild, hostile) and --fault "
    "overrides (reset, server_error, geo_block, throttle, captcha, truncated, wrong_encoding, "
    "slow, db_warning, maintenance); the mild and hostile profiles also limit each client's "
    "request rate per court and refuse tool-like User-Agents.\n\n"
    "Example:  refusenik simulate serve --courts 12 --seed 7 --port 8088 --faults mild "
    "--fault throttle=0.2"
)

TRUTH_HELP = (
    "Write the ground truth of a simulated world, round by round, as JSON.\n\n"
    "The same --seed and --courts give the same world as `refusenik simulate serve`, so a crawl of "
    "the simulator can be checked against this file.\n\n"
    "Example:  refusenik simulate truth --seed 7 --courts 12 --rounds 3 --out truth.json"
)

GROUP_HELP = (
    "A simulated network of court websites: `serve` it, or write its ground `truth`.\n\n"
    "Example:  refusenik simulate serve --courts 8 --faults mild"
)

app = typer.Typer(help=GROUP_HELP, invoke_without_command=True, no_args_is_help=False)


def _check_seed(seed: int) -> int:
    if seed < 0 or seed > 2**63 - 1:
        raise UserInputError(f"--seed must be a non-negative integer below 2**63, got {seed}")
    return seed


def _world(seed: int, courts: int, rounds: int):
    from refusenik.simulate.world import World

    _check_seed(seed)
    if courts < 1:
        raise UserInputError(f"--courts must be at least 1, got {courts}")
    return World.generate(seed, courts, rounds)


_COURTS = typer.Option(8, "--courts", "-n", help="How many courts to simulate.")
_SEED = typer.Option(1, "--seed", "-s", help="World seed: the same seed gives the same world.")
_PORT = typer.Option(8088, "--port", "-p", help="TCP port on 127.0.0.1 (0 picks a free one).")
_FAULTS = typer.Option("none", "--faults", help="Fault profile: none, mild or hostile.")
_FAULT = typer.Option(
    [],
    "--fault",
    help="Override one fault rate, KIND=RATE (repeatable), e.g. server_error=0.1. Faults hit "
    "only the first 6 attempts at a URL, so a patient client always gets through.",
)
_ROUNDS = typer.Option(3, "--rounds", help="How many rounds the world has.")
_ROUND = typer.Option(0, "--round", help="Round to start serving (0-based).")
_SLOW = typer.Option(1.5, "--slow-seconds", help="Delay of a 'slow' fault.")
_RATE = typer.Option(
    None,
    "--rate-limit",
    help="Requests per second each client may send to one court before it gets the throttle "
    "page or HTTP 429 + Retry-After (0 = unlimited; default: the profile's).",
)
_BURST = typer.Option(None, "--burst", help="Requests a client may send at once to one court.")
_CAPTCHA = typer.Option(
    False,
    "--captcha/--no-captcha",
    help="Courts flagged with a captcha demand one for searches: a session answer that expires.",
)


@app.callback()
def group(
    ctx: typer.Context,
    courts: int = _COURTS,
    seed: int = _SEED,
    port: int = _PORT,
    faults: str = _FAULTS,
    fault: list[str] = _FAULT,
    rounds: int = _ROUNDS,
    round_: int = _ROUND,
    slow_seconds: float = _SLOW,
    captcha: bool = _CAPTCHA,
    rate_limit: float | None = _RATE,
    burst: int | None = _BURST,
) -> None:
    """Without a subcommand: help; with serving options only, the old spelling of `serve`."""
    if ctx.invoked_subcommand is not None:
        return
    given = [
        p.name
        for p in ctx.command.params
        if getattr(ctx.get_parameter_source(p.name or ""), "name", "DEFAULT") != "DEFAULT"
    ]
    if not given:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
    Console(stderr=True).print(
        "note: `refusenik simulate [OPTIONS]` is the old spelling of `refusenik simulate serve "
        "[OPTIONS]`",
        highlight=False,
    )
    _serve(
        courts, seed, port, faults, fault, rounds, round_, slow_seconds, captcha, rate_limit, burst
    )


@app.command("serve", help=SERVE_HELP)
def serve(
    courts: int = _COURTS,
    seed: int = _SEED,
    port: int = _PORT,
    faults: str = _FAULTS,
    fault: list[str] = _FAULT,
    rounds: int = _ROUNDS,
    round_: int = _ROUND,
    slow_seconds: float = _SLOW,
    captcha: bool = _CAPTCHA,
    rate_limit: float | None = _RATE,
    burst: int | None = _BURST,
) -> None:
    """Serve the network until Ctrl-C."""
    _serve(
        courts, seed, port, faults, fault, rounds, round_, slow_seconds, captcha, rate_limit, burst
    )


def _serve(
    courts: int,
    seed: int,
    port: int,
    faults: str,
    fault: list[str],
    rounds: int,
    round_: int,
    slow_seconds: float,
    captcha: bool,
    rate_limit: float | None,
    burst: int | None,
) -> None:
    from refusenik.simulate.faults import FAULT_DESCRIPTIONS, captcha_seconds, plan_from
    from refusenik.simulate.server import SimServer

    if not 0 <= port <= 65535:
        raise UserInputError(f"--port must be between 0 and 65535, got {port}")
    plan = plan_from(
        faults,
        fault,
        seed=_check_seed(seed),
        slow_seconds=slow_seconds,
        rate_limit=rate_limit,
        burst=burst,
    )
    world = _world(seed, courts, rounds)
    server = SimServer(
        world,
        plan,
        port=port,
        round=round_,
        enforce_captcha=captcha,
        captcha_seconds=captcha_seconds(faults) if captcha else None,
        profile_name=faults,
    )

    async def main() -> None:
        base = await server.start()
        _print_served(server, base, plan, FAULT_DESCRIPTIONS)
        await server.serve_until_cancelled()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        console.print("stopped.")


def _print_served(server, base: str, plan, descriptions: dict[str, str]) -> None:
    world = server.world
    console.print(f"[bold]Serving {len(world.courts)} simulated courts at[/] {base}")
    console.print(
        f"seed {world.seed}, round {server.site.round} of {world.rounds} "
        f"({world.round_date(server.site.round)}); control: {base}/_sim/state, "
        f"{base}/_sim/round?set=N"
    )
    for c in world.courts:
        console.print(
            f"  {c.code}  {c.template:<7}  {base}/c/{c.code}/  Host: {c.module_host}  {c.name}",
            highlight=False,
            soft_wrap=True,
        )
    if plan.rate_limit > 0:
        console.print(
            f"  rate limit: {plan.rate_limit:g} requests/s per client and court (burst "
            f"{plan.burst}), then the throttle page or HTTP 429 + Retry-After"
        )
    if plan.check_agent:
        console.print("  403 «Данный запрос некорректен» for a missing or tool-like User-Agent")
    if server.site.captchas is not None:
        console.print(
            f"  captcha sessions expire after {server.site.captchas.lifetime:g} s "
            f"(answer for tests: header X-Sim-Captcha-Answer or {base}/_sim/captcha?id=…)"
        )
    active = {k: r for k, r in plan.rates.items() if r > 0}
    if active:
        for k, r in active.items():
            console.print(f"  fault {k}: {r:.3f} — {descriptions[k]}")
    else:
        console.print("no faults")
    console.print("Ctrl-C stops.")


@app.command("truth", help=TRUTH_HELP)
def truth(
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the JSON ('-' for stdout)."),
    courts: int = typer.Option(8, "--courts", "-n", help="How many courts (as for serving)."),
    seed: int = typer.Option(1, "--seed", "-s", help="World seed (as for serving)."),
    rounds: int = typer.Option(3, "--rounds", help="How many rounds to write."),
) -> None:
    """Write the ground truth of the world, round by round."""
    world = _world(seed, courts, rounds)
    result = {"seed": world.seed, "courts": [c.code for c in world.courts], "rounds": []}
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("rounds", total=rounds)
        for r in range(rounds):
            result["rounds"].append(world.truth(r))
            progress.advance(task)
    text = json.dumps(result, ensure_ascii=False, sort_keys=True, indent=1)
    if str(out) == "-":
        typer.echo(text)
        return
    try:
        out.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserInputError(f"cannot write {out}: {exc.strerror or exc}") from None
    n_cases = sum(len(c["cases"]) for c in result["rounds"][-1]["courts"])
    console.print(
        f"wrote {out}: {rounds} rounds, {len(world.courts)} courts, {n_cases} cases in the last round"
    )


def register(root: typer.Typer) -> None:
    """Add `refusenik simulate serve` and `refusenik simulate truth`."""
    root.add_typer(app, name="simulate", help=GROUP_HELP)
