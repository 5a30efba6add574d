"""Recognise personal names by morphology, so evidence texts can never carry one.

The defendant finder knows only the names it saw beside an outcome verb; press releases
name people in many other ways («назначил Лаптеву Сергею наказание», «его сослуживец
Бережной»). Evidence shown to a user is therefore masked a second time, word by word:
a capitalised word that pymorphy3 can read as a first name, surname or patronymic (any
of its parses — privacy wins ties), an unknown capitalised word, or initials.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from refusenik.morph import analyzer

MASK = "<ФИО>"
NAME_TAGS = frozenset({"Name", "Surn", "Patr"})

# Capitalised words that open sentences or name courts and places, never people.
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

_WORD = re.compile(r"(?<![А-Яа-яЁё])[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?![А-Яа-яЁё])")
_INITIALS = re.compile(r"(?<![А-Яа-яЁё])[А-ЯЁ]\.\s?[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?")
_INITIAL = re.compile(r"(?<![А-Яа-яЁё])[А-ЯЁ]\.")
_MASKS = re.compile(rf"{re.escape(MASK)}(?:\s{re.escape(MASK)})+")


@lru_cache(maxsize=8192)
def name_tags(word: str) -> frozenset[str]:
    """Which of Name / Surn / Patr any dictionary parse of the word carries."""
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
    parts = low.split("-")
    morph = analyzer()
    return any(name_tags(p) or not morph.word_is_known(p) for p in parts)


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
    words = [
        (m.start(), m.end(), m.group(0))
        for m in _WORD.finditer(text, start, end)
        if not any(a <= m.start() < b for a, b in hits)
        and not any(a <= m.start() < b for a, b in known)
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
    """text[start:end] with the known names and every other possible name replaced by MASK."""
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
    """The whole text with every possible name replaced by MASK."""
    return masked_text(text, 0, len(text))
