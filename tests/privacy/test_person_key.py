"""One person, one key: a pseudonym never depends on how a page spells the name."""

from __future__ import annotations

import pytest

from refusenik.privacy import Pseudonymiser, person_key

P = Pseudonymiser(key=bytes(range(32)))


@pytest.mark.parametrize(
    "written",
    [
        "Ковалёв Пётр Сергеевич",  # card, in full
        "КОВАЛЕВ П.С.",  # listing, capitals
        "Ковалев  П. С.",  # spaces inside the initials
        "Ковалёв П.С",  # last full stop missing
        "П.С. Ковалёв",  # initials first
        "Ковалёва Петра Сергеевича",  # act: genitive, patronymic decides the case
        "Ковалёву Петру Сергеевичу",  # press release: dative
        "Ковалёвым Петром Сергеевичем",  # instrumental
        "Пётр Сергеевич Ковалёв",  # first name, patronymic, surname
        "Ковалёвым П.С.",  # only one reading as a surname: instrumental of Ковалёв
    ],
)
def test_spellings_of_one_man_share_a_key(written: str) -> None:
    assert person_key(written) == "ковалев пс"
    assert P(written) == P("Ковалев П.С.")


@pytest.mark.parametrize(
    "written",
    [
        "Измайлова Ирина Олеговна",
        "ИЗМАЙЛОВА И.О.",
        "Измайловой Ирине Олеговне",  # «для вручения Измайловой Ирине Олеговне»
        "Измайловой И.О.",  # every reading is a case of Измайлова
        "Ирина Олеговна Измайлова",
    ],
)
def test_spellings_of_one_woman_share_a_key(written: str) -> None:
    assert person_key(written) == "измайлова ио"


def test_ambiguous_forms_stay_as_written() -> None:
    """«Иванова И.И.» is a woman in the nominative or a man in the genitive; «Иванову»
    a man in the dative or a woman in the accusative. Guessing would merge two people,
    so the form is kept and the caller that reads the sentence decides."""
    assert person_key("Иванова И.И.") == "иванова ии"
    assert person_key("Иванову И.И.") == "иванову ии"
    # a full patronymic removes the doubt
    assert person_key("Иванова Ивана Ивановича") == "иванов ии"
    assert person_key("Иванову Ивану Ивановичу") == "иванов ии"
    assert person_key("Иванову Анну Сергеевну") == "иванова ас"


def test_different_people_keep_different_keys() -> None:
    assert person_key("Иванов И.И.") != person_key("Иванова И.И.")
    assert person_key("Иванов И.И.") != person_key("Иванов И.П.")
    assert person_key("Иванов Иван Иванович") != person_key("Петров Иван Иванович")


def test_words_the_dictionary_does_not_know_as_surnames_are_kept() -> None:
    assert person_key("Бережной О.Ю.") == "бережной ою"
    assert person_key("Долгих П.С.") == "долгих пс"
    assert person_key("Ким Андрею Олеговичу") == "ким ао"  # indeclinable
    assert person_key("Иванова-Петрова Анна Сергеевна") == "иванова-петрова ас"


def test_placeholders_are_folded_not_read_as_names() -> None:
    assert person_key("ФИО1") == "фио1"
    assert person_key(" <данные изъяты> ") == "<данные изъяты>"
