"""vsrf.ru (Supreme Court «Электронная справочная»): search results and production cards.

Both are built from `div#vs-items` blocks (the id repeats): a title row
(`div.vs-items-separate`) then `div.vs-item-detail` rows of label (`col-md-3`) and value
(`col-md-7`), with decisions as rows of a date and a `vs-span-black` text.
"""

from __future__ import annotations

import re

from lxml import etree

from refusenik.sites import common as C
from refusenik.sites import text as T
from refusenik.sites.base import (
    CaseCard,
    Event,
    Listing,
    ListingRow,
    PageKind,
    ParseError,
    Party,
    Record,
    Template,
)

TEMPLATE = Template.VSRF
HOSTS: tuple[str, ...] = ("vsrf.ru",)
MARKERS: tuple[bytes, ...] = (b"vsrf.ru/lk",)
BODY_REGION: tuple[bytes, bytes] | None = (b'<div class="vs-body"', b'<div id="court-footer"')

_ITEMS = etree.XPath("//div[@id='vs-items']")
_FOUND = etree.XPath("//div[contains(@class,'count-label')]")
_PAGE_TITLE = etree.XPath("//title")
_DETAILS = etree.XPath(".//div[contains(@class,'vs-item-detail')]")
_NUMBER_LINK = etree.XPath(".//div[contains(@class,'vs-items-label')]/a")
_KIND = etree.XPath(".//div[contains(@class,'vs-items-title')]")
_EXTRA = etree.XPath(
    ".//div[contains(@class,'vs-items-title-extra')]"
    "//span[contains(@class,'vs-items-additional-info')]"
)
_REPORTER = etree.XPath(".//span[contains(@class,'vs-reporter-name')]")
_DATE_COL = etree.XPath("./div[contains(@class,'col-md-2')][2]")
_DECISION = etree.XPath(".//div[contains(@class,'vs-span-black')]")
_FOUND_N = re.compile(r"НАЙДЕНО:\s*(\d+)")
_PEOPLE = ("заявител", "в интересах", "ответчик", "истц", "осужд", "лиц")


def classify(root: etree._Element, body: bytes, url: str | None) -> PageKind:
    titles = _PAGE_TITLE(root)
    title = T.one_line(titles[0]) if titles else ""
    if title == "Карточка производства" and _ITEMS(root):
        return PageKind.CASE_CARD
    if b"count-label" in body:  # `parse_listing` then insists on div.count-label itself
        return PageKind.LISTING
    if title == "Электронная справочная":
        return PageKind.SEARCH_FORM
    return PageKind.UNKNOWN


def expected_kind(url: str | None) -> PageKind | None:
    return None


def parse(root: etree._Element, kind: PageKind, url: str | None) -> list[Record]:
    if kind is PageKind.LISTING:
        return [parse_listing(root, url)]
    if kind is PageKind.CASE_CARD:
        return parse_card(root, url)
    return []


def _item(
    div: etree._Element, scope_hint: str | None
) -> tuple[dict[str, str], list[Party], list[Event], dict[str, list[str]]]:
    """Label → value pairs, the people rows, the decision rows, and each value's lines."""
    fields: dict[str, str] = {}
    lines: dict[str, list[str]] = {}
    people: list[Party] = []
    events: list[Event] = []
    for row in _DETAILS(div):
        label_el, value_el = _label_value(row)
        if label_el is not None and value_el is not None:
            label = (T.one_line(label_el) or "").rstrip(":")
            value = T.text(value_el, " ") or ""
            if not label:
                continue
            if any(label.lower().startswith(p) for p in _PEOPLE):
                people.append(C.person(label, value, scope_hint))
            elif label not in fields:
                fields[label] = value
                lines[label] = T.lines(value_el)
            continue
        decision = _DECISION(row)
        date_col = _DATE_COL(row)
        if decision and date_col:
            events.append(Event(name=T.one_line(decision[0]), date=T.date(T.one_line(date_col[0]))))
    return fields, people, events, lines


def _label_value(row: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    """The first `div.col-md-3` (label) and `div.col-md-7` (value) children of a detail row
    (a look at a few children, where two XPath calls per row cost more)."""
    label = value = None
    for child in row:
        if child.tag != "div":
            continue
        cls = child.get("class") or ""
        if label is None and "col-md-3" in cls:
            label = child
        elif value is None and "col-md-7" in cls:
            value = child
    return label, value


def _number(div: etree._Element) -> tuple[str | None, str | None, str | None]:
    a = _NUMBER_LINK(div)
    if a:
        kind = _KIND(div)
        return (T.one_line(a[0]), a[0].get("href"), T.one_line(kind[0]) if kind else None)
    extra = _EXTRA(div)
    number = (T.one_line(extra[0]) or "").rstrip(".") if extra else None
    return number or None, None, None


def parse_listing(root: etree._Element, url: str | None) -> Listing:
    found = _FOUND_N.search(T.one_line(_FOUND(root)[0]) or "")
    listing = Listing(total=int(found.group(1)) if found else None)
    for div in _ITEMS(root):
        number, href, kind = _number(div)
        fields, people, events, lines = _item(div, number)
        row = ListingRow(case_number=number, card_url=C.absolute(href, url), parties=people)
        row.received_date = T.date(fields.get("Дата поступления"))
        lower = fields.get("Суд 1-ой инстанции")
        if lower:
            row.lower_court = lines["Суд 1-ой инстанции"][0].rstrip(". ")
            if m := re.search(r"Номер дела 1-ой инстанции:\s*(\S+)", lower):
                row.lower_case_number = m.group(1)
        row.category = fields.get("Предмет иска")
        row.info = [f"Вид: {kind}"] if kind else []
        if events:
            row.decision_date, row.result = events[-1].date, events[-1].name
        listing.rows.append(row)
    if listing.total is not None and listing.total and not listing.rows:
        raise ParseError(
            PageKind.LISTING,
            f"result items: «НАЙДЕНО: {listing.total}» but no div#vs-items",
            template=TEMPLATE,
            url=url,
        )
    return listing


def parse_card(root: etree._Element, url: str | None) -> list[Record]:
    out: list[Record] = []
    for div in _ITEMS(root):
        number, _, _ = _number(div)
        fields, people, events, _ = _item(div, number)
        card = CaseCard(
            case_number=number,
            cartoteka=fields.get("Инстанция"),
            court="Верховный Суд Российской Федерации",
        )
        card.fields = fields
        card.received_date = T.date(fields.get("Дата поступления"))
        card.judicial_uid = fields.get("Уникальный идентификатор дела")
        card.category = fields.get("Вид судопроизводства")
        rep = _REPORTER(div)
        card.judge = T.one_line(rep[0]) if rep else None
        card.parties = people
        card.events = events
        out.append(card)
    if not out:
        raise ParseError(
            PageKind.CASE_CARD, "production blocks (div#vs-items)", template=TEMPLATE, url=url
        )
    return out
