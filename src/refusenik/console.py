"""What every command shares: its options, its consoles and its JSON.

Court text is untrusted: a party called «[/i]» must print as those four characters, not
crash Rich's markup parser. So the consoles here do not read markup unless a caller asks
for it for its own, fixed strings. Piped output (CI logs, `| less`, files) has no terminal
width; Rich would fold tables to 80 columns and cut the source cells that make each figure
citable, so it gets room instead. Rich is imported only when a
console is made, so `--help` and `--json` never pay for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from refusenik.errors import UserInputError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

PIPED_WIDTH = 240

JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of a table.")
DB_OPTION = typer.Option(
    None, "--db", help="Database URL (default: $REFUSENIK_DB or the SQLite file in the data dir)."
)


def _width() -> int | None:
    # A terminal: Rich asks it (or $COLUMNS). Anything else: room for whole source cells.
    return None if sys.stdout.isatty() else PIPED_WIDTH


def stdout_console(*, markup: bool = False) -> Console:
    """A console for command output; `markup=True` only for text the project wrote itself."""
    from rich.console import Console

    return Console(width=_width(), markup=markup, highlight=False)


def stderr_console() -> Console:
    """A console for errors and progress; never reads markup in what it is given."""
    from rich.console import Console

    return Console(stderr=True, markup=False, highlight=False)


def table(*columns: str, title: str | None = None, show_header: bool = True) -> Table:
    """A table whose long cells wrap (and fold inside long words) instead of being cut off."""
    from rich.table import Table

    result = Table(title=title, show_header=show_header, title_justify="left")
    for column in columns:
        result.add_column(column, overflow="fold")
    return result


def dumps(data: Any) -> str:
    """The one JSON formatting of the command line: UTF-8 text, two-space indent."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def print_json(data: Any) -> None:
    """Print `data` as JSON on standard output."""
    typer.echo(dumps(data))


def print_json_lines(items: Iterable[Any]) -> int:
    """Print one compact JSON object per line as `items` come, so memory stays flat."""
    count = 0
    write = sys.stdout.write
    for item in items:
        write(json.dumps(item, ensure_ascii=False))
        write("\n")
        count += 1
    sys.stdout.flush()
    return count


class LazyConsole:
    """Made on first use, so `--json` answers never load Rich."""

    def __init__(self, make: Callable[[], Console]) -> None:
        self._make = make
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            self._console = self._make()
        return getattr(self._console, name)


def option_day(option: str, text: str | None) -> date | None:
    """A day given on the command line as YYYY-MM-DD, or a `UserInputError` naming the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserInputError(f"{option} must be a date like 2022-09-01, got {text!r}") from None
