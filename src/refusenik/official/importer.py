"""Write parsed forms to the store, file by file, in one transaction.

`import_files` is the path for real imports: it hashes each file first and skips one whose
SHA-256 the store already holds without parsing it; the others are parsed, written and
dropped one at a time, so memory holds one workbook, never all of them. All writes of a
run share one transaction that holds the store's write lock: a bad file (found while
parsing) or a failed write rolls back the whole run, so the store never holds half a run,
and a second import started meanwhile waits for this one instead of failing. One
transaction rather than one per file because a run is the user's unit ("import this
folder"): after an error, the same command can simply be run again.

A different file for the same form, year and period replaces the rows the earlier one
brought. `parse_files` and `store_parsed` keep the two halves apart for callers that want
the parsed facts themselves (tests, benchmarks).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, func, insert, select

from refusenik import __version__
from refusenik.errors import UserInputError
from refusenik.official.bundled import bundled_files
from refusenik.official.derive import derive
from refusenik.official.parse import Fact, parse_form
from refusenik.official.workbook import FormFile, display_name, open_form, read_bytes
from refusenik.store import migrate, write_transaction
from refusenik.store.models import OFFICIAL_FILE, OfficialFile, OfficialStatistic, SourceRow
from refusenik.store.schema import current_revision

KIND = OFFICIAL_FILE
PARSER_VERSION = f"refusenik {__version__} official"
CHUNK = 20_000


@dataclass(frozen=True)
class FileResult:
    """What one file contributed to an import run."""

    name: str
    form: str
    year: int
    period: str
    rows: int
    # "imported"; "replaced" (an earlier file for the same form/year was removed); or
    # "unchanged": the store already held these bytes, so the file was skipped unparsed
    status: str


@dataclass(frozen=True)
class ParsedForm:
    form_file: FormFile
    facts: list[Fact]


def collect_files(directory: Path | None) -> list[Path]:
    """The form files to import: the bundled ones, or every .xls / .xls.gz under DIR."""
    if directory is None:
        return bundled_files()
    if not directory.exists():
        raise UserInputError(f"{directory}: no such file or directory")
    if directory.is_file():
        return [directory]
    files = sorted(
        p for p in directory.rglob("*") if p.is_file() and p.name.endswith((".xls", ".xls.gz"))
    )
    if not files:
        raise UserInputError(f"{directory}: no .xls or .xls.gz files in it (searched recursively)")
    return files


def parse_files(
    paths: Iterable[Path], on_parsed: Callable[[Path], None] | None = None
) -> list[ParsedForm]:
    """Open, parse and derive every file; the first bad file raises `UserInputError`."""
    parsed: list[ParsedForm] = []
    for path in paths:
        parsed.append(parse_one(open_form(path)))
        if on_parsed:
            on_parsed(path)
    return _unique(parsed)


def parse_one(form_file: FormFile) -> ParsedForm:
    """The facts of one opened form, derived ones included; no data rows is an error."""
    facts = parse_form(form_file)
    if not facts:
        raise UserInputError(
            f"{form_file.name}: no data rows in any sheet; expected article rows with "
            f"numbers under the header of form {form_file.form}"
        )
    return ParsedForm(form_file, facts + derive(facts))


def _unique(parsed: list[ParsedForm]) -> list[ParsedForm]:
    by_sha: dict[str, ParsedForm] = {}
    by_identity: dict[tuple[str, int, str], ParsedForm] = {}
    for item in parsed:
        ff = item.form_file
        if ff.sha256 in by_sha:
            continue  # the same bytes twice (e.g. file.xls and file.xls.gz)
        other = by_identity.get((ff.form, ff.year, ff.period))
        if other is not None:
            raise _twins(ff, other.form_file.name)
        by_sha[ff.sha256] = item
        by_identity[(ff.form, ff.year, ff.period)] = item
    return list(by_sha.values())


def _twins(ff: FormFile, other_name: str) -> UserInputError:
    return UserInputError(
        f"{ff.name} and {other_name} are both form {ff.form} for {ff.year} "
        f"({ff.period}) but differ; import one of them"
    )


def _row(fact: Fact, source_id: int) -> dict[str, object]:
    return {
        "source_id": source_id,
        "key": fact.key,
        "year": fact.year,
        "period": fact.period,
        "form": fact.form,
        "article": fact.article,
        "part": fact.part,
        "row_label": fact.row_label,
        "metric": fact.metric,
        "value": fact.value,
        "source_file": fact.source_file,
        "sheet": fact.sheet,
        "cell": fact.cell,
        "derived": fact.derived,
        "formula": fact.formula,
    }


COLUMNS = (
    "source_id",
    "key",
    "year",
    "period",
    "form",
    "article",
    "part",
    "row_label",
    "metric",
    "value",
    "source_file",
    "sheet",
    "cell",
    "derived",
    "formula",
)


def _bulk_insert(conn: Connection, rows: list[dict[str, object]]) -> None:
    """Insert many rows: COPY on PostgreSQL (10× faster), executemany elsewhere."""
    if not rows:
        return
    driver = conn.connection.driver_connection
    if conn.dialect.name == "postgresql" and hasattr(driver, "cursor"):
        table = OfficialStatistic.__tablename__
        columns = ", ".join(f'"{c}"' for c in COLUMNS)
        with driver.cursor() as cursor:  # type: ignore[union-attr]
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(tuple(row[c] for c in COLUMNS))
        return
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(OfficialStatistic), rows[start : start + CHUNK])


def store_parsed(
    parsed: list[ParsedForm],
    engine: Engine,
    on_written: Callable[[str], None] | None = None,
) -> list[FileResult]:
    """Write already-parsed forms in one transaction; see the module docstring for the rules."""
    migrate(engine)
    results = []
    with write_transaction(engine) as conn:
        for item in parsed:
            ff = item.form_file
            known = _known(conn, ff.sha256)
            if known is not None:
                results.append(FileResult(ff.name, *known, 0, "unchanged"))
            else:
                results.append(_write(conn, ff, item.facts, size=None))
            if on_written:
                on_written(ff.name)
    return results


def import_files(
    paths: Iterable[Path],
    engine: Engine,
    on_file: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Import `paths` file by file in one transaction, skipping files already imported.

    A file whose SHA-256 the store holds is reported "unchanged" and not parsed. Files
    are parsed one at a time and their facts dropped once written. `on_file` is called
    after each file (for progress). Bad files raise `UserInputError`; nothing of the run
    is kept then.
    """
    migrate(engine)
    results: list[FileResult] = []
    seen_sha: set[str] = set()
    identities: dict[tuple[str, int, str], str] = {}
    with write_transaction(engine) as conn:
        for path in paths:
            raw = read_bytes(path)
            sha = hashlib.sha256(raw).hexdigest()
            if sha in seen_sha:
                continue  # the same bytes twice (e.g. file.xls and file.xls.gz)
            seen_sha.add(sha)
            known = _known(conn, sha)
            if known is not None:
                result = FileResult(display_name(path), *known, 0, "unchanged")
                identities[known] = result.name
            else:
                item = parse_one(open_form(path, raw))
                ff = item.form_file
                identity = (ff.form, ff.year, ff.period)
                if identity in identities:
                    raise _twins(ff, identities[identity])
                identities[identity] = ff.name
                result = _write(conn, ff, item.facts, size=len(raw))
                del item, ff
            del raw
            results.append(result)
            if on_file:
                on_file(result)
    return results


def _known(conn: Connection, sha256: str) -> tuple[str, int, str] | None:
    """(form, year, period) of the official file with these bytes, if already imported."""
    row = conn.execute(
        select(OfficialFile.form, OfficialFile.year, OfficialFile.period)
        .join(SourceRow, SourceRow.id == OfficialFile.source_id)
        .where(SourceRow.kind == KIND, SourceRow.sha256 == sha256)
    ).first()
    return None if row is None else (row.form, row.year, row.period)


def _write(conn: Connection, ff: FormFile, facts: list[Fact], size: int | None) -> FileResult:
    """Store one file's facts as a new source, replacing an earlier file for its form/year."""
    older = (
        conn.execute(
            select(OfficialFile.source_id).where(
                OfficialFile.form == ff.form,
                OfficialFile.year == ff.year,
                OfficialFile.period == ff.period,
            )
        )
        .scalars()
        .all()
    )
    if older:
        conn.execute(delete(OfficialStatistic).where(OfficialStatistic.source_id.in_(older)))
        conn.execute(delete(OfficialFile).where(OfficialFile.source_id.in_(older)))
        conn.execute(delete(SourceRow).where(SourceRow.id.in_(older)))
    source_id = conn.execute(
        insert(SourceRow)
        .values(
            kind=KIND,
            uri=ff.name,
            sha256=ff.sha256,
            size=size,
            parser_version=PARSER_VERSION,
        )
        .returning(SourceRow.id)
    ).scalar_one()
    conn.execute(
        insert(OfficialFile).values(
            source_id=source_id, form=ff.form, year=ff.year, period=ff.period, rows=len(facts)
        )
    )
    for start in range(0, len(facts), CHUNK):
        _bulk_insert(conn, [_row(fact, source_id) for fact in facts[start : start + CHUNK]])
    status = "replaced" if older else "imported"
    return FileResult(ff.name, ff.form, ff.year, ff.period, len(facts), status)


def import_forms(paths: Iterable[Path], engine: Engine) -> list[FileResult]:
    """Import `paths` (no progress reporting); same as `import_files`."""
    return import_files(paths, engine)


def imported_files(engine: Engine) -> int:
    """How many official form files the store holds (0 for a fresh database).

    A database never migrated is answered without creating any table, so reading
    never writes to a store that has nothing in it.
    """
    if current_revision(engine) is None:
        return 0
    migrate(engine)
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(SourceRow).where(SourceRow.kind == KIND)
        ).scalar_one()


# The name the command line has used so far.
imported_batches = imported_files
