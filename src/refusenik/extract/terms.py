"""Quantities in sentence text: terms (years, months, days), hours, rubles, percent.

A quantity is a number (digits, words in any case, or both as «2 (два)»), an optional
«с половиной» and a unit. Adjacent year/month/day quantities form one term
(«1 год 11 месяцев 7 дней», «к одному году и восьми месяцам»). A redacted number
(«<данные изъяты> лет») is kept as a quantity without a value, so the unit is still known.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from refusenik.extract.numbers import combine, digits_value, word_value

_TOKEN = re.compile(
    r"(?P<red><данные изъяты>)"
    r"|(?P<num>\d{1,3}(?: \d{3})+(?!\d)|\d+(?:[.,]\d+)?)"
    r"|(?P<word>[а-яеa-z]+(?:-[а-яеa-z]+)*)"
    r"|(?P<punct>[^\s\w])"
)

_UNIT_WORDS: dict[str, str] = {}
for _forms, _unit in (
    ("год года году годом годе годы лет годам годами годах", "year"),
    ("месяц месяца месяцу месяцем месяце месяцы месяцев месяцам месяцами месяцах", "month"),
    ("день дня дню днем дне дни дней дням днями днях сутки суток суткам", "day"),
    ("час часа часу часом часе часы часов часам часами часах", "hour"),
    ("рубль рубля рублю рублем рубле рубли рублей рублям рублями рублях руб", "rub"),
    ("процент процента проценту процентов процентам", "pct"),
):
    for _f in _forms.split():
        _UNIT_WORDS[_f] = _unit
_ORDER = {"year": 0, "month": 1, "day": 2}
_BARE_ONE = {"год", "года", "году", "годом", "месяц", "месяца", "месяцу", "сутки", "суток"}
_JOINERS = {"и", ","}
_HALF_YEAR = {"полгода", "полугода", "полугоду", "полугодом"}


@dataclass(slots=True)
class Token:
    """One token. Not frozen: a text has thousands, and a frozen dataclass takes four
    times as long to make."""

    kind: str  # 'num', 'word', 'red', 'punct'
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Quantity:
    value: float | None  # None when the number is redacted
    unit: str  # 'year', 'month', 'day', 'hour', 'rub', 'pct'
    start: int
    end: int
    first: int  # token index range, for adjacency tests
    last: int


@dataclass(frozen=True)
class Term:
    months: int | None
    days: int | None
    start: int
    end: int
    first: int
    last: int
    redacted: bool = False


def tokenize(low: str) -> list[Token]:
    return [
        Token(m.lastgroup or "punct", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low)
    ]


def _parenthesised_number(tokens: list[Token], i: int) -> int:
    """Index after «(два)» / «(сто тысяч)» starting at i, or i if there is none."""
    if i < len(tokens) and tokens[i].text == "(":
        j = i + 1
        while (
            j < len(tokens)
            and j - i < 8
            and tokens[j].kind == "word"
            and word_value(tokens[j].text) is not None
        ):
            j += 1
        if j > i + 1 and j < len(tokens) and tokens[j].text == ")":
            return j + 1
    return i


def _read_number(tokens: list[Token], i: int) -> tuple[float | None, int, bool] | None:
    """(value, next index, redacted) for a number starting at token i, else None."""
    tok = tokens[i]
    if tok.kind == "red":
        return None, i + 1, True
    if tok.kind == "num":
        value: float | None = digits_value(tok.text)
        j = i + 1
        if j < len(tokens) and tokens[j].kind == "word":
            mult = word_value(tokens[j].text)
            if isinstance(mult, str) and value is not None:
                value = value * (1000 if mult == "тысяча" else 1_000_000)
                j += 1
                if j < len(tokens) and tokens[j].text == ".":
                    j += 1
        return value, _parenthesised_number(tokens, j), False
    if tok.kind == "word":
        values: list = []
        j = i
        while j < len(tokens) and tokens[j].kind == "word":
            v = word_value(tokens[j].text)
            if v is None:
                break
            if isinstance(v, str) and tokens[j].text in ("тыс", "млн"):
                values.append(v)
                j += 1
                if j < len(tokens) and tokens[j].text == ".":
                    j += 1
                continue
            values.append(v)
            j += 1
        if not values or all(isinstance(v, str) for v in values):
            return None
        return combine(values), j, False
    return None


def _has_multiplier(tokens: list[Token], i: int, j: int) -> bool:
    return any(t.kind == "word" and isinstance(word_value(t.text), str) for t in tokens[i:j])


def quantities(tokens: list[Token]) -> list[Quantity]:
    """Every number followed by a unit, and bare «году»/«года» meaning one year."""
    out: list[Quantity] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.kind
        if kind == "punct" or (kind == "word" and word_value(tok.text) is None):
            read = None  # (most tokens: decided here without reading a number)
        else:
            read = _read_number(tokens, i)
        if read is not None:
            value, j, redacted = read
            if j < n - 1 and tokens[j].text == "с" and tokens[j + 1].text.startswith("половин"):
                value = None if value is None else value + 0.5
                j += 2
            if j < n and (tokens[j].text == "%" or tokens[j].text in _UNIT_WORDS):
                unit = "pct" if tokens[j].text == "%" else _UNIT_WORDS[tokens[j].text]
                if unit == "year" and value is not None and value > 100:
                    i += 1  # a calendar year in a date, not a term
                    continue
                out.append(Quantity(value, unit, tok.start, tokens[j].end, i, j))
                i = j + 1
                continue
            if value is not None and j > i + 1 and _has_multiplier(tokens, i, j):
                # «штраф в размере 10 миллионов»: a sum in thousands or millions is money
                # even when the currency is left out.
                out.append(Quantity(value, "rub", tok.start, tokens[j - 1].end, i, j - 1))
                i = j
                continue
            if (
                redacted
                and j < n
                and tokens[j].kind == "word"
                and tokens[j].text.startswith(
                    ("лишени", "ограничени", "содержани", "исправительн", "обязательн")
                )
            ):
                # «к <данные изъяты> лишения свободы»: a term whose length is hidden.
                out.append(Quantity(None, "year", tok.start, tok.end, i, i))
            i = max(j, i + 1)
            continue
        if tok.kind == "word" and tok.text in _HALF_YEAR:
            out.append(Quantity(6, "month", tok.start, tok.end, i, i))  # «полгода»
            i += 1
            continue
        if tok.kind == "word" and tok.text in _BARE_ONE:
            prev = tokens[i - 1] if i else None
            if prev is None or prev.kind not in ("num", "red"):
                out.append(Quantity(1, _UNIT_WORDS[tok.text], tok.start, tok.end, i, i))
        i += 1
    return out


def terms(qs: list[Quantity], tokens: list[Token]) -> list[Term]:
    """Join adjacent year/month/day quantities into terms in months (+ days)."""
    out: list[Term] = []
    k = 0
    while k < len(qs):
        q = qs[k]
        if q.unit not in ("year", "month", "day"):
            k += 1
            continue
        group = [q]
        while k + 1 < len(qs):
            nxt = qs[k + 1]
            if nxt.unit not in ("year", "month", "day"):
                break
            gap = tokens[group[-1].last + 1 : nxt.first]
            if len(gap) > 1 or any(t.text not in _JOINERS for t in gap):
                break
            if _ORDER[nxt.unit] <= _ORDER[group[-1].unit]:
                break  # «2 года, 3 года и 4 года»: three terms, not one of nine years
            group.append(nxt)
            k += 1
        k += 1
        redacted = any(g.value is None for g in group)
        months = 0.0
        days = 0.0
        has_days = False
        for g in group:
            v = g.value or 0
            if g.unit == "year":
                months += v * 12
            elif g.unit == "month":
                months += v
            else:
                days += v
                has_days = True
        out.append(
            Term(
                months=None if redacted else round(months),
                days=(None if redacted else round(days)) if has_days else None,
                start=group[0].start,
                end=group[-1].end,
                first=group[0].first,
                last=group[-1].last,
                redacted=redacted,
            )
        )
    return out


def money(qs: list[Quantity]) -> list[Quantity]:
    return [q for q in qs if q.unit == "rub"]


class Scanner:
    """Tokens, quantities and terms of one text, with lookups by character offset."""

    def __init__(self, low: str) -> None:
        self.low = low
        self.tokens = tokenize(low)
        self.starts = [t.start for t in self.tokens]
        self.qs = quantities(self.tokens)
        self.terms = terms(self.qs, self.tokens)
        self.groups: list | None = None  # counted defendants, filled by extract.counted

    def token_at(self, offset: int) -> int:
        return bisect_left(self.starts, offset)

    def terms_in(self, start: int, end: int) -> list[Term]:
        return [t for t in self.terms if t.start >= start and t.end <= end]

    def quantities_in(self, start: int, end: int, unit: str) -> list[Quantity]:
        return [q for q in self.qs if q.unit == unit and q.start >= start and q.end <= end]


@lru_cache(maxsize=4)
def scanner(low: str) -> Scanner:
    """The Scanner of `low`, built once: the story check and the extraction read the same
    text."""
    return Scanner(low)
