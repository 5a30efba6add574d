"""`refusenik coverage`: per court, what the store covers and what could not be read."""

from __future__ import annotations

import typer

from refusenik.console import DB_OPTION, JSON_OPTION, print_json, stdout_console, table

HELP = (
    "What the store covers, per court: last crawled, status, cases, hidden, removed, and "
    "what could not be read.\n\n"
    "A court parked on a captcha or a block is reported as not covered; its cases are never "
    "counted as removed."
)

app = typer.Typer(help=HELP, add_completion=False)


@app.command()
def coverage_command(
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Per court: last crawled, status, cases, hidden, removed, unread pages."""
    from refusenik.analysis.cases import has_cases_table
    from refusenik.analysis.coverage import coverage
    from refusenik.store import engine_for

    engine = engine_for(db)
    rows = coverage(engine) if has_cases_table(engine) else []
    if as_json:
        print_json(rows)
        return
    console = stdout_console()
    if not rows:
        console.print("no court has been crawled into this store yet")
        return
    view = table("court", "last crawled", "status", "cases", "hidden", "removed", "not read")
    for r in rows:
        missing = []
        if r["pages_refused"]:
            missing.append(f"{r['pages_refused']} pages refused")
        if r["pages_unreadable"]:
            missing.append(f"{r['pages_unreadable']} pages unreadable")
        if r["windows_unread"]:
            missing.append(f"{r['windows_unread']} windows")
        if r["cards_unread"]:
            missing.append(f"{r['cards_unread']} cards")
        missing += r["alarms"]
        view.add_row(
            r["court"],
            r["last_crawled"],
            r["status"],
            str(r["cases"]),
            str(r["hidden"]),
            str(r["removed"]),
            "; ".join(missing),
        )
    console.print(view)
