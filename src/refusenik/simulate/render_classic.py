"""Module content in the classic sud_delo template (table#tablcont, ul.tabs/div#contN).

Structure after the saved classic pages: the 2 KSOYu listings (counter, paging links carrying
vnkod=, eight columns, act link with TITLE), the Leninsky/Ufa criminal card (tabs ДЕЛО ·
ДВИЖЕНИЕ ДЕЛА · ЛИЦА · СТОРОНЫ · ИСПОЛНИТЕЛЬНЫЕ ЛИСТЫ · СУДЕБНЫЕ АКТЫ) and the
`name_op=doc` act page (act inside div#content after «Информация по делу»).
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

PAGE_SIZE = 25
_PAGING_DROP = {"name", "srv_num", "name_op", "page", "vnkod"}


def _paging_href(code: str, srv: int, params: Params, page: int) -> str:
    rest = [(k, v) for k, v in params.pairs if k.lower() not in _PAGING_DROP]
    head = f"name=sud_delo&srv_num={srv}&name_op=r&page={page}&vnkod={code}&srv_num={srv}&name_op=r"
    tail = urlencode(rest, encoding="cp1251", errors="xmlcharrefreplace")
    return f"./modules.php?{head}&{tail}" if tail else f"./modules.php?{head}"


def paging(code: str, srv: int, params: Params, page: int, pages: int) -> str:
    """«Страницы : 1 | 2 | 3 > >>» with the real site's link shape."""
    if pages <= 1:
        return ""
    lo, hi = max(1, page - 5), min(pages, page + 5)
    items = []
    for n in range(lo, hi + 1):
        items.append(
            f"<b>{n}</b>" if n == page else f"<a href= {_paging_href(code, srv, params, n)}>{n}</a>"
        )
    out = "Страницы : " + " | ".join(items)
    if page < pages:
        out += (
            f' <a href= {_paging_href(code, srv, params, page + 1)} title="Следующая страница">></a>'
            f"\n\t\t\t\t\t  <a href= {_paging_href(code, srv, params, pages)} "
            'title="На последнюю страницу списка">>></a>'
        )
    return out


def listing(
    cases: list[Case],
    total: int,
    page: int,
    reachable: int,
    params: Params,
    srv: int,
    today: date,
    base: str,
) -> str:
    """One listing page; `reachable` is how many of `total` rows paging can reach (the cap)."""
    code = cases[0].court.code if cases else params.get("vnkod")
    pages = max(1, math.ceil(reachable / PAGE_SIZE))
    first = (page - 1) * PAGE_SIZE + 1
    row_t = template("classic_listing_row")
    rows = []
    for case in cases:
        decided = case.decided(today)
        act = ""
        if case.act_visible(today):
            act = (
                f"<a href='{rc.classic_act_url(case, base)}' TITLE='{case.act_type}'><img "
                "src='/images/arow.gif' style='width: 15px; height: 17px; border: 0; "
                "cursor: pointer;'></a>"
            )
        validity = (
            case.validity_date
            if decided and case.validity_date and case.validity_date <= today
            else None
        )
        rows.append(
            row_t.render(
                card_url=rc.classic_card_url(case, base),
                number=rc.e(case.number),
                received=rc.dmy(case.received),
                info=rc.info_cell(case, today),
                judge=rc.e(case.judge.short),
                decided=rc.dmy(case.decision_date) if decided else "",
                result=pun.case_result(case.outcome) if decided else "",
                validity=rc.dmy(validity),
                act=act,
            )
        )
    return template("classic_listing").render(
        paging=paging(code, srv, params, page, pages),
        total=total,
        first=first,
        last=first + len(cases) - 1,
        rows="".join(rows),
    )


def empty(base: str, srv: int) -> str:
    return template("classic_empty").render(base=base, srv_num=srv)


def captcha_error(base: str, srv: int, message: str = rc.CAPTCHA_WRONG) -> str:
    return template("classic_captcha_error").render(base=base, srv_num=srv, message=message)


def _case_row(label: str, value: str) -> str:
    return (
        '\n\t\t\t            \t<tr>\n\t\t\t\t\t<td width="50%">\n\t\t\t\t\t\t'
        f"<b>{label}</b>\t\t\t\t\t</td>\n\t\t\t\t\t<td>{value}</td>\n            \t</tr>"
    )


def card(case: Case, today: date, base: str) -> str:
    """A case card as of `today`."""
    decided = case.decided(today)
    hidden = case.hidden(today)
    rows = [
        _case_row(
            "Уникальный идентификатор дела",
            f'<a style="font-size:12px;" href="{rc.e(rc.classic_uid_url(case, base))}"><u>{case.uid}</u></a>',
        ),
        _case_row("Дата поступления", rc.dmy(case.received)),
        _case_row("Судья", rc.e(case.judge.short)),
    ]
    if decided:
        rows.append(_case_row("Дата рассмотрения", rc.dmy(case.decision_date)))
        rows.append(_case_row("Результат рассмотрения", pun.case_result(case.outcome)))
        if case.validity_date and case.validity_date <= today:
            rows.append(_case_row("Дата вступления в законную силу", rc.dmy(case.validity_date)))
    rows.append(
        _case_row(
            "Признак рассмотрения дела",
            "Рассмотрено единолично судьей" if decided else "Рассматривается единолично судьей",
        )
    )
    events = "".join(
        f"<tr><td>{rc.e(ev.name)}</td><td>{rc.dmy(ev.date)}</td><td>{ev.time}</td>"
        f"<td>{rc.e(ev.place)}</td><td>{rc.e(ev.result)}</td><td>{rc.e(ev.basis)}</td>"
        f"<td></td><td>{rc.dmy(ev.posted)}</td></tr>"
        for ev in case.events_at(today)
    )
    persons = "".join(
        f"<tr><td>{rc.HIDDEN if hidden else rc.e(d.person.full)}</td><td>{rc.e(d.articles)}</td>"
        f"<td>{rc.dmy(case.decision_date) if decided else ''}</td>"
        f"<td>{pun.person_result(d.outcome) if decided else ''}</td></tr>"
        for d in case.defendants
    )
    party_rows = "".join(
        f"<tr><td>{kind}</td><td>{rc.e(who)}</td><td></td><td></td><td></td><td></td></tr>"
        for kind, who in rc.parties(case, today)
    )
    labels = ["ДЕЛО", "ДВИЖЕНИЕ ДЕЛА", "ЛИЦА", "СТОРОНЫ"]
    appeal = ""
    if case.appeal is not None and case.appeal.filed <= today:
        labels.append(APPEAL_TAB)
        appeal = appeal_tab(case, today, len(labels))
    labels.append("ИСПОЛНИТЕЛЬНЫЕ ЛИСТЫ")
    exec_tab = len(labels)
    acts = ""
    if case.act_visible(today):
        labels.append("СУДЕБНЫЕ АКТЫ")
        acts = template("classic_card_acts").render(
            act_type=case.act_type, act_html=act_html(case), acts_tab=len(labels)
        )
    n = len(labels)
    tabs = "".join(
        f'<li id="tab{i}" class="{"sel" if i == 1 else "nonsel"}"><a href="#" '
        f'onclick="index({i}, {n}); return false;">&nbsp;{label}&nbsp;</a></li>'
        for i, label in enumerate(labels, 1)
    )
    return template("classic_card").render(
        number=rc.e(case.number),
        tabs=tabs,
        case_rows="".join(rows),
        event_rows=events,
        person_rows=persons,
        party_rows=party_rows,
        appeal=appeal,
        exec_tab=exec_tab,
        acts=acts,
        published=f"{rc.dmy(case.received)} 10:00, изменено {rc.dmy(rc.last_change(case, today))} 18:00",
    )


APPEAL_TAB = "ОБЖАЛОВАНИЕ РЕШЕНИЙ, ОПРЕДЕЛЕНИЙ (ПОСТ.)"


def appeal_tab(case: Case, today: date, tab: int) -> str:
    """The complaint with its movement, and its date and result once heard, as the real
    first-instance cards show it."""
    appeal = case.appeal
    assert appeal is not None
    rows = "".join(
        f'<tr><td class="vert-align">{rc.e(ev.name)}</td><td class="vert-align">{rc.dmy(ev.date)}</td>'
        f'<td class="vert-align">{rc.e(ev.result)}</td><td class="vert-align">{rc.e(ev.basis)}</td>'
        f'<td class="vert-align"></td><td class="vert-align">{rc.dmy(ev.posted)}</td></tr>'
        for ev in appeal.events_at(today)
    )
    decision = ""
    if appeal.decided <= today:  # the real tab adds these two lines once the appeal is heard
        decision = (
            f"<tr><td><b>Дата рассмотрения жалобы</b></td><td>{rc.dmy(appeal.decided)}&nbsp;</td></tr>"
            f"<tr><td><b>Результат обжалования</b></td><td>{rc.e(appeal.result)}&nbsp;</td></tr>"
        )
    return template("classic_card_appeal").render(
        tab=tab,
        kind=rc.e(appeal.kind),
        applicant=rc.e(appeal.applicant),
        rows=rows,
        decision=decision,
    )


def doc(case: Case, base: str) -> str:
    """The `name_op=doc` act page."""
    return template("classic_doc").render(
        card_url=rc.classic_card_url(case, base), act_html=act_html(case)
    )


def empty_doc() -> str:
    return template("classic_doc_empty").render()


def form(code: str, srv: int, base: str, captcha: str = "") -> str:
    return template("classic_form").render(code=code, srv_num=srv, base=base, captcha=captcha)
