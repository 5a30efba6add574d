"""The scope options every publishing command shares (--court, --article, --part, --since,
--until), read into an `ExportScope` with one-line errors naming the bad option."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import typer

from refusenik.console import option_day
from refusenik.errors import UserInputError

if TYPE_CHECKING:
    from refusenik.publish.rows import ExportScope

COURT_OPTION = typer.Option(
    None, "--court", help="Court code(s), comma-separated, e.g. 63GV0006,61GV0020."
)
ARTICLE_OPTION = typer.Option(None, "--article", help="УК РФ article, e.g. 337 or 352.1.")
PART_OPTION = typer.Option(None, "--part", help="Part of --article, e.g. 5.")
SINCE_OPTION = typer.Option(None, "--since", help="Cases received on or after (YYYY-MM-DD).")
UNTIL_OPTION = typer.Option(None, "--until", help="Cases received on or before (YYYY-MM-DD).")


def read_scope(
    court: str | None,
    article: str | None,
    part: str | None,
    since: str | None,
    until: str | None,
) -> ExportScope:
    """The scope the options name, or a `UserInputError` naming the bad one."""
    from refusenik.publish.rows import ExportScope

    courts = tuple(c.strip() for c in (court or "").split(",") if c.strip())
    for code in courts:
        if not re.fullmatch(r"[0-9A-Za-z]{4,12}", code):
            raise UserInputError(f"--court must be court codes like 63GV0006, got {code!r}")
    wanted = None
    if article is not None:
        wanted = article.strip().removeprefix("ст.").strip()
        if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", wanted):
            raise UserInputError(
                f"--article must be an article number like 337 or 352.1, got {article!r}"
            )
    if part is not None:
        if wanted is None:
            raise UserInputError("--part needs --article (a part of which article?)")
        if not re.fullmatch(r"\d{1,2}(\.\d)?", part.strip()):
            raise UserInputError(f"--part must be a part number like 5, got {part!r}")
    start, end = option_day("--since", since), option_day("--until", until)
    if start and end and start > end:
        raise UserInputError(f"--since {start} is after --until {end}")
    return ExportScope(
        courts=courts,
        article=wanted,
        part=part.strip() if part else None,
        since=start,
        until=end,
    )
