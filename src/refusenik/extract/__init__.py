"""Outcomes and punishments from court acts and court press releases.

``extract(text_or_html)`` reads a whole act (or only its operative part, or a press
release) and returns, per defendant, a pseudonym, the outcome, the articles and the final
main punishment, each with the span of normalised text it came from. It is deterministic
and uses no network and no model: rules over pymorphy3 lemmas.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache

from refusenik.extract.counted import Group, find_groups, plan, sentences, total_count
from refusenik.extract.defendants import (
    CLAUSE_END,
    Person,
    document_scope,
    operative_start,
    split_segments,
)
from refusenik.extract.model import Article, Defendant, ExtractionResult, Punishment, Span
from refusenik.extract.names import masked_text
from refusenik.extract.outcome import find_ground, find_outcome
from refusenik.extract.punishment import find_punishment, sole_regime
from refusenik.extract.respectively import listed_terms, respective_terms
from refusenik.extract.terms import Scanner
from refusenik.extract.text import lowered, prepare
from refusenik.law import parse_refs
from refusenik.privacy import pseudonym

__all__ = ["ExtractionResult", "extract", "extract_text"]

UK_CODES = ("УК РФ", None)
FIRST_SPECIAL_ARTICLE = 105  # Arts. 1–104 are the General Part: no one is convicted "under" them.
COMBINING = ("69", "70", "74")

_CRIMINAL = re.compile(
    r"\bук\s*рф\b|уголовн\w+\s+(?:дел|кодекс|преследовани|закон|ответственност)|подсудим|осужденн|\bприговор(?:а|у|ом)?\b"
    r"|\bприговорил|\bприговорен|лишени\w+ свободы|колони\w+ (?:общего|строгого|особого)|военн\w+ суд"
    r"|колони\w+[- ]поселени|дисциплинарн\w+ воинск"
)
_NON_CRIMINAL = re.compile(
    r"административн\w+\s+правонарушени|гражданск\w+\s+(?:дел|процессуальн)|кас\s+рф|гпк\s+рф"
    r"|административного\s+судопроизводства|\bкоап\b|административн\w+\s+(?:штраф|ответственност|дел)"
)
# A press release that names no article still reports a sentence: «Суд оштрафовал
# призывника на 100 тысяч рублей», «назначил наказание … в виде штрафа».
_SENTENCED = re.compile(
    r"\bоштрафовал|\bоштрафован|назначил[аи]?\s+(?:\S+\s+){0,4}?наказани|наказани\w+\s+в\s+виде"
    r"|уклонени\w+\s+от\s+(?:призыва|военной\s+службы|прохождения\s+военной)"
    r"|\bосудил\w*|\bосужд[её]н\w*|\bприговорил\w*|\bприговор[её]н\w*"
)
_CHARGE = re.compile(r"виновн|предусмотренн|обвиняем")
_PREVIOUS_SENTENCE = re.compile(
    r"по\s+приговор\w*|приговором\s+[^.;]{0,120}?\sот\s(?:\d|дд)|судим\w*"
)


def extract(text_or_html: str) -> ExtractionResult:
    """Extract defendants, outcomes and punishments from an act, its operative part or a press release."""
    return extract_text(prepare(text_or_html))


def _is_criminal(low: str, start: int | None) -> bool:
    """Criminal if the operative part (or, without one, most of the text) speaks of crime."""
    if start is not None:
        return bool(_CRIMINAL.search(low, start))
    criminal = len(_CRIMINAL.findall(low))
    non_criminal = len(_NON_CRIMINAL.findall(low))
    if criminal == 0 and non_criminal == 0:
        return bool(_SENTENCED.search(low))
    return criminal > non_criminal


def _clauses(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split ranges at «;», line breaks and sentence ends (not at «ст.», «г.» abbreviations)."""
    out = []
    for a, b in ranges:
        pos = a
        for m in CLAUSE_END.finditer(text, a, b):
            if m.end() > pos:
                out.append((pos, m.end()))
                pos = m.end()
        if pos < b:
            out.append((pos, b))
    return out


def _articles(
    text: str, low: str, ranges: list[tuple[int, int]]
) -> tuple[list[Article], list[Article], tuple[int, int] | None]:
    """Articles of the charge or conviction, and the combining articles (69, 70, 74).

    Counted defendants share their text, so the answer is kept for the same ranges."""
    articles, combining, span = _articles_cached(text, low, tuple(ranges))
    return list(articles), list(combining), span


@lru_cache(maxsize=64)
def _articles_cached(
    text: str, low: str, ranges: tuple[tuple[int, int], ...]
) -> tuple[tuple[Article, ...], tuple[Article, ...], tuple[int, int] | None]:
    charged: dict[tuple, Article] = {}
    combining: dict[tuple, Article] = {}
    first_span = None
    for start, end in _clauses(text, ranges):
        piece = text[start:end]
        plow = low[start:end]
        # A clause reciting an earlier sentence («по приговору … по ч. 1 ст. 158») is not the charge.
        previous = _PREVIOUS_SENTENCE.search(plow) and not _CHARGE.search(plow)
        for ref in parse_refs(piece):
            if ref.code not in UK_CODES:
                continue
            art = Article(ref.article, ref.part, ref.point)
            key = (ref.article, ref.part, ref.point)
            head = ref.article.split(".")[0]
            if head in COMBINING:
                combining.setdefault(key, art)
            elif head.isdigit() and int(head) >= FIRST_SPECIAL_ARTICLE and not previous:
                charged.setdefault(key, art)
                if first_span is None:
                    pos = piece.find(ref.article)
                    if pos >= 0:
                        first_span = (start + pos, start + pos + len(ref.article))
    # «ст. 183 УК РФ» repeated without its part adds nothing to «ч. 3 ст. 183».
    with_part = {a.article for a in charged.values() if a.part or a.point}
    articles = [a for a in charged.values() if a.part or a.point or a.article not in with_part]
    return tuple(articles), tuple(combining.values()), first_span


def _masked(text: str, start: int, end: int, names: list[tuple[int, int]]) -> Span:
    """Evidence text with every name replaced, so it cannot leak one.

    The names the defendant finder recognised go first; then every remaining word that
    could be a name by its morphology, for the people the finder did not see.
    """
    return Span(start, end, masked_text(text, start, end, names))


def _pseudonym(person: Person | None, scope: str, index: int) -> str:
    if person is None:
        return pseudonym(f"подсудимый {index}", scope=scope)
    if person.placeholder:
        return pseudonym(person.name_for_pseudonym, scope=scope)
    return pseudonym(person.name_for_pseudonym)


def _defendant(
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
    d = Defendant(pseudonym=_pseudonym(person, scope, index), outcome=outcome)
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
    articles, combining, aspan = _articles(text, low, ranges)
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
    d.evidence = {k: _masked(text, s, e, names) for k, (s, e) in spans.items()}
    return d


def _apply_respectively(
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
            defendants[i].evidence["term_months"] = _masked(text, s, e, names)


def _add_counted(
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
        d = _defendant(text, low, sc, None, [own], [zone], scope, index + 1, names, True)
        result.defendants.append(d)
        _listed_term(text, sc, d, g, slots.index(g), index, own, names)


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
    d.evidence["term_months"] = _masked(text, s, e, names)


_SAME = re.compile(
    r"так(?:ое|ой|ую)\s+же\s+(?:наказани|срок|приговор)|аналогичн\w+\s+(?:наказани|срок|приговор)"
    r"|столько\s+же"
)


def _same_as_before(low: str, segments: list, defendants: list[Defendant]) -> None:
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


def _inherit_shared(result: ExtractionResult, low: str, sc: Scanner, zone: tuple[int, int]) -> None:
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


def _shared_regime(
    text: str, result: ExtractionResult, low: str, names: list[tuple[int, int]]
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
    found = sole_regime(low)
    if found is None:
        return
    regime, (s, e) = found
    for d in lacking:
        assert d.punishment is not None
        d.punishment.regime = regime
        d.evidence["regime"] = _masked(text, s, e, names)


def extract_text(text: str) -> ExtractionResult:
    """Extract from text already normalised by `refusenik.extract.text.prepare`."""
    low = lowered(text)
    start = operative_start(low)
    if not _is_criminal(low, start):
        return ExtractionResult("non_criminal")
    press = start is None
    doc_type = "press_release" if press else "criminal_act"
    zone_start = start or 0
    sc = Scanner(low)
    scope = document_scope(text)
    segments, names = split_segments(text, zone_start, len(text), press)
    result = ExtractionResult(doc_type)
    if not segments:
        whole = [(zone_start, len(text))]
        outcome, _span = find_outcome(low, whole)
        counted = plan(find_groups(low, sc), low) if press else []
        if len(counted) >= 2:
            _add_counted(text, low, sc, result, scope, names, (zone_start, len(text)))
            _shared_regime(text, result, low, names)
            return result
        if outcome != "other" or (press and find_punishment(low, sc, whole) is not None):
            result.defendants.append(
                _defendant(
                    text, low, sc, None, [(zone_start, len(text))], [], scope, 1, names, press
                )
            )
        if press:
            _add_counted(text, low, sc, result, scope, names, (zone_start, len(text)))
            _shared_regime(text, result, low, names)
        return result
    for i, seg in enumerate(segments, 1):
        result.defendants.append(
            _defendant(text, low, sc, seg.person, seg.own, seg.shared, scope, i, names, press)
        )
    _apply_respectively(text, low, sc, segments, result.defendants, names)
    _same_as_before(low, segments, result.defendants)
    if press and any(d.outcome != "other" for d in result.defendants):
        # People a press text names without saying anything was decided about them
        # (victims, officials) are not defendants.
        result.defendants = [
            d for d in result.defendants if d.outcome != "other" or d.punishment is not None
        ]
    listed = sum(1 for seg in segments if seg.shared)
    if press:
        groups = find_groups(low, sc)
        if total_count(groups, low) >= 2 or listed >= 2:
            _inherit_shared(result, low, sc, (zone_start, len(text)))
        _add_counted(text, low, sc, result, scope, names, (zone_start, len(text)), groups)
        _shared_regime(text, result, low, names)
    preamble_end = min(min(a for a, _b in seg.own + seg.shared) for seg in segments)
    first_mention = min(s for s, _e in names)
    preamble, _c, _s = _articles(text, low, [(zone_start, max(first_mention, preamble_end))])
    for d in result.defendants:
        if not d.articles:
            d.articles = preamble  # «вынес приговор двум военнослужащим, обвинявшимся по …»
    if start is not None and not any(d.articles for d in result.defendants):
        # A ruling whose operative part names no article (a cassation remand): the
        # articles are those the text recites for the case.
        fallback, _c, _s = _articles(text, low, [(0, len(text))])
        for d in result.defendants:
            d.articles = fallback
    return result
