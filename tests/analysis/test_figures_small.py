"""Figures of a hand-made store whose answers are known, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from refusenik.analysis import figures as F
from refusenik.analysis import refresh
from refusenik.analysis.court_text import court_paragraph
from refusenik.analysis.figures import Scope

from .handmade import SMALL, build


@pytest.fixture
def small(any_engine):
    build(any_engine, SMALL)
    assert refresh(any_engine) == 4  # one row per defendant
    return any_engine


def as_dict(table, key="period"):
    return {row[0]: row[-1] for row in table.rows}


def test_received_counts_cases_once_and_persons_count_each_defendant(small):
    received = F.series(small, Scope(), "received")
    assert received.unit == "cases received"
    counts = as_dict(received)
    # Every month from the first to the last case, empty months as 0.
    assert counts[date(2022, 10, 1)] == 1 and counts[date(2023, 3, 1)] == 1
    assert counts[date(2023, 4, 1)] == 1 and counts[date(2023, 1, 1)] == 0
    assert sum(counts.values()) == 3
    assert len(counts) == 7
    persons = as_dict(F.series(small, Scope(), "persons"))
    assert persons[date(2023, 5, 1)] == 2 and persons[date(2022, 12, 1)] == 1
    decisions = as_dict(F.series(small, Scope(), "decisions"))
    assert decisions[date(2023, 5, 1)] == 1 and sum(decisions.values()) == 2


def test_year_series_split_by_article_and_filters(small):
    table = F.series(small, Scope(), "received", by="year", split="article")
    assert table.columns == ("period", "article", "count")
    got = {(r[0].year, r[1]): r[2] for r in table.rows}
    assert got[(2022, "328")] == 1 and got[(2023, "337")] == 1 and got[(2023, "338")] == 1
    assert got[(2022, "337")] == 0
    only = F.series(small, Scope(kind="garrison_military"), "received", by="year")
    assert as_dict(only) == {date(2023, 1, 1): 2}
    assert as_dict(F.series(small, Scope(group="evasion"), "received", by="year")) == {
        date(2022, 1, 1): 1
    }
    since = F.series(small, Scope(since=date(2023, 4, 1)), "received")
    assert sum(as_dict(since).values()) == 1
    parts = F.series(small, Scope(article="337"), "persons", split="part")
    assert {r[1] for r in parts.rows} == {"337 ч.5"}


def test_outcomes_kinds_terms_and_headline(small):
    outcomes = F.outcomes(small, Scope())
    assert outcomes.unit.startswith("persons")
    assert {r[0]: r[1] for r in outcomes.rows} == {"convicted": 3}
    kinds = {r[0]: (r[1], r[2]) for r in F.sentence_kinds(small, Scope()).rows}
    assert kinds == {
        "imprisonment": (1, pytest.approx(1 / 3, abs=1e-4)),
        "suspended": (1, pytest.approx(1 / 3, abs=1e-4)),
        "fine": (1, pytest.approx(1 / 3, abs=1e-4)),
    }
    terms = F.terms(small, Scope())
    assert terms.unit == "months"
    rows = {(r[0], r[1], r[2]): r[3:] for r in terms.rows}
    assert rows == {
        ("337", "5", "imprisonment"): (1, 60, 60, 60),
        ("337", "5", "suspended"): (1, 36, 36, 36),
    }
    head = F.headline(small, Scope())
    assert head["cases_received"] == 3
    assert head["decisions"] == 2
    assert head["persons"] == 3
    assert head["persons_sentenced"] == 3
    assert head["share_suspended"] == pytest.approx(1 / 3, abs=1e-4)
    # Only the 36-month suspended term is below the 60-month minimum of 337 ч.5.
    assert head["share_below_minimum"] == pytest.approx(1 / 3, abs=1e-4)
    # 53 days (10.03 → 02.05.2023) and 61 days (01.10 → 01.12.2022), counted in weekly
    # bands at their middle day: 52 (49–55) and 59 (56–62), median 55.5.
    assert head["median_days_to_decision"] == 55.5
    assert head["as_of"] == date(2026, 11, 20)
    assert head["provisional_from"] == date(2026, 9, 1)


def test_a_new_case_is_seen_without_an_explicit_refresh(small):
    from .handmade import Case, Person

    build(
        small,
        [Case("63GV0006", "1-99/2024", date(2024, 2, 2), people=[Person("P-eee", "ст.337 ч.1")])],
    )
    assert F.headline(small, Scope())["cases_received"] == 4


def test_refresh_is_idempotent(small):
    first = F.series(small, Scope(), "persons", split="court")
    assert refresh(small) == 4
    assert F.series(small, Scope(), "persons", split="court") == first


def test_an_empty_store_answers_empty_tables(sqlite_engine):
    table = F.series(sqlite_engine, Scope(), "received")
    assert table.rows == () and table.unit == "cases received"
    assert F.headline(sqlite_engine, Scope())["cases_received"] == 0


def test_court_paragraph_says_what_the_crawl_holds(small):
    text = court_paragraph(small, "63gv0006")
    assert text.startswith("Пермский гарнизонный военный суд (63GV0006, garrison military court")
    assert "1 cases received, 1 decided, concerning 2 persons" in text
    assert "50% real imprisonment, 50% suspended imprisonment" in text
    assert "50% of the sentences that could be checked are below the statutory minimum" in text
    assert "Its site has not been crawled." in text
    from refusenik.errors import UserInputError

    with pytest.raises(UserInputError, match="99GV9999"):
        court_paragraph(small, "99GV9999")
