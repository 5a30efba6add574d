"""sudrf classic case module (`modules.php?name=sud_delo`, delo_id / new / delo_table).

Used by district, regional, garrison and district military courts and the cassation
courts. Listing: `table#tablcont` after the «Всего по запросу найдено — N» counter. Card:
`div.casenumber`, tabs `ul.tabs li#tabN` ↔ `div#contN`, found by their heading (the tab
set depends on the court level). Act page: `name_op=doc`, text in `div#content`.
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
    ActText,
    CaseCard,
    Listing,
    PageKind,
    ParseError,
    Record,
    SearchForm,
    Template,
)

TEMPLATE = Template.SUDRF_CLASSIC
HOSTS: tuple[str, ...] = ()  # any *.sudrf.ru host; told from VNKOD by content
MARKERS: tuple[bytes, ...] = (b"casenumber", b"tablcont", b"name_op=", b"sud_delo")
BODY_REGION: tuple[bytes, bytes] | None = None  # the module region (`decode.module_region`)

_CONTENT = etree.XPath("//div[@id='content']")
_LISTING_TABLE = etree.XPath("//table[@id='tablcont'][tr/th or thead/tr/th or tbody/tr/th]")
# Text nodes, not cells: `contains(.)` on every <td> would build each cell's string value.
_COUNTER_CELL = etree.XPath("//text()[contains(., 'Всего по запросу найдено')]/ancestor::td[1]")
_CASENUMBER = etree.XPath("//div[contains(concat(' ', @class, ' '), ' casenumber ')]")
_TITLE = etree.XPath("//div[@class='title']")
_TAB_LIS = etree.XPath("//ul[contains(@class,'tabs')]/li[starts-with(@id,'tab')]")
_DOCCONT = etree.XPath("//div[@id='doccont']")
_FORMS = etree.XPath("//form[.//input[@name='name_op' and @value='r']]")
_CAPTCHA_INPUT = etree.XPath(".//input[@name='captcha']")
_ROWS = etree.XPath("./tr | ./tbody/tr")
_CELLS = etree.XPath("./td | ./th")
_LAST_PAGE = etree.XPath("//a[@title='На последнюю страницу списка']/@href")
_NEXT_PAGE = etree.XPath("//a[@title='Следующая страница']/@href")
_PAGES_CELL = etree.XPath("//td[contains(., 'Страницы')][b]/b")
_A_HREF = etree.XPath(".//a[@href]")
_ACT_TITLE = etree.XPath("./div[@class='title']")

_TOTAL = re.compile(r"найдено\s*[—–-]\s*(\d+)")
_RANGE = re.compile(r"с\s*(\d+)\s*по\s*(\d+)")
_PAGE_PARAM = re.compile(r"[?&]page=(\d+)")


def classify(root: etree._Element, body: bytes, url: str | None) -> PageKind:
    """Kind of a classic page whose refusal markers were already checked."""
    found = press.classify(root, url)
    if found is not None:
        return found
    if _CASENUMBER(root):
        return PageKind.CASE_CARD
    # The counter's text in the bytes (a tree-wide text search costs more than the rest of
    # classifying); `parse_listing` then insists on the counter cell itself.
    if _LISTING_TABLE(root) and K.has(body, K.LISTING_COUNTER):
        return PageKind.LISTING
    if K.has(body, K.SERVER_CHOICE) and C.server_choices(root, url):
        return PageKind.SERVER_CHOICE
    if _DOCCONT(root) and _CONTENT(root):  # the act's own container
        return PageKind.ACT_TEXT
    # The content before the URL: a site answers a document link with its search form or
    # captcha (every classic page has a div#content), and that is no act text.
    op = T.query(url).get("name_op")
    forms = _FORMS(root)
    if any(_CAPTCHA_INPUT(f) for f in forms):
        return PageKind.CAPTCHA_FORM
    if forms and op in (None, "sf", "doc"):
        return PageKind.SEARCH_FORM
    if op == "doc" and _CONTENT(root):
        return PageKind.ACT_TEXT
    return PageKind.UNKNOWN


def expected_kind(url: str | None) -> PageKind | None:
    """What the URL asked for, to name it in a ParseError."""
    op = T.query(url).get("name_op")
    return {
        "r": PageKind.LISTING,
        "case": PageKind.CASE_CARD,
        "doc": PageKind.ACT_TEXT,
        "sf": PageKind.SEARCH_FORM,
    }.get(op or "")


def parse(root: etree._Element, kind: PageKind, url: str | None) -> list[Record]:
    if kind in (PageKind.PRESS_LIST, PageKind.PRESS_RELEASE):
        return press.parse(root, kind, url)
    if kind is PageKind.SERVER_CHOICE:
        return list(C.server_choices(root, url))
    if kind is PageKind.LISTING:
        return [parse_listing(root, url)]
    if kind is PageKind.CASE_CARD:
        return parse_card(root, url)
    if kind is PageKind.ACT_TEXT:
        return [parse_act(root, url)]
    if kind in (PageKind.SEARCH_FORM, PageKind.CAPTCHA_FORM):
        return [parse_form(root)]
    return []


# --- listing --------------------------------------------------------------------------


def parse_listing(root: etree._Element, url: str | None) -> Listing:
    table = _LISTING_TABLE(root)[0]
    rows = _ROWS(table)
    headers = [T.one_line(c) or "" for c in _CELLS(rows[0])]
    cols = C.listing_columns(headers)
    listing = Listing(cartoteka=_cartoteka(root))
    for tr in rows[1:]:
        cells = _CELLS(tr)
        if not cells or any(c.tag == "th" for c in cells):
            continue
        listing.rows.append(C.listing_row(cols, cells, url))
    counter = " ".join(T.one_line(c) or "" for c in _COUNTER_CELL(root)[-1:])
    m = _TOTAL.search(counter)
    listing.total = int(m.group(1)) if m else None
    m = _RANGE.search(counter)
    if m:
        listing.first_row, listing.last_row = int(m.group(1)), int(m.group(2))
    cur = _PAGES_CELL(root)
    listing.page = int(cur[0].text) if cur and (cur[0].text or "").strip().isdigit() else 1
    last = _LAST_PAGE(root)
    nxt = _NEXT_PAGE(root)
    if last and (m := _PAGE_PARAM.search(last[0])):
        listing.last_page = int(m.group(1))
    elif listing.total is not None:
        listing.last_page = listing.page if not nxt else None
    listing.next_url = C.absolute(nxt[0], url) if nxt else None
    _check_rows(listing)
    return listing


def _check_rows(listing: Listing) -> None:
    """A truncated page must not pass for a complete one: rows must match the counter."""
    if listing.first_row is None or listing.last_row is None:
        raise ParseError(
            PageKind.LISTING, "the «На странице записи с A по B» counter", template=TEMPLATE
        )
    want = listing.last_row - listing.first_row + 1
    if want != len(listing.rows):
        raise ParseError(
            PageKind.LISTING,
            f"rows: the counter promises {want} (records {listing.first_row}–{listing.last_row}),"
            f" the table has {len(listing.rows)}",
            template=TEMPLATE,
        )


def _cartoteka(root: etree._Element) -> str | None:
    titles = _TITLE(root)
    if not titles:
        return None
    lines = T.lines(titles[0])
    # The first line is the cartoteka; the 262-ФЗ notice follows in a nested div.
    return lines[0] if lines and not lines[0].startswith("В соответствии") else None


# --- card -----------------------------------------------------------------------------


def _pairs(table: etree._Element) -> dict[str, str]:
    """`<td><b>label</b></td><td>value</td>` rows of a tab table."""
    out: dict[str, str] = {}
    for tr in _ROWS(table):
        cells = _CELLS(tr)
        if len(cells) != 2 or cells[0].tag != "td":
            continue
        label = T.one_line(cells[0])
        if not label:
            continue
        value = T.text(cells[1])
        out[label] = value or ""
    return out


def _grid(table: etree._Element) -> tuple[list[str], list[list[str | None]]]:
    """Header row (first row of bold tds after the `<th>` title) and data rows."""
    headers: list[str] = []
    data: list[list[str | None]] = []
    for tr in _ROWS(table):
        cells = _CELLS(tr)
        if not cells or cells[0].tag == "th":
            continue
        if not headers:
            headers = [T.one_line(c) or "" for c in cells]
            continue
        data.append([T.text(c) for c in cells])
    return headers, data


_FIRST_TABLE = etree.XPath("descendant::table[1]")
_DOC_LIS = etree.XPath("//li[starts-with(@id,'tab_doc')]")


def _tab_table(ids: dict[str, etree._Element], n: str) -> etree._Element | None:
    div = C.by_id(ids, f"cont{n}")
    got = _FIRST_TABLE(div) if div is not None else None
    return got[0] if got else None


def parse_card(root: etree._Element, url: str | None) -> list[Record]:
    card = CaseCard(cartoteka=_cartoteka(root))
    card.case_number = C.case_number(_CASENUMBER(root)[0])
    q = T.query(url)
    card.case_id = q.get("case_id")
    card.case_uid = q.get("case_uid")
    card.court = C.page_title(root)
    tabs = [(li.get("id", "")[3:], T.one_line(li) or "") for li in _TAB_LIS(root)]
    tabs = [(n, label) for n, label in tabs if n.isdigit()]
    if not tabs:
        raise ParseError(
            PageKind.CASE_CARD, "the tabs (ul.tabs li#tabN)", template=TEMPLATE, url=url
        )
    card.tabs = [label for _, label in tabs]
    ids = C.id_index(root)
    first = _tab_table(ids, tabs[0][0])
    if first is None:
        raise ParseError(
            PageKind.CASE_CARD,
            f"the case tab table (div#cont{tabs[0][0]})",
            template=TEMPLATE,
            url=url,
        )
    card.fields = _pairs(first)
    C.finish_case_fields(card)
    scope = C.scope_of(card)
    records: list[Record] = [card]
    for n, label in tabs[1:]:
        up = label.upper()
        if "АКТ" in up:
            records.extend(_inline_acts(root, ids, card))
            continue
        if up.startswith(("ОБЖАЛОВАНИЕ", "ПЕРЕСМОТР")):
            div = C.by_id(ids, f"cont{n}")
            if div is not None:
                card.appeals.extend(C.appeals(div, scope))
                continue
        table = _tab_table(ids, n)
        if table is None:
            if up.startswith("ИСПОЛНИТ"):
                continue
            raise ParseError(
                PageKind.CASE_CARD,
                f"the table of tab «{label}» (div#cont{n}){T.encoding_hint(label)}",
                template=TEMPLATE,
                url=url,
            )
        if "НИЖЕСТОЯЩ" in up:
            card.lower_court = _pairs(table)
        elif "ДВИЖЕНИЕ ДЕЛА" in up or "СЛУШАНИЯ" in up:
            card.events = C.events(*_grid(table))
        elif up == "ЛИЦА":
            card.defendants, _ = C.people(*_grid(table), scope, "defendant")
        elif up.startswith("СТОРОНЫ") or up.startswith("УЧАСТНИКИ"):
            card.parties, _ = C.people(*_grid(table), scope, "party")
        elif up.startswith("ЖАЛОБЫ"):
            card.complaints = C.complaints(*_grid(table), scope)
        elif up.startswith("ИСПОЛНИТ"):
            card.writs = C.writs(*_grid(table), scope)
        else:
            headers, rows = _grid(table)
            if not headers and not rows:  # a label/value table
                pairs = _pairs(table)
                headers, rows = list(pairs), [list(pairs.values())]
            C.keep_tab(card, label, headers, rows)
    card.published, card.modified = C.publish_stamps(root)
    return records


def _inline_acts(
    root: etree._Element, ids: dict[str, etree._Element], card: CaseCard
) -> list[Record]:
    out: list[Record] = []
    for li in _DOC_LIS(root):
        n = li.get("id", "")[7:]
        out.extend(C.inline_act(T.one_line(li) or "", n, C.by_id(ids, f"cont_doc{n}"), card))
    return out


# --- act text -------------------------------------------------------------------------


def parse_act(root: etree._Element, url: str | None) -> ActText:
    content = _CONTENT(root)[0]
    lines = T.act_text(content).split("\n")
    title = _ACT_TITLE(content)
    kind = (T.act_text(title[0]).split("\n")[0] or None) if title else None
    card_link = [a for a in _A_HREF(content) if "name_op=case" in a.get("href", "")]
    if card_link:
        label = T.one_line(card_link[0])
        # Everything after the «Информация по делу» link is the act.
        if label in lines:
            lines = lines[lines.index(label) + 1 :]
    elif kind and lines and lines[0] == kind:
        lines = lines[1:]
    text = "\n".join(lines)
    if not text:
        raise ParseError(
            PageKind.ACT_TEXT, "the act text in div#content", template=TEMPLATE, url=url
        )
    return ActText(
        text=text,
        kind=kind,
        case_number=act_case_number(text),
        source="page",
        card_url=C.absolute(card_link[0].get("href"), url) if card_link else None,
    )


# An act states its case number in its heading: «Дело № 88-14715/2026», «Дело №2-5/2026».
_ACT_CASE_NO = re.compile(r"(?i)\bдело\s*№\s*(\d[0-9A-Za-zА-Яа-яЁё\-/]*\d)")


def act_case_number(text: str) -> str | None:
    """The case number an act's heading gives (looked for in its first lines only: later
    ones cite other cases)."""
    m = _ACT_CASE_NO.search(text, 0, 1500)
    return m.group(1) if m else None


# --- search form ----------------------------------------------------------------------


def parse_form(root: etree._Element) -> SearchForm:
    forms = _FORMS(root)
    form = next((f for f in forms if _CAPTCHA_INPUT(f)), forms[0] if forms else None)
    if form is None:
        raise ParseError(PageKind.SEARCH_FORM, "a form with name_op=r", template=TEMPLATE)

    # Real forms write the data URI with spaces: `data: image/png;base64, iVBOR…`.
    srcs = ["".join(src.split()) for src in form.xpath(".//img/@src")]
    img = [src for src in srcs if src.startswith("data:image")] or [
        src for src in srcs if "captcha" in src
    ]
    return SearchForm(
        delo_id=C.form_value(form, "delo_id"),
        new=C.form_value(form, "new"),
        delo_table=C.form_value(form, "delo_table"),
        captcha=bool(_CAPTCHA_INPUT(form)),
        captcha_id=C.form_value(form, "captchaid"),
        captcha_image=(img[0][:64] if img else None),
        fields=C.form_fields(form),
    )


# --- URLs -----------------------------------------------------------------------------


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
    q = P.SearchQuery(**query)
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
        pairs += P.date_pairs(c, q.date_field, *q.window)
    if q.article:
        pairs.append((f"{c.defendant_table}__LAW_ARTICLESS", q.article_value))
    if captcha:
        pairs += [("captcha", captcha[0]), ("captchaid", captcha[1])]
    pairs.append(("Submit", P.SUBMIT))
    return P.module_url(host, pairs)


def card_url(
    host: str,
    case_id: str | int,
    case_uid: str,
    *,
    cartoteka: P.Cartoteka = P.CRIMINAL_FIRST,
    srv_num: int = 1,
) -> str:
    """Classic card; appeal and cassation cards need `new` (SUDRF `cardURL`). Not behind captcha."""
    P.positive("srv_num", srv_num)
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
    return P.module_url(host, pairs)


def act_url(
    host: str,
    number: str | int,
    *,
    cartoteka: P.Cartoteka = P.CRIMINAL_FIRST,
    text_number: int = 1,
    srv_num: int = 1,
) -> str:
    """Classic act page (`name_op=doc`); a missing `text_number` gives «ПУСТОЙ ДОКУМЕНТ»."""
    P.positive("srv_num", srv_num)
    pairs = [
        ("name", "sud_delo"),
        ("srv_num", str(srv_num)),
        ("name_op", "doc"),
        ("number", str(number)),
        ("delo_id", cartoteka.delo_id),
        ("new", cartoteka.new),
        ("text_number", str(text_number)),
    ]
    return P.module_url(host, pairs)


def form_url(host: str, *, cartoteka: P.Cartoteka = P.CRIMINAL_FIRST, srv_num: int = 1) -> str:
    """Classic search form (`name_op=sf`), as the sites' own `select_delo_id_new` builds it;
    used to detect the template and whether the court wants a captcha."""
    P.positive("srv_num", srv_num)
    pairs = [
        ("name", "sud_delo"),
        ("srv_num", str(srv_num)),
        ("name_op", "sf"),
        ("nc", "1"),
        ("delo_id", cartoteka.delo_id),
    ]
    if cartoteka.new != "0":
        pairs.append(("new", cartoteka.new))
    return P.module_url(host, pairs)


def server_choice_url(host: str) -> str:
    """`modules.php?name=sud_delo` without `srv_num`: a court with several case databases
    answers it with its list of servers (`PageKind.SERVER_CHOICE`)."""
    return P.module_url(host, [("name", "sud_delo")])
