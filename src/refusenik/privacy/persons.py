"""Who a written name stands for: the normalised person a pseudonym is derived from.

Courts write one person in many ways: «ИВАНОВ И.И.» in a listing, «Иванов Иван Иванович»
on a card, «Иванова И.И.» (genitive) or «И.И. Иванов» in an act, «Ивану Иванову» in a
press release. The pseudonym must not depend on which, so it is derived from the surname
in the nominative plus initials, case folded, ё read as е.

Declined surnames are put back in the nominative only when that is unambiguous: the first
name or patronymic, when written in full, tells the case and gender; with initials only,
every singular surname reading the dictionary offers must agree («Ивановой» → «Иванова»,
«Толстого» → «Толстой»). «Иванова И.И.» (a woman in the nominative, or a man in the
genitive) and «Иванову И.И.» stay as written: the caller who sees the sentence (the
extractor) resolves those and passes the nominative.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from refusenik.morph import analyzer

_REDACTED = re.compile(
    r"^(?:фио\d*|[<‹«(\[]?\s*(?:данные|информация)\s+(?:изъяты|скрыта)\s*[>›»)\]]?|информация скрыта)$",
    re.IGNORECASE,
)
# A word, or an initial (one letter, with or without its full stop).
_TOKEN = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*\.?")
# Masculine surname endings that are never an oblique case of another surname.
_NOMINATIVE_ONLY = ("ов", "ев", "ин", "ын")
_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})
_GENDERS = frozenset({"masc", "femn"})


def is_redacted(name: str) -> bool:
    """True for placeholders courts print instead of a name (ФИО1, «Информация скрыта»)."""
    return bool(_REDACTED.match(name.strip()))


def fold(text: str) -> str:
    """Lower case, ё read as е, runs of white space as one space."""
    return " ".join(text.lower().replace("ё", "е").split())


def _readings(word: str, tag: str) -> list[tuple[frozenset[str], Any]]:
    """(case and gender grammemes, the reading) of each singular `tag` reading."""
    out = []
    for p in analyzer().parse(word):
        if tag not in p.tag or "plur" in p.tag:
            continue
        grammemes = frozenset(g for g in (p.tag.case, p.tag.gender) if g)
        if "ms-f" in p.tag:  # indeclinable for both genders
            grammemes |= _GENDERS
        out.append((grammemes, p))
    return out


def _nominative(reading: Any) -> str:
    inflected = reading.inflect({"nomn", "sing"})
    return str((inflected or reading).word).replace("ё", "е")


def _given_grammemes(given: tuple[str, ...]) -> frozenset[str] | None:
    """Cases and genders the full first name / patronymic allow together (None: unknown)."""
    allowed: frozenset[str] | None = None
    for word in given:
        readings = _readings(word, "Patr") or _readings(word, "Name")
        if not readings:
            continue
        here = frozenset().union(*(g for g, _ in readings))
        allowed = here if allowed is None else allowed & here
    return allowed


@lru_cache(maxsize=16384)
def nominative_surname(surname: str, given: tuple[str, ...] = ()) -> str:
    """The surname in the nominative when the dictionary makes that unambiguous, else as is.

    `surname` and `given` (full first name / patronymic, no initials) are folded words.
    """
    if not given and surname.endswith(_NOMINATIVE_ONLY):
        return surname  # «иванов», «ильин»: no other reading, and no dictionary to load
    parts = surname.split("-")
    if len(parts) > 1:  # «Иванова-Петрова»: each half declines on its own
        return "-".join(nominative_surname(p, given) for p in parts)
    readings = _readings(surname, "Surn")
    if not readings:
        return surname
    allowed = _given_grammemes(given)
    if allowed:
        cases, genders = allowed & _CASES, allowed & _GENDERS
        readings = [
            (g, f) for g, f in readings if (not cases or g & cases) and (not genders or g & genders)
        ]
    forms = {_nominative(p) for _, p in readings}
    return forms.pop() if len(forms) == 1 else surname


def _likeliest_person_tag(word: str) -> str | None:
    """Name, Surn or Patr: the likeliest of the word's readings as part of a person's name."""
    for p in analyzer().parse(word):
        for tag in ("Name", "Surn", "Patr"):
            if tag in p.tag:
                return tag
    return None


def _is_patronymic(word: str) -> bool:
    return any("Patr" in p.tag for p in analyzer().parse(word))


@lru_cache(maxsize=16384)  # a crawl meets a name on its listing, card and acts, close together
def person_key(name: str) -> str:
    """«иванов ии» for every spelling of Иванов Иван Иванович: what a pseudonym hashes.

    Redaction placeholders are folded but otherwise kept (they are not names).
    """
    text = fold(name)
    if is_redacted(text):
        return text
    tokens = _TOKEN.findall(text)
    if not tokens:
        return text
    initial = [len(t.rstrip(".")) == 1 for t in tokens]
    words = [t.rstrip(".") for t in tokens]
    if len(words) > 1 and initial[0] and not initial[-1] and all(initial[:-1]):
        surname, rest = words[-1], words[:-1]  # «И.И. Иванов»
    elif (
        len(words) == 3
        and not any(initial)
        and _is_patronymic(words[1])
        and not _is_patronymic(words[2])
    ):
        surname, rest = words[2], words[:2]  # «Иван Иванович Иванов»
    elif (
        len(words) == 2
        and not any(initial)
        and _likeliest_person_tag(words[0]) == "Name"
        and _likeliest_person_tag(words[1]) == "Surn"
    ):
        surname, rest = words[1], words[:1]  # «Иван Иванов»
    else:
        surname, rest = words[0], words[1:]
    given = tuple(w for w, one in zip(rest, [len(w) == 1 for w in rest], strict=True) if not one)
    surname = nominative_surname(surname, given)
    return f"{surname} {''.join(w[0] for w in rest)}".strip()
