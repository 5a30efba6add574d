"""The shared vocabulary of sentencing: punishment kinds, regimes, outcomes, dismissal
grounds, the groups of refusal, and the days the law changed.

Every stage that names one of these (the Criminal Code model, the extractor, the official
statistics, the simulated courts) takes it from here, so a value means one thing
everywhere. The values are the strings the project's JSON, the extractor's gold labels and
the bundled `articles.yaml` have always used; they are `StrEnum`s, so a member compares
equal to its string and prints as it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class PunishmentKind(StrEnum):
    """Kinds of punishment of the Criminal Code (art. 44), in its order, plus the ways a
    sentence is reported that are not kinds of their own."""

    FINE = "fine"  # штраф, art. 46
    BAN = "ban"  # лишение права занимать должности / заниматься деятельностью, art. 47
    STRIPPED_OF_RANK = "stripped_of_rank"  # лишение специального, воинского звания, art. 48
    COMPULSORY_WORKS = "compulsory_works"  # обязательные работы, art. 49
    CORRECTIONAL_LABOUR = "correctional_labour"  # исправительные работы, art. 50
    RESTRICTION_OF_SERVICE = "restriction_of_service"  # ограничение по военной службе, art. 51
    RESTRICTION_OF_FREEDOM = "restriction_of_freedom"  # ограничение свободы, art. 53
    FORCED_LABOUR = "forced_labour"  # принудительные работы, art. 53.1
    ARREST = "arrest"  # арест, art. 54 (not applied in practice: no arrest houses exist)
    DISCIPLINARY_UNIT = "disciplinary_unit"  # содержание в дисциплинарной воинской части, art. 55
    IMPRISONMENT = "imprisonment"  # лишение свободы на определённый срок, art. 56
    LIFE_IMPRISONMENT = "life_imprisonment"  # пожизненное лишение свободы, art. 57
    DEATH_PENALTY = "death_penalty"  # смертная казнь, art. 59 (under moratorium)
    # Imprisonment suspended under art. 73 («условно»). Other kinds the court suspends
    # keep their own kind with `art73` set.
    SUSPENDED = "suspended"
    OTHER = "other"


# The article of the Code that defines each kind (SUSPENDED: the article that suspends).
CODE_ARTICLE: dict[PunishmentKind, str] = {
    PunishmentKind.FINE: "46",
    PunishmentKind.BAN: "47",
    PunishmentKind.STRIPPED_OF_RANK: "48",
    PunishmentKind.COMPULSORY_WORKS: "49",
    PunishmentKind.CORRECTIONAL_LABOUR: "50",
    PunishmentKind.RESTRICTION_OF_SERVICE: "51",
    PunishmentKind.RESTRICTION_OF_FREEDOM: "53",
    PunishmentKind.FORCED_LABOUR: "53.1",
    PunishmentKind.ARREST: "54",
    PunishmentKind.DISCIPLINARY_UNIT: "55",
    PunishmentKind.IMPRISONMENT: "56",
    PunishmentKind.LIFE_IMPRISONMENT: "57",
    PunishmentKind.DEATH_PENALTY: "59",
    PunishmentKind.SUSPENDED: "73",
}
# Kinds a sanction of an article may list (what `articles.yaml` may name).
SANCTION_KINDS: frozenset[PunishmentKind] = frozenset(CODE_ARTICLE) - {PunishmentKind.SUSPENDED}
# Kinds that may only be added to a main punishment (art. 45 ч.3), never stand alone.
ADDITIONAL_ONLY: frozenset[PunishmentKind] = frozenset({PunishmentKind.STRIPPED_OF_RANK})
# Kinds that may be imposed on top of a main punishment (art. 45 ч.2–3).
ADDITIONAL_KINDS: frozenset[PunishmentKind] = frozenset(
    {
        PunishmentKind.FINE,
        PunishmentKind.BAN,
        PunishmentKind.STRIPPED_OF_RANK,
        PunishmentKind.RESTRICTION_OF_FREEDOM,
        PunishmentKind.OTHER,
    }
)


class Regime(StrEnum):
    """Where imprisonment is served (art. 58)."""

    SETTLEMENT = "settlement"  # колония-поселение
    GENERAL = "general"  # исправительная колония общего режима
    STRICT = "strict"  # строгого режима
    SPECIAL = "special"  # особого режима
    PRISON = "prison"  # тюрьма (part of the term, art. 58 ч.2)
    EDUCATIONAL_COLONY = "educational_colony"  # воспитательная колония (minors, art. 58 ч.3)


class Outcome(StrEnum):
    """What the court decided for one defendant."""

    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    DISMISSED = "dismissed"  # the case or prosecution was terminated (see DismissalGround)
    RETURNED_TO_PROSECUTOR = "returned_to_prosecutor"  # art. 237 УПК
    RELEASED_FROM_PUNISHMENT = "released_from_punishment"  # convicted but not punished
    OTHER = "other"  # a decision of another kind (an appeal left as it was …)
    UNKNOWN = "unknown"  # the text does not say yet: a request, a trial still running


class DismissalGround(StrEnum):
    """Why a case was dismissed."""

    RECONCILIATION = "reconciliation"  # with the victim, art. 76 УК / 25 УПК
    ACTIVE_REPENTANCE = "active_repentance"  # art. 75 УК / 28 УПК
    COURT_FINE = "court_fine"  # судебный штраф, art. 76.2 УК / 25.1 УПК: no conviction
    MILITARY_SERVICE = "military_service"  # art. 78.1 УК / 28.2 УПК (contract, service)
    DEATH = "death"  # п. 4 ч. 1 ст. 24 УПК
    LIMITATION = "limitation"  # limitation period, art. 78 УК / п. 3 ч. 1 ст. 24 УПК
    AMNESTY = "amnesty"  # art. 84 УК
    NO_CRIME = "no_crime"  # no crime or no corpus delicti, п. 1–2 ч. 1 ст. 24 УПК
    NOTE_TO_ARTICLE = "note_to_article"  # a note to the article (337, 338 first offence …)


class RefusalGroup(StrEnum):
    """The kind of refusal an article of the model stands for."""

    EVASION = "evasion"  # 328
    REFUSAL_OF_ORDERS = "refusal_of_orders"  # 332
    VIOLENCE_AGAINST_SUPERIOR = "violence_against_superior"  # 333–336
    AWOL = "awol"  # 337
    DESERTION = "desertion"  # 338
    MALINGERING = "malingering"  # 339
    COMBAT_DUTY = "combat_duty"  # 340
    SURRENDER = "surrender"  # 352.1


@dataclass(frozen=True)
class LawChange:
    """A law that changed what refusers face, and the day it came into force.

    `law` is its key among the laws of `articles.yaml`; loading the model checks that the
    day here and the day there agree.
    """

    law: str
    in_force: dt.date
    effect: str


MOBILIZATION_LAW = LawChange(
    "FZ-365-2022",
    dt.date(2022, 9, 24),
    "mobilization, martial law, wartime and armed conflict parts (332 ч.2.1, 337 ч.2.1, 3.1, 5, "
    "338 ч.3, 339 ч.3 …) and art. 352.1",
)
MILITARY_SERVICE_RELEASE_LAW = LawChange(
    "FZ-64-2024",
    dt.date(2024, 3, 23),
    "arts. 78.1 and 80.2: release from liability or punishment for military service",
)
AMENDMENT_534 = LawChange(
    "FZ-534-2025",
    dt.date(2026, 1, 9),
    "aggravated parts for those released under art. 80.2 ч.1 or whose case was suspended "
    "(337 ч.2.2, 3.2, 6; new parts of 338 and 339)",
)
LAW_CHANGES: tuple[LawChange, ...] = (
    MOBILIZATION_LAW,
    MILITARY_SERVICE_RELEASE_LAW,
    AMENDMENT_534,
)
# The day partial mobilization was declared (Decree No. 647 of 21.09.2022): not a change
# of the Criminal Code, but where time series of refusal cases break.
MOBILIZATION_DECLARED = dt.date(2022, 9, 21)
