"""Decision: each defendant's outcome and final punishment from the statements found.

Rules, in the order they apply: a defendant's own statement first, then what the text
says of a list they belong to; «соответственно» and «9, 7 и 6,5 лет» hand out terms in
order; «такое же наказание» copies the previous person's; a named person with nothing of
their own takes the statement about the whole group; counted but unnamed people get rows
of their own after the named ones; one regime named for all applies to each.
"""

from __future__ import annotations

import copy
import re

from refusenik.extract.articles import find_articles
from refusenik.extract.counted import Group, find_groups, plan, sentences, subgroup_terms
from refusenik.extract.defendants import Person
from refusenik.extract.evidence import masked_span, pseudonym_for
from refusenik.extract.model import Defendant, ExtractionResult, Punishment
from refusenik.extract.outcome import find_ground, find_outcome
from refusenik.extract.punishment import find_punishment, sole_regime
from refusenik.extract.respectively import listed_terms, respective_terms
from refusenik.extract.terms import Scanner


def build_defendant(
    text: str,
    low: str,
    sc: Scanner,
    person: Person | None,
    own: list[tuple[int, int]],
    shared: list[tuple[int, int]],
    scope: str,
    index: int,
    names: list[tuple[int, int]],
    press: bool,
) -> Defendant:
    ranges = sorted(own + shared)
    outcome, outcome_span = find_outcome(low, ranges)
    d = Defendant(pseudonym=pseudonym_for(person, scope, index), outcome=outcome)
    spans: dict[str, tuple[int, int]] = {}
    if outcome_span:
        spans["outcome"] = outcome_span
    if outcome in ("dismissed", "released_from_punishment"):
        ground, gspan = find_ground(low, ranges)
        d.dismissal_ground = ground
        if gspan:
            spans["dismissal_ground"] = gspan
        if ground == "court_fine":
            q = next(
                (q for q in sc.qs if q.unit == "rub" and any(a <= q.start < b for a, b in ranges)),
                None,
            )
            if q is not None and q.value is not None:
                d.judicial_fine_rub = round(q.value)
                spans["judicial_fine_rub"] = (q.start, q.end)
    articles, combining, aspan = find_articles(text, low, ranges)
    d.articles = articles
    if aspan:
        spans["articles"] = aspan
    if outcome in ("convicted", "released_from_punishment") or (outcome == "other" and press):
        found = find_punishment(low, sc, own) if own else None
        if found is None and shared:
            found = find_punishment(low, sc, ranges)
        if found is not None and outcome == "other":
            # A press release may drop the verb: «Петров приговорен к 6 годам, Сидоров — к 5 годам условно».
            outcome = d.outcome = "convicted"
            spans["outcome"] = found.spans["kind"]
        if found is not None:
            found.punishment.combination = combining
            d.punishment = found.punishment
            spans.update(found.spans)
    d.evidence = {k: masked_span(text, s, e, names) for k, (s, e) in spans.items()}
    return d


def apply_respectively(
    text: str,
    low: str,
    sc: Scanner,
    segments: list,
    defendants: list[Defendant],
    names: list[tuple[int, int]],
) -> None:
    """Give listed defendants their own terms when the text says «… соответственно»."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, seg in enumerate(segments):
        for rng in seg.shared:
            groups.setdefault(rng, []).append(i)
    for (start, end), members in groups.items():
        if len(members) < 2:
            continue
        terms = respective_terms(low, sc, start, end, len(members))
        if terms is None:
            continue
        for i, (months, (s, e)) in zip(members, terms, strict=True):
            p = defendants[i].punishment
            if p is None or p.term_months is None:
                continue
            span = defendants[i].evidence.get("term_months")
            if span is not None and not start <= span.start < end:
                continue  # this defendant's term was stated elsewhere, on its own
            p.term_months = months
            defendants[i].evidence["term_months"] = masked_span(text, s, e, names)


def add_counted(
    text: str,
    low: str,
    sc: Scanner,
    result: ExtractionResult,
    scope: str,
    names: list[tuple[int, int]],
    zone: tuple[int, int],
    groups: list[Group] | None = None,
) -> None:
    """Rows for the people a press text counts but does not name, after the named ones.

    Each counted person's own text runs from their group's mention to the next group's
    («Двум из них назначили шесть лет») and falls back to the whole text.
    """
    if groups is None:
        groups = find_groups(low, sc)
    slots = plan(groups, low)
    named = len(result.defendants)
    if len(slots) < 2 or len(slots) <= named:
        return
    if result.defendants and all(d.punishment is None for d in result.defendants):
        named = 0  # the named rows said nothing of a sentence: rebuild them from the count
        result.defendants.clear()
    starts = sorted({g.start for g in slots})
    bounds = sentences(low)
    cache: dict[tuple[int, int], Defendant] = {}
    members: dict[int, list[tuple[Defendant, tuple[int, int]]]] = {}
    for index in range(named, len(slots)):
        g = slots[index]
        later = [s for s in starts if s > g.start]
        # The first count of a sentence owns the sentence from its start, so the verb
        # before it counts («оштрафовали 10 человек»).
        sentence_start = next((a for a, b in bounds if a <= g.start < b), g.start)
        earlier = [s for s in starts if sentence_start <= s < g.start]
        own = (earlier[-1] if earlier else sentence_start, later[0] if later else zone[1])
        if earlier:
            own = (g.start, own[1])
        built = cache.get(own)
        if built is None:
            built = cache[own] = build_defendant(
                text, low, sc, None, [own], [zone], scope, index + 1, names, True
            )
            d = built
        else:
            # Same text as the person before: the same decision, under their own pseudonym.
            d = copy.deepcopy(built)
            d.pseudonym = pseudonym_for(None, scope, index + 1)
        result.defendants.append(d)
        _listed_term(text, sc, d, g, slots.index(g), index, own, names)
        members.setdefault(g.start, []).append((d, own))
    for g_start, rows in members.items():
        g = next(x for x in slots if x.start == g_start)
        if g.count < 2 or len(rows) != g.count:
            continue
        split = subgroup_terms(sc, g.end, rows[0][1][1], g.count)
        if split is None:
            continue
        for (d, _own), (months, (s, e)) in zip(rows, split, strict=True):
            if d.punishment is not None and d.punishment.kind in ("imprisonment", "suspended"):
                d.punishment.term_months = months
                d.evidence["term_months"] = masked_span(text, s, e, names)


def _listed_term(
    text: str,
    sc: Scanner,
    d: Defendant,
    g: Group,
    first_row: int,
    row: int,
    own: tuple[int, int],
    names: list[tuple[int, int]],
) -> None:
    """«Трое … назначил им наказание: 9, 7 и 6,5 лет»: the group's people take the listed
    terms in order."""
    p = d.punishment
    if p is None or g.count < 2:
        return
    terms = [t for t in sc.terms if own[0] <= t.start and t.end <= own[1]]
    listed = listed_terms(sc, terms, own[0], g.count)
    if listed is None:
        return
    months, (s, e) = listed[row - first_row]
    p.term_months = months
    d.evidence["term_months"] = masked_span(text, s, e, names)


_SAME = re.compile(
    r"так(?:ое|ой|ую)\s+же\s+(?:наказани|срок|приговор)|аналогичн\w+\s+(?:наказани|срок|приговор)"
    r"|столько\s+же"
)


def same_as_before(low: str, segments: list, defendants: list[Defendant]) -> None:
    """«Такое же наказание получила её подельница»: the previous person's punishment."""
    for i in range(1, len(defendants)):
        d = defendants[i]
        if d.punishment is not None or d.outcome not in ("convicted", "other"):
            continue
        seg = segments[i]
        if not any(_SAME.search(low, max(0, a - 80), b) for a, b in seg.own + seg.shared):
            continue
        before = defendants[i - 1].punishment
        if before is None:
            continue
        d.outcome = "convicted"
        d.punishment = copy.deepcopy(before)
        for key in ("kind", "term_months", "regime", "probation_months", "fine_rub"):
            if key in defendants[i - 1].evidence:
                d.evidence[key] = defendants[i - 1].evidence[key]


def inherit_shared(result: ExtractionResult, low: str, sc: Scanner, zone: tuple[int, int]) -> None:
    """A named defendant with no punishment of their own takes what the text says of all."""
    missing = [
        d for d in result.defendants if d.punishment is None and d.outcome in ("convicted", "other")
    ]
    if not missing or len(result.defendants) < 2:
        return
    found = find_punishment(low, sc, [zone])
    if found is None:
        return
    for d in missing:
        d.outcome = "convicted"
        d.punishment = Punishment(
            **{**found.punishment.__dict__, "additional": list(found.punishment.additional)}
        )


def shared_regime(
    text: str, result: ExtractionResult, low: str, sc: Scanner, names: list[tuple[int, int]]
) -> None:
    """Custodial terms without a regime take the one regime the text names, if only one."""
    lacking = [
        d
        for d in result.defendants
        if d.punishment is not None
        and d.punishment.kind == "imprisonment"
        and d.punishment.regime is None
        and not d.punishment.life
        and not d.punishment.juvenile_colony
    ]
    if not lacking:
        return
    found = sole_regime(low, sc)
    if found is None:
        return
    regime, (s, e) = found
    for d in lacking:
        assert d.punishment is not None
        d.punishment.regime = regime
        d.evidence["regime"] = masked_span(text, s, e, names)
