"""The press service of a sudrf court site (`modules.php?name=press_dep`): the news list,
paged and newest first, and each item in full.

The press section belongs to the court's main site engine, which classic and VNKOD
courts share, so both template modules hand these pages here. The structure read is the
one the simulator serves (`div.news-list` of `div.news-item`: a `span.news-date` and a
link to `op=1&did=N`; a `div.news-pager` of page links; an item in `div.news-item-full`
with `div.news-date`, `h3.news-title` and `div.news-text`). No real press page is among
the saved pages yet: a real layout that differs fails loudly (`ParseError`), never as an
empty list.
"""

from __future__ import annotations

import re

from lxml import etree

from refusenik.sites import common as C
from refusenik.sites import text as T
from refusenik.sites.base import PageKind, ParseError, PressItem, PressList, PressRelease, Record

MODULE = "press_dep"

_LIST = etree.XPath("//div[contains(concat(' ', @class, ' '), ' news-list ')]")
_ITEMS = etree.XPath(".//div[contains(concat(' ', @class, ' '), ' news-item ')]")
_FULL = etree.XPath("//div[contains(concat(' ', @class, ' '), ' news-item-full ')]")
_DATE = etree.XPath(".//*[contains(concat(' ', @class, ' '), ' news-date ')]")
_TITLE = etree.XPath(".//*[contains(concat(' ', @class, ' '), ' news-title ')]")
_TEXT = etree.XPath(".//div[contains(concat(' ', @class, ' '), ' news-text ')]")
_PAGER_LINKS = etree.XPath("//div[contains(concat(' ', @class, ' '), ' news-pager ')]//a[@href]")
_A_HREF = etree.XPath(".//a[@href]")
_DATE_TEXT = re.compile(r"\d{2}\.\d{2}\.\d{4}")


def is_press_url(url: str | None) -> bool:
    """A page of a court's press section."""
    return T.query(url).get("name") == MODULE


def classify(root: etree._Element, url: str | None) -> PageKind | None:
    """PRESS_LIST or PRESS_RELEASE for a press page, None for any other page."""
    if not is_press_url(url):
        return None
    if _FULL(root):
        return PageKind.PRESS_RELEASE
    if _LIST(root):
        return PageKind.PRESS_LIST
    return None


def parse(root: etree._Element, kind: PageKind, url: str | None) -> list[Record]:
    if kind is PageKind.PRESS_LIST:
        return [parse_list(root, url)]
    if kind is PageKind.PRESS_RELEASE:
        return [parse_release(root, url)]
    return []


def _date(el: etree._Element | None) -> str | None:
    m = _DATE_TEXT.search(T.one_line(el) or "") if el is not None else None
    return m.group(0) if m else None


def page_of(url: str | None) -> int:
    raw = T.query(url).get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def parse_list(root: etree._Element, url: str | None) -> PressList:
    """The items of one list page (an empty section is a list with no items)."""
    page = page_of(url)
    out = PressList(page=page)
    for item in _ITEMS(_LIST(root)[0]):
        links = _A_HREF(item)
        if not links:
            continue
        dates = _DATE(item)
        out.items.append(
            PressItem(
                url=C.absolute(links[0].get("href"), url),
                date=_date(dates[0] if dates else item),
                title=T.one_line(links[0]),
            )
        )
    for link in _PAGER_LINKS(root):
        href = C.absolute(link.get("href"), url)
        if page_of(href) == page + 1:
            out.next_url = href
            break
    return out


def parse_release(root: etree._Element, url: str | None) -> PressRelease:
    full = _FULL(root)[0]
    texts = _TEXT(full)
    text = T.act_text(texts[0]) if texts else ""
    if not text.strip():
        raise ParseError(PageKind.PRESS_RELEASE, "the item's text in div.news-text", url=url)
    dates, titles = _DATE(full), _TITLE(full)
    return PressRelease(
        date=_date(dates[0]) if dates else None,
        title=T.one_line(titles[0]) if titles else None,
        text=text,
    )
