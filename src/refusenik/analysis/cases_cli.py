"""`refusenik cases …`: the watched cases, and one case with its whole history."""

from __future__ import annotations

import re

import typer

from refusenik.console import DB_OPTION, JSON_OPTION, option_day, print_json, stdout_console, table
from refusenik.errors import UserInputError

HELP = (
    "The cases the crawl watches: list them by court, article and date, and show one with "
    "its history (every change, hidden, removed, reappeared).\n\n"
    "Defendants appear only as keyed pseudonyms. `refusenik cases list --court 63GV0006 "
    "--article 337`, `refusenik cases show 12 --json`."
)


def _article(text: str | None) -> str | None:
    if text is None:
        return None
    value = text.strip().removeprefix("ст.").strip()
    if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", value):
        raise UserInputError(f"--article must be an article number like 337 or 352.1, got {text!r}")
    return value


def _engine(db: str | None):  # type: ignore[no-untyped-def]
    from refusenik.analysis.cases import has_cases_table
    from refusenik.store import engine_for
    from refusenik.store.db import default_url

    engine = engine_for(db)
    if not has_cases_table(engine):
        raise UserInputError(
            f"no cases in {db or default_url()}: nothing has been crawled or reparsed into it "
            "yet (`refusenik crawl …` or `refusenik reparse`)"
        )
    return engine


def list_command(
    court: str | None = typer.Option(None, "--court", "-c", help="Court code, e.g. 63GV0006."),
    article: str | None = typer.Option(None, "--article", "-a", help="УК РФ article, e.g. 337."),
    since: str | None = typer.Option(None, "--since", help="Received on or after (YYYY-MM-DD)."),
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """List cases, newest received first, with their open flags."""
    from refusenik.analysis.cases import list_cases

    start, wanted = option_day("--since", since), _article(article)
    found = list_cases(_engine(db), court=court, article=wanted, since=start)
    if as_json:
        print_json(found)
        return
    console = stdout_console()
    if not found:
        console.print("no cases match")
        return
    view = table(
        "id", "court", "number", "УИД", "received", "decided", "articles", "result", "flags"
    )
    for c in found:
        view.add_row(
            str(c["id"]),
            c["court"],
            c["number"] or "",
            c["uid"] or "",
            c["received"] or "",
            c["decided"] or "",
            c["articles"] or "",
            c["result"] or "",
            ", ".join(c["flags"]),
        )
    console.print(view)
    console.print(f"{len(found)} cases")


def show_command(
    case_id: int = typer.Argument(..., help="The case's id, as `cases list` shows it."),
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Show one case: its facts, people (pseudonyms), events, acts, punishments and history."""
    from refusenik.analysis.cases import case_detail

    found = case_detail(_engine(db), case_id)
    if found is None:
        raise UserInputError(f"no case with id {case_id}; `refusenik cases list` shows the ids")
    if as_json:
        print_json(found)
        return
    console = stdout_console()
    facts = table("field", "value", show_header=False, title=f"case {case_id}")
    for key in ("court", "server", "number", "uid", "received", "decided", "in_force", "judge",
                "result", "articles", "first_seen", "last_seen"):  # fmt: skip
        facts.add_row(key, str(found[key] if found[key] is not None else ""))
    console.print(facts)
    people = table("#", "defendant", "articles", "result", title="defendants")
    for i, d in enumerate(found["defendants"], start=1):
        who = d["pseudonym"] or ("(name hidden)" if d["name_hidden"] else "")
        people.add_row(str(i), who, d["articles"] or "", d["result"] or "")
    console.print(people)
    if found["press_releases"]:
        press = table("published", "punishment", "url", title="press releases")
        for pr in found["press_releases"]:
            said = "; ".join(
                " ".join(
                    str(p[k])
                    for k in ("pseudonym", "outcome", "kind", "term_months", "regime")
                    if p.get(k) is not None
                )
                for p in pr["punishments"]
            )
            press.add_row(pr["published"] or "", said, pr["url"])
        console.print(press)
    history = table("seen", "what", "from", "to", title="history")
    for ch in found["history"]["changes"]:
        history.add_row(ch["seen_at"], ch["field"], ch["old"] or "", ch["new"] or "")
    for fl in found["history"]["flags"]:
        history.add_row(fl["since"], fl["flag"], "", f"until {fl['until']}" if fl["until"] else "")
    console.print(history)
    console.print(f"seen {len(found['history']['observations'])} times")
    for other in found["same_uid_elsewhere"]:
        console.print(f"same УИД: case {other['id']} at {other['court']} ({other['number']})")


app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False)
app.command("list")(list_command)
app.command("show")(show_command)
