"""Find the operative part of an act and split it per defendant.

The resolutive part («ПРИГОВОРИЛ:», «ПОСТАНОВИЛ:», «ОПРЕДЕЛИЛА:») is where the court
states outcomes and punishments; the reasoning before it repeats requested and earlier
sentences, so it is read only when there is no resolutive part (a press release).
Defendants are found where the court names them next to an outcome verb («Признать
Иванова И.И. виновным», «уголовное дело в отношении ФИО1 … прекратить»); each later
mention of a different person starts that person's segment. A list of names before one
verb («Признать ФИО1 и ФИО2 виновными») makes the text after it shared by all of them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from refusenik.morph import analyzer
from refusenik.privacy import NOT_NAMES, name_tags

# (Each verb's start is checked behind it, so the engine jumps between their first letters.)
_OPERATIVE = re.compile(
    r"(?:приговорил(?<![а-яё]приговорил)|постановил(?<![а-яё]постановил)"
    r"|определил(?<![а-яё]определил)|решил(?<![а-яё]решил))[аи]?\s*:"
)

# A clause ends at «;», a line break or a full stop before a capital that is not an
# abbreviation («ст. 337», «г. Ростова») or an initial. (The space after the stop is
# matched first and the stop checked behind it: the engine then tries only spaces.)
CLAUSE_END = re.compile(
    r"\n|;\s*|\s(?<=\.\s)(?<!\bг\.\s)(?<!\bст\.\s)(?<!\bч\.\s)(?<!\bп\.\s)(?<!\bим\.\s)(?<![А-ЯЁ]\.\s)"
    r"\s*(?=[А-ЯЁ])"
)

_CAP = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_INIT = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?"
_PATRONYMIC = r"[А-ЯЁ][а-яё]+(?:ич|вн|чн)[а-яё]{0,3}(?:\s(?:оглы|кызы))?"
NAME = (
    r"(?:ФИО\d+"
    rf"|{_CAP}\s{_CAP}\s{_PATRONYMIC}"
    rf"|{_CAP}\s?{_INIT}(?![А-ЯЁ])"
    rf"|[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.){{0,2}}(?!\s?[А-ЯЁ][а-яё])"
    rf"|{_INIT}\s?{_CAP}"
    rf"|{_CAP})"
)
_RANK = (
    r"(?i:(?:бывш\w+\s+)?(?:(?:младш|старш)\w+\s+)?(?:рядов\w+|ефрейтор\w*|сержант\w*|старшин\w+|"
    r"прапорщик\w*|лейтенант\w*|капитан\w*|майор\w*|подполковник\w*|полковник\w*|матрос\w*|"
    r"военнослужащ\w+|гражданин\w*|гражданк\w+|контрактник\w*|мобилизованн\w+|"
    r"жител\w+\s+\w+|уроженц\w+\s+\w+))"
)
# What a match may open with, said first so the engine rules out any other position at
# once instead of trying each alternative there: every name opens with a capital (ФИО1
# too), every word of _RANK with one of these letters (tests/extract/test_fast_paths.py
# checks both).
_NAME_OPENS = "(?=[А-ЯЁ])"
_RANK_OPENS = "(?=[бвгежклмпрсуБВГЕЖКЛМПРСУ])"
# «Сервету Газиеву, Алиму Каримову и Эрфану Османову»: first name and surname pairs too.
_LIST = rf"{NAME}(?:\s{_CAP})?(?:\s*(?:,|\sи)\s*{NAME}(?:\s{_CAP})?)*"
_HEADS = [
    re.compile(rf"(?i:признать)\s+(?P<names>{_LIST})[^.;:]{{0,160}}?(?i:(?<!не)виновн|невиновн)"),
    re.compile(rf"(?i:признать\s+(?:не)?виновн\w+)\s+(?P<names>{_LIST})"),
    re.compile(rf"{_NAME_OPENS}\b(?P<names>{_LIST})\s*,?\s+(?i:признать|оправдать|осудить)\b"),
    re.compile(rf"(?i:оправдать|осудить)\s+(?P<names>{_LIST})"),
    re.compile(rf"{_NAME_OPENS}\b(?P<names>{_LIST})\s+(?i:по\s+обвинению)"),
    re.compile(
        rf"(?i:в\s+отношении)\s+(?:(?i:подсудим\w+|осужденн\w+|обвиняем\w+)\s+)?(?P<names>{_LIST})"
    ),
    re.compile(rf"(?i:назначить|освободить)\s+(?P<names>{_LIST})\s"),
    # Press releases: «Суд назначил Лаптеву Сергею наказание», «назначил наказание Лаптеву».
    re.compile(
        rf"(?i:назначил[аи]?)\s+(?:(?i:наказание)\s+)?(?:{_RANK}\s+)?(?P<names>{_LIST})(?=[\s,.])"
    ),
    # (A leading \b lets the engine try these only at word starts: same matches, a third
    # of the time.)
    re.compile(
        rf"\b(?i:приговорил[аи]?|признал[аи]?|осудил[аи]?|оштрафовал[аи]?|оправдал[аи]?|получил[аи]?)\s+"
        rf"(?:{_RANK}\s+)?(?P<names>{_LIST})"
    ),
    re.compile(rf"{_RANK_OPENS}\b{_RANK}\s+(?P<names>{_LIST})"),
    # «вынес приговор участникам группы: Иванову, Петрову и Сидорову», «приговор Бегояну А.А.»
    re.compile(rf"(?i:приговор)\s+(?:[^.:;\n]{{0,80}}?:\s*)?(?P<names>{_LIST})"),
    # «приговорил бывшего муниципального депутата Алексея Горинова»: a description first.
    re.compile(
        rf"\b(?i:приговорил[аи]?|осудил[аи]?|оштрафовал[аи]?|признал[аи]?)\s+"
        rf"(?:(?!(?:к|в|на|по|за|от|из|с)\s)[а-яё]+\s+){{2,5}}?(?P<names>{_LIST})"
    ),
    # «Такое же наказание получила её подельница — Галина Арзамасцева»
    re.compile(
        rf"\b(?i:так(?:ое|ой|ую)\s+же|аналогичн\w+)\s+(?:[а-яё]+\s+){{1,4}}?(?:[—–-]\s+)?"
        rf"(?P<names>{_LIST})"
    ),
    # «к пожизненному заключению приговорен Иса Хашагульгов»
    re.compile(rf"\b(?i:приговор[её]н[аы]?|осужд[её]н[аы]?)\s+(?:{_RANK}\s+)?(?P<names>{_LIST})"),
    # The punishment before the name: «…, к 20 годам — Петров».
    re.compile(
        rf"\b(?i:годам|году|лет|месяцам|свободы|режима|колонии|заключению|штрафу|условно)\s*[—–]\s*"
        rf"(?P<names>{_LIST})"
    ),
    re.compile(
        rf"{_NAME_OPENS}(?P<names>{_LIST})\s+(?i:был[аи]?\s+)?(?i:приговор[её]н\w*|осужд[её]н(?!н)\w*|признан\w*|оштрафован\w*|"
        rf"осудили|приговорили|оштрафовали|назначили|дали|"
        rf"оправдан\w*|получил\w*|назначен\w*)"
    ),
    re.compile(
        rf"{_NAME_OPENS}\b(?P<names>{_LIST})\s*[—–-]\s*(?:(?i:к|в\s+виде|на|по|штраф)\s|\d)"
    ),
    # Two people, each with a description, then one punishment for both: «приговорил
    # юриста «Фонда» Анну Орлову и соратника Смирнова Петра Зуева к …».
    re.compile(
        rf"\b(?i:приговорил[аи]?|осудил[аи]?)\s+(?:[^.;:\n]{{0,80}}?\s)?(?P<names>{_CAP}\s{_CAP})"
        rf"\s+и\s+(?:[а-яё]+\s+){{1,2}}(?:{_CAP}\s+)?(?P<names2>{_CAP}\s{_CAP})\s+(?i:к)\s"
    ),
    # A name, an aside in commas, then its verb: «Сергей Моисеев, второй фигурант дела,
    # получил четыре года».
    re.compile(
        rf"{_NAME_OPENS}\b(?P<names>{_LIST}),\s[^,.;:\n]{{3,80}},\s+(?i:был[аи]?\s+)?"
        rf"(?i:приговор[её]н\w*|осужд[её]н(?!н)\w*|получил\w*|оштрафован\w*)"
    ),
]
# For each pattern above, words of which one must occur in the text for it to match
# (lower case, «е» for «ё»); an empty tuple means the pattern is always tried.
_RANK_WORDS = (
    "рядов",
    "ефрейтор",
    "сержант",
    "старшин",
    "прапорщик",
    "лейтенант",
    "капитан",
    "майор",
    "полковник",
    "матрос",
    "военнослужащ",
    "гражданин",
    "гражданк",
    "контрактник",
    "мобилизованн",
    "жител",
    "уроженц",
)
# The aside-then-verb pattern is costly to try at every capital: it runs only where the
# aside and its verb occur.
_ASIDE_THEN_VERB = re.compile(
    r",\s[^,.;:\n]{3,80},\s+(?:был[аи]?\s+)?(?:приговор[её]н|осужд[её]н|получил|оштрафован)"
)
# Likewise two described names before «к»: only where such a pair occurs (a gate pattern
# is searched in the original case).
_DESCRIBED_PAIR = re.compile(
    rf"{_CAP}\s{_CAP}\s+и\s+(?:[а-яё]+\s+){{1,2}}(?:{_CAP}\s+)?{_CAP}\s{_CAP}\s+к\s"
)
_GATES: list[tuple[str, ...] | re.Pattern[str]] = [
    ("признать",),
    ("признать",),
    ("признать", "оправдать", "осудить"),
    ("оправдать", "осудить"),
    ("по обвинению",),
    ("в отношении",),
    ("назначить", "освободить"),
    ("назначил",),
    ("приговорил", "признал", "осудил", "оштрафовал", "оправдал", "получил"),
    _RANK_WORDS,
    ("приговор",),
    ("приговорил", "осудил", "оштрафовал", "признал"),
    ("такое же", "такой же", "такую же", "аналогичн"),
    ("приговорен", "осужден"),
    ("—", "–"),
    ("приговор", "осужд", "осуди", "признан", "оштрафов", "оправдан", "получил", "назнач", "дали"),
    ("—", "–", "-"),
    _DESCRIBED_PAIR,
    _ASIDE_THEN_VERB,
]
_NAME_RE = re.compile(NAME)
# Capitalised words that stand where a name could but are not names: those of the privacy
# rule, and codes, big cities and months that open a press text's clauses.
_STOP = NOT_NAMES | {
    w.lower()
    for w in (
        "РФ УК УПК КоАП ФИО Новосибирска Калининграда Владивостока Хабаровска Екатеринбурга "
        "Казани Самары Волгограда Краснодара Перми Уфы Донском Январе Феврале Марте Апреле Мае "
        "Июне Июле Августе Сентябре Октябре Ноябре Декабре"
    ).split()
}


@dataclass
class Person:
    key: str  # identity inside one document
    name_for_pseudonym: str  # nominative surname + initials, or the placeholder
    placeholder: bool  # ФИО1, initials only: pseudonymise within the document
    stem: str | None  # for finding later mentions in oblique cases


@dataclass
class Segments:
    person: Person
    own: list[tuple[int, int]] = field(default_factory=list)
    shared: list[tuple[int, int]] = field(default_factory=list)


def operative_start(low: str) -> int | None:
    """Offset just after the last resolutive marker, or None (a press release)."""
    last = None
    for m in _OPERATIVE.finditer(low):
        last = m
    return None if last is None else last.end()


def document_scope(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=4096)
def _surname_forms(word: str, feminine_hint: bool | None) -> tuple[str, str, bool | None]:
    """(masculine lemma used as key, nominative form for the pseudonym, feminine?)."""
    low = word.lower().replace("ё", "е")
    parses = [p for p in analyzer().parse(low) if "Surn" in p.tag]
    if parses:
        chosen = parses[0]
        if feminine_hint is not None:
            gendered = [p for p in parses if ("femn" in p.tag) == feminine_hint]
            if gendered:
                chosen = gendered[0]
        lemma = chosen.normal_form
        feminine = "femn" in chosen.tag
        form = lemma
        if feminine:
            inflected = chosen.inflect({"nomn", "sing"})
            if inflected is not None:
                form = inflected.word
        return lemma, form, feminine
    # Unknown to the dictionary: strip the common oblique endings.
    for suffix, repl in (
        ("ого", "ий"),
        ("ому", "ий"),
        ("ым", ""),
        ("ом", ""),
        ("ой", ""),
        ("у", ""),
        ("а", ""),
        ("е", ""),
    ):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            base = low[: -len(suffix)] + repl
            return base, base, feminine_hint
    return low, low, feminine_hint


@lru_cache(maxsize=4096)
def _could_be_surname(word: str) -> bool:
    """A lone capitalised word is a name only if the dictionary knows it as one, or not at all."""
    low = word.lower().replace("ё", "е")
    morph = analyzer()
    parses = morph.parse(low)
    if any("Surn" in p.tag for p in parses):
        return True
    return not morph.word_is_known(low)


def _stem(lemma: str) -> str:
    for suffix in ("ий", "ый", "ой"):
        if lemma.endswith(suffix) and len(lemma) > 4:
            return lemma[:-2]
    return lemma


def person_of(name: str, context_after: str = "") -> Person | None:
    """Identity and pseudonym input for a name as written in any case."""
    name = re.sub(r"\s+", " ", name.strip())
    if re.fullmatch(r"ФИО\d+", name):
        return Person(name.lower(), name, True, None)
    if re.fullmatch(r"(?:[А-ЯЁ]\.\s?){1,3}", name):
        key = name.replace(" ", "").lower()
        return Person(key, name.replace(" ", ""), True, None)
    words = re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?", name)
    initials = re.findall(r"(?<![а-яё])([А-ЯЁ])\.", name)
    if not words:
        return None
    if re.match(rf"{_INIT}\s?{_CAP}$", name):  # «И.И. Иванов»
        surname, given = words[-1], []
    else:
        surname, given = words[0], words[1:]
    if surname.lower() in _STOP:
        return None
    if not given and not initials and not _could_be_surname(surname):
        return None
    feminine: bool | None = None
    if given and re.search(r"(?:вн|чн)[аыуео]\w*$", given[-1]):
        feminine = True
    elif given and re.search(r"ич\w*$", given[-1]):
        feminine = False
    elif re.match(
        r"\s*,?\s*(?:\S+\s+){0,2}(?:виновной|невиновной|осужденной|обвиняемой|подсудимой|ей)\b",
        context_after,
    ):
        feminine = True
    elif re.match(
        r"\s*,?\s*(?:\S+\s+){0,2}(?:виновным|невиновным|осужденного|обвиняемого|подсудимого|ему)\b",
        context_after,
    ):
        feminine = False
    lemma, form, _fem = _surname_forms(surname, feminine)
    letters = [w[0].upper() for w in given] or initials
    pseudo_name = " ".join([form.capitalize(), *letters])
    # Relatives share a surname: «Иса и Михаил Хашагульговы» are two people.
    key = f"{lemma} {letters[0]}" if given and letters else lemma
    return Person(key, pseudo_name, False, _stem(lemma))


_ONE_WORD = re.compile(_CAP)
_NEXT_WORD = re.compile(rf" ({_CAP})(?![А-Яа-яЁё])")
_PREV_WORD = re.compile(rf"(?<![А-Яа-яЁё])({_CAP}) $")


def _widen(text: str, s: int, e: int) -> tuple[str, int, int]:
    """Take in the first name and patronymic a press release writes beside a surname.

    Returns the name in surname-first order (what `person_of` expects) and its span:
    «Лаптеву Сергею», «Никиту Волкова» → «Волкова Никиту».
    """
    raw = text[s:e]
    if not _ONE_WORD.fullmatch(raw):
        return raw, s, e
    nxt = _NEXT_WORD.match(text, e)
    tags = name_tags(raw)
    if nxt and nxt.group(1).lower() not in NOT_NAMES:
        ntags = name_tags(nxt.group(1))
        # «Романа Савченко»: a first name (even one that is also a surname) before a word
        # that is no first name.
        first_then_surname = "Name" in tags and (
            ("Name" not in ntags and ("Surn" not in tags or "Surn" in ntags))
            or ("Surn" not in tags and "Surn" in ntags and "Patr" not in ntags)
        )
        if first_then_surname:
            return f"{nxt.group(1)} {raw}", s, nxt.end()  # first name, then surname
        if "Name" in ntags:
            e = nxt.end()
            patr = _NEXT_WORD.match(text, e)
            if patr and "Patr" in name_tags(patr.group(1)):
                e = patr.end()
            return text[s:e], s, e
    prev = _PREV_WORD.search(text, _last_word_start(text, s), s)
    if prev and "Name" in name_tags(prev.group(1)) and prev.group(1).lower() not in NOT_NAMES:
        return f"{raw} {prev.group(1)}", prev.start(1), e  # «Артём Соколов»
    return raw, s, e


def _last_word_start(text: str, s: int) -> int:
    """Where a search for the word just before `s` («Артём » of «Артём Соколов») may
    start: two characters back (the space, maybe a line break), then back over letters
    and hyphens. Searching from the text's start instead made long texts quadratic."""
    lo = max(0, s - 2)
    while lo > 0 and (text[lo - 1].isalpha() or text[lo - 1] == "-"):
        lo -= 1
    return lo


def _names_in(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    out = []
    for m in _NAME_RE.finditer(text, start, end):
        out.append(_widen(text, m.start(), m.end()))
    return out


def _same_person(people: dict[str, Person], key: str) -> str:
    """The key of a person already seen under a fuller or shorter form of the name:
    «Максим Горячкин» and later «Горячкина» are one person, unless two people share it."""
    if key in people:
        return key
    surname = key.split(" ")[0]
    if " " in key:
        return surname if surname in people else key
    fuller = [k for k in people if k.split(" ")[0] == surname]
    return fuller[0] if len(fuller) == 1 else key


_PAIRED = re.compile(rf"\s+и\s+(?:{_RANK}\s+)?")
# What may follow a surname's stem in a later mention: an ending, then initials.
_STEM_TAIL = re.compile(rf"[а-яё]{{0,3}}(?:\s?{_INIT})?(?![а-яё])")
LETTERS = frozenset(map(chr, range(ord("А"), ord("я") + 1))) | {"Ё", "ё"}  # [А-Яа-яЁё]


def _later_mentions(zone: str, person: Person) -> list[tuple[int, int]]:
    """Spans of every mention of `person` in `zone` that starts a word: its stem with an
    ending and initials («Иванову И.И.»), or a placeholder as written. Plain string
    search: a pattern compiled per person would cost more than the whole scan."""
    word = person.stem.capitalize() if person.stem else person.name_for_pseudonym
    out: list[tuple[int, int]] = []
    if not word:
        return out
    pos = zone.find(word)
    while pos >= 0:
        end = pos + len(word)
        if pos and zone[pos - 1] in LETTERS:
            end = -1
        elif person.stem:
            tail = _STEM_TAIL.match(zone, end)
            end = tail.end() if tail else -1
        if end < 0:
            pos = zone.find(word, pos + 1)
        else:
            out.append((pos, end))
            pos = zone.find(word, end)
    return out


def find_people(
    text: str, start: int, end: int
) -> tuple[list[Person], list[tuple[int, int, str, bool]]]:
    """People named in text[start:end] and their mentions (start, end, key, listed-with-others)."""
    people: dict[str, Person] = {}
    mentions: dict[int, tuple[int, int, str, bool]] = {}
    zone = text[start:end]
    zone_low = zone.lower().replace("ё", "е")
    for gate, head in zip(_GATES, _HEADS, strict=True):
        if isinstance(gate, re.Pattern):
            if not gate.search(zone if gate is _DESCRIBED_PAIR else zone_low):
                continue
        elif gate and not any(word in zone_low for word in gate):
            continue  # the pattern's keyword is absent: no need to scan for names
        for m in head.finditer(zone):
            names = _names_in(text, start + m.start("names"), start + m.end("names"))
            if "names2" in head.groupindex:
                names += _names_in(text, start + m.start("names2"), start + m.end("names2"))
            found = []
            for raw, s, e in names:
                person = person_of(raw, text[e : e + 40])
                if person is None:
                    continue
                found.append((s, e, person))
            listed = len({p.key for _s, _e, p in found}) > 1
            for s, e, person in found:
                key = _same_person(people, person.key)
                people.setdefault(key, person)
                if s not in mentions:
                    mentions[s] = (s, e, key, listed)
    # Later mentions of the same people in other cases («Иванову назначить …»).
    for person in people.values():
        for ms, me in _later_mentions(zone, person):
            s = start + ms
            if not any(a <= s < b for a, b, _k, _l in mentions.values()):
                mentions[s] = (s, start + me, person.key, False)
    ordered = sorted(mentions.values())
    for n in range(len(ordered) - 1):
        (s1, e1, k1, _l1), (s2, e2, k2, _l2) = ordered[n], ordered[n + 1]
        if k1 != k2 and _PAIRED.fullmatch(text, e1, s2):
            # «Сергей Симонов и рядовой Ильдус Валеев»: two names joined by «и» (the second
            # with its rank) are listed together, though different patterns found them.
            ordered[n] = (s1, e1, k1, True)
            ordered[n + 1] = (s2, e2, k2, True)
    order: list[str] = []
    for _s, _e, key, _l in ordered:
        if key not in order:
            order.append(key)
    return [people[k] for k in order], ordered


_INVERTED = re.compile(r",\s*((?:к|на)\s[^,—–]*?)\s*[—–]\s*$")


def _clause_start(text: str, lo: int, s: int) -> int:
    """Start of the clause that names a person: after the last «.», «;» or line break, or
    at the punishment written before the name («…, к 20 годам — Петров»)."""
    chunk = text[lo:s]
    inverted = _INVERTED.search(chunk)
    if inverted:
        return lo + inverted.start(1)
    best = -1
    for m in CLAUSE_END.finditer(chunk):
        best = m.end()
    return lo + best if best >= 0 else s


# What may stand between two listed names: a comma or «и», or «и» with the second one's
# description («… и соратника Навального Николая Ляскина»).
_JOINED_BY_DESCRIPTION = re.compile(r"\s+и\s+(?:[а-яё]+\s+){1,2}(?:[А-ЯЁ][а-яё]+\s+)?")


def _joined(gap: str) -> bool:
    return len(gap) < 6 or bool(_JOINED_BY_DESCRIPTION.fullmatch(gap))


def split_segments(
    text: str, start: int, end: int, press: bool = False
) -> tuple[list[Segments], list[tuple[int, int]]]:
    """Per-person text ranges inside [start, end), plus every name span (for masking).

    In a press text, a list of names that opens the people's mentions starts at its own
    clause: the headline and lead before it speak of the whole group, not of them.
    """
    people, mentions = find_people(text, start, end)
    if not people:
        return [], []
    segs = {p.key: Segments(p) for p in people}
    n = len(mentions)
    starts = []
    for i, (s, _e, _k, listed) in enumerate(mentions):
        if i == 0:
            starts.append(_clause_start(text, start, s) if press and listed else start)
        else:
            starts.append(_clause_start(text, mentions[i - 1][1], s))
    i = 0
    while i < n:
        _s, _e, key, listed = mentions[i]
        j = i
        keys = [key]
        if listed:
            # A run of listed names shares the text after the last of them.
            while (
                j + 1 < n
                and mentions[j + 1][3]
                and _joined(text[mentions[j][1] : mentions[j + 1][0]])
            ):
                j += 1
                keys.append(mentions[j][2])
        seg = (starts[i], starts[j + 1] if j + 1 < n else end)
        if len(set(keys)) > 1:
            for k in dict.fromkeys(keys):
                segs[k].shared.append(seg)
        else:
            segs[key].own.append(seg)
        i = j + 1
    name_spans = [(s, e) for s, e, _k, _l in mentions]
    return [segs[p.key] for p in people], name_spans
