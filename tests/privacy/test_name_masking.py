"""One mask, «‹ФИО›», one word rule set in two strengths; bodies are not people."""

from __future__ import annotations

import pytest

from refusenik.privacy import (
    MASK,
    NAME_MASK,
    mask_name_words,
    mask_names,
    masked_text,
    safe_name,
    safe_text,
)


def test_one_mask() -> None:
    assert MASK == NAME_MASK == "‹ФИО›"
    assert mask_names("сослуживец Бережной Олег Юрьевич приговорён") == (
        "сослуживец ‹ФИО› приговорён"
    )
    assert "<ФИО>" not in mask_names("сослуживец Бережной Олег Юрьевич приговорён")


def test_gentle_masking_masks_initials_beside_a_surname() -> None:
    """The court's own initials are masked like the surname they stand beside."""
    assert mask_name_words("осужденный Иванов И.И. подал жалобу") == (
        "осужденный ‹ФИО› ‹ФИО› подал жалобу"
    )
    assert mask_name_words("осужденному Иванову И. И.") == "осужденному ‹ФИО› ‹ФИО›"
    assert mask_name_words("защитник Петрова А. возразила") == "защитник ‹ФИО› ‹ФИО› возразила"
    assert mask_name_words("П. Иванов") == "‹ФИО› ‹ФИО›"
    # a lone capital with a full stop ends sentences and abbreviations: kept when no name is beside it
    assert mask_name_words("по ч. 5 ст. 337 УК РФ. В суде") == "по ч. 5 ст. 337 УК РФ. В суде"
    assert mask_name_words("от ДД.ММ.ГГГГ") == "от ДД.ММ.ГГГГ"


def test_show_text_pipeline_leaves_no_initials_of_a_pseudonymised_name() -> None:
    shown = mask_name_words(safe_text("Признать ИВАНОВА И.И. виновным; Иванову П. назначить"))
    assert "И.И." not in shown and "П." not in shown
    assert "P-" in shown


@pytest.mark.parametrize(
    "body",
    [
        "ООО «ПКО Шамиль и партнеры»",
        "ООО ПКО «Шамиль и Партнеры»",
        "АО «Тинькофф Банк»",
        "Прокуратура Кировского района г. Уфы",
        "военный прокурор Путиловского гарнизона",
        "Начальнику ФКУ ИК-2 УФСИН России по Республике Башкортостан",
    ],
)
def test_companies_and_authorities_are_not_people(body: str) -> None:
    assert mask_name_words(body) == body
    assert mask_names(body) == body
    assert safe_name(body).name == body and safe_name(body).organisation


def test_a_person_inside_an_authority_is_still_replaced() -> None:
    got = safe_name("Прокуратура Кировского района г.Уфа, Сагадиев Р.Р.")
    assert got.name is not None and "Сагадиев" not in got.name
    assert got.name.startswith("Прокуратура Кировского района г.Уфа, P-")
    # a sole trader is a person
    assert mask_name_words("ИП Шамиль Иванов") == "ИП ‹ФИО› ‹ФИО›"


def test_aggressive_masking_is_a_drop_in_for_evidence_spans() -> None:
    text = "Суд назначил Лаптеву Сергею наказание, его сослуживец Долгих оправдан."
    start = text.index("назначил")
    got = masked_text(text, start, len(text))
    assert got == "назначил ‹ФИО› наказание, его сослуживец ‹ФИО› оправдан."
    known = [(text.index("Лаптеву"), text.index("Лаптеву") + len("Лаптеву"))]
    assert masked_text(text, start, len(text), known) == got
    assert mask_names("в отношении П.С. Долгих") == "в отношении ‹ФИО›"
    assert mask_names("Ч. 5 ст. 337") == "Ч. 5 ст. 337"


@pytest.mark.parametrize(
    "text",
    [
        "Военный суд назначил наказание",
        "Городской суд Москвы",
        "Суд приговорил к лишению свободы",
        "Гарнизонный военный суд Российской Федерации",
    ],
)
def test_court_words_are_masked_in_neither_strength(text: str) -> None:
    assert mask_names(text) == text
    assert mask_name_words(text) == text
