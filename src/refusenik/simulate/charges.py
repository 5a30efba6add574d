"""Which articles and parts the simulated courts try, and how that changed over time.

The mix follows the law's history: before 24.09.2022 only the old parts exist (337 ч.1/3/4,
338 ч.1, 339 ч.1–2, 332 ч.1); 365-FZ adds the mobilisation parts (337 ч.2.1/3.1/5, 332 ч.2.1,
338 ч.3, 339 ч.3, 352.1) in force 24.09.2022, after which ч.5 ст.337 dominates from 2023;
534-FZ adds 337 ч.2.2/3.2/6 from 09.01.2026. Draft evasion (328) goes to district courts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from refusenik.law import vocab

MOBILISATION_LAW = vocab.MOBILIZATION_LAW.in_force  # 365-FZ in force
AMENDMENT_534 = vocab.AMENDMENT_534.in_force  # 534-FZ in force
# Cases reach a court some weeks after the offence: the first cases under the new parts
# arrive three weeks after 365-FZ and about three after 534-FZ.
_MOBILISATION_CASES_ARRIVE = date(2022, 10, 15)
_AMENDMENT_534_CASES_ARRIVE = date(2026, 2, 1)


@dataclass(frozen=True, order=True)
class Charge:
    """One article (and part) of the Criminal Code a defendant is charged under."""

    article: str
    part: str | None = None

    @property
    def listing(self) -> str:
        """«ст.337 ч.5» — the card/listing form (without «УК РФ»)."""
        return f"ст.{self.article}" + (f" ч.{self.part}" if self.part else "")

    @property
    def query(self) -> str:
        """«337 ч.5» — the value a sudrf search form sends in its article field."""
        return self.article + (f" ч.{self.part}" if self.part else "")

    @property
    def act(self) -> str:
        """«ч. 5 ст. 337 УК РФ» — how acts and press releases cite it."""
        return (f"ч. {self.part} " if self.part else "") + f"ст. {self.article} УК РФ"

    @property
    def is_refusal(self) -> bool:
        return self.article in REFUSAL_ARTICLES


REFUSAL_ARTICLES = frozenset({"328", "332", "333", "334", "337", "338", "339", "352.1"})


def charges_label(charges: tuple[Charge, ...]) -> str:
    """«ст.337 ч.5; ст.338 ч.3 УК РФ», the «Перечень статей» form."""
    return "; ".join(c.listing for c in charges) + " УК РФ"


def _c(spec: str) -> Charge:
    art, _, part = spec.partition(" ч.")
    return Charge(art, part or None)


# (weight, charge) tables by period; weights need not sum to 1.
_GARRISON_OLD = [
    (15, "337 ч.1"),
    (30, "337 ч.3"),
    (28, "337 ч.4"),
    (10, "338 ч.1"),
    (5, "339 ч.1"),
    (3, "339 ч.2"),
    (5, "332 ч.1"),
    (4, "334 ч.1"),
]
_GARRISON_2022Q4 = [
    (20, "337 ч.3"),
    (20, "337 ч.4"),
    (20, "337 ч.5"),
    (12, "337 ч.3.1"),
    (12, "337 ч.2.1"),
    (8, "332 ч.2.1"),
    (4, "338 ч.1"),
    (4, "338 ч.3"),
]
_GARRISON_WAR = [
    (62, "337 ч.5"),
    (8, "337 ч.3.1"),
    (6, "337 ч.2.1"),
    (2, "337 ч.4"),
    (6, "332 ч.2.1"),
    (5, "338 ч.3"),
    (2, "338 ч.1"),
    (3, "339 ч.3"),
    (2, "352.1"),
    (1, "333 ч.3"),
    (1, "334 ч.1"),
]
_GARRISON_534 = [(3, "337 ч.6"), (1, "337 ч.3.2"), (1, "337 ч.2.2")]
_GARRISON_NOISE = [
    (30, "159 ч.3"),
    (15, "159 ч.4"),
    (15, "286 ч.1"),
    (10, "264 ч.1"),
    (10, "228 ч.2"),
    (10, "335 ч.1"),
    (10, "160 ч.3"),
]
_DISTRICT = [(97, "328 ч.1"), (3, "328 ч.2")]
_DISTRICT_NOISE = [
    (35, "158 ч.2"),
    (20, "228 ч.2"),
    (15, "264.1 ч.1"),
    (10, "159 ч.2"),
    (10, "111 ч.1"),
    (10, "161 ч.1"),
]


def _pick(rng: random.Random, table: list[tuple[int, str]]) -> Charge:
    total = sum(w for w, _ in table)
    x = rng.uniform(0, total)
    for w, spec in table:
        x -= w
        if x <= 0:
            return _c(spec)
    return _c(table[-1][1])


def refusal_charges(kind: str, received: date, rng: random.Random) -> tuple[Charge, ...]:
    """Charges of one refusal case received on `received` by a court of `kind`."""
    if kind == "district":
        return (_pick(rng, _DISTRICT),)
    if received < _MOBILISATION_CASES_ARRIVE:
        table = _GARRISON_OLD
    elif received < date(2023, 1, 1):
        table = _GARRISON_2022Q4
    elif received < _AMENDMENT_534_CASES_ARRIVE:
        table = _GARRISON_WAR
    else:
        table = _GARRISON_WAR + _GARRISON_534
    main = _pick(rng, table)
    if main.article == "352.1" and rng.random() < 0.5:
        return (main, Charge("338", "3"))
    if main == Charge("337", "5") and rng.random() < 0.04:
        return (main, Charge("339", "3"))
    return (main,)


def noise_charges(kind: str, rng: random.Random) -> tuple[Charge, ...]:
    """Charges of an unrelated criminal case, so date-only searches see a realistic mix."""
    return (_pick(rng, _DISTRICT_NOISE if kind == "district" else _GARRISON_NOISE),)


def monthly_refusal_rate(kind: str, month: date) -> float:
    """Expected refusal cases per month for an average court of this kind."""
    if kind == "district":
        return 0.5 if month < date(2022, 1, 1) else 0.9
    if month < date(2022, 3, 1):
        return 0.4
    if month < date(2022, 10, 1):
        return 0.8
    if month < date(2023, 1, 1):
        return 2.5
    return {2023: 5.0, 2024: 9.0, 2025: 10.0}.get(month.year, 9.0)


def monthly_noise_rate(kind: str) -> float:
    return 5.0 if kind == "district" else 1.5
