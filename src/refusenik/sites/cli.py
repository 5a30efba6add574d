"""`refusenik parse`: read one saved court page and print what the parsers make of it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from refusenik.errors import UserInputError


def _summarise_text(rec: dict[str, Any]) -> dict[str, Any]:
    """Act texts may name people (not every court anonymises): print a summary by default."""
    text = rec.pop("text", "") or ""
    rec["text_chars"] = len(text)
    rec["text_lines"] = text.count("\n") + 1 if text else 0
    rec["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return rec


def _masked_text(rec: dict[str, Any]) -> dict[str, Any]:
    """The act text with recognisable full names replaced by their pseudonyms and bare
    surnames / first names masked as «‹ФИО›» (best effort: dictionary-based)."""
    from refusenik.privacy import mask_name_words, safe_text

    rec["text"] = mask_name_words(safe_text(rec.get("text") or ""))
    return rec


def parse_command(
    file: Path = typer.Argument(
        ..., help="A saved page (.html) as fetched: raw bytes, any encoding."
    ),
    url: str = typer.Option(
        None,
        "--url",
        help="The URL the page came from; helps to tell templates and page kinds apart.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    show_text: bool = typer.Option(
        False,
        "--show-text",
        help="Include act texts in full. Masking is best-effort: names with initials or a "
        "patronymic become pseudonyms, other words the dictionary reads as a surname or "
        "first name become ‹ФИО›; a rare name may still slip through.",
    ),
    status: int = typer.Option(
        None, "--status", help="The HTTP status the page came with (e.g. 429)."
    ),
) -> None:
    """Parse a saved court page into its template, page kind and records.

    Prints {"template", "page_kind", "records": [...]}: listing rows, a case card
    (events, defendants with their articles, parties, acts), an act text, or nothing
    for a captcha / throttle / "no data" page. Names of private people come out as
    pseudonyms (P-XXXXXXXX).

    Example:

        refusenik parse page.html --url 'https://2kas.sudrf.ru/modules.php?name=sud_delo&name_op=r&…' --json
    """
    from refusenik.sites import ParseError, parse_page

    try:
        body = file.read_bytes()
    except OSError as exc:
        raise UserInputError(f"cannot read {file}: {exc.strerror or exc}") from exc
    try:
        result = parse_page(body, url, status=status)
    except ParseError as exc:
        raise UserInputError(f"{file}: {exc}") from exc
    out = result.to_dict()
    act = _masked_text if show_text else _summarise_text
    out["records"] = [act(r) if r.get("record") == "act_text" else r for r in out["records"]]
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(
        f"[bold]{out['template']}[/] · {out['page_kind']} · court {out['court_code'] or '?'}"
    )
    for rec in out["records"]:
        _print_record(console, rec)


def _print_record(console: Console, rec: dict[str, Any]) -> None:
    kind = rec.get("record")
    if kind == "listing":
        console.print(
            f"{rec.get('cartoteka') or 'listing'}: {rec.get('total')} found, "
            f"rows {rec.get('first_row')}–{rec.get('last_row')}, page {rec.get('page')}/{rec.get('last_page')}"
        )
        table = Table("case", "received", "defendants / parties", "judge", "decided", "result")
        for row in rec["rows"]:
            people = [
                f"{p['name'] or 'скрыто'} {p.get('articles_text') or ''}".strip()
                for p in row["defendants"] + row["parties"]
            ]
            table.add_row(
                row["case_number"] or "",
                row["received_date"] or "",
                "\n".join(people),
                row["judge"] or "",
                row["decision_date"] or "",
                row["result"] or "",
            )
        console.print(table)
    elif kind == "case_card":
        console.print(
            f"[bold]{rec.get('case_number')}[/] {rec.get('cartoteka') or ''} УИД {rec.get('judicial_uid')}"
        )
        console.print(
            f"judge {rec.get('judge')}, decided {rec.get('decision_date')}: {rec.get('result')}"
        )
        for p in rec["defendants"]:
            console.print(
                f"  defendant {p['name'] or 'скрыто'}: {p.get('articles_text')} → {p.get('result')}"
            )
        console.print(
            f"  {len(rec['events'])} events, {len(rec['parties'])} parties, {len(rec['acts'])} acts"
        )
    else:
        console.print(json.dumps(rec, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add `parse` to the root app."""
    app.command("parse")(parse_command)
