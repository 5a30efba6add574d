"""Generated outcomes and punishments, and the words courts and press services use for them.

The wording follows law.md §4: «лишения свободы на срок 5 (пять) лет 6 (шесть) месяцев с
отбыванием наказания в исправительной колонии общего режима», «считать условным с
испытательным сроком …», «штрафа в размере 100 000 (сто тысяч) рублей», «ограничения по
военной службе на срок … с удержанием 10 % денежного довольствия в доход государства»,
«содержания в дисциплинарной воинской части на срок …»; and for press releases the dative
news style «приговорил к 5 годам 6 месяцам лишения свободы».
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

from refusenik.simulate.charges import Charge
from refusenik.simulate.numerals import group_digits, words, years_months, years_months_dative

REGIME_WORDS = {
    "settlement": "в колонии-поселении",
    "general": "в исправительной колонии общего режима",
    "strict": "в исправительной колонии строгого режима",
}
REGIME_NEWS = {
    "settlement": "в колонии-поселении",
    "general": "в колонии общего режима",
    "strict": "в колонии строгого режима",
}


@dataclass(frozen=True)
class Punishment:
    """One defendant's main punishment, as the ground truth knows it."""

    kind: str  # imprisonment | fine | restriction_of_service | disciplinary_unit | compulsory_works
    years: int = 0
    months: int = 0
    suspended: bool = False
    probation_years: int = 0
    probation_months: int = 0
    regime: str | None = None  # settlement | general | strict (real imprisonment only)
    fine_rub: int | None = None
    deduction_pct: int | None = None
    hours: int | None = None
    below_minimum: bool = False  # ст. 64 УК РФ applied
    rank_stripped: bool = False

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, 0, False)}


@dataclass(frozen=True)
class Outcome:
    """What the court decided about one defendant."""

    kind: str  # conviction | dismissal | acquittal | returned | transferred
    punishment: Punishment | None = None
    dismissal_basis: str | None = None  # court_fine | art78_1 | note_337
    court_fine_rub: int | None = None

    def to_json(self) -> dict:
        out: dict = {"kind": self.kind}
        if self.punishment:
            out["punishment"] = self.punishment.to_json()
        if self.dismissal_basis:
            out["dismissal_basis"] = self.dismissal_basis
        if self.court_fine_rub:
            out["court_fine_rub"] = self.court_fine_rub
        return out


# --- drawing ---------------------------------------------------------------------------------


def _term(rng: random.Random, lo_months: int, hi_months: int, step: int = 6) -> tuple[int, int]:
    choices = list(range(lo_months, hi_months + 1, step)) or [lo_months]
    m = rng.choice(choices)
    return divmod(m, 12)


def _fine(rng: random.Random, lo: int, hi: int) -> int:
    return rng.randrange(lo, hi + 1, 5000)


def _prison(rng, lo, hi, regimes, suspended_p, below_min=False, rank_p=0.0) -> Punishment:
    y, m = _term(rng, lo, hi)
    suspended = rng.random() < suspended_p and (y * 12 + m) <= 96
    py, pm = _term(rng, 12, 60, 6) if suspended else (0, 0)
    regime = None if suspended else rng.choices(list(regimes), weights=list(regimes.values()))[0]
    return Punishment(
        "imprisonment",
        years=y,
        months=m,
        suspended=suspended,
        probation_years=py,
        probation_months=pm,
        regime=regime,
        below_minimum=below_min,
        rank_stripped=(not suspended) and rng.random() < rank_p,
    )


def _restriction(rng: random.Random, hi_months: int) -> Punishment:
    y, m = _term(rng, 6, hi_months)
    return Punishment(
        "restriction_of_service", years=y, months=m, deduction_pct=rng.choice([10, 15, 20])
    )


def _dbu(rng: random.Random, hi_months: int, below_min: bool = False) -> Punishment:
    y, m = _term(rng, 6, hi_months)
    return Punishment("disciplinary_unit", years=y, months=m, below_minimum=below_min)


def draw_punishment(charge: Charge, rng: random.Random) -> Punishment:
    """A plausible punishment for the most serious charge (shares after law.md §3 statistics)."""
    art, part = charge.article, charge.part
    x = rng.random()
    gen = {"settlement": 3, "general": 6, "strict": 1}
    light = {"settlement": 7, "general": 3}
    if art == "328":
        if part == "2" and x < 0.4:
            return Punishment("compulsory_works", hours=rng.randrange(120, 481, 40))
        if x < 0.97:
            return Punishment("fine", fine_rub=_fine(rng, 10_000, 120_000))
        return _prison(rng, 6, 24, light, 1.0)
    if art == "337":
        if part == "5":
            if x < 0.04:
                return Punishment("fine", fine_rub=_fine(rng, 50_000, 200_000), below_minimum=True)
            if x < 0.08:
                return _dbu(rng, 24, below_min=True)
            if x < 0.16:
                return _prison(rng, 24, 54, light, 0.3, below_min=True)
            return _prison(rng, 60, 84, gen, 0.55, rank_p=0.2)
        if part in ("3.1", "2.1"):
            if x < 0.08:
                return Punishment("fine", fine_rub=_fine(rng, 30_000, 150_000), below_minimum=True)
            if x < 0.15:
                return _dbu(rng, 24, below_min=True)
            hi = 60 if part == "3.1" else 42
            return _prison(rng, 12, hi, light, 0.62)
        if part in ("6", "3.2", "2.2"):
            lo, hi = {"6": (84, 108), "3.2": (36, 60), "2.2": (24, 48)}[part]
            return _prison(rng, lo, hi, {"general": 6, "strict": 4}, 0.2, rank_p=0.5)
        if part == "1":
            return (
                _dbu(rng, 12)
                if x < 0.7
                else Punishment("fine", fine_rub=_fine(rng, 10_000, 40_000), below_minimum=True)
            )
        if part == "3":
            if x < 0.4:
                return _restriction(rng, 24)
            if x < 0.6:
                return _dbu(rng, 24)
            return _prison(rng, 6, 36, light, 0.75)
        if x < 0.25:
            return _dbu(rng, 24)
        return _prison(rng, 12, 60, light, 0.6)
    if art == "332":
        if part == "1":
            return _restriction(rng, 24) if x < 0.5 else _dbu(rng, 24)
        return _prison(rng, 24, 36, light, 0.5)
    if art == "338":
        if part == "3":
            return _prison(rng, 60, 132, {"general": 5, "strict": 5}, 0.12, rank_p=0.6)
        return _prison(rng, 18, 60, gen, 0.4, rank_p=0.3)
    if art == "339":
        if part in ("1",):
            return _restriction(rng, 12) if x < 0.5 else _dbu(rng, 12)
        return _prison(rng, 24 if part == "2" else 60, 72, gen, 0.5)
    if art == "352.1":
        return _prison(rng, 36, 120, {"general": 4, "strict": 6}, 0.0, rank_p=0.7)
    if art in ("333", "334"):
        return _prison(rng, 12, 72, gen, 0.5)
    # unrelated crimes
    if x < 0.3:
        return Punishment("fine", fine_rub=_fine(rng, 20_000, 300_000))
    return _prison(rng, 12, 60, gen, 0.6)


def draw_outcome(kind: str, charge: Charge, rng: random.Random) -> Outcome:
    """Conviction most of the time; dismissals, returns and acquittals now and then."""
    x = rng.random()
    if x < 0.02:
        return Outcome("returned")
    if x < 0.03:
        return Outcome("transferred")
    if x < 0.035:
        return Outcome("acquittal")
    if x < 0.11:
        if kind != "district" and charge.article in ("337", "338", "332") and rng.random() < 0.6:
            basis = "art78_1"
            return Outcome("dismissal", dismissal_basis=basis)
        return Outcome(
            "dismissal", dismissal_basis="court_fine", court_fine_rub=_fine(rng, 10_000, 60_000)
        )
    return Outcome("conviction", punishment=draw_punishment(charge, rng))


# --- wording -------------------------------------------------------------------------------

CASE_RESULT = {
    "conviction": "Вынесен ПРИГОВОР",
    "acquittal": "Вынесен ПРИГОВОР",
    "returned": "Дело ВОЗВРАЩЕНО ПРОКУРОРУ (ст. 237 УПК РФ)",
    "transferred": "Направлено по подсудности (подведомственности)",
}
DISMISSAL_RESULT = {
    "court_fine": (
        "Уголовное дело ПРЕКРАЩЕНО<br>назначена мера уголовно-правового характера - "
        "СУДЕБНЫЙ ШТРАФ (ст. 25.1 УПК РФ)"
    ),
    "art78_1": (
        "Уголовное дело ПРЕКРАЩЕНО<br>освобождение от уголовной ответственности в связи с "
        "прохождением военной службы в период мобилизации (ст. 78.1 УК РФ)"
    ),
}
PERSON_RESULT = {
    "conviction": "Вынесен ПРИГОВОР",
    "acquittal": "ОПРАВДАТЕЛЬНЫЙ приговор",
    "returned": "Дело ВОЗВРАЩЕНО ПРОКУРОРУ (ст. 237 УПК РФ)",
    "transferred": "Направлено по подсудности (подведомственности)",
}


def case_result(outcome: Outcome) -> str:
    """«Результат рассмотрения» as a card's ДЕЛО tab and a listing print it (may hold <br>)."""
    if outcome.kind == "dismissal":
        return DISMISSAL_RESULT[outcome.dismissal_basis or "court_fine"]
    return CASE_RESULT[outcome.kind]


def person_result(outcome: Outcome) -> str:
    """«Результат в отношении лица» in the ЛИЦА tab."""
    if outcome.kind == "dismissal":
        return DISMISSAL_RESULT[outcome.dismissal_basis or "court_fine"]
    return PERSON_RESULT[outcome.kind]


def act_type(outcome: Outcome) -> str:
    """The act's kind as shown in tab labels and link titles."""
    return "Приговор" if outcome.kind in ("conviction", "acquittal") else "Постановление"


def _term_words(p: Punishment) -> str:
    return years_months(p.years, p.months)


def sentence_words(p: Punishment) -> str:
    """The punishment after «назначить ему наказание в виде …» (law.md §4.3)."""
    if p.kind == "imprisonment":
        text = f"лишения свободы на срок {_term_words(p)}"
        if not p.suspended and p.regime:
            text += f" с отбыванием наказания {REGIME_WORDS[p.regime]}"
        return text
    if p.kind == "fine":
        assert p.fine_rub is not None
        return f"штрафа в размере {group_digits(p.fine_rub)} ({words(p.fine_rub)}) рублей"
    if p.kind == "restriction_of_service":
        return (
            f"ограничения по военной службе на срок {_term_words(p)} с удержанием "
            f"{p.deduction_pct} % денежного довольствия в доход государства"
        )
    if p.kind == "disciplinary_unit":
        return f"содержания в дисциплинарной воинской части на срок {_term_words(p)}"
    if p.kind == "compulsory_works":
        return f"обязательных работ на срок {p.hours} часов"
    raise ValueError(p.kind)


def operative_part(
    outcome: Outcome, defendant: str, crime: str, rank: str | None, dative: str
) -> list[str]:
    """Paragraphs after «ПРИГОВОРИЛ:» / «ПОСТАНОВИЛ:»; `crime` is «преступления,
    предусмотренного ч. 5 ст. 337 УК РФ» (or the plural for several charges)."""
    if outcome.kind == "conviction":
        p = outcome.punishment
        assert p is not None
        art64 = " с применением ст. 64 УК РФ" if p.below_minimum else ""
        paras = [
            f"{defendant} признать виновным в совершении {crime}, и{art64} назначить ему "
            f"наказание в виде {sentence_words(p)}."
        ]
        if p.suspended:
            probation = years_months(p.probation_years, p.probation_months)
            paras.append(
                f"На основании ст. 73 УК РФ назначенное {dative} наказание в виде лишения "
                f"свободы считать условным с испытательным сроком {probation}."
            )
        elif p.kind == "imprisonment":
            paras.append(
                "Меру пресечения изменить на заключение под стражу, взять под стражу в зале суда."
            )
        if p.rank_stripped and rank:
            paras.append(f"На основании ст. 48 УК РФ лишить {dative} воинского звания «{rank}».")
        return paras
    if outcome.kind == "acquittal":
        return [
            f"{defendant} по предъявленному обвинению в совершении {crime} оправдать за "
            "отсутствием в деянии состава преступления."
        ]
    if outcome.kind == "dismissal":
        if outcome.dismissal_basis == "art78_1":
            return [
                f"Прекратить уголовное дело в отношении {defendant}, обвиняемого в совершении "
                f"{crime}, на основании ст. 78.1 УК РФ в связи с прохождением военной службы в "
                "период мобилизации."
            ]
        fine = outcome.court_fine_rub or 0
        return [
            f"Прекратить уголовное дело в отношении {defendant}, обвиняемого в совершении "
            f"{crime}, на основании ст. 25.1 УПК РФ с назначением судебного штрафа в размере "
            f"{group_digits(fine)} ({words(fine)}) рублей."
        ]
    if outcome.kind == "returned":
        return [
            f"Уголовное дело в отношении {defendant} возвратить прокурору в порядке ст. 237 УПК РФ."
        ]
    return [f"Уголовное дело в отношении {defendant} направить по подсудности."]


def news_sentence(p: Punishment) -> str:
    """The punishment as a press release words it: «к 5 годам 6 месяцам лишения свободы …»."""
    if p.kind == "imprisonment":
        text = f"к {years_months_dative(p.years, p.months)} лишения свободы"
        if p.suspended:
            probation = years_months(p.probation_years, p.probation_months, in_words=False)
            return f"{text} условно с испытательным сроком {probation}"
        return f"{text} с отбыванием наказания {REGIME_NEWS[p.regime or 'general']}"
    if p.kind == "fine":
        assert p.fine_rub is not None
        return f"к штрафу в размере {group_digits(p.fine_rub)} рублей"
    if p.kind == "restriction_of_service":
        return (
            f"к ограничению по военной службе на срок {years_months(p.years, p.months, False)} "
            f"с удержанием {p.deduction_pct} % денежного довольствия в доход государства"
        )
    if p.kind == "disciplinary_unit":
        return (
            "к содержанию в дисциплинарной воинской части на срок "
            f"{years_months(p.years, p.months, False)}"
        )
    return f"к {p.hours} часам обязательных работ"
