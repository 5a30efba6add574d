"""The figures of a pack, computed over exactly the cases the pack holds.

Three measures are kept apart and never summed into one another: cases received (the
cases in scope), decisions (those with a decision date) and persons (their defendants).
The sentence distribution, the share suspended and the share below the statutory minimum
are over persons sentenced (one punishment per pseudonym and case). Official figures
come from the imported Judicial Department forms, each with its source cell.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from refusenik.evidence.scope import EvidenceScope

_REF = re.compile(r"(\d{3}(?:\.\d)?)\s*(?:ч\.?\s*(\d+))?")


@dataclass
class Figures:
    cases_received: int
    decisions: int
    persons: int
    persons_sentenced: int
    sentence_kinds: list[tuple[str, int]]  # kind, persons, most first
    share_suspended: float | None
    below_minimum: int
    minimum_known: int  # persons whose sentence could be set against a minimum
    official: list[dict[str, Any]] = field(default_factory=list)
    official_notes: list[str] = field(default_factory=list)
    analysis: dict[str, Any] = field(default_factory=dict)  # analysis.figures.headline
    analysis_kinds: Any = None  # analysis.figures.sentence_kinds (a Table)

    @property
    def share_below_minimum(self) -> float | None:
        return self.below_minimum / self.minimum_known if self.minimum_known else None


def _decided_on(case: dict[str, Any]) -> date | None:
    value = case.get("decided") or case.get("received")
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def below_minimum(punishment: dict[str, Any], on: date | None) -> bool | None:
    """Whether a sentence is below the least the article part allowed on the day (a
    milder kind than its sanction lists, or a shorter term than its lowest); None when
    the article part, the day or the sanction is not known."""
    from refusenik.law import lookup

    found = _REF.search(punishment.get("articles") or "")
    kind = punishment.get("kind")
    if found is None or on is None or not kind:
        return None
    ref = f"{found.group(1)} ч.{found.group(2)}" if found.group(2) else found.group(1)
    try:
        sanctions = lookup.sanction(ref, on)
    except Exception:  # an article or part the model does not hold: not comparable
        return None
    if not sanctions:
        return None
    real = "imprisonment" if kind == "suspended" else kind
    same = [s for s in sanctions if s.kind == real]
    if not same:
        return True  # a milder kind than any the sanction names (art. 64)
    least = min((s.min_months for s in same if s.min_months is not None), default=None)
    term = punishment.get("term_months")
    if least is None or term is None:
        return False
    return bool(term < least)


def compute(engine: Engine, scope: EvidenceScope, cases: list[dict[str, Any]]) -> Figures:
    persons = sum(max(len(c["defendants"]), 1) for c in cases)
    punished = [(c, p) for c in cases for p in c["punishments"] if p.get("outcome") == "convicted"]
    kinds = Counter(p.get("kind") or "unknown" for _, p in punished)
    verdicts = [below_minimum(p, _decided_on(c)) for c, p in punished]
    known = [v for v in verdicts if v is not None]
    figures = Figures(
        cases_received=len(cases),
        decisions=sum(1 for c in cases if c.get("decided")),
        persons=persons,
        persons_sentenced=len(punished),
        sentence_kinds=sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        share_suspended=(kinds.get("suspended", 0) / len(punished)) if punished else None,
        below_minimum=sum(1 for v in known if v),
        minimum_known=len(known),
    )
    figures.official, figures.official_notes = official_rows(engine, scope, cases)
    figures.analysis, figures.analysis_kinds = analysis_figures(engine, scope)
    return figures


def _years(scope: EvidenceScope, cases: list[dict[str, Any]]) -> list[int]:
    years = {d.year for c in cases if (d := _decided_on(c)) is not None}
    if scope.since:
        years = {y for y in years if y >= scope.since.year}
    if scope.until:
        years = {y for y in years if y <= scope.until.year}
    return sorted(years)


def analysis_scope(scope: EvidenceScope) -> Any:
    """The same scope for `refusenik.analysis.figures`, or None for a single case."""
    from refusenik.analysis.figures import Scope

    if scope.case is not None:
        return None
    return Scope(
        courts=(scope.court,) if scope.court else (),
        article=scope.article,
        part=scope.part,
        since=scope.since,
        until=scope.until,
    )


def analysis_figures(engine: Engine, scope: EvidenceScope) -> tuple[dict[str, Any], Any]:
    """`headline` and `sentence_kinds` of the analysis for the same scope: its own rules
    (one principal article per case, each measure dated by its own day)."""
    from refusenik.analysis.figures import headline, sentence_kinds

    wanted = analysis_scope(scope)
    if wanted is None:
        return {}, None
    return headline(engine, wanted), sentence_kinds(engine, wanted)


def official_rows(
    engine: Engine, scope: EvidenceScope, cases: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """Official sentences for the article (and part) of the scope in the years its cases
    were decided, each with its source cell (`analysis.figures.official_distribution`);
    when the forms hold none of those years, every year they do hold, said so."""
    from refusenik.analysis.figures import official_distribution

    if not scope.article:
        return [], ["no article in the scope: official figures are published per article"]
    years = _years(scope, cases)
    table = official_distribution(
        engine, scope.article, range(years[0], years[-1] + 1) if years else None
    )
    notes = list(table.notes)
    if not table.rows and years:
        table = official_distribution(engine, scope.article, None)
        if table.rows:
            notes.append(
                f"the official forms publish no figure for {years[0]}–{years[-1]}, the years "
                "of these decisions; every year they publish is shown"
            )
    rows = [dict(zip(table.columns, row, strict=False)) for row in table.rows]
    if scope.part:
        rows = [r for r in rows if str(r.get("part")) in (scope.part, "ch33", "None", "")]
    if not rows:
        notes.append("no official statistics for this article in the store")
    return rows, notes
