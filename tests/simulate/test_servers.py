"""Courts with several case databases: the server-choice page, cases held on `srv_num=2`,
and the ground truth naming each case's server."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

from lxml import html

from refusenik.simulate import SimSite
from refusenik.sites import urls

from .conftest import COURTS

CLASSIC, VNKOD, DISTRICT = COURTS
CHOICE = "Наш суд использует несколько серверов (источников данных)"


def page(site: SimSite, target: str, host: str) -> str:
    return site.handle(target, host).body.decode("cp1251")


def test_a_several_server_court_answers_sud_delo_without_srv_num_with_the_choice(world):
    site = SimSite(world, round=3)
    body = page(site, "/modules.php?name=sud_delo", DISTRICT.host)
    assert CHOICE in body and "Выберите сервер" in body
    links = html.fromstring(body).xpath("//ul[@class='statUl']//a/@href")
    assert [parse_qs(urlsplit(h).query)["srv_num"] for h in links] == [["1"], ["2"]]
    second = page(site, links[1], DISTRICT.host)
    assert CHOICE not in second and 'name="srv_num" type="hidden" value=2' in second
    assert "Выбрать другой сервер" in second
    # a single-server court goes straight to its module
    single = page(site, "/modules.php?name=sud_delo", CLASSIC.host)
    assert CHOICE not in single and "Выбрать другой сервер" not in single


def test_cases_on_the_detached_branch_are_found_only_on_srv_num_2(world):
    site = SimSite(world, round=3)
    today = world.round_date(3)
    held = {1: [], 2: []}
    for case in world.cases[DISTRICT.code]:
        if case.visible(today) and date(2025, 1, 1) <= case.received <= date(2025, 12, 31):
            held[case.srv_num].append(case.number)
    assert held[1] and held[2]
    for srv, numbers in held.items():
        found: list[str] = []
        pg = 1
        while True:
            url = urls.criminal_search(
                DISTRICT.host,
                date_from="01.01.2025",
                date_to="31.12.2025",
                srv_num=srv,
                court_code=DISTRICT.code,
                page=pg,
            )
            u = urlsplit(url)
            tree = html.fromstring(page(site, f"{u.path}?{u.query}", u.netloc))
            rows = [n.strip() for n in tree.xpath("//table[@id='tablcont']//td[@title]/a/text()")]
            if not rows:
                break
            found += rows
            pg += 1
        assert sorted(found) == sorted(numbers), srv


def test_the_truth_records_the_servers_and_each_cases_server(world):
    truth = world.truth(3)
    court = next(c for c in truth["courts"] if c["code"] == DISTRICT.code)
    assert [s["srv_num"] for s in court["servers"]] == [1, 2]
    assert court["servers"][0]["name"] == DISTRICT.name
    # a detached branch is named as the real page names one: «ПСП <court's genitive> в с. …»
    assert court["servers"][1]["name"].startswith("ПСП Дзержинского районного суда г. Перми в с. ")
    assert {c["srv_num"] for c in court["cases"]} == {1, 2}
