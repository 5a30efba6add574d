"""Other stories a news item appends: «Ранее суд приговорил к 17 годам колонии браконьера…».

A news item often closes with an earlier, unrelated sentencing («Ранее …», «Напомним …»,
«В конце ноября … суд приговорил …»). Such a paragraph is about someone else, so it is
read as its own text: its person gets a row of their own, and its term and regime do not
leak into the main story. A paragraph is taken for another story only when it opens like
one («Ранее», «Напомним», «В конце ноября», «В 2023 году»), states a sentencing with an exact term in its first sentence (not a pronoun's: «Ранее
его приговорили …» is the same person), and names nobody the rest of the text names.
"""

from __future__ import annotations

import re

from refusenik.extract.defendants import LETTERS, find_people
from refusenik.extract.punishment import exact_term_after
from refusenik.extract.terms import scanner

_OPENING = re.compile(
    r"(?:ранее|напомним|кроме того|до этого|в (?:конце|начале|середине|прошлом)\s+\w+"
    r"|в\s+(?:19|20)\d\d\s+году)\b"
)
_EARLIER_IN_CLAUSE = re.compile(r"[^.,;]{0,60}?\bранее\b")
_VERB = re.compile(
    r"\b(?:приговорил[аи]?|осудил[аи]?|приговорен[аы]?|осужден[аы]?)\b(?!\s+(?:его|ее|их|ему|ей|им)\b)"
)
_MAIN = re.compile(r"приговор|осуд|осужд|оштраф|назначил")
_LATER_SENTENCE = re.compile(r"[.!?]\s+")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def other_stories(text: str, low: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs (or their tails) after the one that first tells of a
    sentencing, that tell another sentencing."""
    lines = []
    pos = 0
    for line in low.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    # The main story is told first: only what follows its first sentencing can be another.
    first = next((n for n, (ps, pe) in enumerate(lines) if _MAIN.search(low, ps, pe)), None)
    if first is None:
        return []
    candidates = []
    for ps, pe in _openings(low, lines[first + 1 :]):
        stop = _SENTENCE_END.search(low, ps, pe)
        first_end = stop.start() if stop else pe
        verb = _VERB.search(low, ps, first_end)
        if verb is not None:
            candidates.append((ps, pe, verb.end(), first_end))
    if not candidates:
        return []  # most texts: no need to read their terms
    sc = scanner(low)
    out = []
    for ps, pe, verb_end, first_end in candidates:
        if exact_term_after(sc, low, verb_end, min(first_end, verb_end + 300)) is None:
            continue
        if _names_someone_else_names(text, ps, pe):
            continue
        out.append((ps, pe))
    return out


def _openings(low: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that open like another story: a paragraph, or a paragraph's later sentence
    up to the paragraph's end («… зафиксировав ряд преступлений. В 2023 году суд
    приговорил …»)."""
    out = []
    for ps, pe in lines:
        if _OPENING.match(low, ps) or _EARLIER_IN_CLAUSE.match(low, ps):
            out.append((ps, pe))
            continue
        for m in _LATER_SENTENCE.finditer(low, ps, pe):
            if _OPENING.match(low, m.end()):
                out.append((m.end(), pe))
                break
    return out


def _names_someone_else_names(text: str, ps: int, pe: int) -> bool:
    """True when a person the paragraph names is mentioned elsewhere in the text."""
    people, _mentions = find_people(text, ps, pe)
    for person in people:
        stem = person.stem or person.name_for_pseudonym.split(" ")[0]
        if not stem:
            continue
        word = stem.capitalize()
        if _starts_a_word(text, word, 0, ps) or _starts_a_word(text, word, pe, len(text)):
            return True
    return False


def _starts_a_word(text: str, word: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds `word` not glued to a letter before it (plain string
    search: compiling a pattern per name cost more than the search)."""
    pos = text.find(word, start, end)
    while pos >= 0:
        if not pos or text[pos - 1] not in LETTERS:
            return True
        pos = text.find(word, pos + 1, end)
    return False


def blank_outside(text: str, keep: list[tuple[int, int]]) -> str:
    """`text` with everything outside the `keep` spans turned to spaces (line breaks
    stay), so offsets into the result are offsets into `text`."""
    out = []
    pos = 0
    for s, e in sorted(keep):
        out.append(_blank(text[pos:s]))
        out.append(text[s:e])
        pos = e
    out.append(_blank(text[pos:]))
    return "".join(out)


def _blank(piece: str) -> str:
    return re.sub(r"[^\n]", " ", piece)
