"""Reading official figures back: one record type, streamed, and never a silent empty answer."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from dataclasses import fields

import pytest
import sqlalchemy as sa

from refusenik.analysis.official import Filters, coverage, explain_empty, iter_facts
from refusenik.cli import main
from refusenik.official.bundled import XLS_DIR
from refusenik.official.fact import FACT_FIELDS, Fact
from refusenik.official.importer import import_forms
from refusenik.store import engine_for
from refusenik.store.models import OfficialStatistic

# 2020 is the last year with per-article rows for Chapter 33; 2023 gives only its total.
FILES = ("2020add.xls.gz", "2020main.xls.gz", "K7-svod_vse_sudy-2023.xls.gz", "k3-svod_vse_sudy-2023.xls.gz")  # fmt: skip


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'official.sqlite'}"
    engine = engine_for(url)
    import_forms([XLS_DIR / name for name in FILES], engine)
    engine.dispose()
    return url


def show(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["official", "show", "--db", url, *args])
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


def test_the_store_row_has_every_field_of_the_record():
    assert set(FACT_FIELDS) <= set(OfficialStatistic.__table__.columns.keys())
    assert [f.name for f in fields(Fact)] == list(FACT_FIELDS)


def test_facts_come_back_as_the_record_the_importer_wrote(store_url):
    engine = engine_for(store_url)
    facts = list(iter_facts(engine, Filters.parse(article="ch33", year=2023, metric="convicted")))
    assert {(f.form, f.value, f.derived) for f in facts} == {
        ("10.3", 4409.0, False),
        ("10-a", 4409.0, True),
    }
    assert all(isinstance(f, Fact) and isinstance(f.derived, bool) for f in facts)


def test_article_not_published_for_the_year_answers_with_the_chapter_total(capsys, store_url):
    code, out, _ = show(capsys, store_url, "--article", "337", "--year", "2023", "-m", "convicted")
    assert code == 0
    flat = " ".join(out.split())
    assert "ст. 337: the official forms publish no per-article figure for 2023" in flat
    assert "(they do for 2020)" in flat
    assert "Chapter 33 as a whole" in flat
    assert "4 409" in out and "K7-svod_vse_sudy-2023.xls!Раздел 1!C" in out
    # the derived chapter total carries its formula and the cells it was computed from
    assert "derived [1]" in out and "[1] k3-svod_vse_sudy-2023.xls!Раздел 1: D8 − (" in out
    assert "no rows match" not in out


def test_same_answer_as_json_keeps_stdout_valid(capsys, store_url):
    code, out, err = show(capsys, store_url, "-a", "337", "-y", "2023", "-m", "convicted", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {r["article"] for r in rows} == {"ch33"} and len(rows) == 2
    assert "no per-article figure for 2023" in err


def test_a_published_year_still_gives_the_article(capsys, store_url):
    code, out, _ = show(capsys, store_url, "-a", "337", "-p", "4", "-y", "2020", "-m", "convicted", "--json")  # fmt: skip
    assert code == 0
    assert [(r["article"], r["part"], r["value"]) for r in json.loads(out)] == [("337", "4", 312)]


@pytest.mark.parametrize("year", ["1900", "2025"])
def test_a_year_outside_the_store_is_exit_2_naming_the_range(capsys, store_url, year):
    code, out, err = show(capsys, store_url, "--year", year)
    assert code == 2 and out == ""
    assert f"--year {year}" in err and "2020–2023" in err


def test_a_part_that_does_not_exist_is_exit_2_naming_the_parts(capsys, store_url):
    code, _, err = show(capsys, store_url, "--article", "337", "--part", "9")
    assert code == 2
    assert "--part 9" in err and "ст. 337 have parts 1, 2, 3, 4" in err
    code, _, err = show(capsys, store_url, "--part", "9")
    assert code == 2 and "no official figure has such a part" in err


def test_a_part_the_law_has_but_the_forms_never_published_is_explained(capsys, store_url):
    code, out, _ = show(capsys, store_url, "-a", "337", "-p", "5", "-y", "2023", "-m", "convicted")
    assert code == 0
    assert "ст. 337 ч. 5: the official forms publish no per-article figure for 2023" in " ".join(
        out.split()
    )


def test_empty_answer_names_the_filters(store_url):
    engine = engine_for(store_url)
    filters = Filters.parse(article="328", year=2023, metric="below_minimum", form="10-a")
    answer = explain_empty(coverage(engine), filters)
    assert answer.instead is None
    assert (
        "ст. 328" in answer.message and "2023" in answer.message and "form 10-a" in answer.message
    )


def test_no_filter_gives_a_summary_not_every_row(capsys, store_url):
    code, out, _ = show(capsys, store_url)
    assert code == 0
    assert "Official figures" in out and "--limit" in out
    assert len(out.splitlines()) < 30
    assert "2020" in out and "2023" in out and "10.3" in out


def test_limit_caps_rows_and_says_how_many_there_are(capsys, store_url):
    code, out, _ = show(capsys, store_url, "--limit", "5")
    assert code == 0
    assert sum(1 for line in out.splitlines() if line.startswith("│ 20")) == 5
    total = sa.create_engine(store_url).connect().execute(sa.text("select count(*) from official_statistics")).scalar_one()  # fmt: skip
    assert f"5 of {total:,} rows shown" in out
    code, out, _ = show(capsys, store_url, "--limit", "3", "--json")
    assert len(json.loads(out)) == 3


def _peak_rss_mib(args: list[str]) -> tuple[float, int]:
    """Peak memory of one child process running `refusenik official show …`, and its rows."""
    code = (
        "import resource, sys\n"
        "from refusenik.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "official", "show", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    rows = len(json.loads(done.stdout))
    return int(done.stderr.split()[-1]) / 1024, rows


def test_streamed_json_keeps_memory_flat(store_url):
    small_mib, small_rows = _peak_rss_mib(["--db", store_url, "--json", "--limit", "10"])
    all_mib, all_rows = _peak_rss_mib(["--db", store_url, "--json"])
    assert small_rows == 10 and all_rows > 50_000
    # Holding 50 000+ rows as records and JSON text would take well over 40 MiB more.
    assert all_mib - small_mib < 25, (small_mib, all_mib)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


def test_a_json_answer_loads_neither_rich_nor_the_form_readers(store_url):
    code = (
        "import sys\n"
        "from refusenik.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    args = ["official", "show", "--db", store_url, "-a", "ch33", "-y", "2023", "-m", "convicted", "--json"]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    assert len(json.loads(done.stdout)) == 2
    modules = done.stderr.split("\n")[-2].split()
    assert [m for m in modules if m.split(".")[0] in {"rich", "xlrd", "yaml", "lxml"}] == []
    assert "refusenik.official.derive" not in modules
