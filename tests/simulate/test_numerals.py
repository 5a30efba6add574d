from refusenik.simulate.numerals import (
    group_digits,
    plural,
    words,
    years_months,
    years_months_dative,
)


def test_number_words_as_acts_write_them():
    assert words(5) == "пять"
    assert words(21) == "двадцать один"
    assert words(100_000) == "сто тысяч"
    assert words(2000) == "две тысячи"
    assert words(150_000) == "сто пятьдесят тысяч"
    assert words(11_000) == "одиннадцать тысяч"


def test_noun_forms_follow_the_number():
    assert [plural(n, "год", "года", "лет") for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "год", "года", "лет", "лет", "год", "года", "лет",
    ]  # fmt: skip


def test_terms_in_nominative_and_dative():
    assert years_months(5, 6) == "5 (пять) лет 6 (шесть) месяцев"
    assert years_months(1, 0) == "1 (один) год"
    assert years_months(2, 1, in_words=False) == "2 года 1 месяц"
    assert years_months_dative(5, 6) == "5 годам 6 месяцам"
    assert years_months_dative(1, 0) == "1 году"
    assert group_digits(100000) == "100 000"
