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
from refusenik.simulate.records import Case
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


def _info(case: Case, today: date) -> str:
    """Same «ФИО - ст.… УК РФ» lines as classic (no saved criminal VNKOD listing exists)."""
    return rc.info_cell(case, today).replace("<br />", "<br>")


def listing(
    cases: list[Case],
    total: int,
    page: int,
    page_size: int,
    reachable: int,
    params: Params,
    today: date,
    base: str,
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
            info=_info(case, today),
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


def card(case: Case, today: date, base: str, doc: bool = False) -> str:
    """A case card as of `today`; with doc=True the act tab is the open one."""
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
    event_rows = "".join(
        f'<tr><td class="vert-align "> {rc.e(ev.name)}</td><td class="vert-align text-center">{rc.dmy(ev.date)}</td>'
        f'<td class="vert-align text-center">{ev.time}</td><td class="vert-align text-center">{rc.e(ev.place)}</td>'
        f'<td class="vert-align ">{rc.e(ev.result)}</td><td class="vert-align ">{rc.e(ev.basis)}</td>'
        f'<td class="vert-align "></td><td class="vert-align text-center">{rc.dmy(ev.posted)}</td></tr>'
        for ev in events
    )
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
        event_rows=event_rows,
        event_mobile=event_mobile,
        person_rows=person_rows,
        person_mobile=person_mobile,
        acts=acts,
    )


def form(code: str, srv: int, base: str, captcha: str = "") -> str:
    return template("vnkod_form").render(code=code, srv_num=srv, base=base, captcha=captcha)
