"""Defendants a text counts but does not name: «приговорил 15 бойцов», «Двое … ещё двое …».

News items about group trials often give only a number of people. Each counted person is
a defendant of their own, so the text yields that many rows. A count is read only in a
sentence that reports a sentencing, so victims («более 100 человек») and people merely
present («присутствовали трое обвиняемых») are not defendants. Repeated counts of the same
group (headline and body) are not added up; a count marked «ещё» adds to the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from refusenik.extract.numbers import digits_value, word_value
from refusenik.extract.terms import Scanner
from refusenik.morph import analyzer

MAX_COUNT = 200  # larger numbers next to a noun are statistics, not one trial's defendants

_SENTENCE_END = re.compile(r"\n|(?<=[.!?»])\s+(?=[А-ЯЁA-Z«\"0-9])")
_SENTENCING = re.compile(
    r"приговорил|приговорен|осудил(?<!\wосудил)|осужден(?<!\wосужден)[аоы]?\b"
    r"|вынес\w*\s+(?:\w+\s+){0,2}?приговор"
    r"|признал\w*\s+(?:\S+\s+){0,4}?виновн|оштрафова|получил\w*\s+(?:\w+\s+){0,2}?(?:срок|наказани|лет|год)"
    r"|назначил\w*\s+(?:\S+\s+){0,3}?наказани|наказани\w+\s+в\s+виде"
)
_REQUEST = re.compile(r"просил|просит|запросил|запрашива|требовал|требует")
# What stands between a count and the sentencing it belongs to: not a victim («в убийстве
# шестерых»), not a parenthesis, not an approximate statistic («почти 200 офицеров»).
_NOT_DEFENDANTS = re.compile(
    r"убий|убил|гибел|погиб|жертв|потерпевш|расстрел|ранил|ранен|пострадав|\(|\)|почти|около|более"
    r"|свыше|порядка|менее|больше|из\s+которых"
)
NEAR = 70  # characters between a count and its sentencing verb
CHAIN = 40  # characters between two counts joined by «и»
_PEOPLE_PARTICIPLES = ("осужденн", "обвиняем", "подсудим", "военнослужащ", "фигурант")
_MORE = {"еще", "ещё"}
_PREFIX_SKIP = {"их", "его", "других", "другие", "ее"}


@dataclass(frozen=True)
class Group:
    """`count` people mentioned at [start, end); `clause_end` bounds what is said of them."""

    count: int
    start: int
    end: int
    clause_end: int
    more: bool  # «ещё четверо»: in addition to the people counted before


@lru_cache(maxsize=16)
def sentences(low: str) -> list[tuple[int, int]]:
    """Sentence ranges of the lowered text (line breaks and full stops before a capital)."""
    out = []
    pos = 0
    # The lowered text has no capitals: look for a stop followed by a space and a new word.
    for m in re.finditer(r"\n|[.!?]\s+(?=[а-яеa-z«\"0-9])(?<!ст\.\s)(?<!ч\.\s)(?<!п\.\s)", low):
        if m.end() > pos:
            out.append((pos, m.end()))
            pos = m.end()
    if pos < len(low):
        out.append((pos, len(low)))
    return out


@lru_cache(maxsize=8192)
def _is_people(word: str) -> bool:
    """A plural animate noun («бойцов», «участникам») or «человек»."""
    if word.startswith(_PEOPLE_PARTICIPLES):
        return True
    for p in analyzer().parse(word)[:3]:
        tag = p.tag
        if p.score < 0.2 or "Name" in tag or "Surn" in tag:
            continue  # «из» read as a rare first name
        if "NOUN" in tag and "anim" in tag and ("plur" in tag or p.normal_form == "человек"):
            return True
    return False


@lru_cache(maxsize=8192)
def _is_person(word: str) -> bool:
    """A singular animate noun: «подростка», «юношу», «жителя»."""
    for p in analyzer().parse(word)[:2]:
        tag = p.tag
        if p.score >= 0.2 and "NOUN" in tag and "anim" in tag and "sing" in tag:
            return "Name" not in tag and "Surn" not in tag and "Patr" not in tag
    return False


@lru_cache(maxsize=8192)
def _is_adjective(word: str) -> bool:
    """«молодых», «украинского»: words that may stand between a number and its noun."""
    tag = analyzer().parse(word)[0].tag
    return "ADJF" in tag or "PRTF" in tag


def _count_at(sc: Scanner, i: int) -> tuple[int, int] | None:
    """(count, index of the people noun) for a number at token i followed by people."""
    tok = sc.tokens[i]
    value: float | str | None
    if tok.kind == "num":
        if not tok.text.isdigit():
            return None
        value = digits_value(tok.text)
    elif tok.kind == "word":
        value = word_value(tok.text)
    else:
        return None
    if not isinstance(value, int | float) or value != int(value) or not 2 <= value <= MAX_COUNT:
        return None
    if tok.kind == "num" and i + 2 < len(sc.tokens) and sc.tokens[i + 1].text == "-":
        # «16-летнего подростка»: an age, and one person if a person noun follows.
        age = sc.tokens[i + 2]
        if age.text.startswith("летн") and i + 3 < len(sc.tokens):
            for k in range(i + 3, min(i + 5, len(sc.tokens))):
                if sc.tokens[k].kind == "word" and _is_person(sc.tokens[k].text):
                    return 1, k
        return None
    j = i + 1
    if (
        j + 2 < len(sc.tokens)
        and sc.tokens[j].kind == "num"
        and sc.tokens[j + 1].text == "-"
        and sc.tokens[j + 2].text.startswith("летн")
    ):
        j += 3  # «двух 16-летних подростков»
    # «15 бойцов», «двое военнослужащих», «восьмерых молодых людей» (up to two adjectives).
    for k in range(j, min(j + 3, len(sc.tokens))):
        nxt = sc.tokens[k]
        if nxt.kind != "word":
            break
        if _is_people(nxt.text):
            return int(value), k
        if not _is_adjective(nxt.text):
            break
    # A collective numeral stands for people by itself: «Двое получили по 11 лет».
    if tok.kind == "word" and tok.text.endswith(("ое", "еро", "ерых", "оих", "ерым", "оим")):
        return int(value), i
    return None


def find_groups(low: str, sc: Scanner) -> list[Group]:
    """Counted groups of defendants, in order of first mention (read once per text)."""
    if sc.groups is None:
        sc.groups = _find_groups(low, sc)
    return sc.groups


_ONE = {"одного", "одному", "один", "одну", "одной"}


def _one_more(sc: Scanner, i: int, prev_end: int) -> bool:
    """«… и одного — к …», «…, а ещё одному, …»: one more person joined to a group
    counted just before."""
    tok = sc.tokens[i]
    if tok.text not in _ONE or i + 1 >= len(sc.tokens):
        return False
    between = sc.low[prev_end : tok.start]
    if i and sc.tokens[i - 1].text in _MORE:
        # «трое … приговорены к 16 годам, а ещё одному, <имя>, назначено 15 лет»
        return len(between) <= 80 and sc.tokens[i + 1].text in ("—", "–", "-", "к", ",")
    return (
        len(between) <= 80
        and re.search(r"\bи\s*$", between) is not None
        and sc.tokens[i + 1].text in ("—", "–", "-", "к")
    )


def _find_groups(low: str, sc: Scanner) -> list[Group]:
    out: list[Group] = []
    for s, e in sentences(low):
        triggers = [(m.start(), m.end()) for m in _SENTENCING.finditer(low, s, e)]
        if not triggers:
            continue
        first = sc.token_at(s)
        found: list[tuple[int, int, int, bool]] = []
        i = first
        while i < len(sc.tokens) and sc.tokens[i].start < e:
            tok = sc.tokens[i]
            if tok.kind in ("punct", "red") or (
                tok.kind == "word" and word_value(tok.text) is None
            ):
                i += 1  # no number, so no count and no «одного» (most tokens: decided here)
                continue
            got = _count_at(sc, i)
            joined = got is None and bool(found) and _one_more(sc, i, found[-1][2])
            if joined:
                got = (1, i)  # «пятерых … к 11-15 годам и одного — к пожизненному»
            if got is None:
                i += 1
                continue
            count, last = got
            nxt = sc.tokens[last + 1].text if last + 1 < len(sc.tokens) else ""
            if last == i and nxt == "из" and (out or found):
                i += 1
                continue  # «двое из них»: part of a group already counted
            prev = sc.tokens[i - 1].text if i > first else ""
            before = low[max(s, sc.tokens[i].start - 60) : sc.tokens[i].start]
            if prev in ("от", "до", "из", "с") or _REQUEST.search(before):
                i = last + 1
                continue  # «от 15 до 21», «один из пяти», a request
            more = prev in _MORE or (
                prev in _PREFIX_SKIP and i - 2 >= first and sc.tokens[i - 2].text in _MORE
            )
            gs, ge = sc.tokens[i].start, sc.tokens[last].end
            if (
                found
                and not more
                and count < found[-1][0]
                and _split_in(sc, found[-1][2], e, found[-1][0]) is not None
            ):
                i = last + 1
                continue  # «трое: один — на семь лет, двое — на четыре»: a part, not more people
            if joined or _attached(low, gs, ge, triggers, found[-1][2] if found else None):
                found.append((count, gs, ge, more))
            i = last + 1
        for n, (count, gs, ge, more) in enumerate(found):
            clause_end = found[n + 1][1] if n + 1 < len(found) else e
            out.append(Group(count, gs, ge, clause_end, more))
    return out


def _attached(
    low: str, gs: int, ge: int, triggers: list[tuple[int, int]], prev_end: int | None
) -> bool:
    """A count belongs to a sentencing when it stands next to the verb, or is joined by «и»
    to a count that does; nothing between them may mark victims or statistics."""
    for ts, te in triggers:
        between = low[te:gs] if te <= gs else low[ge:ts] if ge <= ts else ""
        if len(between) <= NEAR and not _NOT_DEFENDANTS.search(between):
            if not _NOT_DEFENDANTS.search(low, max(0, gs - 12), gs):
                return True
    if prev_end is not None:
        between = low[prev_end:gs]
        if len(between) <= CHAIN and re.search(r"\bи\b|[—–-]", between):
            return not _NOT_DEFENDANTS.search(between)
    return False


def plan(groups: list[Group], low: str) -> list[Group]:
    """One group per counted person, in order of mention.

    Counts in one sentence add up («четырёх исполнителей и 11 пособников»). A sentence
    whose total equals an earlier one's restates it (headline and body), and the one with
    more groups, else the later one, is kept; different totals are different people
    («15-летнего подростка … трёх подростков»). A count marked «ещё» always adds.
    """
    by_sentence: dict[int, list[Group]] = {}
    extra: list[Group] = []
    bounds = sentences(low)
    for g in groups:
        idx = next((k for k, (s, e) in enumerate(bounds) if s <= g.start < e), -1)
        if g.more and idx not in by_sentence:
            extra.append(g)
        else:
            by_sentence.setdefault(idx, []).append(g)
    chosen: dict[int, list[Group]] = {}  # total → the groups that state it
    order: list[int] = []
    for idx in sorted(by_sentence):
        members = by_sentence[idx]
        total = sum(g.count for g in members)
        if total not in chosen:
            order.append(total)
            chosen[total] = members
        elif len(members) >= len(chosen[total]):
            chosen[total] = members
    slots: list[Group] = []
    for g in sorted([g for t in order for g in chosen[t]] + extra, key=lambda x: x.start):
        slots.extend([g] * g.count)
    return slots


def total_count(groups: list[Group], low: str) -> int:
    """How many people the counted groups stand for."""
    return len(plan(groups, low))


_ORDINAL_ONE = re.compile(
    r"(?:втор|трет|четверт|пят|шест|седьм|восьм|девят|десят)\w*(?:ому|ему|ой|ей|ий|ая|ья|ый)$"
    r"|перв(?:ый|ому|ая|ой)$"  # «первый осужденный получил …, второй — …»
)


def subgroup_terms(
    sc: Scanner, start: int, end: int, count: int
) -> list[tuple[int | None, tuple[int, int]]] | None:
    """Terms in months for each of `count` people when one sentence splits them up:
    «одному — 6 лет 8 месяцев, двоим другим — по 6 лет 6 месяцев», «двум из них шесть
    лет, третьему — пять», «один — на семь лет, двое — на четыре». None unless the parts
    of one sentence add up to the group."""
    for s, e in sentences(sc.low):
        if e <= start or s >= end:
            continue
        split = _split_in(sc, max(s, start), min(e, end), count)
        if split is not None:
            return split
    return None


def _split_in(
    sc: Scanner, start: int, end: int, count: int
) -> list[tuple[int | None, tuple[int, int]]] | None:
    markers: list[tuple[int | None, int]] = []  # (size, or None for «the rest»; token index)
    i = sc.token_at(start)
    while i < len(sc.tokens) and sc.tokens[i].start < end:
        tok = sc.tokens[i]
        size: int | None = 0
        if tok.kind == "word":
            value = word_value(tok.text)
            if isinstance(value, int | float) and value == int(value) and 1 <= value < count:
                size = int(value)
            elif _ORDINAL_ONE.match(tok.text):
                size = 1
            elif tok.text in ("остальным", "остальные", "остальных"):
                size = None
        if size != 0 and not any(t.start <= tok.start < t.end for t in sc.terms):
            if size is not None and markers and markers[-1] == (None, i - 1):
                markers[-1] = (size, i - 1)  # «остальным двоим»: the rest, counted
            else:
                markers.append((size, i))
        i += 1
    stop_all = sc.token_at(end)
    parts: list[tuple[int | None, int | None, tuple[int, int]]] = []
    last_unit = 12
    for n, (size, ti) in enumerate(markers):
        stop = min(markers[n + 1][1] if n + 1 < len(markers) else stop_all, ti + 12)
        term = next((t for t in sc.terms if ti < t.first < stop), None)
        months: int | None = None
        span = (sc.tokens[ti].start, sc.tokens[ti].end)
        if term is not None and term.months is not None:
            months = term.months
            span = (term.start, term.end)
            last_unit = 12 if months % 12 == 0 else 1
        else:
            months = _elliptic(sc, ti, stop, last_unit)  # «двое — на четыре»
        if months is not None or (n and size != 1):
            # A later part whose term is cut off («остальным двоим — по шесть ле…») still
            # counts its people; they get no term rather than the first part's.
            parts.append((size, months, span))
    if len(parts) < 2 or parts[0][1] is None:
        return None
    known = sum(size for size, _m, _s in parts if size is not None)
    rest = [size for size, _m, _s in parts if size is None]
    if len(rest) > 1 or known > count or (not rest and known != count):
        return None
    out: list[tuple[int | None, tuple[int, int]]] = []
    for size, months, span in parts:
        out.extend([(months, span)] * (size if size is not None else count - known))
    return out


def _elliptic(sc: Scanner, ti: int, stop: int, unit: int) -> int | None:
    """A bare number after «на» or a dash, in the unit of the term before it."""
    for k in range(ti + 2, min(stop, ti + 5)):
        tok = sc.tokens[k]
        if sc.tokens[k - 1].text not in ("на", "—", "–", "-"):
            continue
        value = (
            int(tok.text)
            if tok.kind == "num" and tok.text.isdigit()
            else word_value(tok.text)
            if tok.kind == "word"
            else None
        )
        if isinstance(value, int | float):
            if (
                k + 2 < len(sc.tokens)
                and sc.tokens[k + 1].text == "с"
                and sc.tokens[k + 2].text.startswith("половин")
            ):
                value += 0.5  # «второй — шесть с половиной»
            return round(value * unit)
    return None
