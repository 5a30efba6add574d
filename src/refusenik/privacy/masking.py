"""Mask the names a text may still hold, for showing it to a person.

One mask, «‹ФИО›», and one word rule set in two strengths:

* `mask_name_words` (gentle) for whole act texts shown on request: a capitalised word
  the dictionary reads as a first name, surname or patronymic (among its two likeliest
  readings), unless it is a court or sentence word or a place word precedes it
  («г. Кирова», «ул. Ленина»); and initials, which courts print beside surnames.
* `masked_text` / `mask_names` (aggressive) for short evidence spans, where privacy
  wins every tie: any reading as a name, an unknown capitalised word, any capitalised
  word inside a sentence that is no place or organisation (adjectival surnames such as
  «Долгих»), the words beside those, and initials.

Both leave the text otherwise as it was; they do not pseudonymise (see `people.safe_text`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from refusenik.morph import analyzer

NAME_MASK = "‹ФИО›"
MASK = NAME_MASK
NAME_TAGS = frozenset({"Name", "Surn", "Patr"})

# Capitalised words that open sentences or name courts, places and bodies, never people.
NOT_NAMES = frozenset(
    w.lower()
    for w in (
        "Суд Судом Суда Признать Назначить Осудить Оправдать Освободить Приговор Приговорил Кроме "
        "Также Российской Федерации Меру Вещественные Гражданский Срок Зачесть Военный Военного "
        "Гарнизонный Гарнизонного Окружной Окружного Районный Районного Городской Городского "
        "Верховный Верховного Федеральный Областной Областного Краевой Краевого Республики "
        "Республика Постановление Приговора Решение Апелляционное Апелляционную Кассационное "
        "Определение Обязать Взыскать Возложить Его Ее Её Их Он Она Они Ему Ей Им Который Которая "
        "Наказание Исправительной Дисциплинарной Войсковой Министерства Обороны Управления Москвы "
        "Москве Санкт Петербурга Ростова Следствие Прокуратура Прокурор Прокурора Согласно "
        "Уголовное Уголовного Дело Производство Пресс Служба Ранее Затем Впоследствии После Однако "
        "Вину Защита Адвокат Обвинение Гособвинение Вооруженных Вооружённых Сил Силах Силы Кодекса "
        "Кодекс Уголовного Уголовно-процессуального Конституции"
    ).split()
)

_LETTER = "А-ЯЁа-яё"
# Names of bodies, never of people, though they may hold a person's name or a word the
# dictionary reads as one: a quoted company name after its legal form («ООО «ПКО Шамиль и
# партнеры»», «АО «Тинькофф Банк»»; not ИП, which names a person), a place adjective
# before a district, garrison, region or court («Кировского района», «Путиловского
# гарнизона»), a republic's name («Республике Башкортостан»).
_BODIES = re.compile(
    r"(?<![А-ЯЁа-яё])(?:ООО|ОАО|ЗАО|ПАО|НАО|АО|СПАО|САО|ПКО|МКК|МФК|АНО|КПК|ФГУП|ГУП|МУП|"
    r"ФКУ|ФГКУ|ФГБУ|ГБУ|ГКУ|МКУ|МБУ|МАУ|НКО|СНТ|ТСЖ|ТСН)(?:\s+(?:ПКО|МКК|МФК))?\s*«[^«»\n]{1,80}»"
    r"|(?<![А-ЯЁа-яё])[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:ого|его|ой|ий|ый|ая|ое|ом|ому|ым|ых)"
    r"\s+(?:(?:районн|городск|межрайонн|гарнизонн|военн|областн|краев)\w*\s+)?"
    r"(?:район|гарнизон|област|кра[яюеий]|округ|суд|прокуратур|управлени|отдел)\w*"
    r"|(?i:республик)\w*\s+[А-ЯЁ][а-яё]+(?:\s+\([А-ЯЁ][а-яё]+\))?"
)


def body_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of text[start:end] that name a company, an authority or a place: no person."""
    stop = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _BODIES.finditer(text, start, stop)]


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


# Two or three initials: «И.И.», «И. И.», «И.И.И.».
_INITIALS = re.compile(rf"(?<![{_LETTER}])[А-ЯЁ]\.\s?[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?")
_INITIAL = re.compile(rf"(?<![{_LETTER}])[А-ЯЁ]\.")


# --- word knowledge ----------------------------------------------------------------


@lru_cache(maxsize=8192)
def name_tags(word: str) -> frozenset[str]:
    """Which of Name / Surn / Patr any dictionary reading of the word carries."""
    tags: set[str] = set()
    for p in analyzer().parse(word.lower().replace("ё", "е")):
        tags.update(t for t in NAME_TAGS if t in p.tag)
    return frozenset(tags)


@lru_cache(maxsize=8192)
def could_be_name(word: str) -> bool:
    """A capitalised word that may be part of a person's name (unknown words count)."""
    low = word.lower().replace("ё", "е")
    if low in NOT_NAMES:
        return False
    morph = analyzer()
    return any(name_tags(p) or not morph.word_is_known(p) for p in low.split("-"))


@lru_cache(maxsize=16384)
def likely_name(word: str) -> bool:
    """Among the two likeliest readings (score ≥ 0.1) one is a surname, first name or
    patronymic, and the likeliest is no place: «Пересыпкину», «Шамиль» yes; «Суд»,
    «Мая», «Москва» no."""
    if word.lower().replace("ё", "е") in NOT_NAMES:
        return False
    return all(_likely_name_part(part) for part in word.split("-"))  # «Иванова-Петрова»


def _likely_name_part(word: str) -> bool:
    parses = analyzer().parse(word)
    if not parses or "Geox" in parses[0].tag:
        return False
    return any(p.score >= 0.1 and any(t in p.tag for t in NAME_TAGS) for p in parses[:2])


# --- gentle: whole texts -------------------------------------------------------------

_CAP_WORD = re.compile(r"(?<![А-ЯЁа-яё\w-])[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*(?![А-ЯЁа-яё\w-])")
# «г. Кирова», «ул. Ленина»: a place, even when named after a person.
_PLACE_BEFORE = re.compile(
    r"(?:(?<![А-ЯЁа-яё])(?:г|гор|ул|пр|пр-т|пер|пос|п|с|ст|пгт|р-н|обл|пл|наб|б-р)\.\s*"
    r"|(?i:город|улиц|проспект|переул|район|област|посел|сел|станиц|площад)[а-яё]*\s+)$"
)
# What a lone initial may stand beside to be part of a name: a mask or a pseudonym.
_NAME_NEIGHBOUR_AFTER = re.compile(rf"\s?(?:{re.escape(NAME_MASK)}|P-[0-9A-Z]{{8}}\b)")
_NAME_NEIGHBOUR_BEFORE = re.compile(rf"(?:{re.escape(NAME_MASK)}|\bP-[0-9A-Z]{{8}})\s$")


def mask_name_words(text: str) -> str:
    """Best-effort display masking of the names `safe_text` cannot delimit
    («Пересыпкин ‹данные изъяты›», «Пересыпкину назначено», the initials left beside a
    surname): each becomes «‹ФИО›». For showing texts only; stored texts stay raw."""

    bodies = body_spans(text)

    def word(m: re.Match[str]) -> str:
        found = m.group(0)
        if (
            not likely_name(found)
            or _inside(m.start(), bodies)
            or _PLACE_BEFORE.search(text, max(0, m.start() - 20), m.start())
        ):
            return found
        return NAME_MASK

    out = _CAP_WORD.sub(word, text)
    out = _INITIALS.sub(NAME_MASK, out)

    def initial(m: re.Match[str]) -> str:
        beside = _NAME_NEIGHBOUR_AFTER.match(out, m.end()) or _NAME_NEIGHBOUR_BEFORE.search(
            out, max(0, m.start() - 12), m.start()
        )
        return NAME_MASK if beside else m.group(0)

    return _INITIAL.sub(initial, out)


# --- aggressive: evidence spans ------------------------------------------------------

_WORD = re.compile(r"(?<![А-Яа-яЁё])[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?![А-Яа-яЁё])")
_MASKS = re.compile(rf"{re.escape(MASK)}(?:\s{re.escape(MASK)})+")


def _sentence_initial(text: str, s: int) -> bool:
    before = text[:s].rstrip(" ")
    return not before or before[-1] in ".!?\n:;"


def _maskable(text: str, s: int, word: str) -> bool:
    """A word a name may be: by morphology, or any capitalised word inside a sentence
    that is not a place or organisation (an adjectival surname such as «Долгих»)."""
    if word.lower() in NOT_NAMES:
        return False
    if could_be_name(word):
        return True
    if _sentence_initial(text, s):
        return False
    return not any(("Geox" in p.tag or "Orgn" in p.tag) for p in analyzer().parse(word.lower()))


def name_spans(
    text: str, start: int, end: int, known: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Spans inside text[start:end] that could belong to a person's name.

    `known` are the name spans already found (they anchor neighbouring words: the
    first name and patronymic written beside a surname are masked with it).
    """
    hits = [(m.start(), m.end()) for m in _INITIALS.finditer(text, start, end)]
    bodies = body_spans(text, start, end)
    words = [
        (m.start(), m.end(), m.group(0))
        for m in _WORD.finditer(text, start, end)
        if not _inside(m.start(), hits)
        and not _inside(m.start(), known)
        and not _inside(m.start(), bodies)
    ]
    masked = {i for i, (s, _e, w) in enumerate(words) if _maskable(text, s, w)}
    anchors = hits + [(a, b) for a, b in known if b > start and a < end]
    changed = True
    while changed:
        changed = False
        spans = anchors + [(words[i][0], words[i][1]) for i in masked]
        for i, (s, e, w) in enumerate(words):
            if i in masked or w.lower() in NOT_NAMES:
                continue
            if any(text[b:s] == " " or text[e:a] == " " for a, b in spans):
                masked.add(i)
                changed = True
    hits += [(words[i][0], words[i][1]) for i in masked]
    # A lone initial beside a name («Иванову П.», «П. Иванов»).
    for m in _INITIAL.finditer(text, start, end):
        s, e = m.start(), m.end()
        if any(a <= s < b for a, b in hits + anchors):
            continue
        if any(text[b:s] == " " or text[e:a] in (" ", "") for a, b in hits + anchors):
            hits.append((s, e))
    return hits


def masked_text(text: str, start: int, end: int, known: Sequence[tuple[int, int]] = ()) -> str:
    """text[start:end] with the `known` name spans and every other possible name masked;
    a run of masks becomes one."""
    spans = [(max(a, start), min(b, end)) for a, b in known if b > start and a < end]
    spans += name_spans(text, start, end, spans)
    out = []
    pos = start
    for s, e in sorted(spans):
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(MASK)
        pos = e
    out.append(text[pos:end])
    return _MASKS.sub(MASK, "".join(out))


def mask_names(text: str) -> str:
    """The whole text with every possible name masked (aggressive)."""
    return masked_text(text, 0, len(text))
