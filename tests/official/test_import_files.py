"""`import_files`: skip what is already stored unread, stream the rest, record provenance."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
from dataclasses import replace

import pytest
import sqlalchemy as sa

from refusenik.errors import UserInputError
from refusenik.official import importer
from refusenik.official.bundled import XLS_DIR, bundled_files
from refusenik.official.importer import PARSER_VERSION, import_files, imported_files
from refusenik.store import engine_for
from refusenik.store.models import OfficialFile, OfficialStatistic, SourceRow

SMALL = XLS_DIR / "2020parameters.xls.gz"
OTHER = XLS_DIR / "2017parameters.xls.gz"
MEMORY_BOUND_MB = 200


@pytest.fixture
def engine(tmp_path):
    return engine_for(f"sqlite:///{tmp_path / 'store.sqlite'}")


def _count(engine, table):
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_file_already_imported_is_skipped_without_being_parsed(engine, monkeypatch):
    (first,) = import_files([SMALL], engine)
    assert first.status == "imported" and first.rows > 1000
    rows = _count(engine, OfficialStatistic)

    def must_not_open(*_args, **_kwargs):
        raise AssertionError("an already-imported file was opened")

    monkeypatch.setattr(importer, "open_form", must_not_open)
    reported = []
    (again,) = import_files([SMALL], engine, on_file=reported.append)
    assert again.status == "unchanged" and again.rows == 0
    assert (again.name, again.form, again.year) == ("2020parameters.xls", "10.3.1", 2020)
    assert reported == [again]
    assert _count(engine, OfficialStatistic) == rows
    assert imported_files(engine) == 1


def test_each_file_is_a_source_with_its_provenance(engine):
    import_files([SMALL, OTHER], engine)
    raw = gzip.decompress(SMALL.read_bytes())
    with engine.connect() as conn:
        source = conn.execute(
            sa.select(SourceRow).where(SourceRow.uri == "2020parameters.xls")
        ).one()
        official = conn.execute(
            sa.select(OfficialFile).where(OfficialFile.source_id == source.id)
        ).one()
        linked = conn.execute(
            sa.select(sa.func.count()).where(OfficialStatistic.source_id == source.id)
        ).scalar_one()
    assert source.kind == "official_file"
    assert source.sha256 == hashlib.sha256(raw).hexdigest()
    assert source.size == len(raw)
    assert source.parser_version == PARSER_VERSION
    assert source.imported_at is not None and source.http_status is None
    assert (official.form, official.year, official.period) == ("10.3.1", 2020, "12m")
    assert official.rows == linked > 1000


def test_a_bad_file_late_in_the_run_leaves_nothing_of_the_run(engine, tmp_path):
    import_files([OTHER], engine)
    before = (_count(engine, SourceRow), _count(engine, OfficialStatistic))
    broken = tmp_path / "broken.xls"
    broken.write_bytes(gzip.decompress(SMALL.read_bytes())[:50_000])
    with pytest.raises(UserInputError, match=r"broken\.xls: not a readable \.xls workbook"):
        import_files([XLS_DIR / "2018parameters.xls.gz", broken], engine)
    assert (_count(engine, SourceRow), _count(engine, OfficialStatistic)) == before


def test_a_second_file_for_a_form_year_already_in_the_run_is_refused(engine, tmp_path):
    twin = tmp_path / "copy-2020parameters.xls"
    twin.write_bytes(gzip.decompress(SMALL.read_bytes()) + b"\0" * 512)  # same form, other bytes
    with pytest.raises(UserInputError, match=r"both form 10\.3\.1 for 2020"):
        import_files([SMALL, twin], engine)
    assert _count(engine, SourceRow) == 0
    # ... also when the first one was skipped as already imported
    import_files([SMALL], engine)
    with pytest.raises(UserInputError, match=r"both form 10\.3\.1 for 2020"):
        import_files([SMALL, twin], engine)


def test_a_corrected_file_replaces_the_stored_one(engine, tmp_path):
    import_files([SMALL], engine)
    rows = _count(engine, OfficialStatistic)
    corrected = tmp_path / "2020parameters-corrected.xls"
    corrected.write_bytes(gzip.decompress(SMALL.read_bytes()) + b"\0" * 512)
    (result,) = import_files([corrected], engine)
    assert result.status == "replaced" and result.rows == rows
    with engine.connect() as conn:
        uris = conn.execute(sa.select(SourceRow.uri)).scalars().all()
    assert uris == ["2020parameters-corrected.xls"]
    assert _count(engine, OfficialStatistic) == rows


def test_import_files_and_store_parsed_store_the_same_rows(tmp_path, parsed_forms):
    streamed = engine_for(f"sqlite:///{tmp_path / 'a.sqlite'}")
    import_files([SMALL], streamed)
    (item,) = [p for p in parsed_forms if p.form_file.name == "2020parameters.xls"]
    batch = engine_for(f"sqlite:///{tmp_path / 'b.sqlite'}")
    importer.store_parsed([replace(item)], batch)
    query = sa.select(
        OfficialStatistic.key, OfficialStatistic.value, OfficialStatistic.formula
    ).order_by(OfficialStatistic.key)
    with streamed.connect() as a, batch.connect() as b:
        assert a.execute(query).all() == b.execute(query).all()


PEAK_RSS_CHILD = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:])
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

IMPORT_ALL = """
import sys
from refusenik.official.bundled import bundled_files
from refusenik.official.importer import import_files
from refusenik.store import engine_for
results = import_files(bundled_files(), engine_for(sys.argv[1]))
print(sorted({r.status for r in results}), len(results))
"""


def _peak_rss_mb(*argv: str) -> tuple[str, float]:
    """Run argv in a fresh process; its output and its peak resident memory in MB."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS_CHILD, *argv],
        capture_output=True,
        text=True,
        timeout=600,
    )
    *output, last = done.stdout.strip().splitlines()
    code, kilobytes = last.split()
    assert code == "0", done.stderr
    return "\n".join(output), int(kilobytes) / 1024


def test_importing_every_bundled_form_stays_under_the_memory_bound(tmp_path):
    url = f"sqlite:///{tmp_path / 'all.sqlite'}"
    output, peak = _peak_rss_mb(sys.executable, "-c", IMPORT_ALL, url)
    assert output == f"['imported'] {len(bundled_files())}"
    assert peak < MEMORY_BOUND_MB, f"peak RSS {peak:.0f} MB"
    output, again = _peak_rss_mb(sys.executable, "-c", IMPORT_ALL, url)
    assert output == f"['unchanged'] {len(bundled_files())}"
    assert again < peak  # nothing parsed the second time
