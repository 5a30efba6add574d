"""URL pieces the sudrf templates share: case databases, cp1251 query values, dates.

* Cyrillic in query values is percent-encoded in **cp1251** (`337 ч.5` → `337+%F7.5`).
* `Submit=%CD%E0%E9%F2%E8` («Найти») is always sent: cassation courts return no listing
  without it and other courts ignore it.
* `srv_num` selects one of a court's case databases (several courts have more than one);
  VNKOD also wants `case__num_build` equal to it.

Each template module builds its own URLs from these (`sudrf_classic.card_url`,
`sudrf_vnkod.card_url`, `mosgorsud.search_url` …); `sites.urls` lists them all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote_plus

from refusenik.sites.hosts import module_host

SUBMIT = "%CD%E0%E9%F2%E8"  # «Найти» in cp1251


@dataclass(frozen=True)
class Cartoteka:
    """One case database (cartoteka) of the sud_delo module.

    `case_table` prefixes the case fields, `defendant_table` / `document_table` the
    defendant and act fields (TOCHNO's names; field names are case-insensitive)."""

    key: str
    title: str
    delo_id: str
    new: str
    delo_table: str
    defendant_table: str
    document_table: str
    vnkod_delo_id: str | None = None
    vnkod_new: str | None = None

    @property
    def case_table(self) -> str:
        return self.delo_table


CRIMINAL_FIRST = Cartoteka(
    "criminal_1", "Уголовные дела - первая инстанция", "1540006", "0", "u1_case",
    "U1_DEFENDANT", "U1_DOCUMENT", "1540006", "0",
)  # fmt: skip
CRIMINAL_APPEAL = Cartoteka(
    "criminal_appeal", "Уголовные дела - апелляция", "4", "4", "u2_case",
    "U2_DEFENDANT", "U2_DOCUMENT", "1540006", "4",
)  # fmt: skip
# Cassation (KSOYu, Cassation Military Court); no VNKOD form is known. The document table
# follows the one seen on 2 KSOYu for g33_case (G3_DOCUMENT): U3_DOCUMENT, unverified.
CRIMINAL_CASSATION = Cartoteka(
    "criminal_cassation", "Уголовные дела - кассация", "2450001", "2450001", "u33_case",
    "U33_DEFENDANT", "U3_DOCUMENT",
)  # fmt: skip
MATERIALS = Cartoteka(
    "materials", "Материалы", "1610001", "0", "m_case", "M_PARTS", "M_DOCUMENT", "1610001", "0"
)
CARTOTEKAS = {c.key: c for c in (CRIMINAL_FIRST, CRIMINAL_APPEAL, CRIMINAL_CASSATION, MATERIALS)}


def cp1251(value: str) -> str:
    """Query-value encoding of the sudrf sites: cp1251 bytes, `+` for spaces."""
    return quote_plus(value, encoding="cp1251")


def article_text(article: str, part: str | int | None = None, point: str | None = None) -> str:
    """How sudrf lists an article: «337 ч.5», «173.1 ч.2 п.б»."""
    out = str(article)
    if part is not None:
        out += f" ч.{part}"
    if point:
        out += f" п.{point}"
    return out


def article_query(article: str, part: str | int | None = None, point: str | None = None) -> str:
    """`337+%F7.5` for ч.5 ст.337; a point becomes `+%EF.%E0` («п.а», TOCHNO's intended form)."""
    return cp1251(article_text(article, part, point))


_DOTTED = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def site_date(value: dt.date | str | None) -> str:
    """The sites' dd.mm.yyyy; an ISO string is converted, anything else refused (a wrong
    date field is silently ignored by the sites, which then list every case)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str):
        text = value.strip()
        if m := _DOTTED.fullmatch(text):
            day, month, year = m.groups()
        elif m := _ISO.fullmatch(text):
            year, month, day = m.groups()
        else:
            day = month = year = ""
        try:
            return dt.date(int(year), int(month), int(day)).strftime("%d.%m.%Y")
        except ValueError:
            pass
    raise ValueError(f"a date must be a datetime.date, 'dd.mm.yyyy' or 'yyyy-mm-dd', not {value!r}")


def positive(name: str, value: int) -> int:
    """Pages and case databases count from 1; 0 or -1 would reach the site as is."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a whole number from 1 up, not {value!r}")
    return value


def query_string(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{k}={v}" for k, v in pairs)


# --- query shared by both sudrf templates ----------------------------------------------

DATE_FIELDS = ("received", "decided", "published", "in_force")


def date_pairs(c: Cartoteka, kind: str, start: str, end: str) -> list[tuple[str, str]]:
    field = {
        "received": f"{c.case_table}__ENTRY_DATE",
        "decided": f"{c.case_table}__RESULT_DATE",
        "published": f"{c.document_table}__PUBL_DATE",
        "in_force": f"{c.case_table.upper()}__VALIDITY_DATE",
    }[kind]
    return [(f"{field}1D", start), (f"{field}2D", end)]


@dataclass(frozen=True)
class SearchQuery:
    """What a criminal listing search asks, on either sudrf template: an article (and
    part, and point) and/or a date window, the page and the case database. The keywords
    of `criminal_search` and `vnkod_criminal_search` are this class's fields.

    `date_field` is one of received / decided / published / in_force."""

    article: str | None = None
    part: str | int | None = None
    point: str | None = None
    date_field: str = "received"
    date_from: dt.date | str | None = None
    date_to: dt.date | str | None = None
    page: int = 1
    srv_num: int = 1
    cartoteka: Cartoteka = CRIMINAL_FIRST

    def __post_init__(self) -> None:
        if self.date_field not in DATE_FIELDS:
            raise ValueError(
                f"date_field must be one of {', '.join(DATE_FIELDS)}, not {self.date_field!r}"
            )
        positive("page", self.page)
        positive("srv_num", self.srv_num)
        (
            site_date(self.date_from),
            site_date(self.date_to),
        )  # refused here, not when the URL is built

    @property
    def article_value(self) -> str:
        """The cp1251-encoded article for the query string, empty when none."""
        return article_query(self.article, self.part, self.point) if self.article else ""

    @property
    def has_dates(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    @property
    def window(self) -> tuple[str, str]:
        return site_date(self.date_from), site_date(self.date_to)


def with_page(url: str, page: int) -> str:
    """The same listing query on another page (`page=` classic, `_page=` VNKOD)."""
    positive("page", page)
    key = "_page" if "_deloId=" in url else "page"
    head, _, query = url.partition("?")
    parts = query.split("&") if query else []
    for i, p in enumerate(parts):
        if p.split("=", 1)[0] == key:
            parts[i] = f"{key}={page}"
            break
    else:
        parts.append(f"{key}={page}")
    return f"{head}?{'&'.join(parts)}"


def with_captcha(url: str, code: str, captcha_id: str) -> str:
    """Add a solved captcha pair (`&captcha=&captchaid=`) to any search URL."""
    return f"{url}&captcha={code}&captchaid={captcha_id}"


def module_url(host: str, pairs: list[tuple[str, str]]) -> str:
    """`https://<module host>/modules.php?<pairs>`: every sudrf case-module URL."""
    return f"https://{module_host(host)}/modules.php?{query_string(pairs)}"
