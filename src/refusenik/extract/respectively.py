"""Terms given to several listed defendants at once, in order: «приговорил ФИО1 и ФИО2
к пяти и шести годам колонии общего режима соответственно».

Only the last number carries the unit, so the scanner sees one term (six years); the
numbers coordinated before it belong, in order, to the defendants listed before them.
"""

from __future__ import annotations

import re

from refusenik.extract.numbers import digits_value, word_value
from refusenik.extract.terms import _UNIT_WORDS, Scanner

_RESPECTIVELY = re.compile(r"\bсоответственно\b")
_JOIN = {",", "и"}
_MONTHS = {"year": 12, "month": 1}


def _bare_number(sc: Scanner, i: int) -> float | None:
    tok = sc.tokens[i]
    if tok.kind == "num":
        return digits_value(tok.text)
    if tok.kind == "word":
        v = word_value(tok.text)
        return v if isinstance(v, int | float) else None
    return None


def respective_terms(
    low: str, sc: Scanner, start: int, end: int, count: int
) -> list[tuple[int, tuple[int, int]]] | None:
    """Per-defendant (months, span) when text[start:end] gives `count` terms «соответственно»."""
    said = _RESPECTIVELY.search(low, start, end)
    if said is None:
        return None
    clause_start = max(low.rfind(".", start, said.start()), low.rfind(";", start, said.start()))
    clause_start = max(clause_start + 1, start)
    # «к пяти годам и шести годам … соответственно»: as many whole terms as defendants.
    whole = [t for t in sc.terms if clause_start <= t.start and t.end <= said.start()]
    if not whole:
        # «приговорил А и Б соответственно к 15 и 17 годам»: the terms follow the word.
        stop = min(
            x
            for x in (low.find(".", said.end(), end), low.find(";", said.end(), end), end)
            if x >= 0
        )
        whole = [t for t in sc.terms if said.end() <= t.start and t.end <= stop]
    if len(whole) == count and all(t.months is not None for t in whole):
        return [(t.months, (t.start, t.end)) for t in whole if t.months is not None]
    # «к пяти и шести годам …»: bare numbers before the one term that has the unit.
    return listed_terms(sc, whole, clause_start, count)


def listed_terms(
    sc: Scanner, candidates: list, clause_start: int, count: int
) -> list[tuple[int, tuple[int, int]]] | None:
    """Per-person (months, span) from «9, 7 и 6,5 лет»: `count` coordinated numbers of
    which only the last carries the unit, in the order the people were given."""
    for term in candidates:
        unit = _UNIT_WORDS.get(sc.tokens[term.last].text)
        if unit not in _MONTHS or term.last != term.first + 1:
            continue
        values = [_bare_number(sc, term.first)]
        spans = [(sc.tokens[term.first].start, sc.tokens[term.first].end)]
        i = term.first - 1
        while i >= 1 and sc.tokens[i].text in _JOIN and sc.tokens[i - 1].start >= clause_start:
            value = _bare_number(sc, i - 1)
            if value is None:
                break
            values.insert(0, value)
            spans.insert(0, (sc.tokens[i - 1].start, sc.tokens[i - 1].end))
            i -= 2
        if len(values) == count and None not in values:
            spans[-1] = (term.start, term.end)
            return [
                (round(v * _MONTHS[unit]), s)
                for v, s in zip(values, spans, strict=True)
                if v is not None
            ]
    return None
