"""Number words in any case and the term forms courts and press releases use (law.md §4.2)."""

from __future__ import annotations

import pytest

from refusenik.extract.numbers import combine, word_value
from refusenik.extract.terms import Scanner
from refusenik.extract.text import lowered


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("шести", 6),
        ("двум", 2),
        ("трём", 3),
        ("пятнадцати", 15),
        ("полутора", 1.5),
        ("ста", 100),
        ("сорока", 40),
        ("двумстам", 200),
        ("пятьюстами", 500),
        ("одному", 1),
        ("две", 2),
        ("тысяч", "тысяча"),
        ("годам", None),
        ("колонии", None),
    ],
)
def test_word_value_any_case(word, value):
    assert word_value(word) == value


def test_combine_builds_compound_numbers():
    assert combine([20, 5, "тысяча"]) == 25000
    assert combine([100, "тысяча"]) == 100000
    assert combine([300, 50, "тысяча", 200]) == 350200


def _terms(text: str) -> list[tuple[int | None, int | None]]:
    sc = Scanner(lowered(text))
    return [(t.months, t.days) for t in sc.terms]


@pytest.mark.parametrize(
    ("text", "months", "days"),
    [
        ("на срок 2 (два) года 6 (шесть) месяцев", 30, None),
        ("к двум годам двум месяцам колонии-поселения", 26, None),
        ("5,5 года условно", 66, None),
        ("к полутора годам колонии", 18, None),
        ("три с половиной года", 42, None),
        ("к пяти с половиной годам колонии", 66, None),
        ("на 1 год 11 месяцев 7 дней", 23, 7),
        ("к одному году и восьми месяцам лишения свободы", 20, None),
        ("к году колонии-поселения", 12, None),
        ("6 (шести) лет", 72, None),
        ("к 13 годам лишения свободы", 156, None),
        ("в течение восьми месяцев", 8, None),
    ],
)
def test_terms(text, months, days):
    assert _terms(text)[0] == (months, days)


def test_redacted_term_has_no_value():
    sc = Scanner(lowered("в виде <данные изъяты> лет лишения свободы"))
    assert sc.terms[0].redacted
    assert sc.terms[0].months is None


def test_calendar_year_is_not_a_term():
    assert _terms("приговор от 12 марта 2024 года") == []


@pytest.mark.parametrize(
    ("text", "rub"),
    [
        ("в размере 100 000 (ста тысяч) рублей", 100000),
        ("в размере ста двадцати тысяч рублей", 120000),
        ("на 100 тысяч рублей", 100000),
        ("80 тыс. рублей", 80000),
        ("50000 руб.", 50000),
    ],
)
def test_money(text, rub):
    sc = Scanner(lowered(text))
    assert [q.value for q in sc.qs if q.unit == "rub"] == [rub]
