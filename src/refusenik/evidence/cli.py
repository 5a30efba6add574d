"""`refusenik evidence …`: build a signed WACZ evidence pack for a scope, and verify one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from refusenik.console import (
    DB_OPTION,
    JSON_OPTION,
    option_day,
    print_json,
    stderr_console,
    stdout_console,
)
from refusenik.errors import UserInputError

HELP = (
    "Evidence packs: how refusers in a scope were punished and where it is written, as "
    "one signed WACZ file.\n\n"
    "`refusenik evidence build --court 63GV0006 --article 337 --out pack.wacz` puts every "
    "archived court page behind the cases in scope (names masked), a summary (HTML and "
    "PDF: figures, every case with the archived URL, capture time and SHA-256 of its "
    "record, hidden and removed cases, coverage caveats, official figures), and an "
    "Ed25519 signature over every file's SHA-256 into one WACZ 1.1.1 file (the format "
    "web-archive replay tools read). `refusenik evidence verify pack.wacz` checks every hash and the "
    "signature and names what does not match (exit 1)."
)


def build_command(
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the pack (.wacz)."),
    case: int | None = typer.Option(None, "--case", help="One case, by the id `cases list` shows."),
    court: str | None = typer.Option(None, "--court", "-c", help="Court code, e.g. 63GV0006."),
    article: str | None = typer.Option(None, "--article", "-a", help="УК РФ article, e.g. 337."),
    part: str | None = typer.Option(None, "--part", help="Part of the article, e.g. 5."),
    since: str | None = typer.Option(None, "--since", help="Received on or after (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Received on or before (YYYY-MM-DD)."),
    archive: Path | None = typer.Option(
        None, "--archive", help="Archive folder (default: `archive` in $REFUSENIK_HOME)."
    ),
    include_originals: bool = typer.Option(
        False,
        "--include-originals",
        help="Also add the unaltered archive records. They contain defendants' names.",
    ),
    no_pdf: bool = typer.Option(False, "--no-pdf", help="Skip the PDF summary."),
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Build a signed WACZ evidence pack for one case, a court or an article.

    The pack holds masked copies of every archived page behind the cases in scope, each
    citing its original's SHA-256 and WARC record id; a summary page (summary/summary.html,
    also the pack's main page) and its PDF (summary/summary.pdf, and a copy beside the
    pack); summary/cases.json and summary/gaps.json. A record missing from the archive is
    listed as a gap, not skipped. The same scope over the same archive gives the same bytes.
    """
    from refusenik.analysis.cases import has_cases_table
    from refusenik.archive.location import default_directory
    from refusenik.evidence.keys import load_or_create_signing_key
    from refusenik.evidence.pack import build_pack
    from refusenik.evidence.scope import EvidenceScope
    from refusenik.store import engine_for
    from refusenik.store.db import default_url

    scope = EvidenceScope(
        case=case,
        court=court.strip().upper() if court else None,
        article=article.strip().removeprefix("ст.").strip() if article else None,
        part=part.strip() if part else None,
        since=option_day("--since", since),
        until=option_day("--until", until),
    )
    if out.exists() and out.is_dir():
        raise UserInputError(f"--out {out} is a folder; name the pack file, e.g. {out}/pack.wacz")
    if not out.parent.exists():
        raise UserInputError(f"--out {out}: the folder {out.parent} does not exist")
    folder = archive or default_directory()
    if not folder.is_dir():
        raise UserInputError(
            f"no archive at {folder} (pass --archive with the folder a crawl wrote to)"
        )
    engine = engine_for(db)
    if not has_cases_table(engine):
        raise UserInputError(f"no cases in {db or default_url()}: crawl or reparse first")
    if include_originals:
        stderr_console().print(
            "warning: --include-originals puts the unaltered court pages in the pack; they "
            "contain defendants' names. Share it only where that is lawful and necessary."
        )
    result = build_pack(
        engine,
        folder,
        scope,
        load_or_create_signing_key(),
        originals=include_originals,
        pdf=not no_pdf,
    )
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(result.wacz)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    pdf_path = out.with_suffix(".pdf")
    if result.pdf is not None:
        pdf_path.write_bytes(result.pdf)
    summary = {
        "pack": str(out),
        "pdf": str(pdf_path) if result.pdf is not None else None,
        "cases": result.cases,
        "records": result.records,
        "gaps": result.gaps,
        "bytes": len(result.wacz),
        "key_fingerprint": result.fingerprint,
    }
    if as_json:
        print_json(summary)
        return
    console = stdout_console()
    console.print(
        f"{out}: {result.cases} cases, {result.records} archived records (names masked), "
        f"{len(result.wacz):,} bytes, signed with key {result.fingerprint[:16]}…"
    )
    if result.pdf is not None:
        console.print(f"PDF summary: {pdf_path}")
    for gap in result.gaps:
        console.print(f"gap: {gap['record_id']}: {gap['problem']}")


def verify_command(
    pack: Path = typer.Argument(..., help="The .wacz pack to check."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Check every file's SHA-256, every WARC record and the signature; exit 1 on any mismatch.

    Each problem names the file, and for a WARC the record (its id and offset). The key
    fingerprint printed is what to compare with the one its maker published.
    """
    from refusenik.archive.wacz import verify_wacz

    if not pack.is_file():
        raise UserInputError(f"no pack at {pack}")
    verdict = verify_wacz(pack)
    if as_json:
        print_json(
            {
                "ok": verdict.ok,
                "problems": verdict.problems,
                "files_checked": verdict.files_checked,
                "records_checked": verdict.records_checked,
                "key_fingerprint": verdict.fingerprint,
            }
        )
    else:
        console = stdout_console()
        for problem in verdict.problems:
            console.print(f"MISMATCH {problem}")
        state = "OK" if verdict.ok else f"{len(verdict.problems)} problem(s)"
        console.print(
            f"{pack}: {state} — {verdict.files_checked} files, {verdict.records_checked} WARC "
            f"records checked; signing key fingerprint {verdict.fingerprint or 'unknown'}"
        )
    sys.stdout.flush()
    if not verdict.ok:
        raise typer.Exit(1)


app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False)
app.command("build")(build_command)
app.command("verify")(verify_command)
