"""Outcome of a case for one defendant and, for dismissals, the ground the court gave."""

from __future__ import annotations

import re

from refusenik.law.vocab import DismissalGround, Outcome

# Word starts are checked behind the word («приговорил(?<!\wприговорил)», not
# «\bприговорил»): the same matches, but patterns that open with letters let the regex
# engine jump between their occurrences instead of trying every position.
_CONVICTED = re.compile(
    r"виновн(?<!невиновн)(?<!не виновн)(?:ым|ой|ыми|ого|ую)\b(?! не)"
    r"|приговорил(?<!\wприговорил)|приговорен(?<!\wприговорен)|осужден(?<!\wосужден)(?!н)"
    r"|осудить(?<!\wосудить)|осудил(?<!\wосудил)"
    r"|назначил[аи]?\s+(?:\w+\s+){0,3}наказани|оштрафовал(?<!\wоштрафовал)"
    r"|оштрафован(?<!\wоштрафован)"
)
_ACQUITTED = re.compile(r"оправда(?<!\wоправда)(?:ть|л|н|тельн)|невиновн(?<!\wневиновн)")
_DISMISSED = re.compile(
    r"прекрати(?<!\wпрекрати)(?:ть|л)|прекращен(?<!\wпрекращен)|прекращает(?<!\wпрекращает)"
)
_RETURNED = re.compile(
    r"(?:возврат|возвращ|верну|вернул)\w*\s+(?:[^;]{0,200}?)прокурор"
    r"|237 упк(?<!\w237 упк)|статьи 237 уголовно-процессуального"
)
_RELEASED = re.compile(
    r"освобод\w+\s+(?:[^.;]{0,60}?)от\s+(?:отбывания\s+)?(?:назначенного\s+)?(?:основного\s+)?наказани"
    r"|освобожд\w+\s+от\s+(?:отбывания\s+)?наказани"
)

# Ground patterns, checked in this order: specific procedural bases first.
_GROUNDS = (
    (DismissalGround.COURT_FINE, re.compile(r"судебн\w+ штраф|\b25\.1 упк|\b76\.2 ук")),
    (
        DismissalGround.MILITARY_SERVICE,
        re.compile(
            r"\b78\.1\b|\b28\.2 упк|\b80\.2\b|заключени\w+ контракт|контракт\w* о прохождении"
            r"|призыв\w* на военную службу в период мобилизации|поступлени\w+ на военную службу"
        ),
    ),
    (DismissalGround.DEATH, re.compile(r"\bсмерт|\bскончал|п\.\s*4 ч\.\s*1 ст\.\s*24 упк")),
    (DismissalGround.LIMITATION, re.compile(r"давност|п\.\s*3 ч\.\s*1 ст\.\s*24 упк")),
    (DismissalGround.AMNESTY, re.compile(r"амнисти")),
    (
        DismissalGround.RECONCILIATION,
        re.compile(r"примирени|(?:ст\.|статьи)\s*25 упк|(?:ст\.|статьи)\s*76 ук(?![\d.])"),
    ),
    (
        DismissalGround.ACTIVE_REPENTANCE,
        re.compile(r"деятельн\w+ раскаяни|(?:ст\.|статьи)\s*28 упк|(?:ст\.|статьи)\s*75 ук"),
    ),
    (
        DismissalGround.NO_CRIME,
        re.compile(
            r"отсутстви\w+\s+(?:в\s+(?:его\s+)?деяни\w+\s+)?(?:события|состава)|п\.\s*[12] ч\.\s*1 ст\.\s*24 упк"
        ),
    ),
    (
        DismissalGround.NOTE_TO_ARTICLE,
        re.compile(r"примечани\w+\s+(?:\d\s+)?к\s+(?:ст|стать)|стечени\w+ тяжел"),
    ),
)


_EARLIER = re.compile(r"ранее(?<!\wранее)\b|первой\s+инстанци|прежде(?<!\wпрежде)\b")


def _earlier_stage(low: str, pos: int) -> bool:
    """True when the sentence around `pos` tells of an earlier stage of the case."""
    start = max(low.rfind(".", 0, pos), low.rfind("\n", 0, pos)) + 1
    return bool(_EARLIER.search(low, start, pos))


def find_outcome(low: str, ranges: list[tuple[int, int]]) -> tuple[Outcome, tuple[int, int] | None]:
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
        return Outcome.ACQUITTED, span("acquitted")
    if "convicted" in found:
        if "released" in found:
            return Outcome.RELEASED_FROM_PUNISHMENT, span("released")
        return Outcome.CONVICTED, span("convicted")
    if "acquitted" in found:
        return Outcome.ACQUITTED, span("acquitted")
    if "returned_to_prosecutor" in found:
        return Outcome.RETURNED_TO_PROSECUTOR, span("returned_to_prosecutor")
    if "dismissed" in found:
        return Outcome.DISMISSED, span("dismissed")
    if "released" in found:
        return Outcome.RELEASED_FROM_PUNISHMENT, span("released")
    return Outcome.OTHER, None


def find_ground(
    low: str, ranges: list[tuple[int, int]]
) -> tuple[DismissalGround | None, tuple[int, int] | None]:
    """The ground of a dismissal the text gives first, and where."""
    for name, rx in _GROUNDS:
        for a, b in ranges:
            m = rx.search(low, a, b)
            if m:
                return name, (m.start(), m.end())
    return None, None
