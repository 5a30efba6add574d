"""Russian number words and noun forms, enough to write terms and amounts the way courts do.

Court acts repeat every number in words, «5 (пять) лет 6 (шесть) месяцев», «100 000 (сто
тысяч) рублей», and choose the noun form by the number (1 год, 2 года, 5 лет); the generated
act texts must do the same so extractors meet the real wording.
"""

from __future__ import annotations

_UNITS = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
_UNITS_FEM = ["", "одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
_TEENS = [
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
]
_TENS = [
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
]
_HUNDREDS = [
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
]


def plural(n: int, one: str, few: str, many: str) -> str:
    """Pick the noun form Russian grammar wants after the number n."""
    n = abs(n)
    if n % 100 in range(11, 15):
        return many
    if n % 10 == 1:
        return one
    if n % 10 in (2, 3, 4):
        return few
    return many


def _below_thousand(n: int, feminine: bool) -> list[str]:
    words = [_HUNDREDS[n // 100]]
    rest = n % 100
    if 10 <= rest < 20:
        words.append(_TEENS[rest - 10])
    else:
        words.append(_TENS[rest // 10])
        words.append((_UNITS_FEM if feminine else _UNITS)[rest % 10])
    return [w for w in words if w]


def words(n: int, feminine: bool = False) -> str:
    """Cardinal number in words, nominative (0 ≤ n < 1 000 000)."""
    if not 0 <= n < 1_000_000:
        raise ValueError(f"number out of range for words(): {n}")
    if n == 0:
        return "ноль"
    thousands, rest = divmod(n, 1000)
    out: list[str] = []
    if thousands:
        out += _below_thousand(thousands, feminine=True)
        out.append(plural(thousands, "тысяча", "тысячи", "тысяч"))
    out += _below_thousand(rest, feminine)
    return " ".join(out)


def group_digits(n: int) -> str:
    """100000 → «100 000», as amounts are printed in acts."""
    return f"{n:,}".replace(",", " ")


def years_months(years: int, months: int, in_words: bool = True) -> str:
    """«5 (пять) лет 6 (шесть) месяцев» — nominative, as after «на срок»."""
    parts = []
    if years:
        w = f" ({words(years)})" if in_words else ""
        parts.append(f"{years}{w} {plural(years, 'год', 'года', 'лет')}")
    if months:
        w = f" ({words(months)})" if in_words else ""
        parts.append(f"{months}{w} {plural(months, 'месяц', 'месяца', 'месяцев')}")
    return " ".join(parts)


def years_months_dative(years: int, months: int) -> str:
    """«5 годам 6 месяцам» — dative, as after «приговорил к» in press releases."""
    parts = []
    if years:
        parts.append(f"{years} {'году' if years % 10 == 1 and years % 100 != 11 else 'годам'}")
    if months:
        parts.append(
            f"{months} {'месяцу' if months % 10 == 1 and months % 100 != 11 else 'месяцам'}"
        )
    return " ".join(parts)
