"""Find the people in names and lines printed on court pages, and replace them.

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
from dataclasses import dataclass
from functools import lru_cache

from refusenik.morph import analyzer
from refusenik.privacy.persons import is_redacted
from refusenik.privacy.pseudonyms import Pseudonymiser, default_pseudonymiser

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
INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?"
_WORD = r"[А-ЯЁ][А-ЯЁа-яё]+(?:-[А-ЯЁ][А-ЯЁа-яё]+)?"
# Patronymics in any case form and letter case: Иванович, ИВАНОВНЫ, Ильиничне, Оглы.
_PATRONYMIC = (
    r"[А-ЯЁ][а-яёА-ЯЁ]*?(?i:вич(?:а|у|ем|е)?|вн(?:а|ы|е|у|ой)|ичн(?:а|ы|е|у|ой)|чн(?:а|ы|е|у|ой))\b"
    r"|[А-ЯЁ][а-яё]+\s+(?i:оглы|кызы)\b"
)
# Bounded by non-letters on both sides, so redaction masks such as «ДД.ММ.ГГГГ» are not
# read as «Д. Мм» and the tail of a word is never taken for a surname.
PERSON = re.compile(
    r"(?<![А-ЯЁа-яё])(?:"
    rf"{_WORD}\s+{INITIALS}"  # Иванов И.И.
    rf"|{INITIALS}\s?{_WORD}"  # И.И. Иванов
    rf"|{_WORD}\s+{_WORD}\s+(?:{_PATRONYMIC})"  # Иванов Иван Иванович (any case)
    r")(?![А-ЯЁа-яё])"
)
PERSON_SIGNAL = re.compile(rf"(?<![А-ЯЁа-яё]){INITIALS}|{_PATRONYMIC}")
_SPLIT = re.compile(r",\s+(?![^()]*\))")  # commas outside parentheses


@dataclass(frozen=True)
class SafeName:
    """What may be published of a printed name: the name or pseudonym, and what it was."""

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


def _piece(piece: str, scope: str | None, pseudonym: Pseudonymiser) -> SafeName:
    if HIDDEN.match(piece):
        return SafeName(None, True, False)
    if is_redacted(piece):
        return SafeName(pseudonym(piece, scope=scope or ""), True, False)
    if not _ORG.search(piece) or _bare_personal_name(piece):
        return SafeName(pseudonym(piece), False, False)
    replaced = PERSON.sub(lambda m: pseudonym(m.group(0)), piece)
    if PERSON_SIGNAL.search(PERSON.sub("", piece)):
        # A person we could not delimit: keep nothing readable.
        return SafeName(pseudonym(piece), False, False)
    return SafeName(replaced, False, replaced == piece)


def safe_name(
    raw: str | None, scope: str | None = None, pseudonymiser: Pseudonymiser | None = None
) -> SafeName:
    """What may be published of `raw`: pseudonyms for people, organisations kept.

    `scope` (the case's УИД or number) is used for redaction placeholders only;
    `pseudonymiser` defaults to the shared instance.
    """
    pseudonym = pseudonymiser or default_pseudonymiser()
    if raw is None or not raw.strip():
        return SafeName(None, False, False)
    raw = " ".join(raw.split())
    pieces = [p for p in _SPLIT.split(raw) if p.strip()]
    results = [_piece(p.strip(), scope, pseudonym) for p in pieces]
    if len(results) == 1:
        return results[0]
    hidden = all(r.hidden for r in results)
    names = [r.name for r in results if r.name is not None]
    return SafeName(
        ", ".join(names) if names else None, hidden, all(r.organisation for r in results)
    )


def safe_text(
    raw: str, scope: str | None = None, pseudonymiser: Pseudonymiser | None = None
) -> str:
    """A free-text line with every recognisable person name pseudonymised (listing info lines)."""
    pseudonym = pseudonymiser or default_pseudonymiser()
    return PERSON.sub(lambda m: pseudonym(m.group(0)), raw)
