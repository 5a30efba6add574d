"""`refusenik text extract FILE`: outcomes and punishments of one act or press release."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from refusenik.console import JSON_OPTION, print_json, stdout_console, table
from refusenik.errors import UserInputError

if TYPE_CHECKING:
    from rich.console import Console

    from refusenik.extract.model import ExtractionResult

HELP = (
    "Read a court act (приговор, постановление — plain text or the sudrf HTML page) or a "
    "court press release and print, per defendant, a pseudonym, the outcome, the articles "
    "and the final punishment.\n\n"
    "Example: refusenik text extract act.html --json\n\n"
    "Use - as FILE to read standard input: cat release.txt | refusenik text extract -"
)


def _read(file: str) -> str:
    from refusenik.extract.text import MAX_INPUT_BYTES, decode_bytes, input_too_big

    if file == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        path = Path(file)
        if path.is_dir():
            raise UserInputError(f"{file} is a directory; give one act or press release file")
        if not path.is_file():
            raise UserInputError(f"no such file: {file}")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise input_too_big(size)  # refused before reading the file
        data = path.read_bytes()
    return decode_bytes(data)


def _fmt_term(months: int | None, days: int | None) -> str:
    if months is None and days is None:
        return ""
    parts = []
    if months:
        y, m = divmod(months, 12)
        if y:
            parts.append(f"{y} y")
        if m:
            parts.append(f"{m} m")
    if days:
        parts.append(f"{days} d")
    return " ".join(parts) or "0"


def _summary(result: ExtractionResult, console: Console) -> None:
    """One small field/value table per defendant: readable in an 80-column terminal."""
    if not result.defendants:
        note = (
            "not a criminal case"
            if result.document_type == "non_criminal"
            else "no defendant found"
        )
        console.print(f"{result.document_type}: {note}")
        return
    console.print(f"{result.document_type}: {len(result.defendants)} defendant(s)")
    for d in result.defendants:
        grid = table("field", "value", title=d.pseudonym, show_header=False)
        outcome = d.outcome + (f" ({d.dismissal_ground})" if d.dismissal_ground else "")
        grid.add_row("outcome", outcome)
        arts = ", ".join(
            (f"п. «{a.point}» " if a.point else "")
            + (f"ч. {a.part} " if a.part else "")
            + f"ст. {a.article}"
            for a in d.articles
        )
        grid.add_row("articles", arts or "—")
        if d.judicial_fine_rub is not None:
            grid.add_row("judicial fine", f"{d.judicial_fine_rub:,} ₽".replace(",", " "))
        p = d.punishment
        grid.add_row("punishment", "—" if p is None else p.kind)
        if p is not None:
            rows = {
                "term": _fmt_term(p.term_months, p.term_days),
                "probation": _fmt_term(p.probation_months, None),
                "fine": "" if p.fine_rub is None else f"{p.fine_rub:,} ₽".replace(",", " "),
                "hours": "" if p.hours is None else str(p.hours),
                "regime": p.regime or "",
                "deduction": "" if p.deduction_percent is None else f"{p.deduction_percent:g} %",
                "ст. 64": "yes" if p.art64 else "",
                "ст. 73": "yes" if p.art73 else "",
                "combined by": ", ".join(
                    f"ст. {c.article}" + (f" ч. {c.part}" if c.part else "") for c in p.combination
                ),
                "additional": ", ".join(a.kind for a in p.additional),
            }
            for key, value in rows.items():
                if value:
                    grid.add_row(key, value)
        console.print(grid)


def extract_command(
    file: str = typer.Argument(
        ..., help="Act or press release: .txt or .html; - reads standard input."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    from refusenik.extract import extract

    result = extract(_read(file))
    if as_json:
        print_json(result.to_dict())
    else:
        _summary(result, stdout_console())


app = typer.Typer(
    help="Act texts and press releases: outcomes and punishments per defendant.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    add_completion=False,
)


@app.callback()
def _group() -> None:
    """Act texts and press releases: outcomes and punishments per defendant."""


app.command("extract", help=HELP)(extract_command)


def register(root: typer.Typer) -> None:
    """Add `text extract` (and the older `extract`) to an app built by hand, as tests do."""
    root.add_typer(app, name="text")
    root.command("extract", help=HELP, hidden=True)(extract_command)
