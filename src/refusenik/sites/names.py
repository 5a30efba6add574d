"""Turn the names printed on court pages into what may leave `sites/`.

Default-deny: a name is replaced by its keyed pseudonym unless it is clearly an
organisation (ООО, ФКУ, прокуратура …) with no person in it. Inside an organisation's
string, people («… (для вручения Ивановой Ирине Олеговне)», «Прокуратура …, Сагадиев Р.Р.»)
are replaced in place, so the organisation stays readable. «Информация скрыта» becomes
`None` with `name_hidden=True`; redaction placeholders such as ФИО1 name different people
in different cases, so their pseudonym is scoped to the case. Judges are public officials
and are not passed through here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from refusenik import privacy
from refusenik.morph import analyzer
from refusenik.privacy import is_redacted

_MEMO: dict[tuple[str, str | None], str] = {}
_BOUND: list[Callable[[str, str | None], str]] = []  # inside `one_page` only


def pseudonym(name: str, scope: str | None = None) -> str:
    """`privacy.pseudonym`; inside `one_page`, remembered for the page (names repeat)."""
    if not _BOUND:
        return privacy.pseudonym(name, scope=scope)
    key = (name, scope)
    got = _MEMO.get(key)
    if got is None:
        got = _MEMO[key] = _BOUND[0](name, scope)
    return got


@contextmanager
def one_page() -> Iterator[None]:
    """Pseudonyms for one page: the key file is located once (finding it costs more than
    the keyed hash, which privacy caches) and names are remembered until the page is
    done, so a key or data directory changed between pages is never stale."""
    _MEMO.clear()
    _BOUND[:] = [privacy.pseudonymiser()]
    try:
        yield
    finally:
        _MEMO.clear()
        _BOUND.clear()


HIDDEN = re.compile(r"^\s*[<«(\[]?\s*информация\s+скрыта\s*[>»)\]]?\s*$", re.IGNORECASE)

# Organisation markers: abbreviations as whole words, word stems anywhere (either case of
# the first letter).
_ORG_ABBREVIATIONS = (
    "ООО ОАО ЗАО ПАО НАО АО МКУ МБУ МАУ МУП ГУП ФГУП ФГБУ ФГКУ ГБУ ГКУ ГАУ ФКУ КУ ГУ УФСИН ФСИН "
    "ФССП ГУФССП УФССП МВД УМВД ОМВД ГИБДД ФНС ИФНС ОСФР СФР ПФР ДГИ УНО НКО СНТ ТСЖ ТСН ЖСК ГСК "
    "СПАО САО ОСП РОСП МОСП ИК СИЗО МО МА"
).split()
_ORG_STEMS = (
    *"прокуратур прокурор администраци департамент управлени министерств".split(),
    "совет депутатов",
    *"инспекци банк фонд комитет служб отдел учреждени обществ компани коллеги колледж".split(),
    *"университет институт комиссариат военкомат войсков воинск партнерств кооператив".split(),
    *"мэри муниципальн государственн федеральн российск начальник командир центр бюро".split(),
    *"предприяти организаци правительств".split(),
    r"суд[а-я]*\b",
)


def _org_pattern() -> re.Pattern[str]:
    """One alternative per first letter, each opening with that letter as a literal: the
    regex engine then skips every position whose letter starts no marker, and tries a few
    alternatives at the rest (a flat alternation of ~90 words, led by a lookbehind, tried
    every word at every position and cost more than the rest of pseudonymising)."""
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for abbr in _ORG_ABBREVIATIONS:
        groups.setdefault(abbr[0], ([], []))[0].append(abbr[1:])
    for stem in _ORG_STEMS:
        for first in (stem[0].upper(), stem[0]):
            groups.setdefault(first, ([], []))[1].append(stem[1:])
    alternatives = []
    for first, (abbrs, stems) in groups.items():
        parts = list(stems)
        if abbrs:  # not inside a word: the letter before `first` is no Cyrillic letter
            parts.insert(0, rf"(?<![А-Яа-яЁё].)(?:{'|'.join(abbrs)})(?![А-Яа-яЁё])")
        alternatives.append(f"{first}(?:{'|'.join(parts)})")
    return re.compile("|".join(alternatives))


_ORG = _org_pattern()  # only ever asked whether it occurs
_INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?"
_WORD = r"[А-ЯЁ][А-ЯЁа-яё]+(?:-[А-ЯЁ][А-ЯЁа-яё]+)?"
# Patronymics in any case form and letter case: Иванович, ИВАНОВНЫ, Ильиничне, Оглы.
_PATRONYMIC = (
    r"[А-ЯЁ][а-яёА-ЯЁ]*?(?i:вич(?:а|у|ем|е)?|вн(?:а|ы|е|у|ой)|ичн(?:а|ы|е|у|ой)|чн(?:а|ы|е|у|ой))\b"
    r"|[А-ЯЁ][а-яё]+\s+(?i:оглы|кызы)\b"
)
# Bounded by non-letters on both sides, so redaction masks such as «ДД.ММ.ГГГГ» are not
# read as «Д. Мм» and the tail of a word is never taken for a surname.
_PERSON = re.compile(
    r"(?<![А-ЯЁа-яё])(?:"
    rf"{_WORD}\s+{_INITIALS}"  # Иванов И.И.
    rf"|{_INITIALS}\s?{_WORD}"  # И.И. Иванов
    rf"|{_WORD}\s+{_WORD}\s+(?:{_PATRONYMIC})"  # Иванов Иван Иванович (any case)
    r")(?![А-ЯЁа-яё])"
)
_PERSON_SIGNAL = re.compile(rf"(?<![А-ЯЁа-яё]){_INITIALS}|{_PATRONYMIC}")
_SPLIT = re.compile(r",\s+(?![^()]*\))")  # commas outside parentheses


@dataclass(frozen=True)
class SafeName:
    name: str | None
    hidden: bool
    organisation: bool


_BARE_NAME = re.compile(
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?){1,2}"
)


@lru_cache(maxsize=4096)
def _bare_personal_name(piece: str) -> bool:
    """«Судаков Сергей», «Банкова Мария»: surnames can contain an organisation stem (суд,
    банк, фонд …), so two or three capitalised words of which one is a first name or a
    patronymic in the dictionary are a person, whatever the stems say. Privacy wins ties."""
    if not _BARE_NAME.fullmatch(piece):
        return False
    return any(
        tag in parse.tag
        for word in piece.split()
        for parse in analyzer().parse(word)[:3]
        for tag in ("Name", "Patr")
    )


def _piece(piece: str, scope: str | None) -> SafeName:
    if HIDDEN.match(piece):
        return SafeName(None, True, False)
    if is_redacted(piece):
        return SafeName(pseudonym(piece, scope=scope or ""), True, False)
    if not _ORG.search(piece) or _bare_personal_name(piece):
        return SafeName(pseudonym(piece), False, False)
    replaced = _PERSON.sub(lambda m: pseudonym(m.group(0)), piece)
    if _PERSON_SIGNAL.search(_PERSON.sub("", piece)):
        # A person we could not delimit: keep nothing readable.
        return SafeName(pseudonym(piece), False, False)
    return SafeName(replaced, False, replaced == piece)


def safe_name(raw: str | None, scope: str | None = None) -> SafeName:
    """What may be published of `raw`: pseudonyms for people, organisations kept.

    `scope` (the case's УИД or number) is used for redaction placeholders only.
    """
    if raw is None or not raw.strip():
        return SafeName(None, False, False)
    raw = " ".join(raw.split())
    pieces = [p for p in _SPLIT.split(raw) if p.strip()]
    results = [_piece(p.strip(), scope) for p in pieces]
    if len(results) == 1:
        return results[0]
    hidden = all(r.hidden for r in results)
    names = [r.name for r in results if r.name is not None]
    return SafeName(
        ", ".join(names) if names else None, hidden, all(r.organisation for r in results)
    )


def safe_text(raw: str, scope: str | None = None) -> str:
    """A free-text line with every recognisable person name pseudonymised (listing info lines)."""
    return _PERSON.sub(lambda m: pseudonym(m.group(0)), raw)


# --- display only: bare name words left in free text -----------------------------------

NAME_MASK = "‹ФИО›"
_CAP_WORD = re.compile(r"(?<![А-ЯЁа-яё\w-])[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*(?![А-ЯЁа-яё\w-])")
# «г. Кирова», «ул. Ленина»: a place, even when named after a person.
_PLACE_BEFORE = re.compile(
    r"(?:(?<![А-ЯЁа-яё])(?:г|гор|ул|пр|пр-т|пер|пос|п|с|ст|пгт|р-н|обл|пл|наб|б-р)\.\s*"
    r"|(?i:город|улиц|проспект|переул|район|област|посел|сел|станиц|площад)[а-яё]*\s+)$"
)
_PERSON_TAGS = ("Surn", "Name", "Patr")


@lru_cache(maxsize=16384)
def _name_word(word: str) -> bool:
    """Among pymorphy3's two likeliest readings (score ≥ 0.1), one is a surname, first
    name or patronymic, and the likeliest is no place (Geox). Tuned on the fixtures'
    act texts: «Пересыпкину», «Шамиль» are caught; «Суд», «Мая», «Москва» are not."""
    return all(_name_part(part) for part in word.split("-"))  # «Иванова-Петрова»


def _name_part(word: str) -> bool:
    parses = analyzer().parse(word)
    if not parses or "Geox" in parses[0].tag:
        return False
    return any(p.score >= 0.1 and any(t in p.tag for t in _PERSON_TAGS) for p in parses[:2])


def mask_name_words(text: str) -> str:
    """Best-effort display masking of the bare names `safe_text` cannot delimit
    («Пересыпкин ‹данные изъяты›», «Пересыпкину назначено»): every capitalised word the
    dictionary reads as a person's name becomes «‹ФИО›», unless a place word precedes it.
    For showing texts only; the stored text stays raw for the extract stage."""

    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        if not _name_word(word) or _PLACE_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            return word
        return NAME_MASK

    return _CAP_WORD.sub(one, text)
