"""The press service of a simulated court site in the structure of the real pages
(tests/fixtures/pages/regional__2zovs--msk__press_*, a real court's press list and item):
the news list of the latest items with no pager, month archives reached through the
archive selector, and each item in full.

Only the press module's own markup follows the real pages (ids, classes, the rows and the
selector); what a real court does that the saved pages do not show is chosen here and said
so: a year archive lists the items of that year, and an unknown item says it is not found.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from refusenik.simulate import render_common as rc
from refusenik.simulate.records import PressRelease
from refusenik.simulate.templating import template

LIST_SIZE = 30  # rows on the news list (the real list shows 30)

_MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def month(d: date) -> str:
    """The `arc_list` value of the item's month archive: yyyy-mm."""
    return f"{d.year:04d}-{d.month:02d}"


def _menu(base: str) -> str:
    return (
        f"<div id='divPressDepMenu'><a id='aPressDepCase1' class='mItemSel' "
        f"href='{base}/modules.php?name=press_dep&amp;op=1'>Новости</a> "
        f"<a id='aPressDepCase7' class='mItem' href='{base}/modules.php?name=press_dep&amp;op=7'>"
        "Контактная информация</a> </div>\n"
    )


def _subtitle(text: str) -> str:
    return f"\t\t<div id='divModuleSubTitle' class='moduleSubTitle'>{text}</div>\n"


def _rows(items: Sequence[PressRelease], base: str) -> str:
    return "".join(
        template("press_row").render(
            date=rc.dmy(p.date),
            url=f"{base}/modules.php?name=press_dep&amp;op=1&amp;did={p.id}",
            title=rc.e(p.title),
        )
        for p in items
    )


def _selector(items: Sequence[PressRelease], base: str, current: str | None) -> str:
    """Years, and under each the months that have news, newest first."""
    link = f"{base}/modules.php?name=press_dep&amp;op=12&amp;arc_list="
    chosen = " style='font-weight: bold; color: #000000;'"
    years: dict[int, list[int]] = {}
    for p in items:
        months = years.setdefault(p.date.year, [])
        if p.date.month not in months:
            months.append(p.date.month)
    out = ["   \t\t\t<div id='divArchiveSelector'>\n   \t\t\t\t<table id='tableArchiveSelector'>"]
    for year in sorted(years, reverse=True):
        bold = chosen if current == str(year) else ""
        out.append(
            f"<tr>\n\t\t\t\t\t\t<td style='font-weight: bold;'><a{bold} href='{link}{year}'>"
            f"{year} год</a></td>\n\t\t\t\t\t</tr>\n\t\t\t\t\t<tr>\n\t\t\t\t\t\t<td>"
        )
        for m in sorted(years[year], reverse=True):
            value = f"{year:04d}-{m:02d}"
            bold = chosen if current == value else ""
            out.append(f"<a class='newsArchMonth'{bold} href='{link}{value}'>{_MONTHS[m - 1]}</a> ")
        out.append("</td>\n\t\t\t\t\t</tr>")
    out.append("</table></div>\n")
    return "".join(out)


def news_list(items: Sequence[PressRelease], base: str) -> str:
    """The news list: the latest LIST_SIZE items, then the archive selector."""
    return template("press_list").render(
        menu=_menu(base),
        subtitle=_subtitle(""),
        rows=_rows(items[:LIST_SIZE], base),
        selector=_selector(items, base, None),
    )


def archive(items: Sequence[PressRelease], base: str, arc_list: str) -> str:
    """One month's (or, a choice made here, one year's) items, under the selector."""
    if len(arc_list) == 7:
        year, m = int(arc_list[:4]), int(arc_list[5:])
        shown = [p for p in items if (p.date.year, p.date.month) == (year, m)]
        title = f"Архив за {_MONTHS[m - 1]} {year} года"
    else:
        shown = [p for p in items if str(p.date.year) == arc_list]
        title = f"Архив за {arc_list} год"
    return template("press_archive").render(
        menu=_menu(base),
        selector=_selector(items, base, arc_list),
        subtitle=_subtitle(title),
        rows=_rows(shown, base),
    )


def item(pr: PressRelease, base: str, published: str) -> str:
    """An item in full: its text opens with the title again, as the real pages' do."""
    title = rc.e(pr.title)
    body = f'<p align="center" style="text-align:center"><b>{title}</b></p>\n\n' + "\n\n".join(
        f'<p class="MsoNormal" style="text-align:justify">{rc.e(p)}</p>' for p in pr.paragraphs
    )
    return template("press_item").render(
        menu=_menu(base),
        subtitle=_subtitle(f"Новость от {rc.dmy(pr.date)}"),
        title=title,
        body=body,
        did=pr.id,
        published=published,
    )


def not_found(base: str) -> str:
    """An unknown item (its wording is a choice made here: no real one was saved)."""
    return _menu(base) + "<p>Материал не найден.</p>"
