"""Module content in the VNKOD sud_delo template (table.law-case-table, ul#case_bookmarks).

Structure after the saved VNKOD pages: the Samara listing (div.lawcase-count, div#resultTable,
td.lawcase-number-td a.open-lawcase, a.doc → `_doc=1`, mobile copy in div#resultMob) and the
Ulyanovsk/Blagoveshchensk cards (div.case-num, li#tab_id_X ↔ div#tab_content_X, every table
twice: desktop `table.none-mobile` and mobile `div.block-mobile`).
"""

from __future__ import annotations

import math
from datetime import date
from urllib.parse import urlencode

from refusenik.simulate import punishments as pun
from refusenik.simulate import render_common as rc
from refusenik.simulate.records import Case, Event
from refusenik.simulate.search import Params
from refusenik.simulate.templating import template
from refusenik.simulate.texts import act_html

_PAGING_DROP = {"name", "name_op", "_page"}
ACTIVE = ' class="active"'


def _page_href(base: str, params: Params, page: int) -> str:
    rest = [(k, v) for k, v in params.pairs if k.lower() not in _PAGING_DROP]
    tail = urlencode(rest, encoding="cp1251", errors="xmlcharrefreplace")
    return rc.e(f"{base}/modules.php?name_op=r&name=sud_delo&_page={page}&{tail}")


def paging(base: str, params: Params, page: int, pages: int) -> str:
    """A window of page links around the current page, plus the first and the last page."""
    if pages <= 1:
        return ""
    shown = sorted({1, pages, *range(max(1, page - 5), min(pages, page + 5) + 1)})
    items = []
    for n in shown:
        if n == page:
            items.append(f'<li class="active"><span class="current">{n}</span></li>')
        else:
            items.append(
                f'<li><a href="{_page_href(base, params, n)}" class="page-link">{n}</a></li>'
            )
    if page < pages:
        items.append(
            f'<li><a href="{_page_href(base, params, page + 1)}" class="page-link next">»</a></li>'
        )
    return f'<ul class="pagination" data-pages="{pages}">{"".join(items)}</ul>'


def _info(case: Case, today: date, labelled: bool = False) -> str:
    """«ФИО - ст.… УК РФ» lines as classic, or the labelled lines of the real VNKOD listing:
    «КАТЕГОРИЯ: Гл. 33 УК РФ -> …» then one «ЛИЦА: ФИО - ст.… УК РФ» per defendant."""
    lines = rc.info_cell(case, today).split("<br />")
    if not labelled:
        return "<br>".join(lines)
    category = f"КАТЕГОРИЯ: {rc.e(uk_chapter(case.defendants[0].charges[0].article))}"
    return "<br>".join([category, *(f"ЛИЦА: {line}" for line in lines)])


_CHAPTERS = (  # (first article, last article, chapter of the Criminal Code)
    (105, 125, "Гл. 16 УК РФ -> Преступления против жизни и здоровья"),
    (158, 168, "Гл. 21 УК РФ -> Преступления против собственности"),
    (
        228,
        245,
        "Гл. 25 УК РФ -> Преступления против здоровья населения и общественной нравственности",
    ),
    (
        263,
        271,
        "Гл. 27 УК РФ -> Преступления против безопасности движения и эксплуатации транспорта",
    ),
    (
        285,
        293,
        "Гл. 30 УК РФ -> Преступления против государственной власти, интересов государственной службы и службы в органах местного самоуправления",
    ),
    (317, 330, "Гл. 32 УК РФ -> Преступления против порядка управления"),
    (331, 352, "Гл. 33 УК РФ -> Преступления против военной службы"),
)


def uk_chapter(article: str) -> str:
    """The category a VNKOD listing prints for a criminal case: the chapter of its article."""
    number = int(article.split(".", 1)[0])
    for first, last, name in _CHAPTERS:
        if first <= number <= last:
            return name
    return "Иные преступления"


def listing(
    cases: list[Case],
    total: int,
    page: int,
    page_size: int,
    reachable: int,
    params: Params,
    today: date,
    base: str,
    labelled: bool = False,
) -> str:
    pages = max(1, math.ceil(reachable / page_size))
    first = (page - 1) * page_size + 1
    row_t, mob_t = template("vnkod_listing_row"), template("vnkod_mobile_row")
    rows, mobile = [], []
    for case in cases:
        decided = case.decided(today)
        act = ""
        if case.act_visible(today):
            act = (
                f'\t\t\t\t\t\t\t\t\t\t\t\t\t\t<a href="{rc.e(rc.vnkod_card_url(case, base, doc=True))}" '
                f'class="doc" title="{case.act_type}"><img src="/modules/sud_delo/images/doc.png"></a>'
            )
        validity = (
            case.validity_date
            if decided and case.validity_date and case.validity_date <= today
            else None
        )
        values = dict(
            card_url=rc.e(rc.vnkod_card_url(case, base)),
            number=rc.e(case.number),
            received=rc.dmy(case.received),
            info=_info(case, today, labelled),
            judge=rc.e(case.judge.short),
            decided=rc.dmy(case.decision_date) if decided else "",
            result=pun.case_result(case.outcome) if decided else "",
            validity=rc.dmy(validity),
            act=act,
        )
        rows.append(row_t.render(**values))
        mobile.append(mob_t.render(**values))
    return template("vnkod_listing").render(
        paging=paging(base, params, page, pages),
        total=total,
        first=first,
        last=first + len(cases) - 1,
        rows="".join(rows),
        mobile="".join(mobile),
    )


def empty() -> str:
    return template("vnkod_empty").render()


def captcha_error(base: str, srv: int, message: str = rc.CAPTCHA_WRONG) -> str:
    return template("vnkod_captcha_error").render(base=base, srv_num=srv, message=message)


def _mobile(pairs: list[list[tuple[str, str]]]) -> str:
    out = []
    for row in pairs:
        cells = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in row)
        out.append(
            f'<div class="mobile-lawcase-item block-mobile"><table class="law-case-table"><tbody>{cells}</tbody></table></div>'
        )
    return "".join(out)


_HELP = (
    '&nbsp;<span class="tooltipShow"><img src="/images/help.gif"><span>Информация о размещении '
    "событий в движении дела предоставляется на основе сведений, хранящихся в учетной системе "
    "судебного делопроизводства</span></span>"
)
# The three real column layouts of ДВИЖЕНИЕ ДЕЛА: table class, (header, event field) columns.
EVENT_LAYOUTS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "blag": (
        "law-case-table list none-mobile",
        (
            ("Наименование события", "name"),
            ("Дата", "date"),
            ("Время слушания", "time"),
            ("Место проведения", "place"),
            ("Результат события", "result"),
            ("Основание для выбранного результата события", "basis"),
            ("Примечание", "note"),
            ("Дата размещения" + _HELP, "posted"),
        ),
    ),
    "uln": (
        "law-case-table non-list none-mobile",
        (
            ("Наименование события", "name"),
            ("Результат события", "result"),
            ("Основания для выбранного результата события", "basis"),
            ("Дата события", "date"),
            ("Время события", "time"),
            ("Дата размещения", "posted"),
        ),
    ),
    "sam": (
        "law-case-table non-list none-mobile",
        (
            ("Дата события", "date"),
            ("Время события", "time"),
            ("Зал судебного заседания", "place"),
            ("Наименование события", "name"),
            ("Результат события", "result"),
            ("Дата размещения", "posted"),
        ),
    ),
}
_CENTRED = {"date", "time", "place", "posted"}


def _event_row(ev: Event, columns: tuple[tuple[str, str], ...]) -> str:
    values = {
        "name": " " + rc.e(ev.name),
        "date": rc.dmy(ev.date),
        "time": ev.time,
        "place": rc.e(ev.place),
        "result": rc.e(ev.result),
        "basis": rc.e(ev.basis),
        "note": "",
        "posted": rc.dmy(ev.posted),
    }
    return (
        "<tr>"
        + "".join(
            f'<td class="{"vert-align text-center" if f in _CENTRED else "vert-align "}">'
            f"{values[f]}</td>"
            for _, f in columns
        )
        + "</tr>"
    )


def event_table(events: list[Event], layout: str) -> str:
    """The desktop ДВИЖЕНИЕ ДЕЛА table in one of the real layouts."""
    cls, columns = EVENT_LAYOUTS[layout]
    head = "".join(f'<td class="vert-align">{h}</td>' for h, _ in columns)
    rows = "".join(_event_row(ev, columns) for ev in events)
    return (
        f'<table class="{cls}"><thead class="vert-align"><tr class="text-center">{head}</tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def card(case: Case, today: date, base: str, doc: bool = False, layout: str = "blag") -> str:
    """A case card as of `today` in one of the real layouts; with doc=True the act tab is
    the open one."""
    decided = case.decided(today)
    hidden = case.hidden(today)
    info = [
        (
            "Уникальный идентификатор дела",
            f'<a class="dashed" href="{rc.e(rc.vnkod_uid_url(case, base))}">{case.uid}</a>',
        ),
        ("Дата поступления", rc.dmy(case.received)),
        ("Судья", rc.e(case.judge.short)),
    ]
    if decided:
        info.append(("Дата рассмотрения", rc.dmy(case.decision_date)))
        info.append(("Результат рассмотрения", pun.case_result(case.outcome)))
        if case.validity_date and case.validity_date <= today:
            info.append(("Дата вступления в законную силу", rc.dmy(case.validity_date)))
    info.append(
        (
            "Признак рассмотрения дела",
            "Рассмотрено единолично судьей" if decided else "Рассматривается единолично судьей",
        )
    )
    case_rows = "".join(
        f"\n\t\t\t\t\t\t<tr>\n\t\t\t\t\t\t\t<td><b>{k}</b></td>\n\t\t\t\t\t\t\t<td>{v}</td>\n\t\t\t\t\t\t</tr>"
        for k, v in info
    )
    events = case.events_at(today)
    event_mobile = "".join(
        f'<div class="mobile-lawcase-item block-mobile"><h2>{rc.dmy(ev.date)} {ev.time}</h2><ul><li><b> {rc.e(ev.name)}</b></li>'
        + (f"Результат:<li><b> {rc.e(ev.result)}</b></li>" if ev.result else "")
        + (f"Основание:<li><b>{rc.e(ev.basis)}</b></li>" if ev.basis else "")
        + "</ul></div>"
        for ev in events
    )
    persons = [
        (
            rc.HIDDEN if hidden else rc.e(d.person.full),
            rc.e(d.articles),
            rc.dmy(case.decision_date) if decided else "",
            pun.person_result(d.outcome) if decided else "",
        )
        for d in case.defendants
    ]
    person_rows = "".join(
        "<tr>" + "".join(f'<td class="vert-align">{v}</td>' for v in p) + "</tr>" for p in persons
    )
    heads = (
        "Фамилия / наименование",
        "Перечень статей",
        "Дата рассмотрения дела в отношении лица",
        "Результат в отношении лица",
    )
    person_mobile = _mobile([list(zip(heads, p, strict=True)) for p in persons])
    show_act = case.act_visible(today)
    doc = doc and show_act
    active = "Document1" if doc else "Case"
    tabs = [("Case", "Дело"), ("EventList", "Движение дела"), ("PersonList", "Лица")]
    if show_act:
        tabs.append(("Document1", f"Судебный акт #1 ({case.act_type})"))
    tab_html = "".join(
        f'\t\t\t<li id="tab_id_{key}"{ACTIVE if key == active else ""}>{label}</li>'
        for key, label in tabs
    )
    acts = ""
    if show_act:
        style = "" if doc else ' style="display: none;"'
        acts = f'\t\t\t\t<div class="lawcase-tab-content" id="tab_content_Document1"{style}><title></title>{act_html(case)}</div>'
    return template("vnkod_card").render(
        number=rc.e(case.number),
        tabs=tab_html,
        case_style=' style="display: none;"' if doc else "",
        case_rows=case_rows,
        event_table=event_table(events, layout),
        person_class=EVENT_LAYOUTS[layout][0],
        event_mobile=event_mobile,
        person_rows=person_rows,
        person_mobile=person_mobile,
        acts=acts,
    )


def form(code: str, srv: int, base: str, captcha: str = "") -> str:
    return template("vnkod_form").render(code=code, srv_num=srv, base=base, captcha=captcha)
