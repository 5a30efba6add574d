"""The one-way flow of extraction.

text → normalised text (`text`) → kind of document (`document`) → clauses and sentences
(`clauses`) → candidate statements of punishments, with their position and role
(`punishment`, `terms`) → attribution to named people (`defendants`) and counted people
(`counted`) → decision per defendant (`decide`) → masked evidence and pseudonyms
(`evidence`). No stage calls back into an earlier one.
"""

from __future__ import annotations

from refusenik.extract.articles import find_articles
from refusenik.extract.counted import find_groups, plan, total_count
from refusenik.extract.decide import (
    add_counted,
    apply_respectively,
    build_defendant,
    inherit_shared,
    same_as_before,
    shared_regime,
)
from refusenik.extract.defendants import document_scope, operative_start, split_segments
from refusenik.extract.document import is_criminal
from refusenik.extract.model import ExtractionResult
from refusenik.extract.outcome import find_outcome
from refusenik.extract.punishment import find_punishment
from refusenik.extract.terms import Scanner
from refusenik.extract.text import lowered, prepare


def extract(text_or_html: str) -> ExtractionResult:
    """Extract defendants, outcomes and punishments from an act, its operative part or a press release."""
    return extract_text(prepare(text_or_html))


def extract_text(text: str) -> ExtractionResult:
    """Extract from text already normalised by `refusenik.extract.text.prepare`."""
    low = lowered(text)
    start = operative_start(low)
    if not is_criminal(low, start):
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
            add_counted(text, low, sc, result, scope, names, (zone_start, len(text)))
            shared_regime(text, result, low, sc, names)
            return result
        if outcome != "other" or (press and find_punishment(low, sc, whole) is not None):
            result.defendants.append(
                build_defendant(
                    text, low, sc, None, [(zone_start, len(text))], [], scope, 1, names, press
                )
            )
        if press:
            add_counted(text, low, sc, result, scope, names, (zone_start, len(text)))
            shared_regime(text, result, low, sc, names)
        return result
    for i, seg in enumerate(segments, 1):
        result.defendants.append(
            build_defendant(text, low, sc, seg.person, seg.own, seg.shared, scope, i, names, press)
        )
    apply_respectively(text, low, sc, segments, result.defendants, names)
    same_as_before(low, segments, result.defendants)
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
            inherit_shared(result, low, sc, (zone_start, len(text)))
        add_counted(text, low, sc, result, scope, names, (zone_start, len(text)), groups)
        shared_regime(text, result, low, sc, names)
    preamble_end = min(min(a for a, _b in seg.own + seg.shared) for seg in segments)
    first_mention = min(s for s, _e in names)
    preamble, _c, _s = find_articles(text, low, [(zone_start, max(first_mention, preamble_end))])
    for d in result.defendants:
        if not d.articles:
            d.articles = preamble  # «вынес приговор двум военнослужащим, обвинявшимся по …»
    if start is not None and not any(d.articles for d in result.defendants):
        # A ruling whose operative part names no article (a cassation remand): the
        # articles are those the text recites for the case.
        fallback, _c, _s = find_articles(text, low, [(0, len(text))])
        for d in result.defendants:
            d.articles = fallback
    return result
