"""What the extractor returns: per defendant, the outcome and the final punishment.

Field names and null-ness follow the published JSON shape. Evidence spans sit
under a separate ``evidence`` key so the required keys stay exactly as documented.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from refusenik.law.vocab import DismissalGround, Outcome, PunishmentKind, Regime


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

    kind: PunishmentKind  # one of `ADDITIONAL_KINDS`
    term_months: int | None = None
    fine_rub: int | None = None
    # What a ban (art. 47) forbids: 'driving' (управлять транспортными средствами),
    # 'positions' (занимать должности), 'activity' (заниматься деятельностью).
    scope: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "term_months": self.term_months,
            "fine_rub": self.fine_rub,
            "scope": self.scope,
        }


@dataclass
class Punishment:
    kind: PunishmentKind
    term_months: int | None = None
    term_days: int | None = None
    probation_months: int | None = None
    fine_rub: int | None = None
    hours: int | None = None
    regime: Regime | None = None
    art64: bool | None = None
    art73: bool | None = None
    additional: list[Additional] = field(default_factory=list)
    # Beyond the required keys: pay deduction under ст. 51 / 50 and how the final
    # sentence was formed (ст. 69 ч. 2/3/5, ст. 70, ст. 74).
    deduction_percent: float | None = None
    combination: list[Article] = field(default_factory=list)
    life: bool = False  # life imprisonment: kind 'imprisonment' with no term
    juvenile_colony: bool = False  # воспитательная колония: imprisonment with no regime
    # «первые три года в тюрьме» (art. 58 ч.2): the part of the term served in prison;
    # `regime` stays the colony's, for the rest.
    prison_months: int | None = None

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
            "prison_months": self.prison_months,
        }


@dataclass
class Defendant:
    pseudonym: str
    outcome: Outcome
    dismissal_ground: DismissalGround | None = None
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
    # 'criminal_act', 'press_release', 'administrative', 'non_criminal', or 'unreadable' (the
    # ingest stage's mark for a text `extract` refused: too long, not Russian, binary)
    document_type: str
    defendants: list[Defendant] = field(default_factory=list)

    @property
    def reason(self) -> str | None:
        """Why there are no defendants, so an empty result is never mistaken for a finding."""
        if self.defendants:
            return None
        if self.document_type == "non_criminal":
            return "not a criminal case (administrative, civil or unrelated text)"
        if self.document_type == "administrative":
            return "an administrative (КоАП) case with no punishment stated"
        if self.document_type == "unreadable":
            return "the text could not be read (too long, binary or not in Russian)"
        return "no defendant with a decided outcome: no verdict is stated (a request, a hearing or a detention)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_type": self.document_type,
            "defendants": [d.to_dict() for d in self.defendants],
            "reason": self.reason,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
