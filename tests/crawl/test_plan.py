"""The crawl plan: registry and simulator courts, articles, windows; bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest

from refusenik.crawl.plan import (
    DEFAULT_ARTICLES,
    Window,
    parse_articles,
    parse_cartotekas,
    parse_window,
    plan_from_registry,
    plan_from_simulator,
)
from refusenik.errors import UserInputError
from refusenik.templates import Template

TODAY = dt.date(2025, 6, 1)


def test_articles_default_and_explicit():
    assert parse_articles(None) == DEFAULT_ARTICLES
    assert parse_articles("337, 338,337") == ("337", "338")
    assert parse_articles("352.1") == ("352.1",)


@pytest.mark.parametrize("bad", ["999", "337,,338", "abc"])
def test_unknown_article_is_refused(bad):
    with pytest.raises(UserInputError):
        parse_articles(bad)


def test_window_defaults_to_today_and_refuses_backwards():
    assert parse_window("2022-09-01", None, TODAY) == Window(dt.date(2022, 9, 1), TODAY)
    with pytest.raises(UserInputError, match="backwards"):
        parse_window("2023-01-02", "2023-01-01", TODAY)
    with pytest.raises(UserInputError, match="YYYY-MM-DD"):
        parse_window("01.01.2023", None, TODAY)


def test_window_halves_cover_it_without_overlap():
    w = Window(dt.date(2023, 1, 1), dt.date(2023, 1, 10))
    a, b = w.halves()  # type: ignore[misc]
    assert a.start == w.start and b.end == w.end
    assert b.start == a.end + dt.timedelta(days=1)
    assert Window(dt.date(2023, 1, 1), dt.date(2023, 1, 1)).halves() is None


def test_cartotekas():
    assert [c.key for c in parse_cartotekas(None)] == ["criminal_1"]
    with pytest.raises(UserInputError, match="cartoteka"):
        parse_cartotekas("civil")


def test_registry_plan_by_code_and_kind():
    plan = plan_from_registry(
        "63GV0006", ("337",), Window(dt.date(2023, 1, 1), dt.date(2023, 2, 1))
    )
    assert [c.code for c in plan.courts] == ["63GV0006"]
    court = plan.courts[0]
    assert court.base_url.startswith("https://") and "--" in court.base_url
    url = next(plan.searches()).url()
    assert url.startswith(court.base_url + "/modules.php?")
    assert "01.01.2023" in url and "01.02.2023" in url
    garrison = plan_from_registry("garrison_military", ("337",), plan.window)
    assert len(garrison.courts) > 20
    assert all(c.code[2:4] == "GV" for c in garrison.courts)


def test_unknown_court_is_refused():
    with pytest.raises(UserInputError, match="99XX0000"):
        plan_from_registry("99XX0000", ("337",), Window(TODAY, TODAY))


STATE = {
    "courts": [
        {
            "code": "63GV0006",
            "name": "Пермский гарнизонный военный суд",
            "kind": "garrison_military",
            "template": "sudrf_classic",
            "hosts": ["voen.perm.sudrf.ru", "voen--perm.sudrf.ru"],
            "srv_nums": [1],
            "path_prefix": "/c/63GV0006",
        },
        {
            "code": "59RS0001",
            "name": "Дзержинский районный суд г. Перми",
            "kind": "district",
            "template": "sudrf_vnkod",
            "hosts": ["dzerjin.perm.sudrf.ru", "dzerjin--perm.sudrf.ru"],
            "srv_nums": [1, 2],
            "path_prefix": "/c/59RS0001",
        },
    ]
}


def test_simulator_plan_rebases_urls_under_the_path_prefix():
    window = Window(dt.date(2023, 1, 1), dt.date(2023, 3, 1))
    plan = plan_from_simulator("http://127.0.0.1:9/", STATE, "all", ("337", "338"), window)
    assert [c.code for c in plan.courts] == ["63GV0006", "59RS0001"]
    searches = list(plan.searches())
    assert len(searches) == 1 * 2 + 2 * 2  # servers × articles
    vn = [s for s in searches if s.court.template is Template.SUDRF_VNKOD]
    assert {s.srv_num for s in vn} == {1, 2}
    for s in searches:
        assert s.url().startswith(f"http://127.0.0.1:9/c/{s.court.code}/modules.php?")
    only = plan_from_simulator("http://127.0.0.1:9", STATE, "district", ("337",), window)
    assert [c.code for c in only.courts] == ["59RS0001"]
    with pytest.raises(UserInputError, match="63GV0005"):
        plan_from_simulator("http://127.0.0.1:9", STATE, "63GV0005", ("337",), window)


def test_a_vnkod_court_is_asked_for_its_press_on_its_main_site():
    """A VNKOD court's case module is a separate application on the `--` host; its press
    section belongs to the main site, on the court's home-page host."""
    from refusenik.courts import get
    from refusenik.crawl.sink import MemorySink
    from refusenik.crawl.spider import CourtSpider, CrawlStats
    from refusenik.sites.hosts import home_host, module_host

    registry = get("27GV0003")  # Свободненский гарнизонный военный суд, VNKOD
    assert registry.template is Template.SUDRF_VNKOD
    assert registry.module_host != registry.host
    window = Window(dt.date(2023, 1, 1), dt.date(2023, 2, 1))
    plan = plan_from_registry("27GV0003,63GV0006", ("337",), window)
    vnkod, classic = plan.courts
    assert vnkod.press_url() == f"https://{home_host(registry.host)}/modules.php?name=press_dep"
    assert vnkod.press_url() == "https://sgvs.amr.sudrf.ru/modules.php?name=press_dep"
    # its searches stay on the case module's host
    search = next(s for s in plan.searches() if s.court is vnkod)
    assert search.url().startswith(f"https://{module_host(registry.host)}/modules.php?")
    # a classic court's press section is where its modules.php is, as before
    assert classic.press_url() == f"{classic.base_url}/modules.php?name=press_dep"
    # and the crawl asks there
    spider = CourtSpider(plan=plan, sink=MemorySink(), reports={}, stats=CrawlStats())
    press = {r.meta["court"]: r.url for r in spider.start_requests() if "press_dep" in r.url}
    assert press == {"27GV0003": vnkod.press_url(), "63GV0006": classic.press_url()}


def test_every_vnkod_court_of_the_registry_has_its_press_on_its_home_host():
    from urllib.parse import urlsplit

    from refusenik.courts import all_courts
    from refusenik.sites.hosts import home_host

    codes = [c.code for c in all_courts() if c.template is Template.SUDRF_VNKOD and c.host]
    plan = plan_from_registry(",".join(codes), ("337",), Window(TODAY, TODAY))
    assert len(plan.courts) == len(codes) > 50
    for court in plan.courts:
        press_host = urlsplit(court.press_url()).hostname
        assert press_host == home_host(court.host), court.code
        assert press_host != urlsplit(court.base_url).hostname, court.code
