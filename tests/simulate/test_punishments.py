"""Punishments are worded as law.md §4 records them, in acts and in press releases."""

from __future__ import annotations

import random

from refusenik.simulate.charges import Charge
from refusenik.simulate.punishments import (
    Outcome,
    Punishment,
    case_result,
    draw_outcome,
    news_sentence,
    operative_part,
    sentence_words,
)

PRISON = Punishment("imprisonment", years=5, months=6, regime="general")
SUSPENDED = Punishment("imprisonment", years=5, suspended=True, probation_years=3)
FINE = Punishment("fine", fine_rub=100_000, below_minimum=True)
RESTRICTION = Punishment("restriction_of_service", years=1, deduction_pct=10)
DBU = Punishment("disciplinary_unit", years=1, months=6)


def test_act_wording_of_each_kind():
    assert sentence_words(PRISON) == (
        "лишения свободы на срок 5 (пять) лет 6 (шесть) месяцев "
        "с отбыванием наказания в исправительной колонии общего режима"
    )
    assert sentence_words(FINE) == "штрафа в размере 100 000 (сто тысяч) рублей"
    assert sentence_words(RESTRICTION) == (
        "ограничения по военной службе на срок 1 (один) год с удержанием 10 % "
        "денежного довольствия в доход государства"
    )
    assert (
        sentence_words(DBU)
        == "содержания в дисциплинарной воинской части на срок 1 (один) год 6 (шесть) месяцев"
    )


def test_operative_part_of_a_suspended_sentence_and_art_64():
    crime = "преступления, предусмотренного ч. 5 ст. 337 УК РФ"
    paras = operative_part(Outcome("conviction", SUSPENDED), "И.И.И.", crime, "рядовой", "И.И.И.")
    assert paras[0].startswith(
        "И.И.И. признать виновным в совершении преступления, предусмотренного ч. 5"
    )
    assert "считать условным с испытательным сроком 3 (три) года" in paras[1]
    fine = operative_part(Outcome("conviction", FINE), "И.И.И.", crime, None, "И.И.И.")[0]
    assert "с применением ст. 64 УК РФ назначить ему наказание в виде штрафа" in fine
    dismissal = operative_part(
        Outcome("dismissal", dismissal_basis="art78_1"), "И.И.И.", crime, None, ""
    )
    assert "на основании ст. 78.1 УК РФ" in dismissal[0]


def test_press_release_wording_is_the_news_style():
    assert news_sentence(PRISON) == (
        "к 5 годам 6 месяцам лишения свободы с отбыванием наказания в колонии общего режима"
    )
    assert (
        news_sentence(SUSPENDED)
        == "к 5 годам лишения свободы условно с испытательным сроком 3 года"
    )
    assert news_sentence(FINE) == "к штрафу в размере 100 000 рублей"


def test_case_results_as_cards_print_them():
    assert case_result(Outcome("conviction", PRISON)) == "Вынесен ПРИГОВОР"
    court_fine = case_result(
        Outcome("dismissal", dismissal_basis="court_fine", court_fine_rub=30000)
    )
    assert (
        court_fine.startswith("Уголовное дело ПРЕКРАЩЕНО<br>") and "(ст. 25.1 УПК РФ)" in court_fine
    )


def test_drawn_outcomes_are_mostly_convictions_with_every_kind_present():
    rng = random.Random(1)
    outcomes = [draw_outcome("garrison_military", Charge("337", "5"), rng) for _ in range(3000)]
    kinds = {o.kind for o in outcomes}
    assert kinds == {"conviction", "dismissal", "returned", "transferred", "acquittal"}
    convictions = [o for o in outcomes if o.kind == "conviction"]
    assert len(convictions) > 0.85 * len(outcomes)
    punishment_kinds = {o.punishment.kind for o in convictions}
    assert {"imprisonment", "fine", "disciplinary_unit"} <= punishment_kinds
    suspended = sum(o.punishment.suspended for o in convictions) / len(convictions)
    assert 0.3 < suspended < 0.7  # "more than a third, later the majority" (law.md §3)
