"""Metric names: the dictionaries' English codes plus short aliases for everyday use."""

from __future__ import annotations

from refusenik.errors import UserInputError
from refusenik.law.vocab import Outcome, PunishmentKind

# The dictionaries (YAML, CSV) and the derivations (xlrd) are loaded only when a code must be
# looked up: an alias such as "convicted" is answered without them.

# alias → (codes it stands for, what it means); outcomes and punishment kinds are named
# as everywhere else in the project.
ALIASES: dict[str, tuple[tuple[str, ...], str]] = {
    Outcome.CONVICTED: (
        ("totalConvicted", "totalConvictedMain"),
        "persons convicted (10.3: all, by most serious offence; 10-a: by main article)",
    ),
    PunishmentKind.IMPRISONMENT: (("primaryImprisonment",), "real imprisonment (10.3, 10.3.1)"),
    PunishmentKind.SUSPENDED: (("primarySuspended",), "suspended imprisonment (10.3)"),
    PunishmentKind.FINE: (("primaryFine",), "fine as main punishment (10.3)"),
    PunishmentKind.DISCIPLINARY_UNIT: (
        ("primaryMilitaryDisciplinaryUnit",),
        "disciplinary military unit (10.3)",
    ),
    PunishmentKind.RESTRICTION_OF_SERVICE: (
        ("primaryRestrictionsInMilitaryService",),
        "restriction in military service (10.3)",
    ),
    Outcome.ACQUITTED: (("acquittal", "acquittalMain"), "acquitted (10.3; 10-a by main article)"),
    "additional_qualification": (
        ("addTotalPersons",),
        "persons convicted with the article as additional qualification (10-a)",
    ),
    "convicted_incl_additional": (
        ("convictedMainPlusAdditional",),
        "derived: main article + additional qualification (10-a)",
    ),
    "fines_total_rub": (("primaryFineSum",), "total of main-punishment fines, roubles (10.3.1)"),
    "below_minimum": (
        ("primaryImprisonmentUnderLowerLimit",),
        "imprisonment below the statutory minimum (10.3.1)",
    ),
    "term_up_to_1y": (("primaryImprisonment1",), "imprisonment term ≤ 1 year (10.3.1)"),
    "term_1_2y": (("primaryImprisonment1_2",), "term over 1 up to 2 years (10.3.1)"),
    "term_2_3y": (("primaryImprisonment2_3",), "term over 2 up to 3 years (10.3.1)"),
    "term_3_5y": (("primaryImprisonment3_5",), "term over 3 up to 5 years (10.3.1)"),
    "term_5_8y": (("primaryImprisonment5_8",), "term over 5 up to 8 years (10.3.1)"),
    "term_8_10y": (("primaryImprisonment8_10",), "term over 8 up to 10 years (10.3.1)"),
    "term_10_15y": (("primaryImprisonment10_15",), "term over 10 up to 15 years (10.3.1)"),
    "term_15_20y": (("primaryImprisonment15_20",), "term over 15 up to 20 years (10.3.1)"),
    "imprisonment_share": (
        ("primaryImprisonmentShare",),
        "derived: real imprisonment / convicted (10.3)",
    ),
    "suspended_share": (("primarySuspendedShare",), "derived: suspended / convicted (10.3)"),
    "fine_share": (("primaryFineShare",), "derived: fine / convicted (10.3)"),
    "median_term_upper_years": (
        ("primaryImprisonmentMedianUpperYears",),
        "derived: upper bound (years) of the term band holding the median (10.3.1)",
    ),
}


def describe(code: str) -> str:
    """What a metric code counts (Russian label from the dictionaries, or ours)."""
    from refusenik.official.columns import metric_descriptions
    from refusenik.official.derive import DESCRIPTIONS as DERIVED_DESCRIPTIONS

    return DERIVED_DESCRIPTIONS.get(code) or metric_descriptions().get(code, "")


def resolve_metric(name: str) -> tuple[str, ...]:
    """Codes for an alias or a code (codes are matched case-insensitively)."""
    if name in ALIASES:
        return ALIASES[name][0]
    from refusenik.official.columns import header_codes, metric_descriptions
    from refusenik.official.derive import DESCRIPTIONS as DERIVED_DESCRIPTIONS

    wanted = name.lower()
    for code in (*metric_descriptions(), *header_codes().values(), *DERIVED_DESCRIPTIONS):
        if code.lower() == wanted:
            return (code,)
    raise UserInputError(
        f"unknown metric {name!r}; use an alias ({', '.join(ALIASES)}) or a code — "
        "`refusenik official metrics` lists them all"
    )
