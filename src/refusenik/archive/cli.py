"""`refusenik archive …`: what was archived, when, and what a page held."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import typer

from refusenik.console import DB_OPTION, JSON_OPTION, print_json, stdout_console, table
from refusenik.errors import UserInputError

if TYPE_CHECKING:
    from refusenik.archive import Archive, Capture

HELP = (
    "The archive: every court page as fetched, in WARC files, with when it was fetched.\n\n"
    "The crawl writes each response to gzipped WARC files before anything parses it, and "
    "indexes it in the store. `refusenik archive ls --court 61GV0020` lists captures; "
    "`refusenik archive show URL --at 2026-11-30` says when a page was fetched and what it "
    "held. URLs are shown with any parameter naming a person removed, and page text with "
    "names masked; the raw bytes stay in the WARC files."
)

ARCHIVE_OPTION = typer.Option(
    None,
    "--archive",
    help="Archive folder (default: the `archive` folder in the data dir, $REFUSENIK_HOME). "
    "For a crawl of several workers, the --archive they were given: every worker's folder "
    "in it (FOLDER/<worker>) is read.",
)
TABLE_LIMIT = 100


def parse_moment(text: str, option: str, *, end_of_day: bool = False) -> datetime:
    """A date or an ISO date-time as aware UTC; a bare date is its start (or its end)."""
    cleaned = text.strip()
    try:
        if len(cleaned) == 10:
            day = date.fromisoformat(cleaned)
            moment = datetime.combine(day, time.min, tzinfo=UTC)
            return moment + timedelta(days=1, microseconds=-1) if end_of_day else moment
        parsed = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        raise UserInputError(
            f"{option}: not a date or time: {text!r} (expected e.g. 2026-11-30 or "
            "2026-11-30T12:00:00Z; times without a zone are UTC)"
        ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _open(directory: Path | None, db: str | None) -> Archive:
    from refusenik.archive import Archive
    from refusenik.archive.location import default_directory
    from refusenik.store.db import engine_for

    folder = directory or default_directory()
    if not folder.exists():
        raise UserInputError(
            f"no archive at {folder}: the folder does not exist (pass --archive with the "
            "folder a crawl wrote to)"
        )
    if not folder.is_dir():
        raise UserInputError(f"--archive {folder} is a file, not a folder")
    return Archive(folder, engine_for(db))


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _where(archive: Archive, capture: Capture) -> str:
    """The capture's WARC file relative to the archive folder given: `w1/refusenik-….warc.gz`
    for a file in worker w1's folder (`crawl --redis … --worker w1`), else its name.
    Looked up once per file and command (a listing names each file many times)."""
    from refusenik.archive.location import relative_warc_path

    key = (archive.directory, capture.warc_file)
    found = _WHERE.get(key)
    if found is None:
        found = _WHERE[key] = relative_warc_path(archive.directory, capture.warc_file)
    return found


_WHERE: dict[tuple[Path, str], str] = {}


def _as_json(archive: Archive, capture: Capture) -> dict[str, object]:
    return capture.as_json() | {"warc_path": _where(archive, capture)}


def _stream_json(archive: Archive, captures: Iterable[Capture], limit: int | None) -> int:
    write = sys.stdout.write
    write("[")
    count = 0
    for capture in captures:
        if limit is not None and count >= limit:
            break
        write(",\n" if count else "\n")
        write(json.dumps(_as_json(archive, capture), ensure_ascii=False))
        count += 1
    write("\n]\n" if count else "]\n")
    sys.stdout.flush()
    return count


def ls_command(
    court: str | None = typer.Option(None, "--court", "-c", help="Court code, e.g. 61GV0020."),
    since: str | None = typer.Option(
        None, "--since", help="Only captures at or after this date or time (UTC)."
    ),
    limit: int | None = typer.Option(
        None,
        "--limit",
        "-n",
        min=0,
        help=f"At most N captures (tables default to {TABLE_LIMIT}; JSON to all; 0 = all).",
    ),
    directory: Path | None = ARCHIVE_OPTION,
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """List archived captures, oldest first: time, court, page kind, status, URL, body hash.

    Example: `refusenik archive ls --court 61GV0020 --since 2026-11-01`. JSON: an array of
    captures (id, record_id, url, fetched_at, status, sha256, warc_file, offset, length,
    revisit_of, court, page_kind, source_id, warc_path). A revisit is a fetch whose body was
    identical to the URL's previous one; it points at the record holding the body.
    An archive of several crawl workers (`crawl --redis`) is read whole: give its folder
    (each worker's files are in FOLDER/<worker>); warc_path names the worker's folder.
    """
    start = parse_moment(since, "--since") if since is not None else None
    if court is not None and not court.strip():
        raise UserInputError("--court: empty court code")
    with _open(directory, db) as archive:
        found = archive.captures(court=court, since=start)
        if limit == 0:
            limit = None
        elif limit is None and not as_json:
            limit = TABLE_LIMIT
        if as_json:
            _stream_json(archive, found, limit)
            return
        console = stdout_console()
        grid = table(
            "fetched", "court", "kind", "status", "url", "sha256", "revisit", "file:offset"
        )
        shown = 0
        more = False
        for capture in found:
            if limit is not None and shown >= limit:
                more = True
                break
            grid.add_row(
                _when(capture.fetched_at),
                capture.court or "",
                capture.page_kind or "",
                str(capture.status),
                capture.url,
                capture.sha256[:12],
                "same body" if capture.revisit_of else "",
                f"{_where(archive, capture)}:{capture.offset}",
            )
            shown += 1
        scope = f" for court {court}" if court else ""
        if shown == 0:
            console.print(f"nothing archived in {archive.directory}{scope}")
            return
        console.print(grid)
        tail = f"; more than {limit} — narrow with --court/--since or raise --limit (0 = all)"
        console.print(f"{shown} captures{scope} in {archive.directory}{tail if more else ''}")


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserInputError(f"not an http(s) URL: {url!r} (give the URL exactly as fetched)")


def _masked_text(body: bytes) -> str:
    from refusenik.privacy import mask_names
    from refusenik.sites.decode import decode

    return mask_names(decode(body))


def show_command(
    url: str = typer.Argument(..., help="The URL exactly as it was fetched."),
    at: str | None = typer.Option(
        None, "--at", help="The capture current at this date or time (UTC; a date means its end)."
    ),
    body: bool = typer.Option(
        False, "--body", help="Also print the page's text, names masked (read from the WARC)."
    ),
    directory: Path | None = ARCHIVE_OPTION,
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Say when a URL was archived and where: the newest capture (or the one current at
    --at), and every capture of the URL.

    Example: `refusenik archive show 'https://...sudrf.ru/modules.php?...' --at 2026-11-30`.
    JSON: {"capture": {...}, "history": [...], "body": "..." with --body}. A URL never
    archived (or not yet at --at) says so and exits 1. Pages archived by any worker of a
    `crawl --redis` are found (their files in FOLDER/<worker>).
    """
    _check_url(url)
    moment = parse_moment(at, "--at", end_of_day=True) if at is not None else None
    with _open(directory, db) as archive:
        capture = archive.find(url, moment)
        history = archive.history(url)
        if capture is None:
            if history:
                message = (
                    f"not archived by {_when(moment or history[0].fetched_at)}; first "
                    f"captured {_when(history[0].fetched_at)}"
                )
            else:
                message = f"nothing archived for this URL in {archive.directory}"
            sys.stderr.write(message + "\n")
            raise typer.Exit(1)
        text = _masked_text(archive.body(capture)) if body else None
        shown = _as_json(archive, capture)
        history_json = [_as_json(archive, c) for c in history]
    if as_json:
        answer: dict[str, object] = {"capture": shown, "history": history_json}
        if text is not None:
            answer["body"] = text
        print_json(answer)
        return
    console = stdout_console()
    details = table("field", "value", show_header=False, title=capture.url)
    for key, value in shown.items():
        details.add_row(key, "" if value is None else str(value))
    console.print(details)
    past = table("fetched", "status", "sha256", "revisit", "", title="Every capture of this URL")
    for item in history:
        past.add_row(
            _when(item.fetched_at),
            str(item.status),
            item.sha256[:12],
            "same body" if item.revisit_of else "",
            "◀ shown" if item.record_id == capture.record_id else "",
        )
    console.print(past)
    if text is not None:
        console.print(text)


app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode="rich", add_completion=False)
app.command("ls")(ls_command)
app.command("show")(show_command)
