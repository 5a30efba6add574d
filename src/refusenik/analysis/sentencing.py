"""Pure rules that turn what the store holds about one defendant into analysis facts:
the outcome (from the act text, else from the card's words), the principal article, and
whether the punishment is below the statutory minimum (art. 64 УК РФ).

Rules, stated once:
- principal article: of the defendant's charges, the part whose sanction allows the longest
  imprisonment (in its latest version); ties go to the charge listed first. Every person
  and case is counted under one article only, so article rows add up to the total.
- below the minimum: the sanction in force on the offence date. The store does not hold
  offence dates (cards do not print them), so the received date stands in for it — an
  offence is earlier, so near a change in the law the sanction may be the later one.
  A punishment is below the minimum when it is a kind milder than every kind the
  sanction lists (art. 44 order), or its term is below that kind's lower limit.
  A suspended sentence (art. 73) is imprisonment for this purpose.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from refusenik.law.vocab import Outcome, PunishmentKind

TRANSFERRED = "transferred"  # sent to another court: a decision, not an outcome in vocab
PENDING = "pending"  # no decision yet
OUTCOMES = (
    Outcome.CONVICTED.value,
    Outcome.ACQUITTED.value,
    Outcome.DISMISSED.value,
    Outcome.RETURNED_TO_PROSECUTOR.value,
    Outcome.RELEASED_FROM_PUNISHMENT.value,
    TRANSFERRED,
    Outcome.OTHER.value,
    PENDING,
)
# The order of art. 44 (mildest first), which `PunishmentKind` follows.
_SEVERITY = {k.value: i for i, k in enumerate(PunishmentKind)}
_SEVERITY[PunishmentKind.SUSPENDED.value] = _SEVERITY[PunishmentKind.IMPRISONMENT.value]

_CARD_WORDS = (
    (re.compile(r"оправда", re.I), Outcome.ACQUITTED.value),
    (re.compile(r"возвращ\w*\s+прокурор", re.I), Outcome.RETURNED_TO_PROSECUTOR.value),
    (re.compile(r"подсудност|подведомствен", re.I), TRANSFERRED),
    (re.compile(r"прекращ", re.I), Outcome.DISMISSED.value),
    (re.compile(r"освобо\w+\s+от\s+наказан", re.I), Outcome.RELEASED_FROM_PUNISHMENT.value),
    (re.compile(r"приговор|осужд", re.I), Outcome.CONVICTED.value),
)


def card_outcome(result: str | None, decided: date | None) -> str:
    """The outcome the card's «результат» words say; `pending` before any decision."""
    if not result:
        return PENDING if decided is None else Outcome.OTHER.value
    for pattern, outcome in _CARD_WORDS:
        if pattern.search(result):
            return outcome
    return Outcome.OTHER.value


def person_outcome(extracted: str | None, card_result: str | None, decided: date | None) -> str:
    """The act text's reading wins; the card's words where the text was not read or said
    nothing (extract's `unknown`)."""
    if extracted and extracted != Outcome.UNKNOWN.value:
        return extracted
    return card_outcome(card_result, decided)


@cache
def _max_prison(article: str, part: str | None) -> int:
    from refusenik import law

    try:
        p = law.part(article, part)
    except Exception:  # not in the model: least severe
        return -1
    if not p.periods:
        return -1
    best = -1
    for s in p.periods[-1].sanctions:
        if s.kind in (PunishmentKind.IMPRISONMENT, PunishmentKind.DISCIPLINARY_UNIT):
            best = max(best, s.max_months or 0)
    return best


def principal(charges: list[tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The charge with the most severe sanction (first listed on a tie); None for none."""
    if not charges:
        return None
    return max(enumerate(charges), key=lambda ic: (_max_prison(*ic[1]), -ic[0]))[1]


@cache
def minimum(article: str, part: str | None, on: date, kind: str) -> tuple[int | None, bool | None]:
    """(lower limit in months for this kind, whether the kind itself is milder than any the
    sanction lists) for the part in force on `on`; (None, None) when the model has no
    sanction for that day."""
    from refusenik import law

    try:
        period = law.part(article, part).period_on(on)
    except Exception:
        return None, None
    if period is None or not period.sanctions:
        return None, None
    if kind == PunishmentKind.SUSPENDED.value:
        kind = PunishmentKind.IMPRISONMENT.value
    listed = [s for s in period.sanctions if s.kind.value == kind]
    milder = _SEVERITY.get(kind, -1) < min(
        _SEVERITY.get(s.kind.value, 99) for s in period.sanctions
    )
    if listed:
        lows = [s.min_months for s in listed if s.min_months]
        return (min(lows) if lows else None), False
    return None, milder


def below_minimum(
    article: str | None,
    part: str | None,
    on: date | None,
    kind: str | None,
    term_months: int | None,
) -> tuple[bool | None, int | None]:
    """(below the minimum?, the lower limit in months) — None where it cannot be told."""
    if article is None or on is None or kind is None or kind == PunishmentKind.OTHER.value:
        return None, None
    low, milder = minimum(article, part, on, kind)
    if milder is None:
        return None, None
    if milder:
        return True, low
    if low is None:
        return False, None
    if term_months is None:
        return None, low
    return term_months < low, low
