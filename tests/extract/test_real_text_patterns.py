"""Phrasings of real news items and press releases, each in our own words: one test per
pattern, so a rule that fixes one text and no pattern has nothing to hold on to."""

from __future__ import annotations

from refusenik.extract import extract


def _rows(text: str) -> list[tuple]:
    out = []
    for d in extract(text).to_dict()["defendants"]:
        p = d["punishment"] or {}
        out.append(
            (p.get("kind"), p.get("term_months"), p.get("probation_months"), p.get("regime"))
        )
    return out


def test_the_body_gives_months_the_lead_rounded_away():
    text = (
        "Контрактника из Читы приговорили к двум годам колонии за самовольное оставление части. "
        "Суд признал 30-летнего мужчину виновным и приговорил к одному году и девяти месяцам "
        "колонии-поселения."
    )
    assert _rows(text) == [("imprisonment", 21, None, "settlement")]


def test_a_different_term_later_is_not_a_rounding():
    text = (
        "Суд приговорил жителя Омска к трём годам колонии общего режима. Прокурор просил "
        "для него пять лет и шесть месяцев."
    )
    assert _rows(text) == [("imprisonment", 36, None, "general")]


def test_years_of_probation_are_not_the_term():
    text = "Жителя Пскова приговорили к трём годам испытательного срока за уклонение от призыва."
    assert _rows(text) == [("suspended", None, 36, None)]


def test_a_regime_of_another_story_is_not_taken():
    text = (
        "Двое участников драки в Твери осуждены: один — на шесть лет лишения свободы, второй "
        "на три года.\n\nРанее в Калуге суд приговорил к 15 годам колонии особого режима "
        "грабителя, напавшего на инкассатора."
    )
    assert ("imprisonment", 72, None, None) in _rows(text)
    assert all(r[3] is None for r in _rows(text) if r[1] in (72, 36))


def test_a_body_restating_the_headline_term_gives_its_regime():
    text = (
        "Бывшего мэра приговорили к 4 годам колонии\n\nСуд признал бывшего мэра виновным во "
        "взятке и приговорил его к четырём годам колонии общего режима."
    )
    assert _rows(text) == [("imprisonment", 48, None, "general")]


def test_a_regime_beside_life_sentences_is_not_shared_with_a_term():
    text = (
        "Областной суд приговорил Тимура Алиева и Руслана Гасанова к пожизненному заключению "
        "в колонии особого режима. Третий подсудимый Ислам Мамедов осужден на 19 лет."
    )
    rows = _rows(text)
    assert rows[-1] == ("imprisonment", 228, None, None)
    assert rows[0][3] == "special"


def test_the_rest_of_a_group_whose_term_is_cut_off_gets_no_term():
    text = (
        "Окружной военный суд вынес приговор трём студентам из Томска. Одному из них "
        "назначено пять лет четыре месяца лишения свободы, остальным двоим – по пять ле"
    )
    assert [r[:2] for r in _rows(text)] == [
        ("imprisonment", 64),
        ("imprisonment", None),
        ("imprisonment", None),
    ]


def test_first_and_second_convict_with_a_half_year():
    text = (
        "Суд осудил двух 17-летних подростков за поджог. Первый осужденный получил пять лет "
        "лишения свободы, второй - четыре с половиной."
    )
    assert [r[:2] for r in _rows(text)] == [("imprisonment", 60), ("imprisonment", 54)]


def test_an_earlier_unrelated_sentencing_gets_its_own_row():
    text = (
        "В Курске поджигателя вышки связи осудили на 9 лет строгого режима\n"
        "Суд признал 22-летнего жителя Курска виновным и назначил ему 9 лет колонии строгого "
        "режима.\n"
        "Поджог произошёл в мае прошлого года.\n"
        "Суд в Брянске ранее приговорил к двум годам и пяти месяцам колонии жителя Клинцов за "
        "поджог автомобиля."
    )
    assert _rows(text) == [("imprisonment", 108, None, "strict"), ("imprisonment", 29, None, None)]


def test_a_named_person_of_another_story_after_an_unnamed_one():
    text = (
        "Военный суд приговорил 40-летнего жителя Самары к четырём годам колонии за призывы в сети.\n"
        "Его задержали весной.\n"
        "Ранее суд приговорил Марину Климову, сотрудницу городской библиотеки, к 12 годам "
        "колонии за госизмену."
    )
    assert [r[:2] for r in _rows(text)] == [("imprisonment", 48), ("imprisonment", 144)]


def test_an_earlier_stage_of_the_same_person_is_not_another_story():
    text = (
        "Апелляционный суд оставил в силе приговор дезертиру Олегу Сомову.\n"
        "Защита просила смягчить наказание.\n"
        "Ранее Сомова приговорили к пяти годам колонии общего режима."
    )
    assert _rows(text) == [("imprisonment", 60, None, "general")]


def test_a_name_with_an_aside_before_its_verb():
    text = (
        "Военный суд приговорил полковника Андрея Карпова к шести годам колонии за растрату. Подрядчик "
        "Виктор Лобов, второй обвиняемый по делу, получил три года колонии."
    )
    assert [r[:2] for r in _rows(text)] == [("imprisonment", 72), ("imprisonment", 36)]


def test_two_described_people_share_a_respectively_list():
    text = (
        "Районный суд приговорил Анну Вершинину к двум годам ограничения свободы.\n"
        "По этому делу суд уже приговорил активиста «Движения за реформы» Ольгу Кравец и "
        "соратника Навроцкого Павла Осипова к двум и одному годам ограничения свободы "
        "соответственно."
    )
    assert [r[:2] for r in _rows(text)] == [
        ("restriction_of_freedom", 24),
        ("restriction_of_freedom", 24),
        ("restriction_of_freedom", 12),
    ]


def test_one_more_person_after_a_counted_group():
    text = (
        "Суд вынес приговор по делу о нападении на заставу: четверо боевиков были приговорены "
        "к 18 годам лишения свободы, а ещё одному, Ивану Глушко, назначено 14 лет заключения."
    )
    assert [r[1] for r in _rows(text)] == [216, 216, 216, 216, 168]


def test_two_names_joined_by_and_with_a_rank_share_what_the_text_says_of_both():
    text = (
        "Военный суд приговорил сослуживцев к нескольким годам заключения в колонии общего "
        "режима.\nКонтрактник Андрей Шилов и рядовой Марат Гиниятов продали чужой автомат "
        "за десять тысяч рублей."
    )
    result = extract(text)
    assert [r[0::3] for r in _rows(text)] == [("imprisonment", "general")] * 2
    assert all(d.evidence["kind"].text == "заключения" for d in result.defendants)


def test_another_story_may_start_inside_the_last_paragraph():
    text = (
        "Суд приговорил бывшего командира роты Олега Руднева к 9 годам колонии строгого режима.\n"
        "Его задержали в прошлом году.\n"
        "Следователи изучили дело подразделения. В 2022 году суд приговорил бывшего "
        "начальника склада к 6 годам колонии."
    )
    assert [r[:2] for r in _rows(text)] == [("imprisonment", 108), ("imprisonment", 72)]
    assert _rows(text)[1][3] is None  # the first story's regime stays with it


def test_a_date_line_before_the_text_does_not_make_its_lead_another_story():
    text = (
        "12:00\n"
        "Новости\n"
        "Ранее судимого жителя Орла приговорили к 7 годам колонии строгого режима за поджог.\n"
        "Суд учёл, что он признал вину."
    )
    assert _rows(text) == [("imprisonment", 84, None, "strict")]
