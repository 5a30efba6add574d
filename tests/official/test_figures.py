"""Figures the Judicial Department published (convictions by article, forms 10.3 and 10-a), as data.

Each entry: (form, year, article, part, metric code, value).
"""

from __future__ import annotations

import pytest

from refusenik.analysis.official import query

YEARS = tuple(range(2017, 2025))

# A1. Art. 328 ч. 1 (Form 10.3; fines total from 10.3.1)
A1 = {
    # year: convicted, fine, suspended, real imprisonment, acquitted, fines total (rub) or None
    2017: (654, 643, 2, 0, 2, None),
    2018: (624, 615, 3, 0, 0, 16_218_500),
    2019: (597, 590, 1, 0, 1, 15_650_000),
    2020: (554, 548, 1, 0, 3, None),  # 2020 10.3.1 (English headers) has no sum columns
    2021: (928, 921, 1, 0, 0, 21_195_000),
    2022: (1121, 1113, 2, 1, 2, 29_918_500),
    2023: (901, 894, 3, 0, 3, 31_532_495),
    2024: (916, 901, 5, 0, 1, 36_991_000),
}
A1_PART2_CONVICTED = {2017: 5, 2018: 7, 2019: 5, 2020: 8, 2021: 6, 2022: 2, 2023: 3, 2024: 2}
A1_ADDITIONAL_QUALIFICATION = {2021: 11, 2022: 18, 2023: 57, 2024: 8}

# A2. Chapter 33, row "Воинские преступления" (Form 10.3; below minimum from 10.3.1)
A2 = {
    # year: convicted, real imprisonment, suspended, disciplinary unit, restriction, fine, below min
    2017: (1736, 331, 621, 80, 259, 381, 0),
    2018: (1413, 257, 532, 79, 180, 308, 0),
    2019: (1449, 260, 496, 80, 233, 323, 0),
    2020: (979, 157, 306, 59, 169, 226, 0),
    2021: (1083, 168, 358, 64, 190, 235, 0),
    2022: (1379, 148, 486, 56, 241, 366, 0),
    2023: (4409, 2238, 1879, 37, 78, 133, 257),
    2024: (9206, 5576, 3434, 16, 13, 104, 322),
}
A2_TERMS = {
    # ≤1, 1–2, 2–3, 3–5, 5–8, 8–10 years (Form 10.3.1)
    2022: (82, 54, 11, 1, 0, 0),
    2023: (106, 405, 420, 750, 552, 4),
    2024: (155, 644, 770, 1711, 2288, 8),
}
TERM_CODES = (
    "primaryImprisonment1",
    "primaryImprisonment1_2",
    "primaryImprisonment2_3",
    "primaryImprisonment3_5",
    "primaryImprisonment5_8",
    "primaryImprisonment8_10",
)
CH33_DERIVED = {2021: 1083, 2022: 1379, 2023: 4409, 2024: 9206}

# A3. 2020 Form 10-a sheet "Раздел 20 (Гл. 33)", convicted by main article
A3_2020 = {
    ("337", "1"): 9,
    ("337", "2"): 0,
    ("337", "3"): 198,
    ("337", "4"): 312,
    ("338", "1"): 19,
    ("338", "2"): 0,
    ("339", "1"): 65,
    ("339", "2"): 3,
    ("332", "1"): 1,
    ("332", "2"): 0,
    ("332", "3"): 0,
    ("333", None): 7,
    ("334", None): 37,
    ("335", None): 285,
    ("336", None): 20,
}
A3_2020_DISMISSED_OTHER = {("339", "1"): 62, ("337", "3"): 21, ("337", "4"): 8}


def expected_cells(
    years: tuple[int, ...] = YEARS,
) -> list[tuple[str, int, str, str | None, str, int]]:
    """Every cell of A1 and A2 (incl. terms and 10-a additional qualification) as expectations."""
    cells = []
    for year in years:
        convicted, fine, suspended, real, acquitted, fines_rub = A1[year]
        for metric, value in (
            ("totalConvicted", convicted),
            ("primaryFine", fine),
            ("primarySuspended", suspended),
            ("primaryImprisonment", real),
            ("acquittal", acquitted),
        ):
            cells.append(("10.3", year, "328", "1", metric, value))
        if fines_rub is not None:
            cells.append(("10.3.1", year, "328", "1", "primaryFineSum", fines_rub))
        cells.append(("10.3", year, "328", "2", "totalConvicted", A1_PART2_CONVICTED[year]))
        if year in A1_ADDITIONAL_QUALIFICATION:
            value = A1_ADDITIONAL_QUALIFICATION[year]
            cells.append(("10-a", year, "328", "1", "addTotalPersons", value))
        convicted, real, suspended, disciplinary, restriction, fine, below = A2[year]
        for metric, value in (
            ("totalConvicted", convicted),
            ("primaryImprisonment", real),
            ("primarySuspended", suspended),
            ("primaryMilitaryDisciplinaryUnit", disciplinary),
            ("primaryRestrictionsInMilitaryService", restriction),
            ("primaryFine", fine),
        ):
            cells.append(("10.3", year, "ch33", None, metric, value))
        cells.append(("10.3.1", year, "ch33", None, "primaryImprisonmentUnderLowerLimit", below))
        for code, value in zip(TERM_CODES, A2_TERMS.get(year, ()), strict=False):
            cells.append(("10.3.1", year, "ch33", None, code, value))
    return cells


# ---------------------------------------------------------------- tests


def _lookup(index, form, year, article, part, metric, derived=False):
    return index.get((form, year, article, part, metric, derived), [])


@pytest.mark.parametrize(
    "form,year,article,part,metric,value",
    expected_cells(),
    ids=lambda v: str(v),
)
def test_raw_files_reproduce_tables_a1_a2(fact_index, form, year, article, part, metric, value):
    found = _lookup(fact_index, form, year, article, part, metric)
    assert len(found) == 1, f"expected exactly one cell, got {[f.source for f in found]}"
    assert found[0].value == value, found[0].source
    assert found[0].cell and found[0].sheet  # provenance down to the cell


def _store_check(engine, years):
    mismatches = []
    for form, year, article, part, metric, value in expected_cells(years):
        rows = [
            r
            for r in query(engine, article=article, part=part, year=year, form=form)
            if r.metric == metric and not r.derived
        ]
        if part is None:
            rows = [r for r in rows if r.part is None]
        if [r.value for r in rows] != [value]:
            mismatches.append((form, year, article, part, metric, value, [r.value for r in rows]))
    return mismatches


def test_sqlite_store_reproduces_every_cell(sqlite_store, sqlite_years):
    assert _store_check(sqlite_store, sqlite_years) == []


def test_postgresql_store_reproduces_every_cell(pg_store, pg_years):
    assert _store_check(pg_store, pg_years) == []


@pytest.mark.parametrize(
    "engine_fixture,derived",
    [("sqlite_store", {y: A2[y][0] for y in (2017, 2018, 2019, 2020)}), ("pg_store", CH33_DERIVED)],
)
def test_store_gives_derived_chapter33_with_formula(engine_fixture, derived, request):
    engine = request.getfixturevalue(engine_fixture)
    for year, expected in derived.items():
        rows = query(engine, article="ch33", year=year, metric="convicted", form="10-a")
        assert len(rows) == 1
        row = rows[0]
        assert (row.value, row.derived) == (expected, True)
        assert (
            row.formula
            and "−" in row.formula
            and row.formula.endswith("Section XI = Chapter 33 (crimes against military service)")
        )
        assert row.source.endswith("!Раздел 1")
        # the published 10.3 aggregate agrees with the recovered number
        published = query(engine, article="ch33", year=year, metric="convicted", form="10.3")
        assert [(r.value, r.derived) for r in published] == [(expected, False)]


def test_derived_chapter33_equals_published_aggregate_every_year(fact_index):
    for year in YEARS:
        derived = _lookup(fact_index, "10-a", year, "ch33", None, "totalConvictedMain", True)
        published = _lookup(fact_index, "10.3", year, "ch33", None, "totalConvicted")
        assert [f.value for f in derived] == [f.value for f in published] == [A2[year][0]]


def test_2020_chapter33_sheet_sums_to_the_recovered_total(all_facts, fact_index):
    rows = [
        f
        for f in all_facts
        if f.year == 2020
        and f.form == "10-a"
        and f.sheet == "Раздел 20 (Гл. 33)"
        and f.metric == "totalConvictedMain"
    ]
    assert {f.article for f in rows} >= {"332", "337", "338", "339", "352"}
    derived = _lookup(fact_index, "10-a", 2020, "ch33", None, "totalConvictedMain", True)
    assert sum(f.value for f in rows) == derived[0].value == 979


def test_2020_per_article_chapter33_detail_matches_a3(all_facts):
    def value(article, part, metric):
        return sum(
            f.value
            for f in all_facts
            if f.year == 2020
            and f.form == "10-a"
            and f.sheet == "Раздел 20 (Гл. 33)"
            and f.article == article
            and (part is None or f.part == part)
            and f.metric == metric
        )

    for (article, part), expected in A3_2020.items():
        assert value(article, part, "totalConvictedMain") == expected, (article, part)
    for (article, part), expected in A3_2020_DISMISSED_OTHER.items():
        assert value(article, part, "dismissalOtherMain") == expected, (article, part)


def test_chapter33_sheet_is_gone_after_2020(all_facts):
    sheets = {(f.year, f.sheet) for f in all_facts if f.form == "10-a" and "Гл. 33" in f.sheet}
    assert sheets == {(2020, "Раздел 20 (Гл. 33)")}


def test_punishment_structure_shares(fact_index):
    def share(year, metric):
        (fact,) = _lookup(fact_index, "10.3", year, "ch33", None, metric, True)
        assert fact.formula
        return round(fact.value * 100, 1)

    assert share(2023, "primaryImprisonmentShare") == 50.8
    assert share(2024, "primaryImprisonmentShare") == 60.6
    assert share(2023, "primarySuspendedShare") == 42.6
    assert share(2024, "primarySuspendedShare") == 37.3


def test_median_term_band_is_3_to_5_years_in_2023_and_2024(fact_index):
    for year in (2023, 2024):
        (fact,) = _lookup(
            fact_index, "10.3.1", year, "ch33", None, "primaryImprisonmentMedianUpperYears", True
        )
        assert fact.value == 5
        assert "primaryImprisonment3_5" in fact.formula
    (early,) = _lookup(
        fact_index, "10.3.1", 2022, "ch33", None, "primaryImprisonmentMedianUpperYears", True
    )
    assert early.value == 1


def test_term_bands_add_up_to_real_imprisonment(fact_index):
    for year in YEARS:
        (bands,) = _lookup(
            fact_index, "10.3.1", year, "ch33", None, "primaryImprisonmentBandsTotal", True
        )
        assert bands.value == A2[year][1], year


def test_verstka_958_is_main_plus_additional_qualification(fact_index):
    (fact,) = _lookup(fact_index, "10-a", 2023, "328", "1", "convictedMainPlusAdditional", True)
    assert fact.value == 958
    assert "901 + 57" in fact.formula


def test_article_328_total_is_sum_of_parts(fact_index):
    for year in YEARS:
        (total,) = _lookup(fact_index, "10.3", year, "328", None, "totalConvicted", True)
        assert total.value == A1[year][0] + A1_PART2_CONVICTED[year]


def test_every_fact_has_a_unique_key(all_facts):
    keys = [f.key for f in all_facts]
    assert len(keys) == len(set(keys))


def test_no_derived_figure_is_negative_and_no_additional_column_is_subtracted(all_facts):
    # Additional-qualification columns do not partition the national line by section, so
    # a Chapter 33 figure "recovered" by subtraction from them would be meaningless.
    derived = [f for f in all_facts if f.derived]
    assert derived, "the chapter-33 totals are derived"
    assert [f for f in derived if f.value < 0] == []
    assert not [f for f in derived if f.article == "ch33" and f.metric.startswith("add")]
