"""Pieces every simulated page shares: links, dates, escaping, parties, the outer chrome."""

from __future__ import annotations

import random
from datetime import date
from functools import cache
from html import escape
from urllib.parse import quote

from refusenik.simulate.chrome import chrome
from refusenik.simulate.courts_pick import SimCourt
from refusenik.simulate.names import person
from refusenik.simulate.records import Case, server_name
from refusenik.simulate.templating import template
from refusenik.templates import Template

HIDDEN = "Информация скрыта"
CAPTCHA_WRONG = "Неверно указан проверочный код с картинки."
CAPTCHA_EXPIRED = "Время жизни сессии закончилось. Введите проверочный код повторно."
CAPTCHA_MARK = "simcaptchaid"  # replaced per response by the session's captcha id


def dmy(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def e(text: str) -> str:
    return escape(text, quote=False)


def classic_card_url(case: Case, base: str) -> str:
    return (
        f"{base}/modules.php?name=sud_delo&srv_num={case.srv_num}&name_op=case"
        f"&case_id={case.case_id}&case_uid={case.case_uid}&delo_id=1540006"
    )


def classic_act_url(case: Case, base: str) -> str:
    return (
        f"{base}/modules.php?name=sud_delo&srv_num={case.srv_num}&name_op=doc"
        f"&number={case.act_number}&delo_id=1540006&new=0&text_number=1"
    )


def classic_uid_url(case: Case, base: str) -> str:
    return (
        f"{base}/modules.php?name=sud_delo&name_op=r_juid&vnkod={case.court.code}"
        f"&srv_num={case.srv_num}&delo_id=1540006&case_type=0&judicial_uid={case.uid}"
    )


def vnkod_card_url(case: Case, base: str, doc: bool = False) -> str:
    return (
        f"{base}/modules.php?name=sud_delo&name_op=case&_id={case.case_id}&_uid={case.case_uid}"
        f"&_deloId=1540006&_caseType=0&_new=0{'&_doc=1' if doc else ''}&srv_num={case.srv_num}"
    )


def vnkod_uid_url(case: Case, base: str) -> str:
    return (
        f"{base}/modules.php?name=sud_delo&name_op=r&srv_num={case.srv_num}"
        f"&case__judicial_uidss={case.uid}&_ord=asc"
    )


def case_urls(case: Case, base: str = "") -> dict[str, str | None]:
    """The card and act URLs of a case on its own site (path and query only)."""
    if case.court.template is Template.SUDRF_VNKOD:
        return {
            "card": vnkod_card_url(case, base),
            "act": vnkod_card_url(case, base, doc=True) if case.act_number else None,
        }
    return {
        "card": classic_card_url(case, base),
        "act": classic_act_url(case, base) if case.act_number else None,
    }


def info_cell(case: Case, today: date) -> str:
    """Listing column 2 for a criminal case: «ИВАНОВ И.И. - ст.337 ч.5 УК РФ» per defendant."""
    hidden = case.hidden(today)
    return "<br />".join(
        f"{HIDDEN if hidden else e(d.person.listing)} - {e(d.articles)}" for d in case.defendants
    )


def parties(case: Case, today: date) -> list[tuple[str, str]]:
    """СТОРОНЫ: defence lawyers and the prosecutor (names hidden when the case is hidden)."""
    rng = random.Random(f"{case.seed}:{case.court.code}:{case.number}:parties")
    military = case.court.kind == "garrison_military"
    prosecutor = (
        "Военная прокуратура гарнизона" if military else "Прокуратура района"
    ) + f", {person(rng).short}"
    rows = [("Защитник (адвокат)", f"Адвокат {person(rng).short}") for _ in case.defendants]
    rows.append(("Прокурор", prosecutor))
    if case.hidden(today):
        rows = [(kind, HIDDEN) for kind, _ in rows]
    return rows


def last_change(case: Case, today: date) -> date:
    posted = [ev.posted for ev in case.events_at(today)]
    if case.decided(today):
        posted.append(case.decision_date)
    if case.act_visible(today) and case.act_published:
        posted.append(case.act_published)
    return max(posted) if posted else case.received


def page_url(court: SimCourt, target: str) -> str:
    return quote(f"https://{court.module_host}{target}", safe="")


def server_choice(court: SimCourt, base: str) -> str:
    """The module region of the page a several-server court answers to `name=sud_delo`
    without `srv_num`: no module header or form, the words and one link per server, written
    as the real page writes them (single quotes, a bare `&` in the links)."""
    items = "".join(
        f"<li><a href='{base}/modules.php?name=sud_delo&srv_num={n}'>"
        f"{e(server_name(court, n))}</a></li>"
        for n in court.srv_nums
    )
    return template("server_choice").render(items=items)


def other_server_link(court: SimCourt, base: str) -> str:
    """«Выбрать другой сервер» above the module on several-server courts."""
    if len(court.srv_nums) < 2:
        return ""
    return (
        f'<div class="srv-other"><a href="{base}/modules.php?name=sud_delo">'
        "Выбрать другой сервер</a></div>\n"
    )


# Where a page's design goes: pages are rendered and cached small, with these marks, and the
# design (most of a page's weight, encoded once per court) is put in as bytes when sent.
CHROME_MARKS = {
    "chrome_head": "<!--sim:chrome-head-->",
    "chrome_top": "<!--sim:chrome-top-->",
    "chrome_bottom": "<!--sim:chrome-bottom-->",
}
_MARK_BYTES = tuple(m.encode("ascii") for m in CHROME_MARKS.values())


def chrome_slots(court: SimCourt, base: str) -> dict[str, str]:
    """The marks where the design around the module goes, for the page templates."""
    return CHROME_MARKS


@cache
def _chrome_bytes(court: SimCourt, base: str) -> tuple[bytes, bytes, bytes]:
    c = chrome(court, base)
    return tuple(  # type: ignore[return-value]
        part.encode("cp1251", "xmlcharrefreplace") for part in (c.head, c.top, c.bottom)
    )


def with_chrome(body: bytes, court: SimCourt, base: str) -> bytes:
    """The encoded page with the court's design put in at its marks."""
    pieces: list[bytes] = []
    start = 0
    for mark, part in zip(_MARK_BYTES, _chrome_bytes(court, base), strict=True):
        at = body.find(mark, start)
        if at < 0:
            return body if start == 0 else b"".join([*pieces, body[start:]])
        pieces += (body[start:at], part)
        start = at + len(mark)
    pieces.append(body[start:])
    return b"".join(pieces)  # one copy of the whole page


def outer_page(
    court: SimCourt, content: str, today: date, base: str, target: str, srv_num: int = 1
) -> str:
    """The site chrome around module content, in the court's template."""
    name = "vnkod_page" if court.template is Template.SUDRF_VNKOD else "classic_page"
    return template(name).render(
        court_name=e(court.name),
        code=court.code,
        today=dmy(today),
        srv_num=srv_num,
        base=base,
        content=other_server_link(court, base) + content,
        page_url=page_url(court, target),
        **chrome_slots(court, base),
    )
