"""The `refusenik` command: one command group per stage of the pipeline.

Commands read as `refusenik NOUN VERB`: `law refs`, `page parse`, `text extract`,
`official show` … A stage registers itself in one way only: its `<stage>/cli.py` holds a
Typer `app`, and `STAGES` below names the module and the line `--help` shows for it. The
module is imported only when its command runs, so `refusenik --help` or `refusenik law show`
never load the database layer or the page parsers.

Bad input everywhere ends the same way: `UserInputError` becomes a one-line message and
exit code 2; Ctrl-C prints "interrupted" and exits 130.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

from refusenik import __version__
from refusenik.errors import UserInputError

HELP = (
    "refusenik monitors the prosecution of people who refuse to fight in Russia's war "
    "(УК РФ ст. 328, 332, 337, 338, 339, 352.1).\n\n"
    "It crawls court websites politely (or its simulated court network), keeps every page "
    "in WARC files before parsing it, reads pages and act texts into cases, outcomes and "
    "punishments (names become keyed pseudonyms), follows each case's history, imports the "
    "official Judicial Department statistics beside the crawl, and publishes figures, "
    "exports, evidence packs and a dashboard; each case points to the archived pages it "
    "was read from, each official figure to its table and cell.\n\n"
    "Start with `refusenik demo`; each command's --help teaches it."
)


@dataclass(frozen=True)
class Stage:
    """One command group: its name, the module whose `app` it is, its line in `--help`,
    and modules whose commands join the group (a group may span two stages: `official
    import` writes the store, `official show` reads it)."""

    name: str
    module: str
    help: str
    joined: tuple[str, ...] = ()


# The order of the pipeline, which is also the order `--help` lists them in.
STAGES = (
    Stage(
        "law",
        "refusenik.law.cli",
        "The Criminal Code articles refusers are charged under, and the article-reference parser.",
    ),
    Stage(
        "courts",
        "refusenik.courts.cli",
        "The court registry: every court refusenik can ask, with its official code, kind, "
        "region, host, site template, captcha flag and database servers.",
    ),
    Stage(
        "simulate",
        "refusenik.simulate.cli",
        "A simulated network of court websites: `serve` it, or write its ground `truth`.",
    ),
    Stage(
        "page",
        "refusenik.sites.cli",
        "Saved court pages: tell the site template and page kind, and read the records.",
    ),
    Stage(
        "text",
        "refusenik.extract.cli",
        "Act texts and press releases: outcomes and punishments per defendant.",
    ),
    Stage(
        "crawl",
        "refusenik.crawl.cli",
        "Crawl court websites for refusal cases: listings, case cards and acts, one request at "
        "a time per court, with a per-court status at the end.",
    ),
    Stage(
        "workers",
        "refusenik.crawl.workers_cli",
        "Crawl workers sharing one Redis frontier (`crawl --redis`): the frontier per court, "
        "workers alive, pages per worker, parked courts.",
    ),
    Stage(
        "archive",
        "refusenik.archive.cli",
        "The archive: every court page as fetched, in WARC files, with when it was fetched.",
    ),
    Stage(
        "reparse",
        "refusenik.ingest.cli",
        "Rebuild the store's cases from the archive alone, with no network: after a parser "
        "fix, or into a new database.",
    ),
    Stage(
        "cases",
        "refusenik.analysis.cases_cli",
        "The cases the crawl watches: list them by court, article and date, and show one with "
        "its history (every change, hidden, removed, reappeared).",
    ),
    Stage(
        "coverage",
        "refusenik.analysis.coverage_cli",
        "What the store covers, per court: last crawled, status, cases, hidden, removed, and "
        "what could not be read.",
    ),
    Stage(
        "verify",
        "refusenik.analysis.verify_cli",
        "Compare a crawl of the simulator with its ground truth and print every difference "
        "(exit 1 if any).",
    ),
    Stage(
        "official",
        "refusenik.official.cli",
        "The Judicial Department's official statistics.",
        joined=("refusenik.analysis.official_cli",),
    ),
    Stage(
        "evidence",
        "refusenik.evidence.cli",
        "Evidence packs: how refusers in a scope were punished and where it is written, as "
        "one signed WACZ file.",
    ),
    Stage(
        "serve",
        "refusenik.web.cli",
        "Serve the web dashboard, case and court pages, JSON API and Atom feeds.",
    ),
    Stage(
        "export",
        "refusenik.publish.export_cli",
        "Export the public tables (CSV, xlsx, Parquet, Datasette SQLite) with a data dictionary.",
    ),
    Stage(
        "report",
        "refusenik.publish.report_cli",
        "Write a self-contained HTML report of the main charts and tables (and PNGs).",
    ),
    Stage(
        "demo",
        "refusenik.publish.demo_cli",
        "Crawl a simulated court network into a fresh store, report on it, serve the dashboard.",
    ),
    Stage(
        "stats",
        "refusenik.analysis.stats_cli",
        "Figures from the crawled cases: series of cases received, decisions and persons; "
        "sentences; the official statistics beside the crawl; headline numbers.",
    ),
)

# Earlier spellings that keep working but are not listed: alias → (group, command).
ALIASES = {"parse": ("page", "parse"), "extract": ("text", "extract")}


def stage_app(stage: Stage) -> typer.Typer:
    """Import a stage's module and return its Typer app, with its joined commands."""
    app: typer.Typer = importlib.import_module(stage.module).app
    for module in stage.joined:
        for info in importlib.import_module(module).app.registered_commands:
            if info not in app.registered_commands:
                app.registered_commands.append(info)
    return app


def stage_command(stage: Stage) -> Any:
    """The click command of a stage, named as the root calls it."""
    command = typer.main.get_command(stage_app(stage))
    command.name = stage.name
    return command


class RootGroup(TyperGroup):
    """The root command: stages are looked up by name and imported on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [stage.name for stage in STAGES]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        for stage in STAGES:
            if stage.name == cmd_name:
                return stage_command(stage)
        if cmd_name in ALIASES:
            group_name, sub_name = ALIASES[cmd_name]
            group = self.get_command(ctx, group_name)
            return group.get_command(ctx, sub_name)
        return None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # Listing from the table, not from the modules, keeps `--help` from importing them all.
        with formatter.section("Commands"):
            formatter.write_dl([(stage.name, stage.help) for stage in STAGES])

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(130) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"refusenik {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Root options."""


def build_root() -> typer.Typer:
    """The root app: its stages are imported only when one of them runs."""
    # Plain help for the root: formatting it with Rich would cost more than the rest of `--help`.
    app = typer.Typer(
        cls=RootGroup,
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    app.callback()(_root)
    return app


def build_app() -> typer.Typer:
    """Every stage at once as one Typer app, for in-process tests with Typer's runner."""
    app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False)
    app.callback()(_root)
    apps = {stage.name: stage_app(stage) for stage in STAGES}
    for stage in STAGES:
        app.add_typer(apps[stage.name], name=stage.name)
    for alias, (group_name, sub_name) in ALIASES.items():
        for info in apps[group_name].registered_commands:
            if info.name == sub_name and info.callback is not None:
                app.command(alias, hidden=True, help=info.help)(info.callback)
    return app


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; bad input exits 2 with one line naming what was wrong."""
    command = typer.main.get_command(build_root())
    try:
        # Standalone mode reports usage errors (exit 2) and --help; our own
        # UserInputError passes through it and is reported here.
        command.main(args=argv, prog_name="refusenik")
    except UserInputError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`| head`): not an error, and nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()
