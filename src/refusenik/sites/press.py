"""The press service of a sudrf court site (`modules.php?name=press_dep`): the news list,
its month archives, and each item in full.

The press section belongs to the court's main site engine, which classic and VNKOD
courts share, so both template modules hand these pages here. The structure read is that
of real court pages (tests/fixtures/pages/regional__2zovs--msk__press_*, saved from the
2-й Западный окружной военный суд, and regional__yovs--ros__press_list__news, from the
Южный окружной военный суд):

- the news list (`name=press_dep`, `op=1`): `div#divNewsList`, a table whose rows hold the
  date (dd.mm.yyyy) and a link to the item (`op=1&did=N`), newest first; it shows the
  latest items only and has no pager. Older items are reached through the archive selector
  under it (`table#tableArchiveSelector`: a link per year and per month that has news,
  `op=12&arc_list=YYYY` and `op=12&arc_list=YYYY-MM`, newest first);
- a month archive (`op=12&arc_list=YYYY-MM`): the same rows in `div#divArchiveList`
  (`table#tblArchiveList`) and the same selector;
- an item (`op=1&did=N`): `div#divModuleSubTitle` «Новость от dd.mm.yyyy», the title in
  `td#tdNewsDetailedTitle`, the text in `td.printVersionBody` (its first paragraph repeats
  the title), and `div.publishInfo` «опубликовано dd.mm.yyyy hh:mm (МСК)».

Headlines often name the defendant («Состоялось оглашение приговора … в отношении
Калганова Е.Г.», tests/fixtures/pages/regional__yovs--ros__press_list__news): they leave
the parse with names pseudonymised or masked (aggressively: a general's surname with no
initials, a hyphenated patronymic). An item's text is kept as printed, like an
act's, for the extract stage only, which stores pseudonyms.

So that the list is read once, newest first, as pages joined by `next_url`: the news list
gives the items newer than the month of its oldest item and, as its next page, that month's
archive; a month archive gives all its items and, as its next page, the next older month in
the selector. A page of another layout fails loudly (`ParseError`), never as an empty list.

Not seen on a saved page yet, so read by assumption: a year archive (`arc_list=YYYY`, read
like a month's; nothing asks for one), a month archive long enough to be paged, and a
garrison court's press pages (the okrug courts above share their site engine).
"""

from __future__ import annotations

import re

from lxml import etree

from refusenik.privacy import mask_names, safe_text
from refusenik.sites import common as C
from refusenik.sites import text as T
from refusenik.sites.base import PageKind, ParseError, PressItem, PressList, PressRelease, Record

MODULE = "press_dep"

_ROWS = etree.XPath(
    "//div[@id='divNewsList']//tr | //div[@id='divArchiveList']//tr"
    " | //table[@id='tblArchiveList']//tr"
)
_LIST = etree.XPath(
    "//div[@id='divNewsList'] | //div[@id='divArchiveList'] | //table[@id='tblArchiveList']"
)
_ARCHIVE_LINKS = etree.XPath("//table[@id='tableArchiveSelector']//a[@href]")
_DETAILED = etree.XPath("//td[@id='tdNewsDetailedTitle'] | //div[@id='divNewsDetailed']")
_TITLE = etree.XPath("//td[@id='tdNewsDetailedTitle']")
_BODY = etree.XPath("//td[contains(concat(' ', @class, ' '), ' printVersionBody ')]")
_SUBTITLE = etree.XPath("//div[@id='divModuleSubTitle']")
_PUBLISHED = etree.XPath("//div[contains(concat(' ', @class, ' '), ' publishInfo ')]")
_TDS = etree.XPath("./td")
_A_HREF = etree.XPath(".//a[@href]")
_PARAGRAPHS = etree.XPath(".//p")
_DATE_TEXT = re.compile(r"\d{2}\.\d{2}\.\d{4}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")


def is_press_url(url: str | None) -> bool:
    """A page of a court's press section."""
    return T.query(url).get("name") == MODULE


def classify(root: etree._Element, url: str | None) -> PageKind | None:
    """PRESS_LIST or PRESS_RELEASE for a press page, None for any other page."""
    if not is_press_url(url):
        return None
    if _DETAILED(root):
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


def _headline(el: etree._Element | None) -> str | None:
    """A headline with the names it may hold («… в отношении Калганова Е.Г.») replaced:
    pseudonyms, then ‹ФИО› for any word that may be a name (the aggressive mask: a
    headline is shown to people only, so privacy wins every tie, «Указ ‹ФИО›» included).
    The extract stage reads the item's text instead."""
    value = T.one_line(el)
    return mask_names(safe_text(value)) if value else value


def _date(el: etree._Element | None) -> str | None:
    m = _DATE_TEXT.search(T.one_line(el) or "") if el is not None else None
    return m.group(0) if m else None


def page_of(url: str | None) -> int:
    raw = T.query(url).get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _month(date: str | None) -> str | None:
    """dd.mm.yyyy → yyyy-mm, the form of the archive's `arc_list`."""
    return f"{date[6:10]}-{date[3:5]}" if date else None


def _archives(root: etree._Element, url: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The selector's month and year archives: {`arc_list` value: absolute URL}."""
    months: dict[str, str] = {}
    years: dict[str, str] = {}
    for link in _ARCHIVE_LINKS(root):
        href = C.absolute(link.get("href"), url)
        value = T.query(href).get("arc_list", "")
        if href and _MONTH.fullmatch(value):
            months.setdefault(value, href)
        elif href and _YEAR.fullmatch(value):
            years.setdefault(value, href)
    return months, years


def _older(archives: dict[str, str], than: str) -> str | None:
    """The newest archive older than `than` (the values sort as dates do)."""
    older = [v for v in archives if v < than]
    return archives[max(older)] if older else None


def parse_list(root: etree._Element, url: str | None) -> PressList:
    """The items of the news list or of one archive, and the archive to read next (an
    empty section is a list with no items)."""
    out = PressList(page=page_of(url))
    for row in _ROWS(root):
        cells = _TDS(row)
        links = _A_HREF(row)
        if not links or "did=" not in (links[0].get("href") or ""):
            continue
        out.items.append(
            PressItem(
                url=C.absolute(links[0].get("href"), url),
                date=next((d for d in map(_date, cells) if d), None) or _date(row),
                title=_headline(links[0]),
            )
        )
    months, years = _archives(root, url)
    current = T.query(url).get("arc_list", "")
    if _MONTH.fullmatch(current):
        out.next_url = _older(months, current)
    elif _YEAR.fullmatch(current):
        out.next_url = _older(years, current)
    else:
        # The news list shows only the latest items: the month of its oldest item is read
        # whole from that month's archive, so its items here are left to it.
        oldest = _month(out.items[-1].date) if out.items else None
        if oldest is not None and oldest in months:
            out.items = [i for i in out.items if _month(i.date) != oldest]
            out.next_url = months[oldest]
    return out


def _body_text(body: etree._Element) -> str:
    """One line per paragraph: the court's text editor breaks lines inside a paragraph,
    which would otherwise cut a sentence (and a punishment) in two."""
    paragraphs = [" ".join(p.xpath("string(.)").split()) for p in _PARAGRAPHS(body)]
    lines = [p for p in paragraphs if p]
    return "\n".join(lines) if lines else T.act_text(body)


def parse_release(root: etree._Element, url: str | None) -> PressRelease:
    bodies = _BODY(root)
    text = _body_text(bodies[0]) if bodies else ""
    if not text.strip():
        raise ParseError(PageKind.PRESS_RELEASE, "the item's text in td.printVersionBody", url=url)
    titles = _TITLE(root)
    printed = T.one_line(titles[0]) if titles else None
    first, _, rest = text.partition("\n")
    if printed and first == printed and rest:
        text = rest  # the text opens with the title again
    subtitles, published = _SUBTITLE(root), _PUBLISHED(root)
    date = next((d for d in map(_date, subtitles) if d), None)
    return PressRelease(
        date=date or (_date(published[0]) if published else None),
        title=_headline(titles[0]) if titles else None,
        text=text,
    )
