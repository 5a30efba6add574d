"""`refusenik law …`: look up the Criminal Code model and parse article references."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from refusenik import law
from refusenik.console import JSON_OPTION, print_json, stdout_console
from refusenik.errors import UserInputError

# Everything printed here comes from the bundled Criminal Code model, not from courts,
# so the console may read markup; user text (`law refs TEXT`) goes through `escape`.
console = stdout_console(markup=True)

app = typer.Typer(
    help=(
        "The Criminal Code articles refusers are charged under, and the article-reference parser.\n\n"
        "Example: [bold]refusenik law show 337 --on 2023-01-01[/]"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    add_completion=False,
)

_CONF_STYLE = {"verified": "green", "corroborated": "yellow", "unverified": "bold red"}


def _conf(value: str) -> str:
    return f"[{_CONF_STYLE.get(value, 'white')}]{value}[/]"


_emit_json = print_json


@app.command("refs")
def refs_cmd(
    text: str = typer.Argument(..., help="Text to search; '-' reads it from standard input."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Find article references in TEXT and say whether the model knows them.

    Example: [bold]refusenik law refs "осужден по ст. 337 ч.5; ст. 338 ч.1 УК РФ" --json[/]
    """
    if text == "-":
        text = sys.stdin.read()
    refs = law.parse_refs(text)
    if as_json:
        _emit_json([r.as_dict() for r in refs])
        return
    if not refs:
        console.print("No article references found.")
        return
    table = Table(title=f"{len(refs)} reference(s)")
    for col in ("article", "part", "point", "code", "known", "canonical"):
        table.add_column(col, overflow="fold")
    for r in refs:
        table.add_row(
            escape(r.article),
            escape(r.part or ""),
            escape(r.point or ""),
            escape(r.code or ""),
            "[green]yes[/]" if r.known else "[dim]no[/]",
            escape(str(r)),
        )
    console.print(table)


def _sanction_dict(s: law.Sanction) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "min_months": s.min_months,
        "max_months": s.max_months,
        "max_rub": s.max_rub,
        "max_hours": s.max_hours,
        "note": s.note,
    }


def _part_dict(p: law.Part, on: dt.date) -> dict[str, Any]:
    period = p.period_on(on)
    return {
        "part": p.part,
        "disposition_ru": p.disposition_ru,
        "disposition_en": p.disposition_en,
        "category": p.category,
        "in_force_from": p.in_force_from.isoformat(),
        "in_force_to": p.in_force_to.isoformat() if p.in_force_to else None,
        "introduced_by": p.introduced_by,
        "amended_by": list(p.amended_by),
        "mobilization": p.mobilization,
        "confidence": p.confidence,
        "sanction_confidence": period.confidence if period else None,
        "sanctions": [_sanction_dict(s) for s in period.sanctions] if period else None,
        "notes": p.notes,
    }


def _not_yet_in_force(a: law.Article, day: dt.date) -> list[str]:
    """Part numbers that come into force after `day`; an undivided article is "(single)".

    "(single)" is what `law list` prints for such an article, and keeps the list one of strings.
    """
    return [p.part or "(single)" for p in a.parts if p.in_force_from > day]


@app.command("show")
def show_cmd(
    number: str = typer.Argument(..., help="Article number, e.g. 337 or 352.1."),
    on: str = typer.Option(
        None, "--on", help="Show the law as on this day (YYYY-MM-DD); default: today."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show an article with the parts and sanctions in force on a day.

    Example: [bold]refusenik law show 337 --on 2022-09-23[/] (before 365-FZ: no part 5 yet)
    """
    day = law.parse_date(on)
    a = law.article(number.strip())
    parts = a.parts_on(day)
    if as_json:
        _emit_json(
            {
                "article": a.number,
                "title_ru": a.title_ru,
                "title_en": a.title_en,
                "group": a.group,
                "on": day.isoformat(),
                "confidence": a.confidence,
                "parts": [_part_dict(p, day) for p in parts],
                "not_yet_in_force": _not_yet_in_force(a, day),
            }
        )
        return
    console.print(f"[bold]ст. {a.number} УК РФ[/] — {a.title_ru}")
    console.print(f"[dim]{a.title_en}; group: {a.group or '—'}; as on {day.isoformat()}[/]")
    later = [p for p in a.parts if p.in_force_from > day]
    single = len(a.parts) == 1 and a.parts[0].part is None
    if single and later:
        since = later[0].in_force_from.isoformat()
        console.print(f"Not in force on {day.isoformat()} (in force from {since}).")
    elif not parts:
        console.print("No part of this article was in force on that day.")
    table = Table(show_lines=True)
    for col in ("part", "disposition", "sanction", "category", "in force", "confidence"):
        table.add_column(col, overflow="fold")
    for p in parts:
        period = p.period_on(day)
        sanctions = "\n".join(s.describe() for s in period.sanctions) if period else ""
        conf = _conf(p.confidence)
        if period and period.confidence != p.confidence:
            conf += f"\nsanction: {_conf(period.confidence)}"
        since = p.in_force_from.isoformat()
        laws_ = ", ".join([p.introduced_by, *p.amended_by])
        table.add_row(
            (p.part or "—") + (" [magenta]mob.[/]" if p.mobilization else ""),
            f"{p.disposition_ru}\n[dim]{p.disposition_en}[/]",
            sanctions or "[dim]none (definition)[/]",
            p.category or "",
            f"{since}\n[dim]{laws_}[/]",
            conf,
        )
    if parts:
        console.print(table)
    if later and not single:
        names = ", ".join(_not_yet_in_force(a, day))
        console.print(f"[dim]Not yet in force on {day.isoformat()}: part(s) {names}[/]")


@app.command("list")
def list_cmd(
    as_json: bool = JSON_OPTION,
) -> None:
    """List the articles in the model with their groups and parts.

    Example: [bold]refusenik law list[/]
    """
    rows = law.articles()
    if as_json:
        _emit_json(
            [
                {
                    "article": a.number,
                    "title_en": a.title_en,
                    "group": a.group,
                    "parts": a.part_numbers(),
                    "confidence": a.confidence,
                }
                for a in rows
            ]
        )
        return
    table = Table(title="Criminal Code model (УК РФ)")
    for col in ("article", "title", "group", "parts", "weakest confidence"):
        table.add_column(col, overflow="fold")
    for a in rows:
        table.add_row(
            a.number,
            f"{a.title_ru}\n[dim]{a.title_en}[/]",
            a.group or "—",
            ", ".join(a.part_numbers()) or "(single)",
            _conf(a.confidence),
        )
    console.print(table)


# The earlier spelling of `law refs`, kept working but not listed.
app.command("parse", hidden=True)(refs_cmd)


def register(root: typer.Typer) -> None:
    """Add `law …` to an app built by hand, as tests do."""
    root.add_typer(app, name="law")


__all__ = ["UserInputError", "app", "register"]
