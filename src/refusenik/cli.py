"""The `refusenik` command: one subcommand per job of the pipeline.

Each stage owns its commands in `<stage>/cli.py` and exposes `register(app)`; this
module only assembles them and turns the project's `UserInputError` into exit code 2
with a one-line message, so every command fails the same way on bad input.
"""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console
from rich.markup import escape

from refusenik import __version__
from refusenik.errors import UserInputError

HELP = (
    "refusenik monitors the prosecution of people who refuse to fight in Russia's war "
    "(УК РФ ст. 328, 332, 337, 338, 339, 352.1).\n\n"
    "It crawls and archives court websites, extracts cases and punishments, imports the "
    "official Judicial Department statistics and publishes counts with their sources."
)

# Order is the order of the pipeline, which is also the order `--help` lists them in.
STAGES = (
    "refusenik.law.cli",
    "refusenik.courts.cli",
    "refusenik.simulate.cli",
    "refusenik.sites.cli",
    "refusenik.extract.cli",
    "refusenik.official.cli",
)

err_console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"refusenik {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    app = typer.Typer(
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="rich",
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        """Root options."""

    for module in STAGES:
        importlib.import_module(module).register(app)
    return app


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; bad input exits 2 with a message naming what was wrong."""
    command = typer.main.get_command(build_app())
    try:
        # Standalone mode handles usage errors (exit 2) and --help; our own
        # UserInputError passes through it and is reported here.
        command.main(args=argv, prog_name="refusenik")
    except UserInputError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
