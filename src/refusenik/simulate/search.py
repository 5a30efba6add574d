"""Reading a sud_delo query string and selecting the cases it asks for (pure functions).

Query values are percent-encoded in cp1251 and field names are case-insensitive
(sudrf-formats §2.3, §4), so the query is decoded as cp1251 and keys are lower-cased: a client
that sends UTF-8 gets nothing, as on the real sites. Article matching is by prefix, as the
real servers do it: «337» also finds «337 ч.5», «332 ч.2» also finds «332 ч.2.1».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import parse_qsl

from refusenik.simulate.charges import Charge
from refusenik.simulate.records import Case

CRIMINAL_DELO_ID = "1540006"


class Params:
    """Decoded query parameters with case-insensitive names; repeated names keep all values."""

    def __init__(self, query: str) -> None:
        self.pairs = parse_qsl(query, keep_blank_values=True, encoding="cp1251", errors="replace")
        self._map: dict[str, list[str]] = {}
        for k, v in self.pairs:
            self._map.setdefault(k.lower(), []).append(v)

    def get(self, name: str, default: str = "") -> str:
        values = self._map.get(name.lower())
        return values[0] if values else default

    def all(self, name: str) -> list[str]:
        return self._map.get(name.lower(), [])

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._map


def parse_date(text: str) -> date | bool | None:
    """dd.mm.yyyy → date; '' → None; anything else → False (a malformed query)."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        return False


def int_param(text: str, default: int) -> int | None:
    """A positive integer parameter; None when malformed."""
    text = text.strip()
    if not text:
        return default
    return int(text) if text.isdigit() and int(text) > 0 else None


_WS = re.compile(r"\s+")
_ART_PREFIX = re.compile(r"^(ст\.?|статья)\s*", re.I)


def normalise_article(text: str) -> str:
    """«ст. 337  ч.5» → «337 ч.5»: the form matched against a charge's query form."""
    text = _WS.sub(" ", text.strip().lower())
    text = _ART_PREFIX.sub("", text)
    return text.replace("ч. ", "ч.")


def article_matches(query: str, charge: Charge) -> bool:
    """Server-side prefix match of one article query against one charge."""
    q = normalise_article(query)
    return bool(q) and charge.query.lower().startswith(q)


@dataclass(frozen=True)
class Criteria:
    """What a listing query asks for."""

    srv_num: int = 1
    entry: tuple[date | None, date | None] = (None, None)
    result: tuple[date | None, date | None] = (None, None)
    publ: tuple[date | None, date | None] = (None, None)
    validity: tuple[date | None, date | None] = (None, None)
    articles: tuple[str, ...] = ()
    number: str = ""
    uid: str = ""
    name: str = ""


class BadQuery(ValueError):
    """The query is malformed; the site answers «Данных по запросу не обнаружено»."""


def _range(p: Params, a: str, b: str) -> tuple[date | None, date | None]:
    d1, d2 = parse_date(p.get(a)), parse_date(p.get(b))
    if d1 is False or d2 is False:
        raise BadQuery(f"bad date in {a}/{b}")
    return d1, d2  # type: ignore[return-value]


def classic_criteria(p: Params) -> Criteria:
    """Criteria from a classic query (u1_case / U1_DEFENDANT / U1_DOCUMENT fields)."""
    if p.get("delo_id", CRIMINAL_DELO_ID) != CRIMINAL_DELO_ID or p.get("new", "0") != "0":
        raise BadQuery("not the criminal first-instance cartoteka")
    if p.get("delo_table", "u1_case").lower() != "u1_case":
        raise BadQuery("wrong delo_table")
    srv = int_param(p.get("srv_num"), 1)
    if srv is None:
        raise BadQuery("bad srv_num")
    arts = [
        a for a in [p.get("u1_defendant__law_articless"), *p.all("lawbookarticles[]")] if a.strip()
    ]
    return Criteria(
        srv_num=srv,
        entry=_range(p, "u1_case__entry_date1d", "u1_case__entry_date2d"),
        result=_range(p, "u1_case__result_date1d", "u1_case__result_date2d"),
        publ=_range(p, "u1_document__publ_date1d", "u1_document__publ_date2d"),
        validity=_range(p, "u1_case__validity_date1d", "u1_case__validity_date2d"),
        articles=tuple(arts),
        number=p.get("u1_case__case_numberss").strip(),
        uid=(p.get("u1_case__judicial_uidss") or p.get("judicial_uid")).strip(),
        name=p.get("u1_defendant__namess").strip(),
    )


def vnkod_criteria(p: Params) -> Criteria:
    """Criteria from a VNKOD query (case__ / parts__ / document__ fields)."""
    if p.get("_deloid", CRIMINAL_DELO_ID) != CRIMINAL_DELO_ID or p.get("_new", "0") != "0":
        raise BadQuery("not the criminal first-instance cartoteka")
    srv = int_param(p.get("srv_num") or p.get("case__num_build"), 1)
    if srv is None:
        raise BadQuery("bad srv_num")
    arts = [a for a in [p.get("parts__law_articless"), *p.all("lawbookarticles[]")] if a.strip()]
    return Criteria(
        srv_num=srv,
        entry=_range(p, "case__entry_date1d", "case__entry_date2d"),
        result=_range(p, "case__result_date1d", "case__result_date2d"),
        publ=_range(p, "document__publ_date1d", "document__publ_date2d"),
        validity=_range(p, "case__validity_date1d", "case__validity_date2d"),
        articles=tuple(arts),
        number=p.get("case__case_numberss").strip(),
        uid=p.get("case__judicial_uidss").strip(),
        name=(p.get("parts__namess") or p.get("part__namess")).strip(),
    )


def _within(d: date | None, rng: tuple[date | None, date | None]) -> bool:
    lo, hi = rng
    if lo is None and hi is None:
        return True
    if d is None:
        return False
    return (lo is None or d >= lo) and (hi is None or d <= hi)


def select(cases: list[Case], c: Criteria, today: date) -> list[Case]:
    """The cases a listing shows, newest first, as the site orders them."""
    out = []
    for case in cases:
        if case.srv_num != c.srv_num or not case.visible(today):
            continue
        if not _within(case.received, c.entry):
            continue
        if c.result != (None, None) and not _within(
            case.decision_date if case.decided(today) else None, c.result
        ):
            continue
        if c.publ != (None, None) and not _within(
            case.act_published if case.act_visible(today) else None, c.publ
        ):
            continue
        if c.validity != (None, None) and not _within(_validity(case, today), c.validity):
            continue
        if c.articles and not any(
            article_matches(a, ch) for a in c.articles for d in case.defendants for ch in d.charges
        ):
            continue
        if c.number and c.number not in case.number:
            continue
        if c.uid and c.uid != case.uid:
            continue
        if c.name and (
            case.hidden(today)
            or not any(d.person.full.lower().startswith(c.name.lower()) for d in case.defendants)
        ):
            continue
        out.append(case)
    out.sort(key=lambda x: (x.received, _seq(x.number)), reverse=True)
    return out


def _seq(number: str) -> int:
    head = number.split("/", 1)[0]
    return int(head.rsplit("-", 1)[-1]) if head.rsplit("-", 1)[-1].isdigit() else 0


def _validity(case: Case, today: date) -> date | None:
    v = case.validity_date
    return v if case.decided(today) and v and v <= today else None
