"""Magistrates' sites (*.msudrf.ru): their own skin of the sud_delo module.

Card (`op=cs`): `h2` «ДЕЛО № …», `ul#tabs` labels ↔ `div.tab-content` blocks with
`table.tablcont`; the parties table is transposed (one column per party). A captcha
interstitial (`form#kcaptchaForm`, `/captcha.php`) may come instead of any page.
"""

from __future__ import annotations

from lxml import etree

from refusenik.sites import common as C
from refusenik.sites import text as T
from refusenik.sites.base import CaseCard, PageKind, ParseError, Party, Record, SearchForm, Template

TEMPLATE = Template.MSUDRF
HOSTS: tuple[str, ...] = ("msudrf.ru",)
MARKERS: tuple[bytes, ...] = (b"msudrf.ru", b"kcaptchaForm")
BODY_REGION: tuple[bytes, bytes] | None = None

_CAPTCHA = etree.XPath("//form[@id='kcaptchaForm']")
_H2 = etree.XPath(
    "//div[contains(@class,'lawcase-content')]//h2[starts-with(normalize-space(.), 'ДЕЛО')]"
)
_TABS = etree.XPath("//ul[@id='tabs']/li")
_BLOCKS = etree.XPath("//div[@id='contentt']/div[contains(@class,'tab-content')]")
_TABLE = etree.XPath(".//table[contains(@class,'tablcont')][1]")
_ROWS = etree.XPath("./tr | ./tbody/tr")
_CELLS = etree.XPath("./td")
_COURT = etree.XPath("//*[@id='court_name']")


def classify(root: etree._Element, body: bytes, url: str | None) -> PageKind:
    if _CAPTCHA(root):
        return PageKind.CAPTCHA_FORM
    if _H2(root) and _BLOCKS(root):
        return PageKind.CASE_CARD
    return PageKind.UNKNOWN


def expected_kind(url: str | None) -> PageKind | None:
    return PageKind.CASE_CARD if T.query(url).get("op") == "cs" else None


def parse(root: etree._Element, kind: PageKind, url: str | None) -> list[Record]:
    if kind is PageKind.CASE_CARD:
        return [parse_card(root, url)]
    if kind is PageKind.CAPTCHA_FORM:
        return [parse_captcha(root)]
    return []


_CAPTCHA_IMAGE = etree.XPath(".//img[contains(@src,'captcha')]/@src")


def parse_captcha(root: etree._Element) -> SearchForm:
    """The interstitial that may stand in for any page: its picture and its answer field, so
    a crawler can tell a captcha it must answer (or park the court) from a changed page."""
    form = _CAPTCHA(root)[0]
    images = _CAPTCHA_IMAGE(form)
    return SearchForm(
        captcha=True, captcha_image=str(images[0]) if images else None, fields=C.form_fields(form)
    )


def _data_rows(table: etree._Element) -> list[list[etree._Element]]:
    rows = []
    for tr in _ROWS(table):
        cells = _CELLS(tr)
        if not cells or (len(cells) == 1 and cells[0].xpath(".//h2")):
            continue
        rows.append(cells)
    return rows


def parse_card(root: etree._Element, url: str | None) -> CaseCard:
    card = CaseCard(case_number=C.case_number(_H2(root)[0]))
    q = T.query(url)
    card.case_id = q.get("case_id")
    court = _COURT(root)
    card.court = T.one_line(court[0]) if court else None
    card.tabs = [T.one_line(li) or "" for li in _TABS(root)]
    blocks = _BLOCKS(root)
    if len(blocks) < len(card.tabs):
        raise ParseError(
            PageKind.CASE_CARD,
            f"{len(card.tabs)} tab blocks (found {len(blocks)})",
            template=TEMPLATE,
            url=url,
        )
    for label, block in zip(card.tabs, blocks, strict=False):
        tables = _TABLE(block)
        if not tables:
            continue
        rows = _data_rows(tables[0])
        up = label.upper()
        if up == "ДЕЛО":
            for cells in rows:
                if len(cells) == 2 and cells[0].xpath("./b"):
                    card.fields[T.one_line(cells[0]) or ""] = T.text(cells[1]) or ""
            C.apply_case_fields(card, card.fields)
        elif up.startswith("ДВИЖЕНИЕ"):
            headers = [T.one_line(c) or "" for c in rows[0]] if rows else []
            cols = C.map_headers(headers, C.EVENT_COLUMNS)
            card.events = [C.event_from_cells(cols, [T.one_line(c) for c in r]) for r in rows[1:]]
        elif up.startswith("СТОРОНЫ"):
            card.parties = _transposed_parties(rows, C.scope_of(card))
    if not card.fields:
        raise ParseError(
            PageKind.CASE_CARD, "the ДЕЛО tab's label/value rows", template=TEMPLATE, url=url
        )
    return card


def _transposed_parties(rows: list[list[etree._Element]], scope: str | None) -> list[Party]:
    by_label = {T.one_line(r[0]) or "": [T.one_line(c) for c in r[1:]] for r in rows if r}
    roles = next((v for k, v in by_label.items() if k.lower().startswith("вид лица")), [])
    names = next((v for k, v in by_label.items() if k.lower().startswith("лицо")), [])
    return [C.person(role, name, scope) for role, name in zip(roles, names, strict=False)]
