"""`refusenik serve`: the dashboard, case and court pages, JSON API and feeds."""

from __future__ import annotations

from pathlib import Path

import typer

from refusenik.console import DB_OPTION

HELP = (
    "Serve the web dashboard, case and court pages, JSON API and Atom feeds.\n\n"
    "On 127.0.0.1:8000 by default: the dashboard at /, cases at /cases, courts at /courts, "
    "the official statistics at /official, the JSON API under /api (described by "
    "/openapi.json) and the feeds /feeds/cases.atom and /feeds/decisions.atom. Read-only: "
    "it shows what `refusenik crawl` (or `refusenik demo`) put in the store, defendants "
    "only as pseudonyms, archived pages with names masked. Every page's URL is a permanent "
    "link to what it shows.\n\n"
    "Example: `refusenik serve --db sqlite:///store.db --archive warc/ --port 8080`, then "
    "open http://127.0.0.1:8080/. A port already in use is an error (exit 2)."
)

app = typer.Typer(help=HELP, add_completion=False)


@app.command(help=HELP)
def serve_command(
    db: str | None = DB_OPTION,
    archive: Path | None = typer.Option(
        None,
        "--archive",
        help="Archive folder the crawl wrote (for archived pages; default: the data dir's).",
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on."),
) -> None:
    """Serve the dashboard, pages, API and feeds until Ctrl-C."""
    from refusenik.errors import UserInputError
    from refusenik.web import check_port, serve

    if archive is not None and archive.exists() and not archive.is_dir():
        raise UserInputError(f"--archive {archive} is a file, not a folder")
    check_port(host, port)
    typer.echo(f"serving on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    serve(db, host=host, port=port, archive_dir=archive)
