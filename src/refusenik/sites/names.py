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

from refusenik import privacy
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

_ORG = re.compile(
    r"(?<![А-Яа-яЁё])(?:ООО|ОАО|ЗАО|ПАО|НАО|АО|МКУ|МБУ|МАУ|МУП|ГУП|ФГУП|ФГБУ|ФГКУ|ГБУ|ГКУ|ГАУ|"
    r"ФКУ|КУ|ГУ|УФСИН|ФСИН|ФССП|ГУФССП|УФССП|МВД|УМВД|ОМВД|ГИБДД|ФНС|ИФНС|ОСФР|СФР|ПФР|"
    r"ДГИ|УНО|НКО|СНТ|ТСЖ|ТСН|ЖСК|ГСК|СПАО|САО|ОСП|РОСП|МОСП|ИК|СИЗО|МО|МА|ИФНС)(?![А-Яа-яЁё])"
    r"|(?:[Пп]рокуратур|[Пп]рокурор|[Аа]дминистраци|[Дд]епартамент|[Уу]правлени|[Мм]инистерств|[Сс]овет депутатов|"
    r"[Ии]нспекци|[Бб]анк|[Фф]онд|[Кк]омитет|[Сс]лужб|[Оо]тдел|[Сс]уд(?:[а-я]*)\b|[Уу]чреждени|"
    r"[Оо]бществ|[Кк]омпани|[Кк]оллеги|[Кк]олледж|[Уу]ниверситет|[Ии]нститут|[Кк]омиссариат|"
    r"[Вв]оенкомат|[Вв]ойсков|[Вв]оинск|[Пп]артнерств|[Кк]ооператив|[Мм]эри|[Мм]униципальн|"
    r"[Гг]осударственн|[Фф]едеральн|[Рр]оссийск|[Нн]ачальник|[Кк]омандир|[Цц]ентр|[Бб]юро|"
    r"[Пп]редприяти|[Оо]рганизаци|[Пп]равительств)",
)
_INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?"
_WORD = r"[А-ЯЁ][А-ЯЁа-яё]+(?:-[А-ЯЁ][А-ЯЁа-яё]+)?"
# Patronymics in any case form and letter case: Иванович, ИВАНОВНЫ, Ильиничне, Оглы.
_PATRONYMIC = (
    r"[А-ЯЁ][а-яёА-ЯЁ]*?(?i:вич(?:а|у|ем|е)?|вн(?:а|ы|е|у|ой)|ичн(?:а|ы|е|у|ой)|чн(?:а|ы|е|у|ой))\b"
    r"|[А-ЯЁ][а-яё]+\s+(?i:оглы|кызы)\b"
)
_PERSON = re.compile(
    rf"{_WORD}\s+{_INITIALS}"  # Иванов И.И.
    rf"|{_INITIALS}\s?{_WORD}"  # И.И. Иванов
    rf"|{_WORD}\s+{_WORD}\s+(?:{_PATRONYMIC})"  # Иванов Иван Иванович (any case)
)
_PERSON_SIGNAL = re.compile(rf"(?<![А-ЯЁа-яё]){_INITIALS}|{_PATRONYMIC}")
_SPLIT = re.compile(r",\s+(?![^()]*\))")  # commas outside parentheses


@dataclass(frozen=True)
class SafeName:
    name: str | None
    hidden: bool
    organisation: bool


def _piece(piece: str, scope: str | None) -> SafeName:
    if HIDDEN.match(piece):
        return SafeName(None, True, False)
    if is_redacted(piece):
        return SafeName(pseudonym(piece, scope=scope or ""), True, False)
    if not _ORG.search(piece):
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
