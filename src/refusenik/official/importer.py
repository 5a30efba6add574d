"""Write parsed forms to the store: all files of one run in one transaction.

Every file is parsed (and rejected, if malformed) before the database is touched, and
all writes share one transaction, so a bad file or a failed write leaves the store as
it was. A file already imported (same sha256) is skipped; a different file for the same
form, year and period replaces the rows the earlier one brought.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, func, insert, select

from refusenik.errors import UserInputError
from refusenik.official.bundled import bundled_files
from refusenik.official.derive import derive
from refusenik.official.parse import Fact, parse_form
from refusenik.official.workbook import FormFile, open_form
from refusenik.store import migrate
from refusenik.store.models import ImportBatch, OfficialStatistic

KIND = "official"
CHUNK = 20_000


@dataclass(frozen=True)
class FileResult:
    """What one file contributed to an import run."""

    name: str
    form: str
    year: int
    period: str
    rows: int
    status: str  # "imported", "replaced" (an earlier file for the same form/year) or "unchanged"


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
        form_file = open_form(path)
        facts = parse_form(form_file)
        if not facts:
            raise UserInputError(
                f"{form_file.name}: no data rows in any sheet; expected article rows with "
                f"numbers under the header of form {form_file.form}"
            )
        parsed.append(ParsedForm(form_file, facts + derive(facts)))
        if on_parsed:
            on_parsed(path)
    return _unique(parsed)


def _unique(parsed: list[ParsedForm]) -> list[ParsedForm]:
    by_sha: dict[str, ParsedForm] = {}
    by_identity: dict[tuple[str, int, str], ParsedForm] = {}
    for item in parsed:
        ff = item.form_file
        if ff.sha256 in by_sha:
            continue  # the same bytes twice (e.g. file.xls and file.xls.gz)
        other = by_identity.get((ff.form, ff.year, ff.period))
        if other is not None:
            raise UserInputError(
                f"{ff.name} and {other.form_file.name} are both form {ff.form} for {ff.year} "
                f"({ff.period}) but differ; import one of them"
            )
        by_sha[ff.sha256] = item
        by_identity[(ff.form, ff.year, ff.period)] = item
    return list(by_sha.values())


def _row(fact: Fact, batch_id: int) -> dict[str, object]:
    return {
        "batch_id": batch_id,
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
    "batch_id",
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
    """Write parsed forms in one transaction; see the module docstring for the rules."""
    migrate(engine)
    results = []
    with engine.begin() as conn:
        for item in parsed:
            ff = item.form_file
            same = conn.execute(
                select(ImportBatch.id).where(
                    ImportBatch.kind == KIND, ImportBatch.sha256 == ff.sha256
                )
            ).first()
            if same is not None:
                results.append(FileResult(ff.name, ff.form, ff.year, ff.period, 0, "unchanged"))
                if on_written:
                    on_written(ff.name)
                continue
            older = (
                conn.execute(
                    select(ImportBatch.id).where(
                        ImportBatch.kind == KIND,
                        ImportBatch.form == ff.form,
                        ImportBatch.year == ff.year,
                        ImportBatch.period == ff.period,
                    )
                )
                .scalars()
                .all()
            )
            if older:
                conn.execute(delete(OfficialStatistic).where(OfficialStatistic.batch_id.in_(older)))
                conn.execute(delete(ImportBatch).where(ImportBatch.id.in_(older)))
            batch_id = conn.execute(
                insert(ImportBatch)
                .values(
                    kind=KIND,
                    source_file=ff.name,
                    sha256=ff.sha256,
                    form=ff.form,
                    year=ff.year,
                    period=ff.period,
                    rows=len(item.facts),
                )
                .returning(ImportBatch.id)
            ).scalar_one()
            rows = [_row(fact, batch_id) for fact in item.facts]
            _bulk_insert(conn, rows)
            status = "replaced" if older else "imported"
            results.append(FileResult(ff.name, ff.form, ff.year, ff.period, len(rows), status))
            if on_written:
                on_written(ff.name)
    return results


def import_forms(paths: Iterable[Path], engine: Engine) -> list[FileResult]:
    """Parse then store `paths` (no progress reporting; the CLI adds it)."""
    return store_parsed(parse_files(paths), engine)


def imported_batches(engine: Engine) -> int:
    """How many official form files the store holds (0 for a fresh or foreign database)."""
    migrate(engine)
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(ImportBatch).where(ImportBatch.kind == KIND)
        ).scalar_one()
