"""`refusenik export` on the demo's store: every format, its data dictionary, README and
manifest, the scope filters, bad input, and no real name in any exported file."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from refusenik.cli import main
from refusenik.publish.tables import PUBLIC_TABLES

from .conftest import leaked


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


def store_count(db: str, sql: str) -> int:
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        return int(conn.execute(sql).fetchone()[0])


@pytest.fixture(scope="module")
def exports(demo_run, tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """Every format exported once from the demo's store (in-process, as the CLI runs)."""
    out: dict[str, tuple[Path, dict]] = {}
    for fmt in ("csv", "xlsx", "parquet", "sqlite"):
        folder = tmp_path_factory.mktemp(f"export-{fmt}")
        with pytest.raises(SystemExit) as exit_info:
            main(["export", "--format", fmt, "--out", str(folder), "--db", demo_run.db, "--json"])
        assert exit_info.value.code in (0, None)
        out[fmt] = (folder, json.loads((folder / "manifest.json").read_text("utf-8")))
    return out


def all_text(folder: Path) -> str:
    """Everything an export folder says, whatever the format, as one string."""
    chunks = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".csv", ".md", ".json"):
            chunks.append(path.read_text(encoding="utf-8-sig"))
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                chunks += [book.read(n).decode("utf-8") for n in book.namelist()]
        elif path.suffix == ".parquet":
            import pyarrow.parquet as pq

            chunks.append(
                json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False)
            )
        elif path.suffix == ".db":
            with sqlite3.connect(path) as conn:
                chunks += list(conn.iterdump())
        else:
            raise AssertionError(f"unexpected file in an export: {path.name}")
    return "\n".join(chunks)


def test_every_format_holds_every_public_table_with_the_store_counts(demo_run, exports):
    cases = store_count(demo_run.db, "select count(*) from cases")
    persons = store_count(demo_run.db, "select count(*) from defendants")
    official = store_count(
        demo_run.db,
        "select count(*) from official_statistics where article in ('328', 'ch33') "
        "or (cast(article as real) >= 331 and cast(article as real) < 353)",
    )
    assert cases > 20 and persons >= cases and official > 100
    for fmt, (folder, manifest) in exports.items():
        assert list(manifest["tables"]) == [t.name for t in PUBLIC_TABLES], fmt
        assert manifest["tables"]["cases"] == cases, fmt
        assert manifest["tables"]["defendants"] == persons, fmt
        assert manifest["tables"]["official_statistics"] == official, fmt
        assert manifest["tables"]["coverage"] == len(demo_run.summary["crawl"]["court_codes"])
        assert manifest["as_of"] and manifest["license"] and manifest["source"]
        for entry in manifest["files"]:
            data = (folder / entry["name"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["name"]


def test_csv_is_utf8_with_bom_and_has_the_dictionary_columns(exports):
    folder, manifest = exports["csv"]
    for spec in PUBLIC_TABLES:
        raw = (folder / f"{spec.name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), spec.name
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert tuple(rows[0]) == spec.column_names
        assert len(rows) - 1 == manifest["tables"][spec.name]
    cases = list(csv.DictReader(io.StringIO((folder / "cases.csv").read_text("utf-8-sig"))))
    assert all(c["court"] and c["number"] for c in cases)
    assert any("ч." in c["articles"] for c in cases)  # Cyrillic survives
    official = list(
        csv.DictReader(io.StringIO((folder / "official_statistics.csv").read_text("utf-8-sig")))
    )
    assert official and all(r["source_file"] and (r["cell"] or r["formula"]) for r in official)
    dictionary = list(
        csv.DictReader(io.StringIO((folder / "dictionary.csv").read_text("utf-8-sig")))
    )
    expected = {(t.name, c.name) for t in PUBLIC_TABLES for c in t.columns}
    assert {(d["table"], d["column"]) for d in dictionary} == expected
    assert all(d["type"] and d["meaning"] for d in dictionary)
    assert {d["unit"] for d in dictionary if d["column"] == "term_months"} == {"months"}
    readme = (folder / "README.md").read_text("utf-8")
    assert "As of: 20" in readme and "Licence:" in readme and "Source:" in readme
    assert "## punishments" in (folder / "DICTIONARY.md").read_text("utf-8")


def test_xlsx_has_a_sheet_per_table_and_the_dictionary(exports):
    from openpyxl import load_workbook

    folder, manifest = exports["xlsx"]
    book = load_workbook(folder / "refusenik.xlsx", read_only=True)
    assert book.sheetnames == [t.name for t in PUBLIC_TABLES] + ["dictionary"]
    for spec in PUBLIC_TABLES:
        rows = list(book[spec.name].iter_rows(values_only=True))
        assert rows[0] == spec.column_names
        assert len(rows) - 1 == manifest["tables"][spec.name]


def test_parquet_keeps_types_units_and_meanings(exports):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder, manifest = exports["parquet"]
    cases = pq.read_table(folder / "cases.parquet")
    assert cases.num_rows == manifest["tables"]["cases"]
    assert cases.schema.field("received").type == pa.date32()
    assert cases.schema.field("first_seen").type == pa.timestamp("us", tz="UTC")
    punishments = pq.read_table(folder / "punishments.parquet")
    term = punishments.schema.field("term_months")
    assert term.type == pa.int64() and term.metadata[b"unit"] == b"months"
    assert pq.read_table(folder / "history.parquet").column_names == [
        c.name for c in next(t for t in PUBLIC_TABLES if t.name == "history").columns
    ]


def test_sqlite_is_ready_for_datasette(exports):
    folder, manifest = exports["sqlite"]
    with sqlite3.connect(folder / "refusenik-public.db") as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        assert tables == {t.name for t in PUBLIC_TABLES}
        assert (
            conn.execute("select count(*) from cases").fetchone()[0] == manifest["tables"]["cases"]
        )
        joined = conn.execute(
            "select count(*) from defendants d join cases c on c.id = d.case_id"
        ).fetchone()[0]
        assert joined == manifest["tables"]["defendants"]
    meta = json.loads((folder / "metadata.json").read_text("utf-8"))
    assert meta["title"] and meta["license"] and meta["source"] and meta["description"]
    described = meta["databases"]["refusenik-public"]["tables"]
    for spec in PUBLIC_TABLES:
        assert described[spec.name]["description"] == spec.description
        assert set(described[spec.name]["columns"]) == set(spec.column_names)
    assert described["punishments"]["units"] == {
        "term_months": "month",
        "probation_months": "month",
    }


def test_no_real_name_act_text_or_private_column_in_any_export(exports, real_names):
    for fmt, (folder, _) in exports.items():
        text = all_text(folder)
        assert leaked(text, real_names) == [], fmt
    header = (exports["csv"][0] / "cases.csv").read_text("utf-8-sig").splitlines()[0]
    assert "case_key" not in header and "card_id" not in header
    # No table of act or press-release text, of archive URLs, or of listing windows.
    assert not {t.name for t in PUBLIC_TABLES} & {
        "captures",
        "ingested_captures",
        "press_releases",
        "listing_windows",
        "sources",
    }


def test_scope_filters_cases_and_official_figures(capsys, demo_run, tmp_path):
    court = demo_run.summary["crawl"]["court_codes"][0]
    code, out, err = run(
        capsys,
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path),
        "--db",
        demo_run.db,
        "--court",
        court,
        "--article",
        "337",
        "--since",
        "2023-06-01",
        "--json",
    )
    assert code == 0, err
    tables = json.loads(out)["tables"]
    cases = list(csv.DictReader(io.StringIO((tmp_path / "cases.csv").read_text("utf-8-sig"))))
    assert len(cases) == tables["cases"] > 0
    assert all(
        c["court"] == court and "337" in c["articles"] and c["received"] >= "2023-06-01"
        for c in cases
    )
    ids = {c["id"] for c in cases}
    events = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text("utf-8-sig"))))
    assert events and {e["case_id"] for e in events} <= ids
    # Official figures follow the article and the years of the window: none after 2024.
    assert tables["official_statistics"] == 0
    assert "art. 337" in (tmp_path / "README.md").read_text("utf-8")
    code, out, err = run(
        capsys,
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "all"),
        "--db",
        demo_run.db,
        "--article",
        "337",
        "--json",
    )
    assert code == 0, err
    official = list(
        csv.DictReader(
            io.StringIO((tmp_path / "all" / "official_statistics.csv").read_text("utf-8-sig"))
        )
    )
    assert len(official) == json.loads(out)["tables"]["official_statistics"] > 0
    assert {r["article"] for r in official} == {"337"}


@pytest.mark.parametrize(
    "args, says",
    [
        (("--format", "pdf"), "--format"),
        (("--format", "csv", "--since", "yesterday"), "--since"),
        (("--format", "csv", "--part", "5"), "--part needs --article"),
        (("--format", "csv", "--article", "three"), "--article"),
        (("--format", "csv", "--court", "63GV0006;drop"), "--court"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, demo_run, tmp_path, args, says):
    code, _, err = run(capsys, "export", "--out", str(tmp_path / "x"), "--db", demo_run.db, *args)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_out_that_is_a_file_is_refused(capsys, demo_run, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    code, _, err = run(
        capsys, "export", "--format", "csv", "--out", str(target), "--db", demo_run.db
    )
    assert code == 2 and "is a file" in err and target.read_text() == "keep me"


def test_datasette_serves_the_sqlite_export_with_its_metadata(exports):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from datasette.app import Datasette

    folder, manifest = exports["sqlite"]
    meta = json.loads((folder / "metadata.json").read_text("utf-8"))

    async def pages() -> tuple[dict, str, dict]:
        ds = Datasette([str(folder / "refusenik-public.db")], metadata=meta)
        await ds.invoke_startup()
        served = (await ds.client.get("/-/metadata.json")).json()
        html = (await ds.client.get("/refusenik-public/punishments?_size=5")).text
        rows = (await ds.client.get("/refusenik-public/cases.json?_shape=objects&_size=max")).json()
        return served, html, rows

    # In a thread of its own: a session-wide Playwright browser (tests/web) keeps an event
    # loop running in the main thread, where asyncio.run would refuse to start another.
    with ThreadPoolExecutor(1) as pool:
        served, html, rows = pool.submit(asyncio.run, pages()).result()
    assert served["title"] == meta["title"] and served["license"] == meta["license"]
    punishments = next(t for t in PUBLIC_TABLES if t.name == "punishments")
    assert punishments.description.split(",")[0] in html
    # Terms shown with their unit (Datasette reads it from metadata.json through Pint).
    assert re.search(r'col-term_months type-Quantity">\d+&nbsp;month<', html)
    assert len(rows["rows"]) == manifest["tables"]["cases"]


def test_a_store_with_nothing_in_it_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(
        capsys,
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "x"),
        "--db",
        f"sqlite:///{tmp_path / 'empty.sqlite'}",
    )
    assert code == 2 and "nothing to export" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()
