"""`refusenik page parse`: read one saved court page and print what the parsers make of it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from refusenik.console import JSON_OPTION, print_json, stdout_console, table
from refusenik.errors import UserInputError

if TYPE_CHECKING:
    from rich.console import Console


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
    as_json: bool = JSON_OPTION,
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

        refusenik page parse page.html --url 'https://2kas.sudrf.ru/modules.php?name=sud_delo&name_op=r&…' --json
    """
    from refusenik.sites import ParseError, parse_page

    if file.is_dir():
        raise UserInputError(f"{file} is a directory; give one saved page (.html)")
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
        print_json(out)
        return
    console = stdout_console()
    console.print(f"{out['template']} · {out['page_kind']} · court {out['court_code'] or '?'}")
    for rec in out["records"]:
        _print_record(console, rec)


def _text(value: Any) -> str:
    """A cell as a person reads it: nothing for a missing value, never the word None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _small_table(console: Console, title: str, columns: dict[str, str], rows: list[dict]) -> None:
    """One tab of a card (or any list of records) as a table with the given columns."""
    if not rows:
        return
    grid = table(*columns.values(), title=f"{title} ({len(rows)})")
    for row in rows:
        grid.add_row(*(_text(row.get(key)) for key in columns))
    console.print(grid)


def _print_listing(console: Console, rec: dict[str, Any]) -> None:
    console.print(
        f"{rec.get('cartoteka') or 'listing'}: {_text(rec.get('total'))} found, "
        f"rows {_text(rec.get('first_row'))}–{_text(rec.get('last_row'))}, "
        f"page {_text(rec.get('page'))}/{_text(rec.get('last_page'))}"
    )
    grid = table("case", "received", "defendants / parties", "judge", "decided", "result")
    for row in rec["rows"]:
        people = [
            f"{p['name'] or 'скрыто'} {p.get('articles_text') or ''}".strip()
            for p in row["defendants"] + row["parties"]
        ]
        grid.add_row(
            _text(row.get("case_number")),
            _text(row.get("received_date")),
            "\n".join(people),
            _text(row.get("judge")),
            _text(row.get("decision_date")),
            _text(row.get("result")),
        )
    console.print(grid)


CARD_FACTS = {
    "case_number": "case",
    "judicial_uid": "УИД",
    "cartoteka": "register",
    "court": "court",
    "received_date": "received",
    "category": "category",
    "judge": "judge",
    "decision_date": "decided",
    "result": "result",
    "validity_date": "in force",
}


def _print_card(console: Console, rec: dict[str, Any]) -> None:
    facts = table("fact", "value", title=rec.get("case_number") or "case card", show_header=False)
    for key, label in CARD_FACTS.items():
        if rec.get(key):
            facts.add_row(label, _text(rec[key]))
    console.print(facts)
    if rec.get("lower_court"):
        lower = table("fact", "value", title="first instance", show_header=False)
        for label, value in rec["lower_court"].items():
            lower.add_row(label, _text(value))
        console.print(lower)
    _small_table(
        console,
        "hearings and events",
        {"date": "date", "time": "time", "name": "event", "result": "result", "room": "room"},
        rec.get("events") or [],
    )
    defendants = [
        {**p, "name": p.get("name") or "скрыто", "articles": p.get("articles_text")}
        for p in rec.get("defendants") or []
    ]
    _small_table(
        console,
        "defendants",
        {
            "name": "defendant",
            "articles": "articles",
            "decision_date": "decided",
            "result": "result",
        },
        defendants,
    )
    parties = [{**p, "name": p.get("name") or "скрыто"} for p in rec.get("parties") or []]
    _small_table(console, "parties", {"role": "role", "name": "name"}, parties)
    _small_table(
        console,
        "acts",
        {"kind": "kind", "date": "date", "number": "number", "url": "link"},
        rec.get("acts") or [],
    )


def _print_act_text(console: Console, rec: dict[str, Any]) -> None:
    if "text" in rec:
        console.print(f"act text ({len(rec['text'])} characters, names masked):")
        console.print(rec["text"])
        return
    console.print(
        f"act text: {_text(rec.get('text_chars'))} characters, {_text(rec.get('text_lines'))} "
        f"lines, sha256 {_text(rec.get('text_sha256'))} (--show-text prints it, names masked)"
    )


def _print_record(console: Console, rec: dict[str, Any]) -> None:
    kind = rec.get("record")
    if kind == "listing":
        _print_listing(console, rec)
    elif kind == "case_card":
        _print_card(console, rec)
    elif kind == "act_text":
        _print_act_text(console, rec)
    else:
        grid = table("field", "value", title=_text(kind) or "record", show_header=False)
        for key, value in rec.items():
            if key != "record" and value not in (None, "", [], {}):
                grid.add_row(key, _text(value))
        console.print(grid)


app = typer.Typer(
    help="Saved court pages: tell the site template and page kind, and read the records.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    add_completion=False,
)


@app.callback()
def _group() -> None:
    """Saved court pages: tell the site template and page kind, and read the records."""


app.command("parse")(parse_command)


def register(root: typer.Typer) -> None:
    """Add `page parse` (and the older `parse`) to an app built by hand, as tests do."""
    root.add_typer(app, name="page")
    root.command("parse", hidden=True)(parse_command)
