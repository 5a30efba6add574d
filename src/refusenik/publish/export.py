"""Exports of the public tables: CSV, Excel, Parquet or a Datasette-ready SQLite file.

Every export folder also holds a data dictionary (`DICTIONARY.md`, `dictionary.csv`: table,
column, type, meaning, unit) and a `README.md` + `manifest.json` saying what it is: as-of
date, scope, sources, licence, rows and files. Only the columns of
`refusenik.publish.tables` are written — no act text, no private table, no key.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect

from refusenik import __version__
from refusenik.errors import UserInputError
from refusenik.publish import tables as T
from refusenik.publish.rows import ExportScope, as_of, official_years, table_rows

FORMATS = ("csv", "xlsx", "parquet", "sqlite")
SQLITE_NAME = "refusenik-public.db"
XLSX_NAME = "refusenik.xlsx"
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row

TITLE = "refusenik: prosecutions of people who refuse to fight in Russia's war"
DESCRIPTION = (
    "Criminal cases under УК РФ ст. 328, 332, 337, 338, 339 and 352.1 as published on Russian "
    "court websites, read by refusenik with every value traceable to an archived page, and the "
    "Judicial Department's official statistics with the cell each figure comes from. "
    "Defendants appear only as keyed pseudonyms."
)
SOURCE = (
    "Russian court websites (sudrf.ru case cards, listings and acts), archived as WARC by "
    "refusenik; Судебный департамент при Верховном суде РФ, forms 10.3, 10.3.1, 10-a"
)
SOURCE_URL = "http://www.cdep.ru/index.php?id=79"
LICENSE = "CC BY 4.0 (this compilation); court acts and official statistics are official documents not subject to copyright (ГК РФ ст. 1259 п. 6)"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the folder, rows per table, and every file."""

    out: Path
    format: str
    rows: dict[str, int]
    files: list[Path]
    as_of: str | None


def _csv_text(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_csv(out: Path, engine: Engine, scope: ExportScope) -> tuple[dict[str, int], list[Path]]:
    counts: dict[str, int] = {}
    files: list[Path] = []
    for spec in T.PUBLIC_TABLES:
        path = out / f"{spec.name}.csv"
        count = 0
        # UTF-8 with a byte-order mark: Excel then opens Cyrillic text correctly.
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(spec.column_names)
            for row in table_rows(engine, spec, scope):
                writer.writerow([_csv_value(v) for v in row])
                count += 1
        counts[spec.name], files = count, [*files, path]
    return counts, files


def _write_xlsx(out: Path, engine: Engine, scope: ExportScope) -> tuple[dict[str, int], list[Path]]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    counts = {}
    bold = Font(bold=True)

    def sheet(name: str, header: tuple[str, ...]) -> Any:
        ws = book.create_sheet(name[:31])
        cells = []
        for column in header:
            c = WriteOnlyCell(ws, value=column)
            c.font = bold
            cells.append(c)
        ws.append(cells)
        return ws

    for spec in T.PUBLIC_TABLES:
        part, in_sheet, count = 1, 0, 0
        ws = sheet(spec.name, spec.column_names)
        for row in table_rows(engine, spec, scope):
            if in_sheet == XLSX_MAX_ROWS:
                # More rows than a sheet holds: the table goes on in "name (2)" …
                part, in_sheet = part + 1, 0
                ws = sheet(f"{spec.name} ({part})", spec.column_names)
            ws.append(list(row))
            in_sheet += 1
            count += 1
        counts[spec.name] = count
    notes = book.create_sheet("dictionary")
    notes.append(["table", "column", "type", "meaning", "unit"])
    for values in dictionary_rows():
        notes.append(list(values))
    path = out / XLSX_NAME
    book.save(path)
    return counts, [path]


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {
        T.INTEGER: pa.int64(),
        T.REAL: pa.float64(),
        T.BOOLEAN: pa.bool_(),
        T.DATE: pa.date32(),
        T.DATETIME: pa.timestamp("us", tz="UTC"),
    }.get(kind, pa.string())


def _arrow_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == T.DATE:
        from datetime import date

        return date.fromisoformat(value)
    if kind == T.DATETIME:
        return datetime.fromisoformat(value)
    if kind == T.BOOLEAN:
        return bool(value)
    return value


def _write_parquet(
    out: Path, engine: Engine, scope: ExportScope
) -> tuple[dict[str, int], list[Path]]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UserInputError(
            "--format parquet needs pyarrow, which is not installed: "
            "pip install 'refusenik[parquet]' (or choose csv, xlsx or sqlite)"
        ) from None
    counts: dict[str, int] = {}
    files: list[Path] = []
    for spec in T.PUBLIC_TABLES:
        schema = pa.schema(
            [
                pa.field(
                    c.name, _arrow_type(c.type), metadata={"meaning": c.meaning, "unit": c.unit}
                )
                for c in spec.columns
            ],
            metadata={"description": spec.description},
        )
        path = out / f"{spec.name}.parquet"
        count = 0
        with pq.ParquetWriter(path, schema) as writer:
            for batch in _batches(table_rows(engine, spec, scope)):
                columns = [
                    [_arrow_value(c.type, row[i]) for row in batch]
                    for i, c in enumerate(spec.columns)
                ]
                writer.write_table(pa.table(columns, schema=schema))
                count += len(batch)
            if count == 0:
                writer.write_table(schema.empty_table())
        counts[spec.name], files = count, [*files, path]
    return counts, files


def _batches(
    rows: Iterator[tuple[Any, ...]], size: int = 20_000
) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


SQLITE_TYPES = {T.INTEGER: "INTEGER", T.REAL: "REAL", T.BOOLEAN: "INTEGER"}

# Units Datasette can show (it reads them with Pint); the others stay in the descriptions.
DATASETTE_UNITS = {"months": "month", "characters": "", "roubles": ""}


def _write_sqlite(
    out: Path, engine: Engine, scope: ExportScope
) -> tuple[dict[str, int], list[Path]]:
    path = out / SQLITE_NAME
    if path.exists():
        path.unlink()
    counts = {}
    db = sqlite3.connect(path)
    try:
        for spec in T.PUBLIC_TABLES:
            columns = ", ".join(
                f'"{c.name}" {SQLITE_TYPES.get(c.type, "TEXT")}' for c in spec.columns
            )
            db.execute(f'CREATE TABLE "{spec.name}" ({columns})')
            marks = ", ".join("?" for _ in spec.columns)
            count = 0
            for batch in _batches(table_rows(engine, spec, scope)):
                db.executemany(f'INSERT INTO "{spec.name}" VALUES ({marks})', batch)
                count += len(batch)
            counts[spec.name] = count
        for spec in T.PUBLIC_TABLES:
            # Indexes on what Datasette facets and joins on.
            for column in ("case_id", "court", "article", "pseudonym", "year"):
                if column in spec.column_names:
                    db.execute(
                        f'CREATE INDEX "ix_{spec.name}_{column}" ON "{spec.name}" ("{column}")'
                    )
        db.commit()
    finally:
        db.close()
    meta = out / "metadata.json"
    meta.write_text(json.dumps(datasette_metadata(), ensure_ascii=False, indent=2), "utf-8")
    return counts, [path, meta]


def datasette_metadata() -> dict[str, Any]:
    """Datasette's `metadata.json`: title, description, source, licence, and per table and
    column its description and unit."""
    tables: dict[str, Any] = {}
    for spec in T.PUBLIC_TABLES:
        entry: dict[str, Any] = {
            "description": spec.description,
            "columns": {
                c.name: c.meaning + (f" (unit: {c.unit})" if c.unit else "") for c in spec.columns
            },
        }
        units = {
            c.name: DATASETTE_UNITS[c.unit] for c in spec.columns if DATASETTE_UNITS.get(c.unit)
        }
        if units:
            entry["units"] = units
        if spec.name == "cases":
            entry["label_column"] = "number"
        tables[spec.name] = entry
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "databases": {Path(SQLITE_NAME).stem: {"tables": tables}},
    }


WRITERS: dict[str, Callable[[Path, Engine, ExportScope], tuple[dict[str, int], list[Path]]]] = {
    "csv": _write_csv,
    "xlsx": _write_xlsx,
    "parquet": _write_parquet,
    "sqlite": _write_sqlite,
}


def dictionary_rows() -> Iterator[tuple[str, str, str, str, str]]:
    """(table, column, type, meaning, unit) for every exported column."""
    for spec in T.PUBLIC_TABLES:
        for c in spec.columns:
            yield spec.name, c.name, c.type, c.meaning, c.unit


def dictionary_markdown() -> str:
    """DICTIONARY.md: each table, what a row is, and its columns."""
    lines = ["# Data dictionary", ""]
    lines += [
        "Types: integer, real, text, date (YYYY-MM-DD), datetime (ISO 8601, UTC), boolean "
        "(true/false in CSV, 1/0 in SQLite). Empty means unknown or not shown by the court.",
        "",
    ]
    for spec in T.PUBLIC_TABLES:
        lines += [f"## {spec.name}", "", spec.description, ""]
        lines += ["| column | type | meaning | unit |", "|---|---|---|---|"]
        for c in spec.columns:
            meaning = c.meaning.replace("|", "\\|")
            lines.append(f"| `{c.name}` | {c.type} | {meaning} | {c.unit} |")
        lines.append("")
    return "\n".join(lines)


def _readme(
    fmt: str,
    scope: ExportScope,
    stamp: str,
    as_of_text: str | None,
    counts: dict[str, int],
    years: list[int],
) -> str:
    official = f"{years[0]}–{years[-1]}" if years else "none imported"
    lines = [
        f"# {TITLE}",
        "",
        DESCRIPTION,
        "",
        f"- Format: {fmt}",
        f"- As of: {as_of_text or 'no finished crawl in the store'} (end of the last crawl)",
        f"- Exported: {stamp} by refusenik {__version__}",
        f"- Scope: {scope.describe()}",
        f"- Official statistics: years {official}; "
        + (
            "every article"
            if scope.all_official
            else f"art. {scope.article}"
            if scope.article
            else "art. 328 and Chapter 33 (its articles and total)"
        ),
        f"- Source: {SOURCE}",
        f"- Licence: {LICENSE} — {LICENSE_URL}",
        "",
        "Counts from courts that refused pages (see `coverage`) may miss cases. Months close "
        "to the as-of date are provisional: courts publish cases and acts weeks late.",
        "",
        "Defendants appear only as keyed pseudonyms; act texts are not included (each value "
        "names the archive record it was read from). Judges are public officials and are named.",
        "",
        "| table | rows |",
        "|---|---|",
        *[f"| {name} | {n} |" for name, n in counts.items()],
        "",
        "See DICTIONARY.md (or dictionary.csv) for every column's meaning and unit.",
    ]
    if fmt == "sqlite":
        lines += [
            "",
            f"Browse it with Datasette: `datasette {SQLITE_NAME} --metadata metadata.json`.",
        ]
    return "\n".join(lines) + "\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export(engine: Engine, fmt: str, out: Path, scope: ExportScope = ExportScope()) -> ExportResult:
    """Write the public tables in scope to `out` in `fmt`, with dictionary, README, manifest."""
    if fmt not in WRITERS:
        raise UserInputError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    present = set(inspect(engine).get_table_names())
    if not present & {"cases", "official_statistics"}:
        raise UserInputError(
            f"nothing to export: {engine.url.render_as_string(hide_password=True)} holds no "
            "crawled cases and no official statistics (`refusenik crawl …`, "
            "`refusenik official import`)"
        )
    if out.exists() and not out.is_dir():
        raise UserInputError(f"--out {out}: is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserInputError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    as_of_text = as_of(engine)
    counts, files = WRITERS[fmt](out, engine, scope)
    (out / "DICTIONARY.md").write_text(dictionary_markdown(), encoding="utf-8")
    (out / "dictionary.csv").write_text(
        _csv_text(("table", "column", "type", "meaning", "unit"), list(dictionary_rows())),
        encoding="utf-8-sig",
    )
    (out / "README.md").write_text(
        _readme(fmt, scope, stamp, as_of_text, counts, official_years(engine)), encoding="utf-8"
    )
    files += [out / "DICTIONARY.md", out / "dictionary.csv", out / "README.md"]
    manifest = {
        "title": TITLE,
        "format": fmt,
        "exported_at": stamp,
        "as_of": as_of_text,
        "refusenik_version": __version__,
        "scope": scope.to_dict(),
        "source": SOURCE,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "tables": counts,
        "files": [{"name": f.name, "bytes": f.stat().st_size, "sha256": _sha256(f)} for f in files],
    }
    manifest_path = out / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    return ExportResult(out, fmt, counts, [*files, manifest_path], as_of_text)
