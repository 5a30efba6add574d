"""Additional punishments and the prison part of a term, as typed fields; a court fine
(ст. 76.2) as a dismissal, never a conviction."""

from __future__ import annotations

import pytest

from refusenik.extract import extract


def _one(text: str) -> dict:
    (d,) = extract(text).to_dict()["defendants"]
    return d


def test_first_years_in_prison_are_a_field_and_not_the_term():
    d = _one(
        "Военный суд приговорил Андрея Лаврова к 12 годам лишения свободы с отбыванием первых "
        "трёх лет в тюрьме, а остального срока — в колонии строгого режима."
    )
    p = d["punishment"]
    assert (p["term_months"], p["prison_months"], p["regime"]) == (144, 36, "strict")


def test_no_prison_part_when_the_text_names_none():
    d = _one("Суд приговорил Андрея Лаврова к 6 годам колонии строгого режима.")
    assert d["punishment"]["prison_months"] is None


@pytest.mark.parametrize(
    ("phrase", "scope", "months"),
    [
        ("с лишением права управлять транспортными средствами на три года", "driving", 36),
        ("с лишением права занимать должности на государственной службе на 5 лет", "positions", 60),
        (
            "с лишением права заниматься деятельностью, связанной с управлением транспортными "
            "средствами, на 2 года",
            "driving",
            24,
        ),
        ("с лишением права заниматься педагогической деятельностью на 4 года", "activity", 48),
    ],
)
def test_a_ban_says_what_it_forbids(phrase, scope, months):
    d = _one(f"Суд приговорил Игоря Носова к 3 годам колонии общего режима {phrase}.")
    (ban,) = [a for a in d["punishment"]["additional"] if a["kind"] == "ban"]
    assert (ban["scope"], ban["term_months"]) == (scope, months)


def test_lost_driving_licence_is_a_driving_ban():
    d = _one(
        "Ефрейтор Пётр Лозинский получил штраф на сумму 40 тысяч рублей, а также был лишён "
        "водительских прав."
    )
    assert [(a["kind"], a["scope"]) for a in d["punishment"]["additional"]] == [("ban", "driving")]


def test_an_accompanying_fine_is_additional_not_the_main_punishment():
    d = _one(
        "Суд приговорил Олега Приходько к 5 годам колонии строгого режима и штрафу в размере "
        "110 тысяч рублей."
    )
    p = d["punishment"]
    assert (p["kind"], p["fine_rub"]) == ("imprisonment", None)
    assert [(a["kind"], a["fine_rub"]) for a in p["additional"]] == [("fine", 110000)]


def test_stripped_of_rank_is_typed():
    d = _one("Суд приговорил майора Ивана Петрова к 5 годам колонии и лишил его воинского звания.")
    assert [a["kind"] for a in d["punishment"]["additional"]] == ["stripped_of_rank"]


def test_court_fine_is_a_dismissal_with_its_amount():
    d = _one(
        "Суд прекратил уголовное дело в отношении рядового Петра Сомова с назначением "
        "судебного штрафа в размере 30 тысяч рублей."
    )
    assert (d["outcome"], d["dismissal_ground"], d["judicial_fine_rub"], d["punishment"]) == (
        "dismissed",
        "court_fine",
        30000,
        None,
    )
