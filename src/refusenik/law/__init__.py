"""The Criminal Code model (articles used against war refusers), the article-reference
parser, and the shared vocabulary of sentencing (`law.vocab`).

    >>> from refusenik import law
    >>> law.parse_refs("осужден по ст.337 ч.5 УК РФ")[0].article
    '337'
    >>> law.group("ч. 5 ст. 337")
    'awol'

Functions that take a reference accept an `ArticleRef` or a string such as "337",
"337 ч.5", "ч.5 ст.337" or "352.1".

Names are loaded on first use: the vocabulary is imported by stages that need nothing
else of the law, and the model (YAML) and the parser (large patterns) cost a fifth of a
second to import.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from refusenik.law.lookup import (
        article,
        articles,
        group,
        is_mobilization_part,
        laws,
        parse_date,
        part,
        resolve,
        sanction,
    )
    from refusenik.law.model import (
        GROUPS,
        Article,
        Law,
        Part,
        Sanction,
        SanctionPeriod,
        UnknownArticleError,
        UnknownPartError,
    )
    from refusenik.law.refs import UK, UK_LIKE, ArticleRef, normalise, parse_refs
    from refusenik.law.vocab import (
        AMENDMENT_534,
        LAW_CHANGES,
        MILITARY_SERVICE_RELEASE_LAW,
        MOBILIZATION_DECLARED,
        MOBILIZATION_LAW,
        DismissalGround,
        LawChange,
        Outcome,
        PunishmentKind,
        RefusalGroup,
        Regime,
    )

_HOME = {
    **dict.fromkeys(
        "article articles group is_mobilization_part laws parse_date part resolve sanction".split(),
        "lookup",
    ),
    **dict.fromkeys(
        "GROUPS Article Law Part Sanction SanctionPeriod UnknownArticleError UnknownPartError".split(),
        "model",
    ),
    **dict.fromkeys("UK UK_LIKE ArticleRef normalise parse_refs".split(), "refs"),
    **dict.fromkeys(
        "AMENDMENT_534 LAW_CHANGES MILITARY_SERVICE_RELEASE_LAW MOBILIZATION_DECLARED "
        "MOBILIZATION_LAW DismissalGround LawChange Outcome PunishmentKind RefusalGroup "
        "Regime".split(),
        "vocab",
    ),
}

__all__ = [
    "AMENDMENT_534",
    "GROUPS",
    "LAW_CHANGES",
    "MILITARY_SERVICE_RELEASE_LAW",
    "MOBILIZATION_DECLARED",
    "MOBILIZATION_LAW",
    "UK",
    "UK_LIKE",
    "Article",
    "ArticleRef",
    "DismissalGround",
    "Law",
    "LawChange",
    "Outcome",
    "Part",
    "PunishmentKind",
    "RefusalGroup",
    "Regime",
    "Sanction",
    "SanctionPeriod",
    "UnknownArticleError",
    "UnknownPartError",
    "article",
    "articles",
    "group",
    "is_mobilization_part",
    "laws",
    "normalise",
    "parse_date",
    "parse_refs",
    "part",
    "resolve",
    "sanction",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'refusenik.law' has no attribute {name!r}")
    value = getattr(import_module(f"refusenik.law.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
