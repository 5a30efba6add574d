"""sudrf VNKOD case module (`_deloId` / `_new` / `case__vnkod`; SUDRF calls it "vintage").

Listing: `div#search_results` → `div.lawcase-count` counter and
`div#resultTable > table.law-case-table`. Card: `div.case-num`, tabs
`ul#case_bookmarks li#tab_id_X` ↔ `div#tab_content_X`. Every table is repeated for
mobile (`div.block-mobile`, `div#resultMob`) and for printing (`#printVersionBodyCase`):
only the first desktop table of each tab is read, or every row would be doubled.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from refusenik.sites import common as C
from refusenik.sites import kinds as K
from refusenik.sites import press
from refusenik.sites import text as T
from refusenik.sites import url_parts as P
from refusenik.sites.base import (
    CaseCard,
    Listing,
    PageKind,
    ParseError,
    Record,
    SearchForm,
    Template,
)

TEMPLATE = Template.SUDRF_VNKOD
HOSTS: tuple[str, ...] = ()  # any *.sudrf.ru host; told from classic by content
MARKERS: tuple[bytes, ...] = (
    b'id="case_bookmarks"',
    b"law-case-table",
    b"lawcase-count",
    b'name="case__vnkod"',
)
URL_PARAMS = ("_deloId", "_id", "_uid", "case__vnkod", "_page", "_new")
BODY_REGION: tuple[bytes, bytes] | None = None  # the module region (`decode.module_region`)

_RESULTS = etree.XPath("//div[@id='search_results']")
_COUNT = etree.XPath("//div[contains(@class,'lawcase-count')]")
_TABLE = etree.XPath("//div[@id='resultTable']//table[contains(@class,'law-case-table')]")
_CASE_NUM = etree.XPath("//div[contains(concat(' ', @class, ' '), ' case-num ')]")
_BOOKMARKS = etree.XPath("//ul[@id='case_bookmarks']/li[starts-with(@id,'tab_id_')]")
_INSTANCE = etree.XPath("//div[contains(@class,'name-instanse')]")
_FORM = etree.XPath("//form[.//input[@name='case__vnkod'] or .//select[@name='process-type']]")
_CAPTCHA_INPUT = etree.XPath(".//input[@name='captcha']")
_HEAD_CELLS = etree.XPath("./thead/tr[1]/td | ./thead/tr[1]/th")
_BODY_ROWS = etree.XPath("./tbody/tr")
_CELLS = etree.XPath("./td")
_A_HREF = etree.XPath(".//a[@href]")
_MOBILE_ITEMS = etree.XPath(
    ".//div[contains(@class,'mobile-lawcase-item')]//table[contains(@class,'law-case-table')]"
)
_PAGING = etree.XPath("//div[contains(@class,'lawcase-paging')][1]//a[@href]")

_TOTAL = re.compile(r"найдено\s*[—–-]?\s*(\d+)")
_RANGE = re.compile(r"с\s*(\d+)\s*по\s*(\d+)")
_PAGE_PARAM = re.compile(r"[?&]_page=(\d+)")


def classify(root: etree._Element, body: bytes, url: str | None) -> PageKind:
    found = press.classify(root, url)
    if found is not None:
        return found
    if _CASE_NUM(root) and _BOOKMARKS(root):
        return PageKind.CASE_CARD
    if _RESULTS(root) and _TABLE(root) and _COUNT(root):
        return PageKind.LISTING
    if K.has(body, K.SERVER_CHOICE) and C.server_choices(root, url):
        return PageKind.SERVER_CHOICE
    forms = _FORM(root)
    if any(_CAPTCHA_INPUT(f) for f in forms):
        return PageKind.CAPTCHA_FORM
    if forms:
        return PageKind.SEARCH_FORM
    return PageKind.UNKNOWN


def expected_kind(url: str | None) -> PageKind | None:
    q = T.query(url)
    if q.get("name_op") == "case":
        return PageKind.CASE_CARD
    return {"r": PageKind.LISTING, "sf": PageKind.SEARCH_FORM}.get(q.get("name_op", ""))


def parse(root: etree._Element, kind: PageKind, url: str | None) -> list[Record]:
    if kind in (PageKind.PRESS_LIST, PageKind.PRESS_RELEASE):
        return press.parse(root, kind, url)
    if kind is PageKind.SERVER_CHOICE:
        return list(C.server_choices(root, url))
    if kind is PageKind.LISTING:
        return [parse_listing(root, url)]
    if kind is PageKind.CASE_CARD:
        return parse_card(root, url)
    if kind in (PageKind.SEARCH_FORM, PageKind.CAPTCHA_FORM):
        return [parse_form(root)]
    return []


def _instance(root: etree._Element) -> str | None:
    got = _INSTANCE(root)
    return T.one_line(got[0]) if got else None


def _headers(table: etree._Element) -> list[str]:
    return [T.one_line(c) or "" for c in _HEAD_CELLS(table)]


def parse_listing(root: etree._Element, url: str | None) -> Listing:
    table = _TABLE(root)[0]
    cols = C.listing_columns(_headers(table))
    listing = Listing(cartoteka=_instance(root))
    for tr in _BODY_ROWS(table):
        cells = _CELLS(tr)
        if cells:
            listing.rows.append(C.listing_row(cols, cells, url))
    counter = T.one_line(_COUNT(root)[0]) or ""
    if m := _TOTAL.search(counter):
        listing.total = int(m.group(1))
    if m := _RANGE.search(counter):
        listing.first_row, listing.last_row = int(m.group(1)), int(m.group(2))
    pages = [int(m.group(1)) for a in _PAGING(root) if (m := _PAGE_PARAM.search(a.get("href", "")))]
    listing.page = int(T.query(url).get("_page") or 1)
    listing.last_page = max([listing.page, *pages])
    nxt = [p for p in pages if p == listing.page + 1]
    if nxt:
        href = next(a.get("href") for a in _PAGING(root) if f"_page={nxt[0]}" in a.get("href", ""))
        listing.next_url = C.absolute(href, url)
    if listing.first_row is not None and listing.last_row is not None:
        want = listing.last_row - listing.first_row + 1
        if want != len(listing.rows):
            raise ParseError(
                PageKind.LISTING,
                f"rows: the counter promises {want}, the table has {len(listing.rows)}",
                template=TEMPLATE,
            )
    elif listing.total is None:
        raise ParseError(
            PageKind.LISTING, "the «Всего по запросу найдено» counter", template=TEMPLATE
        )
    return listing


def _tab(ids: dict[str, etree._Element], tab_id: str) -> etree._Element | None:
    return C.by_id(ids, f"tab_content_{tab_id}")


def _first_table(div: etree._Element) -> etree._Element | None:
    got = div.xpath(
        ".//table[contains(@class,'law-case-table')]"
        "[not(ancestor::div[contains(@class,'block-mobile')])][1]"
    )
    return got[0] if got else None


def _pairs(table: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for tr in table.xpath("./tr | ./tbody/tr"):
        cells = _CELLS(tr)
        if len(cells) == 2 and cells[0].xpath("./b"):
            label = T.one_line(cells[0])
            if label:
                out[label] = T.text(cells[1]) or ""
    return out


def _grid(
    table: etree._Element, div: etree._Element | None = None
) -> tuple[list[str], list[list[str | None]]]:
    """A tab's column names and rows. Some tabs (the «Требования» of real cards) print an
    empty desktop table and the rows only in the mobile blocks of `div`: those are read then."""
    headers = _headers(table)
    rows = [[T.text(c) for c in _CELLS(tr)] for tr in _BODY_ROWS(table)]
    rows = [r for r in rows if any(r)]
    if not rows and div is not None:
        for item in _MOBILE_ITEMS(div):
            pairs = _pairs(item)
            row = [pairs.get(h) or None for h in headers]
            if any(row):
                rows.append(row)
    return headers, rows


def parse_card(root: etree._Element, url: str | None) -> list[Record]:
    card = CaseCard(cartoteka=_instance(root))
    card.case_number = C.case_number(_CASE_NUM(root)[0])
    q = T.query(url)
    card.case_id = q.get("_id")
    card.case_uid = q.get("_uid")
    card.court = C.page_title(root)
    tabs = [(li.get("id", "")[7:], T.one_line(li) or "") for li in _BOOKMARKS(root)]
    card.tabs = [label for _, label in tabs]
    ids = C.id_index(root)
    case_div = _tab(ids, "Case")
    table = _first_table(case_div) if case_div is not None else None
    if table is None:
        raise ParseError(
            PageKind.CASE_CARD,
            "the case tab (div#tab_content_Case table)",
            template=TEMPLATE,
            url=url,
        )
    card.fields = _pairs(table)
    C.finish_case_fields(card)
    lower = {
        k: v
        for k, v in card.fields.items()
        if k.lower().startswith(("районный суд", "номер производства"))
    }
    card.lower_court = lower
    scope = C.scope_of(card)
    records: list[Record] = [card]
    for tab_id, label in tabs[1:]:
        div = _tab(ids, tab_id)
        if tab_id.startswith("Document"):
            records.extend(C.inline_act(label, tab_id[len("Document") :], div, card))
            continue
        if div is None:
            raise ParseError(
                PageKind.CASE_CARD,
                f"div#tab_content_{tab_id} for tab «{label}»{T.encoding_hint(label)}",
                template=TEMPLATE,
                url=url,
            )
        table = _first_table(div)
        if table is None:
            continue
        if tab_id == "EventList":
            card.events = C.events(*_grid(table, div))
        elif tab_id == "PersonList":
            people, cols = C.people(*_grid(table, div), scope, "party")
            if "articles_text" in cols and "role" not in cols:
                card.defendants = people  # criminal «Лица»: name + articles
            else:
                card.parties = people
        elif label.upper().startswith("ТРЕБОВАНИЯ"):
            card.requirements = C.requirements(*_grid(table, div), scope)
        elif label.upper().startswith("ИСПОЛНИТ"):
            card.writs = C.writs(*_grid(table, div), scope)
        elif label.upper().startswith("ЖАЛОБЫ"):
            card.complaints = C.complaints(*_grid(table, div), scope)
        else:
            C.keep_tab(card, label, *_grid(table, div))
    card.published, card.modified = C.publish_stamps(root)
    return records


def parse_form(root: etree._Element) -> SearchForm:
    forms = _FORM(root)
    if not forms:
        raise ParseError(PageKind.SEARCH_FORM, "the VNKOD search form", template=TEMPLATE)
    form = forms[0]
    return SearchForm(
        delo_id=C.form_value(form, "_deloId"),
        new=C.form_value(form, "_new"),
        court_code=C.form_value(form, "case__vnkod"),
        captcha=bool(_CAPTCHA_INPUT(form)),
        captcha_id=C.form_value(form, "captchaid"),
        fields=C.form_fields(form),
    )


# --- URLs -----------------------------------------------------------------------------


def criminal_search(host: str, court_code: str, **query: Any) -> str:
    """VNKOD listing (TOCHNO `VNKOD_PATTERN`): every documented field, empty when unused;
    `query` holds the `SearchQuery` keywords, as for `criminal_search`."""
    q = P.SearchQuery(**query)
    if q.cartoteka.vnkod_delo_id is None:
        raise ValueError(f"no VNKOD form is known for {q.cartoteka.title}")
    d, srv_num = q.cartoteka.vnkod_delo_id, q.srv_num
    n = q.cartoteka.vnkod_new or q.cartoteka.new
    dates = dict.fromkeys(P.DATE_FIELDS, ("", ""))
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
    return P.module_url(host, pairs)


def card_url(
    host: str,
    case_uid: str,
    *,
    case_id: str | int | None = None,
    cartoteka: P.Cartoteka = P.CRIMINAL_FIRST,
    srv_num: int = 1,
    doc: int | None = None,
) -> str:
    """VNKOD card (`_uid` alone also works); `doc=N` opens the card on act N (`_doc=N`)."""
    P.positive("srv_num", srv_num)
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
    return P.module_url(host, pairs)


def form_url(host: str, *, cartoteka: P.Cartoteka = P.CRIMINAL_FIRST, srv_num: int = 1) -> str:
    """VNKOD search form (TOCHNO `createFirstInstanceUrlForCaptcha`)."""
    P.positive("srv_num", srv_num)
    pairs = [
        ("name", "sud_delo"),
        ("name_op", "sf"),
        ("srv_num", str(srv_num)),
        ("_deloId", cartoteka.vnkod_delo_id or cartoteka.delo_id),
        ("_caseType", "0"),
        ("_new", cartoteka.vnkod_new or cartoteka.new),
    ]
    return P.module_url(host, pairs)
