"""What the simulated sites answer: searches, paging, caps, cards, acts, variants, rounds."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote_plus, urlsplit

import pytest
from lxml import html

from refusenik.simulate import FaultPlan, SimSite
from refusenik.simulate.search import article_matches
from refusenik.sites import urls
from refusenik.templates import Template

from .conftest import COURTS

CLASSIC, VNKOD, DISTRICT = COURTS


def get(site: SimSite, url: str):
    u = urlsplit(url)
    return site.handle(f"{u.path}?{u.query}", u.netloc)


def text(resp) -> str:
    return resp.body.decode("cp1251")


def numbers(resp) -> list[str]:
    tree = html.fromstring(resp.body.decode("cp1251"))
    found = tree.xpath("//table[@id='tablcont']//td[@title]/a/text()")
    found += tree.xpath("//div[@id='resultTable']//td[@class='lawcase-number-td']/a/text()")
    return [n.strip() for n in found]


def expected(world, court, r, article=None, part=None, start=None, end=None, srv=None):
    today = world.round_date(r)
    out = []
    for c in world.cases_at(court.code, r):  # numbers and charges as shown in round r
        if not c.visible(today) or (srv and c.srv_num != srv):
            continue
        if start and not start <= c.received <= end:
            continue
        if article:
            q = article + (f" ч.{part}" if part else "")
            if not any(article_matches(q, ch) for d in c.defendants for ch in d.charges):
                continue
        out.append(c.number)
    return out


def all_pages(site, url) -> list[str]:
    got, page = [], 1
    while True:
        resp = get(site, urls.with_page(url, page))
        if "Данных по запросу не обнаружено" in text(resp):
            return got
        got += numbers(resp)
        page += 1


@pytest.fixture()
def site(world) -> SimSite:
    return SimSite(world, round=2)


def test_classic_search_by_article_and_dates_finds_exactly_the_matching_cases(world, site):
    url = urls.criminal_search(CLASSIC.host, article="337", part=5, date_from=date(2023, 1, 1),
                               date_to=date(2024, 12, 31), court_code=CLASSIC.code)  # fmt: skip
    got = all_pages(site, url)
    want = expected(world, CLASSIC, 2, "337", 5, date(2023, 1, 1), date(2024, 12, 31))
    assert len(want) > 25  # more than one page
    assert sorted(got) == sorted(want)
    assert len(got) == len(set(got))
    first = text(get(site, url))
    assert f"Всего по запросу найдено — {len(want)}." in first
    assert "На странице записи с 1" in first and "по 25." in first


def test_article_search_is_a_prefix_match(world, site):
    whole = urls.criminal_search(
        CLASSIC.host, article="337", date_from="01.01.2024", date_to="30.06.2024"
    )
    part5 = urls.criminal_search(
        CLASSIC.host, article="337", part=5, date_from="01.01.2024", date_to="30.06.2024"
    )
    got_whole, got_part = set(all_pages(site, whole)), set(all_pages(site, part5))
    assert got_part < got_whole
    assert got_whole == set(
        expected(world, CLASSIC, 2, "337", None, date(2024, 1, 1), date(2024, 6, 30))
    )


def test_article_must_be_encoded_in_cp1251(site):
    good = urls.criminal_search(
        CLASSIC.host, article="337", part=5, date_from="01.01.2024", date_to="31.12.2024"
    )
    utf8 = good.replace("337+%F7.5", quote_plus("337 ч.5"))  # %D1%87: UTF-8, wrong for sudrf
    assert numbers(get(site, good))
    assert "Данных по запросу не обнаружено" in text(get(site, utf8))


def test_vnkod_search_pages_with_its_own_page_size(world, site):
    url = urls.vnkod_criminal_search(VNKOD.host, VNKOD.code, article="337", part=5,
                                     date_from="01.01.2023", date_to="31.12.2025")  # fmt: skip
    got = all_pages(site, url)
    want = expected(world, VNKOD, 2, "337", 5, date(2023, 1, 1), date(2025, 12, 31))
    assert sorted(got) == sorted(want)
    size = world.profiles[VNKOD.code].vnkod_page_size
    assert len(numbers(get(site, url))) == size
    assert f"Всего по запросу найдено - <b>{len(want)}</b>" in text(get(site, url))


def test_each_database_server_holds_its_own_cases(world, site):
    one = all_pages(
        site,
        urls.criminal_search(
            DISTRICT.host, date_from="01.01.2025", date_to="31.03.2025", srv_num=1
        ),
    )
    two = all_pages(
        site,
        urls.criminal_search(
            DISTRICT.host, date_from="01.01.2025", date_to="31.03.2025", srv_num=2
        ),
    )
    assert one and two and not set(one) & set(two)
    assert sorted(one + two) == sorted(
        expected(world, DISTRICT, 2, start=date(2025, 1, 1), end=date(2025, 3, 31))
    )
    three = urls.criminal_search(
        DISTRICT.host, date_from="01.01.2025", date_to="31.03.2025", srv_num=3
    )
    assert "Данных по запросу не обнаружено" in text(get(site, three))


def test_results_are_capped_but_the_counter_tells_the_truth(world):
    site = SimSite(world, round=2, search_cap=30)
    url = urls.criminal_search(
        CLASSIC.host, article="337", date_from="01.01.2023", date_to="31.12.2025"
    )
    total = len(expected(world, CLASSIC, 2, "337", None, date(2023, 1, 1), date(2025, 12, 31)))
    assert total > 30
    assert f"найдено — {total}." in text(get(site, url))
    assert len(numbers(get(site, urls.with_page(url, 2)))) == 5
    assert "Данных по запросу не обнаружено" in text(get(site, urls.with_page(url, 3)))


def test_wrong_cartoteka_or_malformed_query_is_no_data(site):
    url = urls.criminal_search(
        CLASSIC.host, article="337", date_from="01.01.2024", date_to="31.12.2024"
    )
    for bad in (url.replace("new=0", "new=4"), url.replace("delo_id=1540006", "delo_id=1540005"),
                url.replace("01.01.2024", "2024-01-01")):  # fmt: skip
        assert "Данных по запросу не обнаружено" in text(get(site, bad))


def test_a_site_ignores_queries_of_the_other_variant(site):
    classic_q = urls.criminal_search(
        VNKOD.host, article="337", date_from="01.01.2024", date_to="31.12.2024"
    )
    body = text(get(site, classic_q))
    assert 'name="case__vnkod"' in body and "law-case-table" not in body


def test_pages_are_windows_1251(site):
    url = urls.criminal_search(
        CLASSIC.host, article="337", date_from="01.01.2024", date_to="31.12.2024"
    )
    resp = get(site, url)
    assert resp.content_type == "text/html; charset=windows-1251"
    assert "charset=windows-1251" in text(resp)
    with pytest.raises(UnicodeDecodeError):
        resp.body.decode("utf-8")


def test_host_forms_and_path_prefix_serve_the_same_page(site):
    url = urls.criminal_search(
        CLASSIC.host, article="338", date_from="01.01.2023", date_to="31.12.2025"
    )
    u = urlsplit(url)
    by_module_host = site.handle(f"{u.path}?{u.query}", "voen--perm.sudrf.ru:8080").body
    by_dot_host = site.handle(f"{u.path}?{u.query}", "voen.perm.sudrf.ru").body
    by_prefix = site.handle(f"/c/{CLASSIC.code}{u.path}?{u.query}", "127.0.0.1").body
    assert by_module_host == by_dot_host
    assert (
        by_prefix.replace(f"/c/{CLASSIC.code}".encode(), b"").replace(b"%2Fc%2F63GV0006", b"")
        == by_module_host
    )
    assert site.handle("/modules.php?name=sud_delo", "nowhere.sudrf.ru").status == 404


def test_cards_show_hidden_and_lose_removed_cases(world):
    final = world.rounds - 1
    site = SimSite(world, round=final)
    today = world.round_date(final)
    hidden = next(c for c in world.cases[CLASSIC.code] if c.visible(today) and c.hidden(today))
    body = text(get(site, urls.card_url(CLASSIC.host, hidden.case_id, hidden.case_uid)))
    assert "Информация скрыта" in body and hidden.defendants[0].person.full not in body
    assert hidden.defendants[0].articles in body
    removed = next(
        c
        for c in world.cases[CLASSIC.code]
        if c.removed_from and c.received < c.removed_from <= today
    )
    body = text(get(site, urls.card_url(CLASSIC.host, removed.case_id, removed.case_uid)))
    assert "Данных по запросу не обнаружено" in body and removed.number not in body


def test_act_pages_and_the_empty_document(world):
    site = SimSite(world, round=3)
    today = world.round_date(3)
    case = next(c for c in world.cases[CLASSIC.code] if c.act_visible(today) and c.refusal)
    body = text(get(site, urls.act_url(CLASSIC.host, case.act_number)))
    assert "Информация по делу" in body
    assert ("ПРИГОВОРИЛ:" if case.act_type == "Приговор" else "ПОСТАНОВИЛ:") in body
    assert case.number in body
    assert "ПУСТОЙ ДОКУМЕНТ" in text(
        get(site, urls.act_url(CLASSIC.host, case.act_number, text_number=2))
    )


def test_the_network_moves_between_rounds(world):
    site = SimSite(world, round=0)
    url = urls.criminal_search(CLASSIC.host, date_from="01.01.2026", date_to="31.12.2026")
    before = len(all_pages(site, url))
    site.set_round(3)
    after = len(all_pages(site, url))
    assert after > before
    assert after == len(expected(world, CLASSIC, 3, start=date(2026, 1, 1), end=date(2026, 12, 31)))


def test_captcha_courts_can_demand_a_captcha(world):
    court = CLASSIC.__class__(**{**CLASSIC.__dict__, "captcha": True})
    from refusenik.simulate import World

    w = World.generate(1, [court], rounds=1)
    site = SimSite(w, enforce_captcha=True)
    url = urls.criminal_search(
        court.host, article="337", date_from="01.01.2024", date_to="31.12.2024"
    )
    assert "Неверно указан проверочный код" in text(get(site, url))
    assert numbers(get(site, urls.with_captcha(url, "12345", "simid")))
    form = text(get(site, urls.form_url(court.host)))
    assert 'name="captchaid"' in form and 'src="data: image/png;base64, ' in form


def test_press_service_lists_and_shows_releases(world):
    site = SimSite(world, round=3)
    items = world.press_releases(CLASSIC.code, 3)
    assert items
    listing = text(site.handle("/modules.php?name=press_dep", CLASSIC.host))
    assert items[0].title in listing
    item = text(site.handle(f"/modules.php?name=press_dep&op=1&did={items[0].id}", CLASSIC.host))
    assert items[0].paragraphs[2] in item


def test_index_and_control_api(world):
    site = SimSite(world, FaultPlan({"throttle": 1.0}))
    index = site.handle("/", "127.0.0.1").body.decode("utf-8")
    assert all(f"/c/{c.code}/" in index for c in COURTS)
    resp = site.handle("/_sim/round?set=2", "127.0.0.1")
    assert resp.status == 200 and site.round == 2 and b'"round": 2' in resp.body
    assert site.handle("/_sim/round?set=99", "127.0.0.1").status == 400
    assert re.search(rb'"requests": \d+', site.handle("/_sim/stats", "").body)


@pytest.mark.parametrize("field", ["decided", "published", "in_force"])
@pytest.mark.parametrize("court", [CLASSIC, VNKOD], ids=["classic", "vnkod"])
def test_search_by_decision_publication_and_force_dates(world, site, court, field):
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    if court.template is Template.SUDRF_VNKOD:
        url = urls.vnkod_criminal_search(
            court.host, court.code, date_field=field, date_from=start, date_to=end
        )
    else:
        url = urls.criminal_search(court.host, date_field=field, date_from=start, date_to=end)
    today = world.round_date(2)

    def when(c):
        if field == "decided":
            return c.decision_date if c.decided(today) else None
        if field == "published":
            return c.act_published if c.act_visible(today) else None
        return (
            c.validity_date
            if c.decided(today) and c.validity_date and c.validity_date <= today
            else None
        )

    want = [
        c.number
        for c in world.cases_at(court.code, 2)
        if c.visible(today) and when(c) and start <= when(c) <= end
    ]
    assert sorted(all_pages(site, url)) == sorted(want)
    assert want or field == "published"
