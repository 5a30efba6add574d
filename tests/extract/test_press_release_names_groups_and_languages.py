"""Press releases: no name in evidence, several defendants, fine-only releases, other
Cyrillic languages refused, and a suspended disciplinary-unit term keeping its kind."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refusenik.errors import UserInputError
from refusenik.extract import extract
from refusenik.extract.text import prepare
from refusenik.privacy import MASK, mask_names

# (nominative, accusative, dative), written by hand, so the test does not lean on the
# morphology the code under test uses.
SURNAMES = [
    ("Лаптев", "Лаптева", "Лаптеву"),
    ("Алиев", "Алиева", "Алиеву"),
    ("Ефремов", "Ефремова", "Ефремову"),
    ("Джабраилов", "Джабраилова", "Джабраилову"),
    ("Волков", "Волкова", "Волкову"),
    ("Соколов", "Соколова", "Соколову"),
    ("Бережной", "Бережного", "Бережному"),
    ("Шевчук", "Шевчука", "Шевчуку"),
    ("Кузнецов", "Кузнецова", "Кузнецову"),
    ("Мельниченко", "Мельниченко", "Мельниченко"),
    ("Долгих", "Долгих", "Долгих"),
    ("Ким", "Кима", "Киму"),
    ("Зайцев", "Зайцева", "Зайцеву"),
    ("Гусейнов", "Гусейнова", "Гусейнову"),
    ("Орлов", "Орлова", "Орлову"),
    ("Белоусов", "Белоусова", "Белоусову"),
    ("Тимофеев", "Тимофеева", "Тимофееву"),
    ("Сидоренко", "Сидоренко", "Сидоренко"),
    ("Хабибуллин", "Хабибуллина", "Хабибуллину"),
    ("Ефимов", "Ефимова", "Ефимову"),
    ("Карпенко", "Карпенко", "Карпенко"),
    ("Лебедев", "Лебедева", "Лебедеву"),
]
FIRST_NAMES = [
    ("Сергей", "Сергея", "Сергею"),
    ("Руслан", "Руслана", "Руслану"),
    ("Никита", "Никиту", "Никите"),
    ("Артём", "Артёма", "Артёму"),
    ("Олег", "Олега", "Олегу"),
    ("Ахмед", "Ахмеда", "Ахмеду"),
    ("Дмитрий", "Дмитрия", "Дмитрию"),
    ("Иван", "Ивана", "Ивану"),
    ("Максим", "Максима", "Максиму"),
    ("Тимур", "Тимура", "Тимуру"),
    ("Егор", "Егора", "Егору"),
    ("Павел", "Павла", "Павлу"),
    ("Алексей", "Алексея", "Алексею"),
    ("Владислав", "Владислава", "Владиславу"),
    ("Ильдар", "Ильдара", "Ильдару"),
    ("Кирилл", "Кирилла", "Кириллу"),
    ("Андрей", "Андрея", "Андрею"),
    ("Роман", "Романа", "Роману"),
    ("Михаил", "Михаила", "Михаилу"),
    ("Степан", "Степана", "Степану"),
]
PATRONYMICS = [
    ("Юрьевич", "Юрьевича", "Юрьевичу"),
    ("Магомедович", "Магомедовича", "Магомедовичу"),
    ("Сергеевич", "Сергеевича", "Сергеевичу"),
    ("Ильич", "Ильича", "Ильичу"),
]
NOM, ACC, DAT = 0, 1, 2

# Each template takes (surname, first name, patronymic) tuples and builds a press release.
TEMPLATES = [
    lambda s, f, p: (
        f"Суд назначил {s[DAT]} {f[DAT]} наказание в виде 5 лет лишения свободы условно."
    ),
    lambda s, f, p: (
        f"Военный суд назначил {s[DAT]} {f[DAT]} {p[DAT]} наказание в виде полутора лет "
        "содержания в дисциплинарной воинской части."
    ),
    lambda s, f, p: (
        f"Военный суд назначил {s[DAT]} наказание в виде штрафа в размере 50 000 рублей "
        "по ч. 3 ст. 337 УК РФ."
    ),
    lambda s, f, p: (
        f"Суд назначил наказание {s[DAT]} {f[DAT]} в виде штрафа в размере 50 000 рублей."
    ),
    lambda s, f, p: (
        f"Суд оштрафовал жителя Твери {f[ACC]} {s[ACC]} на 120 тысяч рублей за уклонение "
        "от призыва (ч. 1 ст. 328 УК РФ)."
    ),
    lambda s, f, p: (
        f"Гарнизонный военный суд приговорил {s[ACC]} {f[ACC]} {p[ACC]} к 6 годам колонии "
        "общего режима по ч. 5 ст. 337 УК РФ."
    ),
    lambda s, f, p: (
        f"Его сослуживец {s[NOM]} {f[NOM]} {p[NOM]} приговорён к трём с половиной годам "
        "колонии-поселения."
    ),
    lambda s, f, p: (
        f"20-летний {f[NOM]} {s[NOM]} получил 2 года колонии-поселения по ч. 2.1 ст. 337 УК РФ."
    ),
    lambda s, f, p: (
        f"Суд признал рядового {s[ACC]} {f[NOM][0]}.{p[NOM][0]}. виновным по ч. 5 ст. 337 УК РФ "
        f"и назначил {s[DAT]} {f[NOM][0]}.{p[NOM][0]}. наказание в виде 5 лет лишения свободы."
    ),
]


def _leaks(text: str, out: str, words: list[str]) -> list[str]:
    return [w for w in words if w in out]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.sampled_from(TEMPLATES),
    st.sampled_from(SURNAMES),
    st.sampled_from(FIRST_NAMES),
    st.sampled_from(PATRONYMICS),
)
def test_no_name_in_json_of_any_generated_press_release(template, surname, first, patronymic):
    text = template(surname, first, patronymic)
    result = extract(text)
    assert result.defendants, text  # every template states a punishment for a person
    out = result.to_json()
    words = {*surname, *first, *patronymic}
    leaked = [w for w in words if w in out]
    assert not leaked, (text, leaked)
    # Initials are names too.
    initials = f"{first[NOM][0]}.{patronymic[NOM][0]}."
    assert initials not in out


@pytest.mark.parametrize(
    ("text", "name_words"),
    [
        (
            "Суд назначил Лаптеву Сергею наказание в виде 5 лет лишения свободы условно.",
            ["Лаптев", "Серге"],
        ),
        (
            "Военный суд назначил Алиеву Руслану Магомедовичу наказание в виде полутора лет "
            "содержания в дисциплинарной воинской части.",
            ["Алиев", "Руслан", "Магомедович"],
        ),
        (
            "Военный суд назначил Ефремову наказание в виде штрафа в размере 50 000 рублей "
            "по ч. 3 ст. 337 УК РФ.",
            ["Ефремов"],
        ),
    ],
)
def test_press_releases_keep_names_out_of_evidence(text, name_words):
    (d,) = extract(text).defendants
    assert d.outcome == "convicted"
    outcome = d.evidence["outcome"].text
    assert MASK in outcome
    assert not [w for w in name_words if w in extract(text).to_json()]


def test_court_words_are_not_masked():
    for text in (
        "Военный суд назначил наказание",
        "Городской суд Москвы",
        "Суд приговорил к лишению свободы",
        "Гарнизонный военный суд Российской Федерации",
    ):
        assert mask_names(text) == text


def test_mask_hides_names_the_finder_did_not_see():
    assert (
        mask_names("сослуживец Бережной Олег Юрьевич приговорён") == "сослуживец ‹ФИО› приговорён"
    )
    assert mask_names("в отношении П.С. Долгих") == "в отношении ‹ФИО›"
    assert mask_names("Ч. 5 ст. 337") == "Ч. 5 ст. 337"


def _summary(text: str) -> list[tuple]:
    return [
        (
            d.outcome,
            d.punishment and (d.punishment.kind, d.punishment.term_months, d.punishment.fine_rub),
        )
        for d in extract(text).defendants
    ]


def test_second_defendant_named_in_the_next_sentence():
    text = (
        "Военный суд назначил Алиеву Руслану Магомедовичу наказание в виде полутора лет "
        "содержания в дисциплинарной воинской части. Его сослуживец Бережной Олег Юрьевич "
        "приговорён к трём с половиной годам колонии-поселения."
    )
    result = extract(text)
    assert _summary(text) == [
        ("convicted", ("disciplinary_unit", 18, None)),
        ("convicted", ("imprisonment", 42, None)),
    ]
    assert result.defendants[1].punishment.regime == "settlement"
    assert len({d.pseudonym for d in result.defendants}) == 2


def test_fined_and_imprisoned_defendants_in_one_release():
    text = (
        "Суд оштрафовал жителя Твери Никиту Волкова на 120 тысяч рублей за уклонение от призыва "
        "(ч. 1 ст. 328 УК РФ). Кроме того, 20-летний Артём Соколов получил 1 год 11 месяцев "
        "7 дней колонии-поселения по ч. 2.1 ст. 337 УК РФ."
    )
    result = extract(text)
    assert _summary(text) == [
        ("convicted", ("fine", None, 120000)),
        ("convicted", ("imprisonment", 23, None)),
    ]
    first, second = result.defendants
    assert [a.article for a in first.articles] == ["328"]
    assert [(a.article, a.part) for a in second.articles] == [("337", "2.1")]
    assert second.punishment.term_days == 7


def test_terms_given_respectively():
    text = (
        "Военный суд приговорил ФИО1 и ФИО2 к пяти и шести годам колонии общего режима "
        "соответственно по ч. 5 ст. 337 УК РФ."
    )
    assert _summary(text) == [
        ("convicted", ("imprisonment", 60, None)),
        ("convicted", ("imprisonment", 72, None)),
    ]
    assert [d.punishment.regime for d in extract(text).defendants] == ["general", "general"]


def test_whole_terms_given_respectively_are_not_summed():
    text = (
        "ПРИГОВОРИЛ: Признать ФИО1, ФИО2 и ФИО3 виновными по ч. 5 ст. 337 УК РФ и назначить им "
        "наказание в виде лишения свободы на срок 2 года, 3 года и 4 года соответственно с "
        "отбыванием в колонии-поселении."
    )
    assert [d.punishment.term_months for d in extract(text).defendants] == [24, 36, 48]


@pytest.mark.parametrize(
    ("text", "fine"),
    [
        ("Суд оштрафовал призывника на 100 тысяч рублей.", 100000),
        (
            "Городской суд оштрафовал местного жителя на 70 тысяч рублей за уклонение от призыва.",
            70000,
        ),
        (
            "Суд назначил наказание Лаптеву Сергею в виде штрафа в размере 50 000 рублей.",
            50000,
        ),
    ],
)
def test_fine_only_release_without_article_is_criminal(text, fine):
    result = extract(text)
    assert result.document_type == "press_release"
    (d,) = result.defendants
    assert (d.outcome, d.punishment.kind, d.punishment.fine_rub) == ("convicted", "fine", fine)


def test_administrative_fine_is_typed_administrative_never_criminal():
    """A report of a КоАП punishment is read like a sentencing, but its document type
    keeps it apart from criminal sentences."""
    text = "Суд оштрафовал призывника на 30 тысяч рублей по ст. 21.5 КоАП РФ за неявку в военкомат."
    result = extract(text)
    assert result.document_type == "administrative"
    (d,) = result.defendants
    assert (d.punishment.kind, d.punishment.fine_rub) == ("fine", 30000)


@pytest.mark.parametrize(
    "text",
    [
        "Суд призначив йому покарання у вигляді п'яти років позбавлення волі за статтею 408 КК "
        "України. Військовослужбовця визнано винним.",
        "Сот бапа 5 жыл бас бостандығынан айыру жазасын тағайындады.",
        "Сот сотталушыға бес жыл мерзімге жаза тағайындады, үкім заңды күшіне енді.",
    ],
)
def test_other_cyrillic_language_is_refused(text):
    with pytest.raises(UserInputError, match="not Russian"):
        prepare(text)


def test_russian_with_a_few_foreign_words_passes():
    text = (
        "Суд приговорил жителя села Сокиряни (Чернівецька область) Иванова к 6 годам колонии "
        "общего режима по ч. 5 ст. 337 УК РФ; в приговоре цитируется фраза «слава Україні»."
    )
    (d,) = extract(text).defendants
    assert (d.punishment.kind, d.punishment.term_months) == ("imprisonment", 72)


def test_suspended_disciplinary_unit_keeps_its_kind():
    text = "Военный суд приговорил срочника к году дисбата условно (ч. 3 ст. 337 УК РФ)."
    (d,) = extract(text).defendants
    p = d.punishment
    assert (p.kind, p.term_months, p.art73, p.probation_months) == (
        "disciplinary_unit",
        12,
        True,
        None,
    )


def test_suspended_disciplinary_unit_with_probation():
    text = (
        "ПРИГОВОРИЛ:\nПризнать ФИО1 виновным по ч. 3 ст. 337 УК РФ и назначить ему наказание в виде "
        "содержания в дисциплинарной воинской части на срок 1 (один) год.\nНа основании ст. 73 УК РФ "
        "назначенное ФИО1 наказание считать условным с испытательным сроком 6 (шесть) месяцев."
    )
    (d,) = extract(text).defendants
    p = d.punishment
    assert (p.kind, p.term_months, p.art73, p.probation_months) == (
        "disciplinary_unit",
        12,
        True,
        6,
    )


def test_unsuspended_disciplinary_unit_is_not_art73():
    text = "Военный суд приговорил срочника к году дисбата (ч. 3 ст. 337 УК РФ)."
    (d,) = extract(text).defendants
    assert (d.punishment.kind, d.punishment.art73) == ("disciplinary_unit", False)
