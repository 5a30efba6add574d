"""Faults that depend on who asks and how often, as real court front servers apply them:
per-court request rates (throttle page or 429 + Retry-After), the 403 for tool-like
User-Agents, maintenance windows, database warnings and expiring captcha sessions."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from refusenik.simulate import FaultPlan, SimServer, SimSite, World, plan_from
from refusenik.simulate.captcha import ANSWER_HEADER, captcha_answer
from refusenik.simulate.faults import tool_like_agent
from refusenik.sites import PageKind, classify, urls

from .conftest import COURTS

CLASSIC, VNKOD, DISTRICT = COURTS
BROWSER = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def get(site: SimSite, url: str, headers=None, client: str = "10.0.0.1"):
    u = urlsplit(url)
    return site.handle(f"{u.path}?{u.query}", u.netloc, headers or BROWSER, client)


def card_url(world, court=CLASSIC) -> str:
    from refusenik.simulate.render_common import case_urls

    case = world.cases[court.code][0]
    return f"https://{court.module_host}{case_urls(case)['card']}"


def test_a_fast_client_is_refused_for_its_excess_only(world):
    clock = Clock()
    site = SimSite(world, FaultPlan(rate_limit=1.0, burst=3), round=3, clock=clock)
    url = card_url(world)
    first = [get(site, url) for _ in range(3)]
    assert all(r.status == 200 and r.fault is None for r in first)
    refused = [get(site, url) for _ in range(6)]
    assert all(r.fault == "rate_limited" for r in refused)
    kinds = {r.status for r in refused}
    assert kinds == {200, 429}  # both real forms: the throttle page and HTTP 429
    for r in refused:
        assert classify(r.body, url, status=r.status) is PageKind.THROTTLED
        if r.status == 429:
            assert dict(r.headers)["Retry-After"] == "1"
    clock.now += 1.0
    assert get(site, url).fault is None  # one token back after 1/rate seconds
    assert get(site, url, client="10.0.0.2").fault is None  # another client has its own


def test_a_polite_client_is_never_refused_however_many_pages_it_reads(world):
    clock = Clock()
    site = SimSite(world, FaultPlan(rate_limit=2.0, burst=2), round=3, clock=clock)
    from refusenik.simulate.render_common import case_urls

    for case in world.cases[CLASSIC.code][:120]:
        clock.now += 0.5
        resp = get(site, f"https://{CLASSIC.module_host}{case_urls(case)['card']}")
        assert resp.fault is None
    assert site.stats["fault:rate_limited"] == 0


def test_limits_are_per_court(world):
    clock = Clock()
    site = SimSite(world, FaultPlan(rate_limit=1.0, burst=1), round=3, clock=clock)
    assert get(site, card_url(world, CLASSIC)).fault is None
    assert get(site, card_url(world, CLASSIC)).fault == "rate_limited"
    assert get(site, card_url(world, VNKOD)).fault is None


@pytest.mark.parametrize(
    ("agent", "refused"),
    [
        ("", True),
        ("curl/8.5.0", True),
        ("python-requests/2.32.3", True),
        ("python-httpx/0.28.1", True),
        ("Scrapy/2.11.2 (+https://scrapy.org)", True),
        (BROWSER["user-agent"], False),
        ("refusenik/0.1 (+https://example.org/refusenik; research@example.org)", False),
    ],
)
def test_tool_like_user_agents_get_the_403_incorrect_request_page(world, agent, refused):
    assert tool_like_agent(agent) is refused
    site = SimSite(world, FaultPlan(check_agent=True), round=3)
    url = card_url(world)
    resp = get(site, url, headers={"user-agent": agent} if agent else {"accept": "*/*"})
    if refused:
        assert resp.status == 403 and resp.fault == "bad_agent"
        assert "Данный запрос некорректен" in resp.body.decode("cp1251")
        assert classify(resp.body, url, status=403) is PageKind.GEO_BLOCKED  # a block page
    else:
        assert resp.status == 200 and resp.fault is None


def test_maintenance_takes_a_whole_court_down_for_a_window(world):
    clock = Clock()
    plan = FaultPlan({"maintenance": 0.5}, seed=3, maintenance_seconds=60)
    site = SimSite(world, plan, round=3, clock=clock)
    url = card_url(world)
    seen = []
    for window in range(40):
        clock.now = window * 60.0 + 1
        first, later = get(site, url), get(site, url)
        clock.now = window * 60.0 + 59
        same_window = get(site, url)
        assert first.fault == later.fault == same_window.fault  # retries do not help
        seen.append(first.fault)
        if first.fault == "maintenance":
            assert "производится информационное наполнение сайта" in first.body.decode("cp1251")
            assert classify(first.body, url, status=first.status) is PageKind.SERVER_ERROR
    assert 8 < seen.count("maintenance") < 32 and None in seen


def test_database_warnings_come_in_both_php_spellings(world):
    site = SimSite(world, FaultPlan({"db_warning": 1.0}, clean_after=100), round=3)
    url = card_url(world)
    bodies = {get(site, url).body.decode("cp1251") for _ in range(12)}
    plain = [b for b in bodies if "\nWarning: pg_connect()" in b]
    bold = [b for b in bodies if "<b>Warning</b>:  pg_connect()" in b]
    assert plain and bold
    assert all("ДЕЛО №" not in b for b in bodies)  # the module content is missing
    for body in plain + bold:
        assert classify(body.encode("cp1251"), url, status=200) is PageKind.SERVER_ERROR


def _captcha_world():
    court = CLASSIC.__class__(**{**CLASSIC.__dict__, "captcha": True})
    return court, World.generate(1, [court], rounds=1)


def test_a_captcha_answer_is_a_session_value_that_expires():
    court, w = _captcha_world()
    clock = Clock()
    site = SimSite(w, enforce_captcha=True, captcha_seconds=600, clock=clock)
    search = urls.criminal_search(
        court.host, article="337", date_from="01.01.2024", date_to="31.12.2024"
    )
    form = get(site, urls.form_url(court.host))
    page = form.body.decode("cp1251")
    answer = dict(form.headers)[ANSWER_HEADER]
    cid = page.split('name="captchaid" type="hidden" value="', 1)[1].split('"', 1)[0]
    assert answer == captcha_answer(w.seed, cid)
    assert 'src="data: image/png;base64, ' in page  # the real spelling, with spaces
    again = get(site, urls.form_url(court.host)).body.decode("cp1251")
    assert cid not in again  # every form hands out a new session

    def search_with(code: str, captchaid: str = cid):
        return get(site, urls.with_captcha(search, code, captchaid)).body.decode("cp1251")

    assert "Неверно указан проверочный код" in get(site, search).body.decode("cp1251")
    wrong = "00000" if answer != "00000" else "11111"
    assert "Неверно указан проверочный код" in search_with(wrong)
    assert "Неверно указан проверочный код" in search_with("12345", "simid")  # unknown id
    ok = search_with(answer)
    assert "Всего по запросу найдено" in ok
    clock.now += 599
    assert "Всего по запросу найдено" in search_with(answer)  # valid for the whole session
    clock.now += 2
    expired = search_with(answer)
    assert "Время жизни сессии закончилось" in expired
    assert classify(expired.encode("cp1251"), search, status=200) is PageKind.CAPTCHA_ERROR
    control = site.handle(f"/_sim/captcha?id={cid}")
    assert b'"answer": "' + answer.encode() + b'"' in control.body


def test_profiles_add_rate_limits_and_the_agent_check():
    assert plan_from("none").rate_limit == 0 and not plan_from("none").check_agent
    mild, hostile = plan_from("mild"), plan_from("hostile")
    assert mild.check_agent and hostile.check_agent
    assert 0 < hostile.rate_limit < mild.rate_limit
    assert "throttle" not in mild.rates  # throttling follows the request rate, not URLs
    assert plan_from("mild", rate_limit=0).rate_limit == 0


def test_the_state_api_names_the_limits(world):
    site = SimSite(world, plan_from("hostile"), captcha_seconds=300, enforce_captcha=True)
    limits = site.state()["limits"]
    assert limits == {"rate_limit": 1.0, "burst": 5, "check_agent": True, "captcha_seconds": 300}


def test_the_server_sends_retry_after_and_sees_the_user_agent(world):
    plan = FaultPlan(rate_limit=0.5, burst=2, check_agent=True)
    with SimServer(world, plan) as server:
        url = f"/c/{CLASSIC.code}/modules.php?name=sud_delo&name_op=sf"
        with httpx.Client(base_url=server.base_url) as tool:
            assert tool.get(url).status_code == 403  # httpx's own User-Agent
        with httpx.Client(base_url=server.base_url, headers=BROWSER) as client:
            answers = [client.get(url) for _ in range(8)]
    assert [r.status_code for r in answers[:2]] == [200, 200]
    limited = [r for r in answers[2:] if r.status_code == 429]
    assert limited and all(int(r.headers["retry-after"]) >= 1 for r in limited)
