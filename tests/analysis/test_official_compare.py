"""Official sentence distributions with their source cells, and the crawl reconciled with
them — units stated, cells named, Chapter 33's hidden years answered with its total."""

from __future__ import annotations

import pytest

from refusenik.analysis import figures as F
from refusenik.analysis.figures import Scope
from refusenik.official.bundled import XLS_DIR
from refusenik.official.importer import import_forms
from refusenik.store import engine_for

from .handmade import SMALL, build

FILES = ("10.3-2022.xls.gz", "10.3.1-2022.xls.gz")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = engine_for(f"sqlite:///{tmp_path_factory.mktemp('official') / 'store.sqlite'}")
    import_forms([XLS_DIR / name for name in FILES], engine)
    build(engine, SMALL)
    yield engine
    engine.dispose()


def test_328_fines_and_imprisonment_by_year_with_cells(engine):
    table = F.official_distribution(engine, "328")
    assert table.unit.startswith("persons convicted")
    rows = {(r[0], r[1], r[2]): r for r in table.rows}
    # Form 10.3, 2022, art. 328 ч.1: 1,121 convicted, 1,113 fined, 1 imprisoned.
    assert rows[(2022, "1", "convicted")][3] == 1121
    fine = rows[(2022, "1", "fine")]
    assert fine[3] == 1113 and fine[4] == pytest.approx(1113 / 1121, abs=1e-4)
    assert rows[(2022, "1", "imprisonment")][3] == 1
    assert fine[5] == "10.3" and fine[6].startswith("10.3-2022.xls!") and fine[6][-1].isdigit()
    assert rows[(2022, "1", "below_minimum")][5] == "10.3.1"
    assert F.official_distribution(engine, "328", range(2017, 2020)).rows == ()


def test_a_chapter_33_article_is_answered_with_the_chapter_total(engine):
    table = F.official_distribution(engine, "337")
    assert table.rows and all(r[1] == "ch33" for r in table.rows)
    assert any("Chapter 33 total" in note for note in table.notes)
    convicted = [r for r in table.rows if r[2] == "convicted"]
    assert [r[3] for r in convicted] == [1379]  # Chapter 33 convicted in 2022


def test_reconcile_states_both_units_the_difference_and_the_cell(engine):
    table = F.reconcile(engine, Scope())
    rows = {(r[0], r[1]): r for r in table.rows}
    evasion = rows[(2022, "evasion")]
    # The hand-made store holds one person convicted under 328 ч.1, decided 01.12.2022.
    assert evasion[2] == 1
    assert evasion[3] == 1123  # ч.1 1,121 + ч.2 2
    assert evasion[4] == 1122
    assert "sentence in force" in evasion[6] and "decision" in evasion[5]
    assert evasion[7].count("10.3-2022.xls!") == 2
    chapter = rows[(2022, "chapter 33 (all military crimes)")]
    assert chapter[3] == 1379 and chapter[2] == 0
    awol = rows[(2023, "awol")]
    assert awol[2] == 2 and awol[3] is None  # no 2023 forms in this store
