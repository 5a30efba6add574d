"""Russian number words and digit numbers as values, in any grammatical case.

Sentences write terms as digits, words in any case («шести», «двум», «пятьюстами») or
both («2 (двух) лет»). pymorphy3 reduces a word to its lemma; a small lemma table gives
the value. The analyzer is built once, on first use, and every word is looked up once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from refusenik.morph import analyzer

_UNITS = {
    "ноль": 0,
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
    "полтора": 1.5,
    "полторы": 1.5,
    "полтораста": 150,
    # Collective numerals count people: «двое осуждённых», «восьмерых участников».
    "двое": 2,
    "трое": 3,
    "четверо": 4,
    "пятеро": 5,
    "шестеро": 6,
    "семеро": 7,
    "восьмеро": 8,
    "девятеро": 9,
    "десятеро": 10,
}
_MULTIPLIERS = {"тысяча": 1000, "миллион": 1_000_000}
# Forms pymorphy3 does not reduce reliably, and words whose commonest parse is not a number.
_EXTRA: dict[str, float | str] = {
    "полтора": 1.5,
    "полутора": 1.5,
    "полторы": 1.5,
    "одна": 1,
    "одну": 1,
    "одной": 1,
    "две": 2,
    "сорока": 40,
    "ста": 100,
    "тыс": "тысяча",
    "млн": "миллион",
}


# Every cardinal and collective numeral begins with one of these stems; a word that does
# not is never sent to the dictionary, which keeps unseen texts fast.
_NUMERAL_STEM = re.compile(
    r"(?:од[ниа]|дв[аеуо]|тр[иеоё]|четыр|четвер|пят|шест|сем|вос[еь]м|девят|десят|сорок|ст[оа]"
    r"|сот|тыс|милл|полтор|полутор)"
)


@lru_cache(maxsize=20000)
def word_value(word: str) -> float | str | None:
    """Value of one number word (a float) or the multiplier lemma ('тысяча'), else None."""
    w = word.lower().replace("ё", "е")
    if w in _EXTRA:
        return _EXTRA[w]
    if w in _UNITS:
        return _UNITS[w]
    if w in _MULTIPLIERS:
        return w
    if not w.isalpha() or len(w) < 3 or not _NUMERAL_STEM.match(w):
        return None
    for parse in analyzer().parse(w):
        lemma = parse.normal_form
        if lemma in _UNITS and ("NUMR" in parse.tag or "Anum" in parse.tag):
            return _UNITS[lemma]
        if lemma in _MULTIPLIERS and "NOUN" in parse.tag:
            return lemma
    return None


def digits_value(token: str) -> float:
    """'100 000' → 100000, '5,5' → 5.5."""
    return float(token.replace(" ", "").replace("\u00a0", "").replace(",", "."))


def combine(values: list[float | str]) -> float | None:
    """Compose a run of word values: ['двадцать', 'пять', 'тысяча'] → 25000."""
    total = 0.0
    group = 0.0
    seen = False
    for v in values:
        if isinstance(v, str):
            mult = _MULTIPLIERS[v]
            total += (group or 1) * mult
            group = 0.0
            seen = True
        else:
            group += v
            seen = True
    if not seen:
        return None
    return total + group
