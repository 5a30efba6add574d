"""mos-gorsud.ru: Moscow's city and district courts (UTF-8, its own engine).

Card: `div.card-sud` rows of `div.left` (label) / `div.right` (value); tabs hold the
state history («История состояний»), hearings («Судебные заседания») and the document
list («Документы»). Search results: `tr.linked-row[data-href]` rows of
`table.search-form__table`. Moscow's military courts are not here (they are sudrf sites).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote_plus

from lxml import etree, html

from refusenik.privacy import safe_text
from refusenik.sites import common as C
from refusenik.sites import text as T
from refusenik.sites import url_parts as P
from refusenik.sites.base import (
    ActLink,
    CaseCard,
    Listing,
    ListingRow,
    PageKind,
    ParseError,
    Party,
    Record,
    Template,
)

TEMPLATE = Template.MOSGORSUD
HOSTS: tuple[str, ...] = ("mos-gorsud.ru",)
MARKERS: tuple[bytes, ...] = (b"search-form__table", b'class="card-sud"', b"linked-row")
BODY_REGION: tuple[bytes, bytes] | None = (b'<main class="content"', b'<footer class="footer"')

_CARD = etree.XPath("//div[contains(@class,'card-sud')]")
_CARD_ROWS = etree.XPath("//div[contains(@class,'card-sud')]/div[contains(@class,'row')]")
_LEFT = etree.XPath("./div[contains(@class,'left')]")
_RIGHT = etree.XPath("./div[contains(@class,'right')]")
_H1 = etree.XPath("//h1")
_TABLES = etree.XPath("//div[contains(@class,'tablist')]//table")
_PREV_H3 = etree.XPath("preceding::h3[1]")
_HEAD = etree.XPath("./thead/tr[1]/th | ./thead/tr[1]/td")
_BODY_ROWS = etree.XPath("./tbody/tr")
_CELLS = etree.XPath("./td")
_RESULTS = etree.XPath("//table[contains(@class,'search-form__table')]")
_LINKED = etree.XPath("//tr[contains(@class,'linked-row')]")
_HINTS = ("Скопировать в буфер обмена", "Скопировано в буфер обмена", "раскрыть")
_TAB_TITLES = etree.XPath(
    "//div[contains(@class,'tablist')]//li[contains(concat(' ', @class, ' '), ' tablist__tab ')]"
)
_COURT_NAME = etree.XPath("//a[contains(@class,'navigation__court-name')]")
_BREADCRUMB_COURT = etree.XPath("//ul[@class='breadcrumb']/li[2]/a")
_GUID = re.compile(r"/details/([0-9a-f-]{36})")
_CASE_NO_H1 = re.compile(r"№\s*(\S+)")


def _safe_kind(kind: str | None) -> str | None:
    """Act kinds name who filed: «Апелляционная жалоба (Стародубцева Е.Н.)»."""
    return safe_text(kind) if kind else kind


def classify(root: etree._Element, body: bytes, url: str | None) -> PageKind:
    if _CARD(root):
        return PageKind.CASE_CARD
    if _RESULTS(root):
        return PageKind.LISTING
    return PageKind.UNKNOWN


def expected_kind(url: str | None) -> PageKind | None:
    if url and "/details/" in url:
        return PageKind.CASE_CARD
    if url and "/search" in url:
        return PageKind.LISTING
    return None


def parse(root: etree._Element, kind: PageKind, url: str | None) -> list[Record]:
    if kind is PageKind.CASE_CARD:
        return [parse_card(root, url)]
    if kind is PageKind.LISTING:
        return [parse_listing(root, url)]
    return []


def _lines(el: etree._Element | None) -> list[str]:
    return [ln for ln in (T.lines(el) if el is not None else []) if ln not in _HINTS]


def _sides(right: etree._Element, scope: str | None) -> list[Party]:
    """«Стороны»: `<p class=table-bold-text>role</p>name, name<br>` repeated."""
    out: list[Party] = []
    role = None
    for node in right.xpath("./node()"):
        if isinstance(node, str):  # text and tails come as their own nodes
            chunk = node
        elif node.tag == "p":
            role = T.one_line(node)
            continue
        elif node.tag == "br":
            continue
        else:
            chunk = T.one_line(node) or ""
        for piece in C.TOP_COMMA.split(T.clean(chunk) or ""):
            if piece.strip() and piece.strip() not in _HINTS:
                out.append(C.person(role, piece, scope))
    return out


def parse_card(root: etree._Element, url: str | None) -> CaseCard:
    card = CaseCard()
    if m := _GUID.search(url or ""):
        card.case_uid = m.group(1)
    h1 = _H1(root)
    if h1 and (m := _CASE_NO_H1.search(T.one_line(h1[0]) or "")):
        card.case_number = m.group(1)
    sides = None
    for row in _CARD_ROWS(root):
        left, right = _LEFT(row), _RIGHT(row)
        if not left or not right:
            continue
        label = T.one_line(left[0]) or ""
        if label.lower() == "стороны":
            sides = right[0]
            continue
        card.fields[label] = " ".join(_lines(right[0]))
    if not card.fields:
        raise ParseError(
            PageKind.CASE_CARD,
            "the div.left / div.right rows of div.card-sud",
            template=TEMPLATE,
            url=url,
        )
    C.apply_case_fields(card, card.fields)
    # The decision, not the current state, when the card has one.
    decided = card.fields.get("Решение первой инстанции") or card.fields.get("Текущее состояние")
    card.result = re.sub(r",\s*\d{2}\.\d{2}\.\d{4}$", "", decided) if decided else None
    num = card.fields.get("Номер дела ~ материала")
    if num and not card.case_number:
        card.case_number = num.split()[0]
    scope = C.scope_of(card)
    if sides is not None:
        card.parties = _sides(sides, scope)
    for table in _TABLES(root):
        heading = T.one_line(_PREV_H3(table)[0]) if _PREV_H3(table) else ""
        headers = [T.one_line(c) or "" for c in _HEAD(table)]
        rows = [[T.one_line(c) for c in _CELLS(tr)] for tr in _BODY_ROWS(table)]
        rows = [r for r in rows if any(r)]
        low = (heading or "").lower()
        if low.startswith("история состояний") or low.startswith("судебные заседания"):
            cols = C.map_headers(headers, C.EVENT_COLUMNS)
            for r in rows:
                ev = C.event_from_cells(cols, r)
                if ev.time is None and cols and cols[0] == "date":
                    ev.time = T.time(r[0])
                card.events.append(ev)
        elif low.startswith("история местонахождения"):  # where the file is: kept as shown
            C.keep_tab(card, heading or "", headers, rows, unknown=False)
        elif low.startswith("документы"):
            for tr in _BODY_ROWS(table):
                cells = _CELLS(tr)
                if len(cells) < 2:
                    continue
                links = [h for h in tr.xpath(".//a/@href") if h and h != "#"]
                card.acts.append(
                    ActLink(
                        url=C.absolute(links[0], url) if links else None,
                        kind=_safe_kind(T.one_line(cells[1])),
                        date=T.date(T.one_line(cells[0])),
                    )
                )
        if heading:
            card.tabs.append(heading)
    titles = [T.one_line(li) for li in _TAB_TITLES(root)]
    if titles and all(titles):
        card.tabs = [t for t in titles if t]  # the tabs themselves, not the headings in them
    court = _COURT_NAME(root) or _BREADCRUMB_COURT(root)
    card.court = T.one_line(court[0]) if court else None
    return card


def parse_listing(root: etree._Element, url: str | None) -> Listing:
    table = _RESULTS(root)[0]
    headers = [T.one_line(c) or "" for c in _HEAD(table)]
    listing = Listing()
    for tr in _LINKED(root):
        cells = dict(zip(headers, _CELLS(tr), strict=False))
        row = ListingRow()
        href = tr.get("data-href")
        row.card_url = C.absolute(href, url or "https://mos-gorsud.ru/")
        if m := _GUID.search(href or ""):
            row.case_uid = m.group(1)
        num = cells.get("№ дела")
        if num is not None:
            a = num.xpath(".//a")
            row.case_number = T.one_line(a[0]) if a else T.one_line(num)
        scope = row.case_number
        sides = cells.get("Стороны")
        if sides is not None:
            full = sides.xpath(".//*[@data-full-text]/@data-full-text")
            holder = html.fragment_fromstring(full[0], create_parent="div") if full else sides
            for right in holder.xpath(".//div[contains(@class,'right')]") or [holder]:
                row.parties.extend(_sides(right, scope))
        row.category = " ".join(_lines(cells.get("Категория дела"))) or None
        row.judge = T.one_line(cells.get("Судья"))
        state = " ".join(_lines(cells.get("Текущее состояние"))) or None
        first = " ".join(_lines(cells.get("Решение первой инстанции"))) or None
        appeal = " ".join(_lines(cells.get("Решение апелляционной инстанции"))) or None
        if first:
            row.decision_date = T.date(first)
            row.result = re.sub(r",\s*\d{2}\.\d{2}\.\d{4}$", "", first)
        row.info = [
            f"{k}: {v}"
            for k, v in (("Текущее состояние", state), ("Решение апелляционной инстанции", appeal))
            if v
        ]
        listing.rows.append(row)
    if not listing.rows:
        raise ParseError(
            PageKind.LISTING, "result rows (tr.linked-row)", template=TEMPLATE, url=url
        )
    return listing


# --- URLs -----------------------------------------------------------------------------


def article_query(article: str, part: str | int | None = None, point: str | None = None) -> str:
    """`337+%D1%87.5`; a point adds `%2C+%D0%BF.+<letter>` (TOCHNO, UTF-8)."""
    out = quote_plus(str(article) + (f" ч.{part}" if part is not None else ""))
    if point:
        out += "%2C+" + quote_plus(f"п. {point}")
    return out


def search_url(
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
    P.positive("page", page)
    pairs = [
        ("formType", "fullForm"),
        ("courtAlias", court_alias),
        ("instance", str(instance)),
        ("processType", "6"),
        ("codex", article_query(article, part, point) if article else ""),
        ("caseDateFrom", P.site_date(received_from)),
        ("caseDateTo", P.site_date(received_to)),
        ("caseFinalDateFrom", P.site_date(decided_from)),
        ("caseFinalDateTo", P.site_date(decided_to)),
        ("docsDateFrom", P.site_date(published_from)),
        ("docsDateTo", P.site_date(published_to)),
        ("page", str(page)),
    ]
    return f"https://mos-gorsud.ru/search?{P.query_string(pairs)}"
