"""Phrasing patterns of real news items and press releases, each in a short sentence of our own.

Every test reproduces one pattern the extractor once got wrong on real texts: counted but
unnamed defendants, ranges, vague headlines before a specific body, sums without a currency,
terms written without the kind of punishment, and the prosecution's wishes beside the verdict.
"""

from __future__ import annotations

import pytest

from refusenik.extract import extract


def _rows(text: str) -> list[tuple]:
    out = []
    for d in extract(text).to_dict()["defendants"]:
        p = d["punishment"] or {}
        out.append((p.get("kind"), p.get("term_months"), p.get("regime"), p.get("fine_rub")))
    return out


def test_counted_group_with_a_range_gives_one_row_each_without_a_term():
    text = (
        "Окружной военный суд приговорил шестерых членов ячейки к срокам от 9 до 14 лет "
        "колонии строгого режима. Защита обжалует решение."
    )
    assert _rows(text) == [("imprisonment", None, "strict", None)] * 6


def test_two_counted_subgroups_with_their_own_terms():
    text = (
        "Двое участников банды приговорены к 9 годам лишения свободы, ещё трое — к 7 годам. "
        "Наказание все они отбудут в колонии общего режима."
    )
    assert (
        _rows(text)
        == [("imprisonment", 108, "general", None)] * 2
        + [("imprisonment", 84, "general", None)] * 3
    )


def test_victims_and_statistics_are_not_counted_as_defendants():
    text = (
        "Суд приговорил рядового Петрова, виновного в гибели трёх сослуживцев, к 20 годам "
        "колонии строгого режима. За год военные суды осудили более 300 человек."
    )
    assert _rows(text) == [("imprisonment", 240, "strict", None)]


def test_a_headline_count_repeated_in_the_body_is_not_doubled():
    text = (
        "Пятерых диверсантов осудили на сроки от 10 до 20 лет\n"
        "Военный суд приговорил пятерых диверсантов к лишению свободы на сроки от 10 до 20 лет."
    )
    assert len(_rows(text)) == 5


def test_specific_term_in_the_body_beats_a_vague_headline():
    text = (
        "Контрактник получил реальный срок за побег из части\n"
        "Суд приговорил Сидорова к трём годам колонии общего режима."
    )
    assert _rows(text) == [("imprisonment", 36, "general", None)]


def test_half_a_year_is_six_months():
    text = "Солдата Кузина осудили за самовольное оставление части: ему дали полгода колонии-поселения."
    assert _rows(text) == [("imprisonment", 6, "settlement", None)]


def test_fine_in_millions_without_the_word_rubles():
    text = "Бывшего чиновника Лебедева приговорили к штрафу в размере 7 миллионов."
    assert _rows(text) == [("fine", None, None, 7_000_000)]


def test_prosecution_wish_on_appeal_is_not_the_sentence():
    text = (
        "Активиста Орехова уже осудили на четыре года, но прокуратура требует изменить "
        "срок заключения на девять лет."
    )
    assert _rows(text)[0][:2] == ("imprisonment", 48)


def test_what_the_law_threatens_is_not_the_sentence():
    text = (
        "Рядового Белова осудили и назначили ему год колонии-поселения. За дезертирство "
        "грозит до десяти лет лишения свободы."
    )
    assert _rows(text) == [("imprisonment", 12, "settlement", None)]


def test_fine_up_to_a_limit_has_no_amount():
    text = "Суды оштрафовали трёх уклонистов на суммы до 40 тысяч рублей."
    assert _rows(text) == [("fine", None, None, None)] * 3


def test_dash_range_gives_no_term():
    text = "Суд приговорил четверых членов группы к 12-16 годам лишения свободы."
    assert _rows(text) == [("imprisonment", None, None, None)] * 4


def test_one_regime_named_for_everybody_applies_to_each():
    text = (
        "Суд приговорил Зайцева к 8 годам лишения свободы, Волкова — к 6 годам лишения свободы. "
        "Оба будут отбывать наказание в колонии строгого режима."
    )
    assert [r[2] for r in _rows(text)] == ["strict", "strict"]


def test_people_described_by_age_are_separate_rows_each_with_their_term():
    text = (
        "Двое юношей получили сроки за поджог\n"
        "Суд приговорил 17-летнего подростка к пяти годам воспитательной колонии, "
        "19-летнего студента – к семи годам колонии общего режима."
    )
    assert _rows(text) == [("imprisonment", 60, None, None), ("imprisonment", 84, "general", None)]


def test_a_subset_of_a_group_is_not_a_new_group_and_different_counts_add_up():
    text = (
        "Военный суд приговорил 14-летнего школьника к четырём годам воспитательной колонии. "
        "Ранее суд осудил троих подростков по похожему делу. Двое из них получили по пять лет."
    )
    rows = _rows(text)
    assert len(rows) == 4
    assert rows[0][:2] == ("imprisonment", 48)
    assert [r[1] for r in rows[1:3]] == [60, 60]


def test_life_imprisonment_is_flagged_and_has_no_term():
    text = "Суд приговорил Карпова к пожизненному лишению свободы."
    (d,) = extract(text).to_dict()["defendants"]
    p = d["punishment"]
    assert (p["kind"], p["term_months"], p["life"]) == ("imprisonment", None, True)


def test_punishment_written_before_each_name():
    text = (
        "Суд огласил приговор: к 12 годам лишения свободы приговорен Антон Рябов, "
        "к 9 годам — Олег Фомин, к 7 годам — Пётр Гусев."
    )
    assert [r[:2] for r in _rows(text)] == [
        ("imprisonment", 144),
        ("imprisonment", 108),
        ("imprisonment", 84),
    ]


def test_respectively_written_before_the_terms():
    text = "Суд приговорил Лаврова и Носова соответственно к 11 и 13 годам колонии строгого режима."
    assert [r[:3] for r in _rows(text)] == [
        ("imprisonment", 132, "strict"),
        ("imprisonment", 156, "strict"),
    ]


def test_listed_names_with_a_dash_and_each_term():
    text = (
        "Суд приговорил 6 участников группы к срокам от 12 до 19 лет колонии строгого режима.\n"
        "Самые большие сроки получили Тарасов и Ефимов — по 19 лет."
    )
    rows = _rows(text)
    assert len(rows) == 6
    assert rows[:2] == [("imprisonment", 228, "strict", None)] * 2
    assert rows[2:] == [("imprisonment", None, "strict", None)] * 4


def test_headline_rounds_and_the_body_gives_the_full_term():
    text = (
        "Студента приговорили к шести годам колонии за поджог\n"
        "Областной суд приговорил студента к шести годам и четырём месяцам колонии общего режима."
    )
    assert _rows(text) == [("imprisonment", 76, "general", None)]


def test_full_name_then_surname_alone_is_one_person():
    text = (
        "Военный суд рассмотрел дело Павла Громова. Ранее Громова приговорили к четырём годам "
        "колонии общего режима, апелляция приговор не изменила."
    )
    assert _rows(text) == [("imprisonment", 48, "general", None)]


def test_names_before_an_impersonal_verb_each_get_their_term():
    text = (
        "Суд вынес приговор по делу о растрате: Игоря Котова осудили на два года условно, "
        "Семёна Жукова - на три года."
    )
    rows = _rows(text)
    assert [r[0] for r in rows] == ["suspended", "suspended"]
    assert rows[0][1] == 24


def test_a_list_of_numbers_gives_each_counted_person_a_term_in_order():
    text = (
        "Трое студентов приговорены к колонии за поджоги. Суд назначил им наказание: "
        "8, 6 и 5,5 лет лишения свободы."
    )
    assert [r[:2] for r in _rows(text)] == [
        ("imprisonment", 96),
        ("imprisonment", 72),
        ("imprisonment", 66),
    ]


def test_concluding_a_contract_is_not_imprisonment():
    text = (
        "Бывшая чиновница Орлова после заключения договора с подрядчиком нарушила закон. "
        "Суд приговорил Орлову к 2 годам лишения свободы условно с испытательным сроком 2 года."
    )
    (row,) = extract(text).to_dict()["defendants"]
    p = row["punishment"]
    assert (p["kind"], p["term_months"], p["probation_months"]) == ("suspended", 24, 24)


def test_the_same_punishment_for_an_accomplice():
    text = (
        "Суд признал бывшего директора Ирину Смолину виновной в растрате. Её приговорили к трём "
        "годам условно. Такое же наказание получила её сообщница – Анна Белова."
    )
    assert [r[:2] for r in _rows(text)] == [("suspended", 36), ("suspended", 36)]


def test_a_name_after_a_long_description():
    text = (
        "Военный суд приговорил бывшего районного муниципального депутата Виктора Сомова "
        "к четырём годам колонии общего режима."
    )
    (row,) = extract(text).to_dict()["defendants"]
    assert row["punishment"]["term_months"] == 48
    assert row["evidence"]["kind"]["text"].startswith("колони")


def test_legal_limits_are_not_the_fine_and_the_stated_fine_is():
    text = (
        "По закону за подкуп штраф не может быть менее 30000 и более 400 млн руб.\n"
        "Бывший инспектор Гусев осужден к штрафу в 400000 руб. за взятку в 20000 руб."
    )
    assert _rows(text) == [("fine", None, None, 400_000)]


def test_a_later_acquittal_overrides_an_earlier_sentence():
    text = (
        "Верховный суд оправдал бывшего полковника Сергея Дронова. Ранее его приговорили "
        "к шести годам колонии."
    )
    (row,) = extract(text).to_dict()["defendants"]
    assert (row["outcome"], row["punishment"]) == ("acquitted", None)


def test_an_appeal_change_overrides_the_first_instance():
    text = (
        "Суд приговорил сержанта Титова к шести годам колонии общего режима. "
        "Апелляционный суд снизил ему срок до четырёх лет."
    )
    assert _rows(text) == [("imprisonment", 48, "general", None)]
    fine = "Суд оштрафовал Зуева на 2 млн рублей; в апелляции сумма снижена до 1,5 млн рублей."
    assert _rows(fine) == [("fine", None, None, 1_500_000)]


def test_a_request_far_from_the_prosecutor_is_not_a_sentence():
    text = (
        "Государственный обвинитель на процессе в окружном военном суде просит назначить "
        "наказание в виде 14 лет лишения свободы в колонии строгого режима подсудимому Лапину."
    )
    result = extract(text)
    assert [d.punishment for d in result.defendants if d.punishment is not None] == []
    if not result.defendants:
        assert "no verdict" in result.to_dict()["reason"]


def test_what_someone_may_get_is_not_a_sentence():
    text = "15 лет заключения может получить бывший генерал Сомов по делу о взятках."
    assert [r for r in _rows(text) if r[0] is not None] == []


def test_non_criminal_result_says_why():
    text = "Суд взыскал с ответчика 30 тысяч рублей долга по иску управляющей компании (ГПК РФ)."
    data = extract(text).to_dict()
    assert data["defendants"] == []
    assert data["reason"].startswith("not a criminal case")


def test_administrative_text_without_a_punishment_says_so():
    text = (
        "Мировой судья рассмотрел дело об административном правонарушении, наказание не назначено."
    )
    data = extract(text).to_dict()
    assert data["document_type"] == "administrative"
    assert data["defendants"] == []
    assert data["reason"].startswith("an administrative")


@pytest.mark.parametrize(
    ("text", "kind", "fine"),
    [
        (
            "Мировой судья назначил нарушительнице административное наказание в виде "
            "административного штрафа в размере 7 тысяч рублей.",
            "fine",
            7000,
        ),
        (
            "Районный суд привлёк активиста к административной ответственности. Каждому из "
            "задержанных назначен штраф в размере 15 тысяч рублей.",
            "fine",
            15000,
        ),
        (
            "Активиста привлекли к административной ответственности: ему назначили 30 часов "
            "обязательных работ.",
            "compulsory_works",
            None,
        ),
    ],
)
def test_administrative_punishment_is_read_and_typed(text, kind, fine):
    result = extract(text)
    assert result.document_type == "administrative"
    (row,) = result.to_dict()["defendants"]
    assert (row["punishment"]["kind"], row["punishment"]["fine_rub"]) == (kind, fine)


def test_a_fine_someone_got_is_a_sentence_even_without_an_article():
    text = "Ефрейтор Пётр Лозинский получил штраф на сумму 40 тысяч рублей за угон грузовика."
    (row,) = extract(text).to_dict()["defendants"]
    assert (row["outcome"], row["punishment"]["kind"], row["punishment"]["fine_rub"]) == (
        "convicted",
        "fine",
        40000,
    )


def test_names_before_their_terms_and_a_vague_body_before_the_full_statement():
    text = (
        "Двух студентов приговорили к 8 и 5 годам колонии за поджог\n"
        "Окружной военный суд приговорил к реальным срокам 19-летнего Олега Кротова и "
        "20-летнего Ивана Лыкова. Кротову назначили 8 лет колонии, Лыкову – 5 лет."
    )
    assert [r[:2] for r in _rows(text)] == [("imprisonment", 96), ("imprisonment", 60)]


def test_first_name_then_a_surname_that_could_also_be_a_first_name():
    text = "Суд приговорил Юрия Итина к трём годам условно. Позже Итину отказали в смягчении."
    rows = extract(text).to_dict()["defendants"]
    assert len(rows) == 1
    assert rows[0]["punishment"]["term_months"] == 36


def test_probation_of_unstated_length_makes_the_term_suspended():
    text = (
        "Районный суд признал виновным 40-летнего жителя области, отказавшегося от службы. "
        "Мужчине дали четыре года заключения, но освободили от отбывания наказания "
        "с испытательным сроком."
    )
    (row,) = extract(text).to_dict()["defendants"]
    p = row["punishment"]
    assert (p["kind"], p["term_months"], p["art73"]) == ("suspended", 48, True)


def test_a_counted_group_split_into_parts_with_their_own_terms():
    text = (
        "Военный суд осудил четырех подростков за поджоги. Суд назначил одному из них 7 лет "
        "в воспитательной колонии, двоим другим — по 6 лет, четвертому — 5 лет."
    )
    rows = extract(text).to_dict()["defendants"]
    assert [r["punishment"]["term_months"] for r in rows] == [84, 72, 72, 60]
    assert rows[3]["evidence"]["term_months"]["text"] == "5 лет"


def test_an_acquittal_in_a_news_item_is_a_defendant_without_punishment():
    text = "Суд вынес оправдательный вердикт бывшему военнослужащему, обвинявшемуся в мародёрстве."
    (row,) = extract(text).to_dict()["defendants"]
    assert (row["outcome"], row["punishment"]) == ("acquitted", None)


def test_one_more_person_joined_to_a_counted_group():
    text = (
        "Верховный суд республики приговорил шестерых членов банды к 10-14 годам лишения "
        "свободы и одного — к пожизненному заключению."
    )
    rows = extract(text).to_dict()["defendants"]
    assert len(rows) == 7
    assert [r["punishment"]["life"] for r in rows] == [False] * 6 + [True]
    assert {r["punishment"]["term_months"] for r in rows} == {None}


def test_a_regime_stated_beside_one_persons_term_is_not_everybodys():
    text = (
        "Старший матрос Иван Сёмин приговорён к лишению свободы на 4 года, матрос Павел Орехов - "
        "на 3 года с отбыванием наказания в колонии общего режима."
    )
    assert [r[2] for r in _rows(text)] == [None, "general"]


def test_parts_of_a_counted_group_in_one_sentence_are_not_new_people():
    text = (
        "По делу проходили десять человек. Трое из них уже осуждены: один - на шесть лет "
        "лишения свободы, двое – на три."
    )
    rows = _rows(text)
    assert [r[1] for r in rows] == [72, 36, 36]
