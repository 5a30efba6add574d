"""vsrf.ru (Supreme Court «Электронная справочная»): search results and production cards.

Older markup: `div#vs-items` blocks (the id repeats): a title row
(`div.vs-items-separate`) then `div.vs-item-detail` rows of label (`col-md-3`) and value
(`col-md-7`), with decisions as rows of a date and a `vs-span-black` text.

Newer card markup: one `CaseStyle_case_item__<hash>` block per production (the case,
then each linked complaint or message); class names end in a hash that changes with every
build of the site, so they are matched by their stable prefix. Inside: the title row
(«Дело №» number, or «<number>. Жалоба»), `RowElement` label/value rows (key facts, the
1st-instance court with its verdict date and case number), `CaseStyle_case_personalList`
participants, events (`CaseStyle_appealEventRow_date` + value) and the final act
(`FinalActRow`: date, act link, result, «Докладчик»).

Newer search results: the same blocks, each titled by a `CaseStyle_case_link` to its card,
under `SearchPage_resultsBlock` with «Найдено: N»; or, as the site now sends them, as HTML
in the JSON of `<script id="__NEXT_DATA__">` (`props.pageProps.initialItemsData`: `content`,
`totalElements`, `last`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree, html

from refusenik.sites import common as C
from refusenik.sites import text as T
from refusenik.sites.base import (
    ActLink,
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
MARKERS: tuple[bytes, ...] = (b"vsrf.ru/lk", b"CaseStyle_case_item")
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
    if _CS_ITEMS(root) and b"SearchPage_resultsBlock" not in body:  # newer card markup
        return PageKind.CASE_CARD
    if b"SearchPage_resultsBlock" in body or _next_data_items(root) is not None:
        return PageKind.LISTING  # newer search results, as HTML or inside __NEXT_DATA__
    if b"count-label" in body:  # `parse_listing` then insists on div.count-label itself
        return PageKind.LISTING
    if title == "Электронная справочная":
        return PageKind.SEARCH_FORM
    return PageKind.UNKNOWN


def expected_kind(url: str | None) -> PageKind | None:
    return None


def parse(root: etree._Element, kind: PageKind, url: str | None) -> list[Record]:
    if kind is PageKind.LISTING:
        if not _FOUND(root):  # no older counter: the newer markup
            return [parse_casestyle_listing(root, url)]
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
    if _CS_ITEMS(root):
        return parse_casestyle_card(root, url)
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
        rep = _REPORTER(div)  # «Докладчик»: the rapporteur of the bench, as in the newer markup
        card.rapporteur = T.one_line(rep[0]) if rep else None
        card.parties = people
        card.events = events
        out.append(card)
    if not out:
        raise ParseError(
            PageKind.CASE_CARD, "production blocks (div#vs-items)", template=TEMPLATE, url=url
        )
    return out


# --- newer markup (CaseStyle_*) --------------------------------------------------------


def _cls(prefix: str) -> str:
    """XPath test for a class name that starts with `prefix` and ends in a build hash."""
    return f"contains(concat(' ', @class), ' {prefix}__')"


_CS_ITEMS = etree.XPath(f"//div[{_cls('CaseStyle_case_item')}]")
_CS_TITLE_SPANS = etree.XPath(f"./div[{_cls('CaseStyle_cardTitleRow')}]/div[1]/span")
_CS_TITLE_DATE = etree.XPath(f"./div[{_cls('CaseStyle_cardTitleRow')}]/div[2]//span")
_CS_ROWS = etree.XPath(
    f".//div[{_cls('RowElement_container')}][not(ancestor::div[{_cls('FinalActRow_container')}])]"
)
_CS_LABEL = etree.XPath(f"./div[{_cls('CaseStyle_registerDateRow_attribute')}]")
_CS_VALUE = etree.XPath(f"./div[{_cls('CaseStyle_case_value')}]")
_CS_PEOPLE = etree.XPath(f".//div[{_cls('CaseStyle_case_personalList_item')}]")
_CS_NAMES = etree.XPath(f".//div[{_cls('CaseStyle_case_personalListName')}]")
_CS_EVENT_DATES = etree.XPath(f".//div[{_cls('CaseStyle_appealEventRow_date')}]")
_CS_FINAL = etree.XPath(f".//div[{_cls('FinalActRow_container')}]")
_CS_FINAL_DATE = etree.XPath(f".//div[{_cls('FinalActRow_date')}]")
_CS_FINAL_COL = etree.XPath(f".//div[{_cls('FinalActRow_col')}]")
_CS_ACT_LINK = etree.XPath(f".//a[{_cls('CaseStyle_case_linkShowMore')}]")
_FIRST_COURT = re.compile(
    r"^(?P<court>.+?)\.\s+(?P<act>Приговор|Решение|Постановление|Определение)\s+от\s+"
    r"(?P<date>\d{2}\.\d{2}\.\d{4})"
)
_FIRST_NUMBER = re.compile(r"Номер дела 1-й инстанции:\s*(\S+)")


def _cs_title(item: etree._Element) -> tuple[str | None, str | None]:
    """(case number, production kind): «Дело №» «N» → (N, None); «N. » «Жалоба» → (N, Жалоба)."""
    parts = [T.one_line(s) or "" for s in _CS_TITLE_SPANS(item)]
    if not parts:
        return None, None
    if parts[0].startswith("Дело"):
        return (parts[1] if len(parts) > 1 else None), None
    return parts[0].rstrip(". ") or None, (" ".join(parts[1:]).strip() or None)


def _cs_first_court(value: str) -> dict[str, str]:
    """«2-й Западный окружной военный суд (г. Москва). Приговор от 12.12.2023. Судья: …
    Номер дела 1-й инстанции: 2-273/2023» → its parts."""
    out: dict[str, str] = {}
    if m := _FIRST_COURT.search(value):
        out["court"] = m.group("court").strip()
        out["act"] = m.group("act")
        out["date"] = T.date(m.group("date")) or m.group("date")
    if m := _FIRST_NUMBER.search(value):
        out["case_number"] = m.group(1)
    if m := re.search(r"Судья:\s*(.+?)(?:\n|Номер дела|$)", value):
        out["judge"] = m.group(1).strip().rstrip(".")
    return out


_CS_FIRST_INFO = etree.XPath(
    f".//div[{_cls('RowElement_container')}]"
    "[contains(., 'Суд 1-й инстанции')]//div[contains(@class,'vs-items-additional-info')]"
)
_CS_FIRST_RESULT = etree.XPath(
    f".//div[{_cls('RowElement_container')}]"
    "[contains(., 'Суд 1-й инстанции')]//div[contains(@class,'vs-items-black')]"
)
_CS_INFO = etree.XPath(f".//*[{_cls('CaseStyle_case_vs_judgement_info')}]")
_POSTED = "Дата размещения информации"


def _cs_event(value: etree._Element, date: str | None) -> Event:
    """One event: its name, then (for hearings) the result in a `judgement_info` block and
    «Дата размещения информации о времени и месте заседания <date time>»."""
    full = T.one_line(value) or ""
    result = posted = None
    for info in _CS_INFO(value):
        text = T.one_line(info)
        if info.tag == "span" and text and T.date(text):
            posted = text
        elif text and result is None:
            result = text
    name = full
    for cut in (result, _POSTED):
        if cut and cut in name:
            name = name.split(cut, 1)[0]
    return Event(
        name=name.strip() or None,
        date=date,
        result=result,
        posted_date=T.date(posted),
        time=T.time(posted) if posted else None,
    )


def _cs_card(item: etree._Element, url: str | None) -> CaseCard:
    number, kind = _cs_title(item)
    card = CaseCard(case_number=number, court="Верховный Суд Российской Федерации")
    scope = number
    for row in _CS_ROWS(item):
        label_el, value_el = _CS_LABEL(row), _CS_VALUE(row)
        if not label_el or not value_el:
            continue
        label = (T.one_line(label_el[0]) or "").rstrip(":")
        card.fields[label] = T.text(value_el[0], " ") or ""
    card.cartoteka = card.fields.get("Инстанция") or kind
    card.category = card.fields.get("Вид судопроизводства")
    card.judicial_uid = card.fields.get("Уникальный идентификатор дела")
    received = card.fields.get("Дата поступления")
    card.received_date = T.date(received[:10]) if received else None
    if first := card.fields.get("Суд 1-й инстанции"):
        card.lower_court = _cs_first_court(first)
        # the value is two blocks: the court, act and number, then the court's result
        info, result = _CS_FIRST_INFO(item), _CS_FIRST_RESULT(item)
        if info:
            card.lower_court = _cs_first_court(T.text(info[0], " ") or "")
        if result and (said := T.one_line(result[0])):
            card.lower_court["result"] = said
    for group in _CS_PEOPLE(item):
        label_el = _CS_LABEL(group)
        role = (T.one_line(label_el[0]) or "").rstrip(":") if label_el else None
        for name in _CS_NAMES(group):
            card.parties.append(C.person(role, T.one_line(name), scope))
    for date_el in _CS_EVENT_DATES(item):
        if date_el.xpath(f"ancestor::div[{_cls('FinalActRow_container')}]"):
            continue
        value = date_el.getnext()
        if value is not None:
            card.events.append(_cs_event(value, T.date(T.one_line(date_el))))
    for final in _CS_FINAL(item):
        when = _CS_FINAL_DATE(final)
        col = _CS_FINAL_COL(final)
        link = _CS_ACT_LINK(final)
        act_kind = (T.one_line(link[0]) or "").rstrip(". ") if link else None
        date = T.date(T.one_line(when[0])) if when else None
        card.acts.append(
            ActLink(
                url=C.absolute(link[0].get("href"), url or "https://vsrf.ru/") if link else None,
                kind=act_kind or None,
                date=date,
            )
        )
        if col:
            rep = _REPORTER(col[0])
            card.rapporteur = T.one_line(rep[0]) if rep else None
            text = T.one_line(col[0]) or ""
            result = text.split("Докладчик:")[0]
            if act_kind and result.startswith(act_kind):
                result = result[len(act_kind) :].lstrip(". ")
            card.result = result.strip() or None
            card.decision_date = date
    return card


def parse_casestyle_card(root: etree._Element, url: str | None) -> list[Record]:
    """Every production block of a newer-markup card: the case first, then each linked
    complaint or message as its own card (as the older markup's blocks are)."""
    out: list[Record] = [_cs_card(item, url) for item in _CS_ITEMS(root)]
    if not any(isinstance(c, CaseCard) and c.case_number for c in out):
        raise ParseError(
            PageKind.CASE_CARD,
            "a case number in a CaseStyle_case_item title row",
            template=TEMPLATE,
            url=url,
        )
    return out


# --- newer search results ---------------------------------------------------------------

_CS_LINK = etree.XPath(f".//a[{_cls('CaseStyle_case_link')}]")
_CS_KIND = etree.XPath(f".//div[{_cls('CaseStyle_case_titleItemList')}]")
_RESULTS_BLOCK = etree.XPath("//div[contains(@class,'SearchPage_resultsBlock')]")
_NEXT_DATA = etree.XPath("//script[@id='__NEXT_DATA__']")
_FOUND_NEW = re.compile(r"Найдено:\s*(\d+)", re.IGNORECASE)


def _next_data_items(root: etree._Element) -> dict[str, Any] | None:
    """`initialItemsData` of the page's __NEXT_DATA__ JSON, when it holds search results."""
    scripts = _NEXT_DATA(root)
    if not scripts:
        return None
    try:
        data = json.loads(scripts[0].text or "")
        items = data["props"]["pageProps"]["initialItemsData"]
    except (ValueError, KeyError, TypeError):
        return None
    return items if isinstance(items, dict) and isinstance(items.get("content"), str) else None


def _cs_row(item: etree._Element, url: str | None) -> ListingRow:
    """One result block as a listing row: the block is read as a card, then summarised."""
    card = _cs_card(item, url)
    link = _CS_LINK(item)
    row = ListingRow(
        case_number=(T.one_line(link[0]) if link else None) or card.case_number,
        card_url=C.absolute(link[0].get("href"), url or "https://vsrf.ru/") if link else None,
        received_date=card.received_date,
        category=card.category,
        parties=card.parties,
        lower_court=card.lower_court.get("court"),
        lower_case_number=card.lower_court.get("case_number"),
        decision_date=card.decision_date,
        result=card.result,
        acts=[a for a in card.acts if a.url],  # a final act row names no act without one
    )
    kinds = [T.one_line(k) for k in _CS_KIND(item)]
    row.info = [f"Вид: {k}" for k in kinds if k]
    if instance := card.fields.get("Инстанция"):
        row.info.append(f"Инстанция: {instance}")
    return row


def parse_casestyle_listing(root: etree._Element, url: str | None) -> Listing:
    """Search results in the newer markup, on the page or inside its __NEXT_DATA__."""
    listing = Listing()
    items = _next_data_items(root)
    if items is not None:
        block: etree._Element = html.fromstring(f"<div>{items['content']}</div>")
        total = items.get("totalElements")
        listing.total = total if isinstance(total, int) else None
    else:
        blocks = _RESULTS_BLOCK(root)
        if not blocks:
            raise ParseError(
                PageKind.LISTING, "div.SearchPage_resultsBlock", template=TEMPLATE, url=url
            )
        block = blocks[0]
        found = _FOUND_NEW.search(T.one_line(block) or "")
        listing.total = int(found.group(1)) if found else None
    listing.rows = [_cs_row(item, url) for item in _CS_ITEMS(block)]
    if listing.total and not listing.rows:
        raise ParseError(
            PageKind.LISTING,
            f"result items: «Найдено: {listing.total}» but no CaseStyle_case_item",
            template=TEMPLATE,
            url=url,
        )
    return listing
