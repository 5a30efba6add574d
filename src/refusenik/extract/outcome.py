"""Outcome of a case for one defendant and, for dismissals, the ground the court gave."""

from __future__ import annotations

import re

_CONVICTED = re.compile(
    r"(?<!не)(?<!не )виновн(?:ым|ой|ыми|ого|ую)\b(?! не)"
    r"|\bприговорил|\bприговорен|\bосужден(?!н)|\bосудить|\bосудил"
    r"|назначил[аи]?\s+(?:\w+\s+){0,3}наказани|\bоштрафовал|\bоштрафован"
)
_ACQUITTED = re.compile(r"\bоправда(?:ть|л|н|тельн)|\bневиновн")
_DISMISSED = re.compile(r"\bпрекрати(?:ть|л)|\bпрекращен|\bпрекращает")
_RETURNED = re.compile(
    r"(?:возврат|возвращ|верну|вернул)\w*\s+(?:[^;]{0,200}?)прокурор"
    r"|\b237 упк|статьи 237 уголовно-процессуального"
)
_RELEASED = re.compile(
    r"освобод\w+\s+(?:[^.;]{0,60}?)от\s+(?:отбывания\s+)?(?:назначенного\s+)?(?:основного\s+)?наказани"
    r"|освобожд\w+\s+от\s+(?:отбывания\s+)?наказани"
)

# Ground patterns, checked in this order: specific procedural bases first.
_GROUNDS = (
    ("court_fine", re.compile(r"судебн\w+ штраф|\b25\.1 упк|\b76\.2 ук")),
    (
        "military_service",
        re.compile(
            r"\b78\.1\b|\b28\.2 упк|\b80\.2\b|заключени\w+ контракт|контракт\w* о прохождении"
            r"|призыв\w* на военную службу в период мобилизации|поступлени\w+ на военную службу"
        ),
    ),
    ("death", re.compile(r"\bсмерт|\bскончал|п\.\s*4 ч\.\s*1 ст\.\s*24 упк")),
    ("limitation", re.compile(r"давност|п\.\s*3 ч\.\s*1 ст\.\s*24 упк")),
    ("amnesty", re.compile(r"амнисти")),
    (
        "reconciliation",
        re.compile(r"примирени|(?:ст\.|статьи)\s*25 упк|(?:ст\.|статьи)\s*76 ук(?![\d.])"),
    ),
    (
        "active_repentance",
        re.compile(r"деятельн\w+ раскаяни|(?:ст\.|статьи)\s*28 упк|(?:ст\.|статьи)\s*75 ук"),
    ),
    (
        "no_crime",
        re.compile(
            r"отсутстви\w+\s+(?:в\s+(?:его\s+)?деяни\w+\s+)?(?:события|состава)|п\.\s*[12] ч\.\s*1 ст\.\s*24 упк"
        ),
    ),
    ("note_to_article", re.compile(r"примечани\w+\s+(?:\d\s+)?к\s+(?:ст|стать)|стечени\w+ тяжел")),
)


_EARLIER = re.compile(r"\bранее\b|первой\s+инстанци|\bпрежде\b")


def _earlier_stage(low: str, pos: int) -> bool:
    """True when the sentence around `pos` tells of an earlier stage of the case."""
    start = max(low.rfind(".", 0, pos), low.rfind("\n", 0, pos)) + 1
    return bool(_EARLIER.search(low, start, pos))


def find_outcome(low: str, ranges: list[tuple[int, int]]) -> tuple[str, tuple[int, int] | None]:
    """Outcome code and the span of the words that decided it."""
    found: dict[str, re.Match] = {}
    for name, rx in (
        ("convicted", _CONVICTED),
        ("acquitted", _ACQUITTED),
        ("dismissed", _DISMISSED),
        ("returned_to_prosecutor", _RETURNED),
        ("released", _RELEASED),
    ):
        for a, b in ranges:
            m = rx.search(low, a, b)
            if m:
                found[name] = m
                break

    def span(name: str) -> tuple[int, int]:
        m = found[name]
        return m.start(), m.end()

    if (
        "convicted" in found
        and "acquitted" in found
        and _earlier_stage(low, found["convicted"].start())
    ):
        # «Верховный суд оправдал … Ранее его приговорили к семи годам»: the later
        # decision stands.
        return "acquitted", span("acquitted")
    if "convicted" in found:
        if "released" in found:
            return "released_from_punishment", span("released")
        return "convicted", span("convicted")
    if "acquitted" in found:
        return "acquitted", span("acquitted")
    if "returned_to_prosecutor" in found:
        return "returned_to_prosecutor", span("returned_to_prosecutor")
    if "dismissed" in found:
        return "dismissed", span("dismissed")
    if "released" in found:
        return "released_from_punishment", span("released")
    return "other", None


def find_ground(
    low: str, ranges: list[tuple[int, int]]
) -> tuple[str | None, tuple[int, int] | None]:
    for name, rx in _GROUNDS:
        for a, b in ranges:
            m = rx.search(low, a, b)
            if m:
                return name, (m.start(), m.end())
    return None, None
