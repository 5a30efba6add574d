"""URL builders for the court sites, exactly as sudrf-formats.md §2 documents them.

* Hosts: a court's home page uses dots (`vs.komi.sudrf.ru`), `modules.php` the double
  hyphen (`vs--komi.sudrf.ru`); hosts without a region (`2kas.sudrf.ru`) have one form.
* Cyrillic in query values is percent-encoded in **cp1251** (`337 ч.5` → `337+%F7.5`).
* `Submit=%CD%E0%E9%F2%E8` («Найти») is always sent: cassation courts return no listing
  without it and other courts ignore it.
* `srv_num` selects one of a court's case databases (several courts have more than one);
  VNKOD also wants `case__num_build` equal to it.
* mos-gorsud.ru encodes in UTF-8 and writes a point as `, п. <letter>`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

SUBMIT = "%CD%E0%E9%F2%E8"  # «Найти» in cp1251


@dataclass(frozen=True)
class Cartoteka:
    """One case database of the sud_delo module (sudrf-formats.md §2.2).

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


# --- hosts ------------------------------------------------------------------------------


def module_host(host: str) -> str:
    """The host `modules.php` lives on: `vs.komi.sudrf.ru` → `vs--komi.sudrf.ru`."""
    host = host.strip().lower().removeprefix("https://").removeprefix("http://").rstrip("/")
    if not host.endswith(".sudrf.ru"):
        return host
    name = host[: -len(".sudrf.ru")]
    return f"{name.replace('.', '--')}.sudrf.ru"


def home_host(host: str) -> str:
    """The court's home-page host: `vs--komi.sudrf.ru` → `vs.komi.sudrf.ru`."""
    name = module_host(host)[: -len(".sudrf.ru")]
    return f"{name.replace('--', '.')}.sudrf.ru"


# --- encoding ---------------------------------------------------------------------------


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


def _date(value: dt.date | str | None) -> str:
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


def _positive(name: str, value: int) -> int:
    """Pages and case databases count from 1; 0 or -1 would reach the site as is."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a whole number from 1 up, not {value!r}")
    return value


def _qs(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{k}={v}" for k, v in pairs)


# --- classic ----------------------------------------------------------------------------

DATE_FIELDS = ("received", "decided", "published", "in_force")


def _date_pairs(c: Cartoteka, kind: str, start: str, end: str) -> list[tuple[str, str]]:
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
        _positive("page", self.page)
        _positive("srv_num", self.srv_num)
        _date(self.date_from), _date(self.date_to)  # refused here, not when the URL is built

    @property
    def article_value(self) -> str:
        """The cp1251-encoded article for the query string, empty when none."""
        return article_query(self.article, self.part, self.point) if self.article else ""

    @property
    def has_dates(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    @property
    def window(self) -> tuple[str, str]:
        return _date(self.date_from), _date(self.date_to)


def criminal_search(
    host: str,
    *,
    court_code: str | None = None,
    captcha: tuple[str, str] | None = None,
    **query: Any,
) -> str:
    """Classic listing of a criminal cartoteka by article and/or a date window; `query`
    holds the `SearchQuery` keywords (article, part, point, date_field, date_from,
    date_to, page, srv_num, cartoteka).

    `court_code` fills `vnkod=` (TOCHNO does; an *empty* `vnkod=` breaks cassation
    courts, so it is left out when unknown). `captcha` is the solved (code, captchaid) pair.
    """
    q = SearchQuery(**query)
    c = q.cartoteka
    pairs = [
        ("name", "sud_delo"),
        ("srv_num", str(q.srv_num)),
        ("name_op", "r"),
        ("page", str(q.page)),
    ]
    if court_code:
        pairs.append(("vnkod", court_code))
    pairs += [
        ("delo_id", c.delo_id),
        ("case_type", "0"),
        ("new", c.new),
        ("delo_table", c.delo_table),
    ]
    if q.has_dates:
        pairs += _date_pairs(c, q.date_field, *q.window)
    if q.article:
        pairs.append((f"{c.defendant_table}__LAW_ARTICLESS", q.article_value))
    if captcha:
        pairs += [("captcha", captcha[0]), ("captchaid", captcha[1])]
    pairs.append(("Submit", SUBMIT))
    return f"https://{module_host(host)}/modules.php?{_qs(pairs)}"


def card_url(
    host: str,
    case_id: str | int,
    case_uid: str,
    *,
    cartoteka: Cartoteka = CRIMINAL_FIRST,
    srv_num: int = 1,
) -> str:
    """Classic card; appeal and cassation cards need `new` (SUDRF `cardURL`). Not behind captcha."""
    _positive("srv_num", srv_num)
    pairs = [
        ("name", "sud_delo"),
        ("srv_num", str(srv_num)),
        ("name_op", "case"),
        ("case_id", str(case_id)),
        ("case_uid", case_uid),
        ("delo_id", cartoteka.delo_id),
    ]
    if cartoteka.new != "0":
        pairs.append(("new", cartoteka.new))
    return f"https://{module_host(host)}/modules.php?{_qs(pairs)}"


def act_url(
    host: str,
    number: str | int,
    *,
    cartoteka: Cartoteka = CRIMINAL_FIRST,
    text_number: int = 1,
    srv_num: int = 1,
) -> str:
    """Classic act page (`name_op=doc`); a missing `text_number` gives «ПУСТОЙ ДОКУМЕНТ»."""
    _positive("srv_num", srv_num)
    pairs = [
        ("name", "sud_delo"),
        ("srv_num", str(srv_num)),
        ("name_op", "doc"),
        ("number", str(number)),
        ("delo_id", cartoteka.delo_id),
        ("new", cartoteka.new),
        ("text_number", str(text_number)),
    ]
    return f"https://{module_host(host)}/modules.php?{_qs(pairs)}"


def form_url(host: str, *, cartoteka: Cartoteka = CRIMINAL_FIRST, srv_num: int = 1) -> str:
    """Classic search form (`name_op=sf`), as the sites' own `select_delo_id_new` builds it;
    used to detect the template and whether the court wants a captcha."""
    _positive("srv_num", srv_num)
    pairs = [
        ("name", "sud_delo"),
        ("srv_num", str(srv_num)),
        ("name_op", "sf"),
        ("nc", "1"),
        ("delo_id", cartoteka.delo_id),
    ]
    if cartoteka.new != "0":
        pairs.append(("new", cartoteka.new))
    return f"https://{module_host(host)}/modules.php?{_qs(pairs)}"


def with_page(url: str, page: int) -> str:
    """The same listing query on another page (`page=` classic, `_page=` VNKOD)."""
    _positive("page", page)
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


# --- VNKOD ------------------------------------------------------------------------------


def vnkod_criminal_search(host: str, court_code: str, **query: Any) -> str:
    """VNKOD listing (TOCHNO `VNKOD_PATTERN`): every documented field, empty when unused;
    `query` holds the `SearchQuery` keywords, as for `criminal_search`."""
    q = SearchQuery(**query)
    if q.cartoteka.vnkod_delo_id is None:
        raise ValueError(f"no VNKOD form is known for {q.cartoteka.title}")
    d, n, srv_num = q.cartoteka.vnkod_delo_id, q.cartoteka.vnkod_new, q.srv_num
    dates = dict.fromkeys(DATE_FIELDS, ("", ""))
    dates[q.date_field] = q.window
    pairs = [
        ("name_op", "r"),
        ("name", "sud_delo"),
        ("srv_num", str(srv_num)),
        ("_page", str(q.page)),
        ("_deloId", d),
        ("case__case_type", "0"),
        ("_new", n),
        ("case__vnkod", court_code),
        ("case__num_build", str(srv_num)),
        ("process-type", f"{d}_0_{n}"),
        ("case__case_numberss", ""),
        ("case__judicial_uidss", ""),
        ("parts__namess", ""),
        ("case__entry_date1d", dates["received"][0]),
        ("case__entry_date2d", dates["received"][1]),
        ("case__result_date1d", dates["decided"][0]),
        ("case__result_date2d", dates["decided"][1]),
        ("case__result", ""),
        ("case__judge", ""),
        ("parts__law_articless", q.article_value),
        ("parts__result", ""),
        ("document__publ_date1d", dates["published"][0]),
        ("document__publ_date2d", dates["published"][1]),
        ("case__validity_date1d", dates["in_force"][0]),
        ("case__validity_date2d", dates["in_force"][1]),
    ]
    return f"https://{module_host(host)}/modules.php?{_qs(pairs)}"


def vnkod_card_url(
    host: str,
    case_uid: str,
    *,
    case_id: str | int | None = None,
    cartoteka: Cartoteka = CRIMINAL_FIRST,
    srv_num: int = 1,
    doc: int | None = None,
) -> str:
    """VNKOD card (`_uid` alone also works); `doc=N` opens the card on act N (`_doc=N`)."""
    _positive("srv_num", srv_num)
    pairs = [("name", "sud_delo"), ("name_op", "case")]
    if case_id is not None:
        pairs.append(("_id", str(case_id)))
    pairs += [
        ("_uid", case_uid),
        ("_deloId", cartoteka.vnkod_delo_id or cartoteka.delo_id),
        ("_caseType", "0"),
        ("_new", cartoteka.vnkod_new or cartoteka.new),
    ]
    if doc is not None:
        pairs.append(("_doc", str(doc)))
    pairs.append(("srv_num", str(srv_num)))
    return f"https://{module_host(host)}/modules.php?{_qs(pairs)}"


def vnkod_form_url(host: str, *, cartoteka: Cartoteka = CRIMINAL_FIRST, srv_num: int = 1) -> str:
    """VNKOD search form (TOCHNO `createFirstInstanceUrlForCaptcha`)."""
    _positive("srv_num", srv_num)
    pairs = [
        ("name", "sud_delo"),
        ("name_op", "sf"),
        ("srv_num", str(srv_num)),
        ("_deloId", cartoteka.vnkod_delo_id or cartoteka.delo_id),
        ("_caseType", "0"),
        ("_new", cartoteka.vnkod_new or cartoteka.new),
    ]
    return f"https://{module_host(host)}/modules.php?{_qs(pairs)}"


# --- mos-gorsud.ru ------------------------------------------------------------------------


def mosgorsud_article(article: str, part: str | int | None = None, point: str | None = None) -> str:
    """`337+%D1%87.5`; a point adds `%2C+%D0%BF.+<letter>` (TOCHNO, UTF-8)."""
    out = quote_plus(str(article) + (f" ч.{part}" if part is not None else ""))
    if point:
        out += "%2C+" + quote_plus(f"п. {point}")
    return out


def mosgorsud_search(
    *,
    article: str | None = None,
    part: str | int | None = None,
    point: str | None = None,
    instance: int = 1,
    received_from: dt.date | str | None = None,
    received_to: dt.date | str | None = None,
    decided_from: dt.date | str | None = None,
    decided_to: dt.date | str | None = None,
    published_from: dt.date | str | None = None,
    published_to: dt.date | str | None = None,
    page: int = 1,
    court_alias: str = "",
) -> str:
    """mos-gorsud.ru full-form search of criminal cases (`processType=6`)."""
    _positive("page", page)
    pairs = [
        ("formType", "fullForm"),
        ("courtAlias", court_alias),
        ("instance", str(instance)),
        ("processType", "6"),
        ("codex", mosgorsud_article(article, part, point) if article else ""),
        ("caseDateFrom", _date(received_from)),
        ("caseDateTo", _date(received_to)),
        ("caseFinalDateFrom", _date(decided_from)),
        ("caseFinalDateTo", _date(decided_to)),
        ("docsDateFrom", _date(published_from)),
        ("docsDateTo", _date(published_to)),
        ("page", str(page)),
    ]
    return f"https://mos-gorsud.ru/search?{_qs(pairs)}"
