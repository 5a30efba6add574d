"""Import semantics: one transaction, idempotent, bad files refused with a clear error."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import replace

import pytest
import sqlalchemy as sa

from refusenik.errors import UserInputError
from refusenik.official import importer
from refusenik.official.bundled import XLS_DIR
from refusenik.official.importer import (
    collect_files,
    import_forms,
    imported_batches,
    parse_files,
    store_parsed,
)
from refusenik.store import engine_for
from refusenik.store.models import OfficialStatistic, SourceRow

GOOD = "10.3.1-2022.xls"
OTHER = "K7_1-svod_vse_sudy-2023.xls"


def _pick(parsed_forms, name):
    (item,) = [p for p in parsed_forms if p.form_file.name == name]
    return item


def _counts(engine):
    with engine.connect() as conn:
        rows = conn.execute(sa.select(sa.func.count()).select_from(OfficialStatistic)).scalar_one()
        batches = conn.execute(sa.select(SourceRow.uri)).scalars().all()
    return rows, sorted(batches)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path, pg_schema):
    if request.param == "sqlite":
        yield engine_for(f"sqlite:///{tmp_path / 'store.sqlite'}")
        return
    # A schema of its own per test.
    with pg_schema("t") as url:
        eng = engine_for(url)
        yield eng
        eng.dispose()


@pytest.fixture
def malformed(tmp_path):
    """A truncated copy of a real form: the XLS container itself is broken."""
    raw = gzip.decompress((XLS_DIR / f"{OTHER}.gz").read_bytes())
    path = tmp_path / "broken-10.3.1-2023.xls"
    path.write_bytes(raw[: len(raw) // 3])
    return path


def test_reimport_is_idempotent(engine, parsed_forms):
    first = store_parsed([_pick(parsed_forms, GOOD)], engine)
    before = _counts(engine)
    second = store_parsed([_pick(parsed_forms, GOOD)], engine)
    assert [r.status for r in first] == ["imported"]
    assert [r.status for r in second] == ["unchanged"]
    assert _counts(engine) == before
    assert before[0] == first[0].rows > 30_000


def test_malformed_file_leaves_earlier_import_intact(engine, parsed_forms, malformed):
    store_parsed([_pick(parsed_forms, GOOD)], engine)
    before = _counts(engine)
    other = XLS_DIR / f"{OTHER}.gz"
    with pytest.raises(UserInputError) as error:
        import_forms([other, malformed], engine)
    assert malformed.name in str(error.value)
    assert "not a readable .xls workbook" in str(error.value)
    # nothing of the failed run, everything from before
    assert _counts(engine) == before


def test_failure_while_writing_rolls_back_the_whole_run(engine, parsed_forms, monkeypatch):
    store_parsed([_pick(parsed_forms, GOOD)], engine)
    before = _counts(engine)
    calls = []
    real = importer._bulk_insert

    def failing(conn, rows):
        # rows arrive in chunks; fail on the first chunk of the second file
        calls.append(rows[0]["source_id"])
        if len(set(calls)) == 2:
            raise RuntimeError("disk full")
        real(conn, rows)

    monkeypatch.setattr(importer, "_bulk_insert", failing)
    items = [_pick(parsed_forms, OTHER), _pick(parsed_forms, "10.3-2022.xls")]
    with pytest.raises(RuntimeError, match="disk full"):
        store_parsed(items, engine)
    assert len(set(calls)) == 2  # the first file was written, then rolled back with the second
    assert _counts(engine) == before


def test_a_new_version_of_a_form_replaces_the_old_rows(engine, parsed_forms):
    item = _pick(parsed_forms, GOOD)
    store_parsed([item], engine)
    before = _counts(engine)
    corrected = replace(item, form_file=replace(item.form_file, sha256="0" * 64))
    (result,) = store_parsed([corrected], engine)
    assert result.status == "replaced"
    assert _counts(engine) == before  # same rows, no duplicates, one batch


def test_gz_and_plain_copy_are_the_same_import(tmp_path, parsed_forms):
    engine = engine_for(f"sqlite:///{tmp_path / 's.sqlite'}")
    plain = tmp_path / "in" / GOOD
    plain.parent.mkdir()
    plain.write_bytes(gzip.decompress((XLS_DIR / f"{GOOD}.gz").read_bytes()))
    shutil.copy(XLS_DIR / f"{GOOD}.gz", plain.parent)
    files = collect_files(plain.parent)
    assert [f.name for f in files] == [GOOD, f"{GOOD}.gz"]
    results = import_forms(files, engine)
    assert [r.status for r in results] == ["imported"]
    assert imported_batches(engine) == 1


def test_two_different_files_for_one_form_year_are_refused(parsed_forms):
    item = _pick(parsed_forms, GOOD)
    twin = replace(item, form_file=replace(item.form_file, sha256="1" * 64, name="copy.xls"))
    with pytest.raises(UserInputError, match=r"both form 10\.3\.1 for 2022"):
        importer._unique([item, twin])


def test_collect_files_errors_name_the_path(tmp_path):
    with pytest.raises(UserInputError, match="no such file"):
        collect_files(tmp_path / "missing")
    with pytest.raises(UserInputError, match=r"no \.xls or \.xls\.gz files"):
        collect_files(tmp_path)


def test_not_a_workbook_and_not_a_gzip(tmp_path):
    text = tmp_path / "notes.xls"
    text.write_text("year;value\n2022;1121\n")
    with pytest.raises(UserInputError, match=r"notes\.xls: not a readable \.xls workbook"):
        parse_files([text])
    bad_gz = tmp_path / "form.xls.gz"
    bad_gz.write_bytes(b"not gzip at all")
    with pytest.raises(UserInputError, match=r"form\.xls\.gz: not a readable gzip file"):
        parse_files([bad_gz])


def test_bundled_forms_cover_every_form_and_year_with_provenance(parsed_forms):
    from refusenik.official.bundled import bundled_files, sources

    assert collect_files(None) == bundled_files()
    identities = sorted((p.form_file.form, p.form_file.year) for p in parsed_forms)
    expected = sorted((f, y) for f in ("10-a", "10.3", "10.3.1") for y in range(2017, 2025))
    assert identities == expected
    provenance = sources()
    for item in parsed_forms:
        entry = provenance[f"xls/{item.form_file.name}.gz"]
        assert entry["sha256"] == item.form_file.sha256  # the bundled bytes are the originals
        assert entry["repo"] == "https://github.com/borovikova/dostoevsky-data"
