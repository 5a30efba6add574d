"""What the extractor returns: per defendant, the outcome and the final punishment.

Field names and null-ness follow the published JSON shape. Evidence spans sit
under a separate ``evidence`` key so the required keys stay exactly as documented.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

OUTCOMES = (
    "convicted",
    "acquitted",
    "dismissed",
    "returned_to_prosecutor",
    "released_from_punishment",
    "other",
)
KINDS = (
    "imprisonment",
    "suspended",
    "fine",
    "disciplinary_unit",
    "restriction_of_service",
    "arrest",
    "compulsory_works",
    "correctional_labour",
    "forced_labour",
    "restriction_of_freedom",
    "other",
)
REGIMES = ("settlement", "general", "strict", "special")
DISMISSAL_GROUNDS = (
    "reconciliation",
    "active_repentance",
    "court_fine",
    "military_service",
    "death",
    "limitation",
    "amnesty",
    "no_crime",
    "note_to_article",
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Article:
    article: str
    part: str | None
    point: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "part": self.part, "point": self.point}


@dataclass
class Additional:
    """An additional punishment: stripped of rank, a fine on top, a ban, restriction of freedom."""

    kind: str  # 'stripped_of_rank', 'fine', 'ban', 'restriction_of_freedom', 'other'
    term_months: int | None = None
    fine_rub: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "term_months": self.term_months, "fine_rub": self.fine_rub}


@dataclass
class Punishment:
    kind: str
    term_months: int | None = None
    term_days: int | None = None
    probation_months: int | None = None
    fine_rub: int | None = None
    hours: int | None = None
    regime: str | None = None
    art64: bool | None = None
    art73: bool | None = None
    additional: list[Additional] = field(default_factory=list)
    # Beyond the required keys: pay deduction under ст. 51 / 50 and how the final
    # sentence was formed (ст. 69 ч. 2/3/5, ст. 70, ст. 74).
    deduction_percent: float | None = None
    combination: list[Article] = field(default_factory=list)
    life: bool = False  # life imprisonment: kind 'imprisonment' with no term
    juvenile_colony: bool = False  # воспитательная колония: imprisonment with no regime

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "term_months": self.term_months,
            "term_days": self.term_days,
            "probation_months": self.probation_months,
            "fine_rub": self.fine_rub,
            "hours": self.hours,
            "regime": self.regime,
            "art64": self.art64,
            "art73": self.art73,
            "additional": [a.to_dict() for a in self.additional],
            "deduction_percent": self.deduction_percent,
            "combination": [c.to_dict() for c in self.combination],
            "life": self.life,
            "juvenile_colony": self.juvenile_colony,
        }


@dataclass
class Defendant:
    pseudonym: str
    outcome: str
    dismissal_ground: str | None = None
    articles: list[Article] = field(default_factory=list)
    punishment: Punishment | None = None
    judicial_fine_rub: int | None = None  # судебный штраф (ст. 76.2), not a punishment
    evidence: dict[str, Span] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pseudonym": self.pseudonym,
            "outcome": self.outcome,
            "dismissal_ground": self.dismissal_ground,
            "articles": [a.to_dict() for a in self.articles],
            "punishment": None if self.punishment is None else self.punishment.to_dict(),
            "judicial_fine_rub": self.judicial_fine_rub,
            "evidence": {k: v.to_dict() for k, v in self.evidence.items()},
        }


@dataclass
class ExtractionResult:
    document_type: str  # 'criminal_act', 'press_release', 'non_criminal'
    defendants: list[Defendant] = field(default_factory=list)

    @property
    def reason(self) -> str | None:
        """Why there are no defendants, so an empty result is never mistaken for a finding."""
        if self.defendants:
            return None
        if self.document_type == "non_criminal":
            return "not a criminal case (administrative, civil or unrelated text)"
        return "no defendant with a decided outcome: no verdict is stated (a request, a hearing or a detention)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_type": self.document_type,
            "defendants": [d.to_dict() for d in self.defendants],
            "reason": self.reason,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
