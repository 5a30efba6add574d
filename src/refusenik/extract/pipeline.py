"""The one-way flow of extraction.

text (never HTML: `sites` reads pages) → normalised text (`text`) → kind of document (`document`) → clauses and sentences
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
from refusenik.extract.defendants import (
    document_scope,
    find_people,
    operative_start,
    split_segments,
)
from refusenik.extract.document import (
    ADMINISTRATIVE,
    NON_CRIMINAL,
    document_type,
    plain_punishment_words,
)
from refusenik.extract.model import ExtractionResult
from refusenik.extract.outcome import find_outcome
from refusenik.extract.punishment import find_punishment
from refusenik.extract.stories import blank_outside, other_stories
from refusenik.extract.terms import scanner
from refusenik.extract.text import MAX_READ_CHARS, lowered, prepare, too_long_to_read
from refusenik.privacy import one_page


def extract(text: str) -> ExtractionResult:
    """Extract defendants, outcomes and punishments from the text of an act, its operative
    part or a press release (a court page is turned into text by `refusenik.sites`)."""
    checked = prepare(text)
    with one_page():  # the pseudonym key is located once per text, not once per defendant
        return extract_text(checked)


def extract_text(text: str, stories: bool = True) -> ExtractionResult:
    """Extract from text already normalised by `refusenik.extract.text.prepare`; refuses
    (`UserInputError`) a text about a crime whose part read for defendants is longer
    than `MAX_READ_CHARS`.

    A press text that appends other sentencings («Ранее суд приговорил …») is read as its
    main story plus each other story, each on its own, in that order (`stories=False`
    reads the text as one story)."""
    low = lowered(text)
    start = operative_start(low)
    if len(text) - (start or 0) > MAX_READ_CHARS:
        if document_type(low, start) == NON_CRIMINAL:
            return ExtractionResult(NON_CRIMINAL)  # no crime told: nothing to read, however long
        raise too_long_to_read(len(text) - (start or 0), start is not None)
    if stories and start is None:
        split = _by_story(text, low)
        if split is not None:
            return split
    doc_type = document_type(low, start)
    if doc_type == NON_CRIMINAL:
        return ExtractionResult(doc_type)
    press = start is None
    if doc_type == ADMINISTRATIVE:
        low = plain_punishment_words(low)
    zone_start = start or 0
    sc = scanner(low)
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
            inherit_shared(result, text, low, sc, (zone_start, len(text)), names)
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


def _by_story(text: str, low: str) -> ExtractionResult | None:
    """The main story's defendants, then each other story's; None when the text tells
    one story, or when splitting would not give every story a sentence of its own."""
    others = other_stories(text, low)
    if not others:
        return None
    main = extract_text(blank_outside(text, _complement(others, len(text))), stories=False)
    decided = [d for d in main.defendants if d.punishment is not None]
    if not decided or main.document_type == NON_CRIMINAL:
        return None  # the other story may be this one's earlier stage
    terms = {d.punishment.term_months for d in decided if d.punishment is not None}
    for span in others:
        part = extract_text(blank_outside(text, [span]), stories=False)
        found = part.defendants[0].punishment if len(part.defendants) == 1 else None
        if found is None:
            return None
        named = bool(find_people(text, span[0], span[1])[0])
        if not named and found.term_months in terms:
            return None  # an unnamed restatement of the main sentence
        main.defendants.extend(part.defendants)
    return main


def _complement(spans: list[tuple[int, int]], end: int) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for s, e in sorted(spans):
        out.append((pos, s))
        pos = e
    out.append((pos, end))
    return out
