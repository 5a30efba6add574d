"""The simulator's pages against the real fixture pages of the same kind: module region ids and
classes, tab titles, column headers, the outer design's regions and the page weight — so that
the simulator cannot drift from the real templates.

Only the real pages in tests/fixtures/pages are used. Where no real page of a kind exists
(a VNKOD listing with several pages, a criminal VNKOD listing), the closest real page is
named in the test.
"""

from __future__ import annotations

import dataclasses
import re
from copy import copy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html

from refusenik.simulate import FaultPlan, SimSite
from refusenik.simulate.render_common import case_urls
from refusenik.sites import urls

from .conftest import COURTS

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
CLASSIC, VNKOD, DISTRICT = COURTS
MODULE = "//div[@id='modSdpContent']"
# Act texts are court documents, not template: their markup (FIO1…FIOn spans) varies.
ACT_TEXT = "cont_doc"


def real(name: str) -> html.HtmlElement:
    return html.fromstring((PAGES / name).read_bytes().decode("utf-8", "replace"))


def sim(site: SimSite, url: str, host: str) -> html.HtmlElement:
    u = urlsplit(url)
    return html.fromstring(site.handle(f"{u.path}?{u.query}", host).body.decode("cp1251"))


def signature(tree: html.HtmlElement, xpath: str = "//body") -> set[tuple[str, str]]:
    """Every id and class used under the region, act texts left out."""
    out: set[tuple[str, str]] = set()
    for root in tree.xpath(xpath):
        for e in root.iter():
            if not isinstance(e.tag, str):
                continue
            if any((a.get("id") or "").startswith(ACT_TEXT) for a in e.iterancestors()):
                continue
            if e.get("id") and not e.get("id").startswith(ACT_TEXT):
                out.add(("id", e.get("id")))
            out.update(("class", c) for c in (e.get("class") or "").split())
    return out


def words(e: html.HtmlElement) -> str:
    return " ".join(e.text_content().split())


def header(table: html.HtmlElement) -> list[str]:
    """The column names of a table: its thead row, or the first row of `<b>` headings."""
    row = table.xpath("./thead/tr[1]")
    if not row:
        rows = table.xpath("./tr|./tbody/tr")
        row = [r for r in rows if r.xpath("./th") and len(r.xpath("./th")) > 1][:1]
        row = row or [r for r in rows if r.xpath("./td/b")][:1]
    return [words(c) for c in row[0].xpath("./td|./th")] if row else []


@pytest.fixture(scope="module")
def site(world) -> SimSite:
    return SimSite(world, round=3)


def decided_case(world, court, appealed: bool = False):
    today = world.round_date(3)
    return next(
        c
        for c in reversed(world.cases_at(court.code, 3))
        if c.visible(today)
        and c.act_visible(today)
        and not c.hidden(today)
        and (not appealed or (c.appeal is not None and c.appeal.decided <= today))
    )


def test_classic_card_matches_the_real_criminal_card(world, site):
    case = decided_case(world, CLASSIC)
    page = sim(site, case_urls(case)["card"], CLASSIC.host)
    ref = real("district__leninsky--bkr__card__criminal_1inst__1-151-2026.html")
    assert signature(page, MODULE) <= signature(ref, MODULE)
    assert words(page.xpath("//div[@class='title']")[0]) == words(
        ref.xpath("//div[@class='title']")[0]
    )
    tab_lis = "//ul[@class='tabs']/li[not(starts-with(@id,'tab_doc'))]"
    real_tabs = [words(li) for li in ref.xpath(tab_lis)]
    sim_tabs = [words(li) for li in page.xpath(tab_lis)]
    assert sim_tabs == real_tabs  # ДЕЛО · ДВИЖЕНИЕ ДЕЛА · ЛИЦА · СТОРОНЫ · ИСП. ЛИСТЫ · АКТЫ
    for n, _title in enumerate(real_tabs[1:4], 2):  # ДВИЖЕНИЕ ДЕЛА, ЛИЦА, СТОРОНЫ
        want = header(ref.xpath(f"//div[@id='cont{n}']//table")[0])
        got = header(page.xpath(f"//div[@id='cont{n}']//table")[0])
        assert got == want, real_tabs[n - 1]
    assert page.xpath("//li[@id='tab_doc1']") and page.xpath("//div[@id='cont_doc1']")
    published = "//div[contains(@class,'publishInfo')]/@class"
    assert page.xpath(published) == ref.xpath(published)


def test_classic_appeal_tab_matches_the_real_complaints_tab(world, site):
    case = decided_case(world, CLASSIC, appealed=True)
    page = sim(site, case_urls(case)["card"], CLASSIC.host)
    ref = real("district__syktsud--komi__card__civil_1inst__2-3671-2025.html")
    title = "ОБЖАЛОВАНИЕ РЕШЕНИЙ, ОПРЕДЕЛЕНИЙ (ПОСТ.)"
    tabs = {
        "real": [words(li) for li in ref.xpath("//ul[@class='tabs']/li")],
        "sim": [words(li) for li in page.xpath("//ul[@class='tabs']/li")],
    }
    assert title in tabs["real"] and title in tabs["sim"]
    blocks = {
        name: tree.xpath(f"//div[@id='cont{tabs[name].index(title) + 1}']")[0]
        for name, tree in (("real", ref), ("sim", page))
    }
    real_outer, sim_outer = (b.xpath("./table")[0] for b in (blocks["real"], blocks["sim"]))
    sim_labels = [words(b) for b in sim_outer.xpath("./tbody/tr/td/b")]
    real_labels: list[str] = []  # every label of the real tab's complaints, in their order
    for label in (words(b) for b in blocks["real"].xpath("./table/tbody/tr/td/b")):
        if label not in real_labels:
            real_labels.append(label)
    assert sim_labels[:2] == real_labels[:2]  # Вид жалобы (представления), Заявитель
    # a heard appeal adds «Дата рассмотрения жалобы», «Результат обжалования» as the real one
    assert sim_labels == [label for label in real_labels if label in sim_labels]
    assert "Результат обжалования" in sim_labels
    assert [words(th) for th in sim_outer.xpath("./tbody/tr/th")] == [
        words(th) for th in real_outer.xpath("./tbody/tr/th")
    ]  # «ЖАЛОБА № 1*», «---=== ДВИЖЕНИЕ ЖАЛОБЫ ===---»
    inner = [b.xpath(".//table//table")[0] for b in (blocks["real"], blocks["sim"])]
    assert header(inner[1]) == header(inner[0])
    assert signature(blocks["sim"], "./*") <= signature(blocks["real"], "./*")


def test_server_choice_matches_the_real_several_server_page(world):
    """The Saransk court's real answer to `name=sud_delo` without `srv_num`: the site's chrome,
    no module header, form or script, the words, then `ul.statUl` with one link per server."""
    site = SimSite(world, round=3)
    page = sim(site, "/modules.php?name=sud_delo", DISTRICT.host)
    ref = real("district__oktyabrsky--mor__server_choice.html")
    region = "//div[contains(@class,'box_common')][.//ul[@class='statUl']]"
    for tree in (page, ref):
        assert len(tree.xpath(region)) == 1
        assert not tree.xpath("//div[@id='modSdpContent'] | //form[@id='calformH']")
    assert signature(page, region) == signature(ref, region)
    heads = [words(t.xpath(region + "/div[contains(@class,'box__head')]")[0]) for t in (page, ref)]
    assert heads[0] == heads[1] == "СУДЕБНОЕ ДЕЛОПРОИЗВОДСТВО"
    said = [words(t.xpath(region + "//ul[@class='statUl']/..")[0]) for t in (page, ref)]
    intro = said[1].split("Выберите сервер для продолжения работы с разделом.")[0]
    assert intro.startswith("Наш суд использует несколько серверов") and said[0].startswith(intro)
    links = [t.xpath("//ul[@class='statUl']/li/a/@href") for t in (page, ref)]
    assert links[0] == links[1] == [f"/modules.php?name=sud_delo&srv_num={n}" for n in (1, 2)]
    labels = [words(a) for a in page.xpath("//ul[@class='statUl']/li/a")]
    real_labels = [words(a) for a in ref.xpath("//ul[@class='statUl']/li/a")]
    assert labels[0] == DISTRICT.name and real_labels[1].startswith("ПСП ")
    assert labels[1].startswith("ПСП ") and " в с. " in labels[1] and " в с. " in real_labels[1]


REAL_VNKOD_CARDS = {
    "blag": "district__blag-gs--amr__card__civil_1inst_vnkod__2-5-2026.html",
    "uln": "district__zavolgskiy--uln__card__civil_1inst_vnkod__2-5-2026.html",
    "sam": "regional__oblsud--sam__card__kas_appeal_vnkod__33a-647-2026.html",
}


@pytest.mark.parametrize("layout", sorted(REAL_VNKOD_CARDS))
def test_vnkod_cards_match_the_real_card_of_each_layout(world, layout):
    w = copy(world)
    w.profiles = dict(world.profiles)
    w.profiles[VNKOD.code] = dataclasses.replace(world.profiles[VNKOD.code], vnkod_layout=layout)
    today = w.round_date(3)
    case = next(c for c in reversed(w.cases_at(VNKOD.code, 3)) if c.visible(today))
    page = sim(SimSite(w, round=3), case_urls(case)["card"], VNKOD.host)
    ref = real(REAL_VNKOD_CARDS[layout])
    assert signature(page, MODULE) <= signature(ref, MODULE)
    assert page.xpath("//div[@class='case-num']") and ref.xpath("//div[@class='case-num']")
    real_ids = {li.get("id") for li in ref.xpath("//ul[@id='case_bookmarks']/li")}
    sim_ids = {li.get("id") for li in page.xpath("//ul[@id='case_bookmarks']/li")}
    assert sim_ids - {"tab_id_Document1"} <= real_ids
    events = "//div[@id='tab_content_EventList']/table"
    got, want = page.xpath(events)[0], ref.xpath(events)[0]
    assert got.get("class") == want.get("class")
    assert header(got) == header(want)
    people = "//div[@id='tab_content_PersonList']/table"
    assert page.xpath(people)[0].get("class") == ref.xpath(people)[0].get("class")


def vnkod_listing(site: SimSite, year: int) -> html.HtmlElement:
    url = urls.vnkod_criminal_search(
        VNKOD.host, VNKOD.code, date_from=f"01.01.{year}", date_to=f"31.12.{year}"
    )
    return sim(site, url, VNKOD.host)


@pytest.mark.parametrize("labelled", [False, True], ids=["plain", "labelled"])
def test_vnkod_listing_matches_the_real_listing(world, labelled):
    w = copy(world)
    w.profiles = dict(world.profiles)
    w.profiles[VNKOD.code] = dataclasses.replace(
        world.profiles[VNKOD.code], vnkod_labelled=labelled, vnkod_page_size=1000
    )
    page = vnkod_listing(SimSite(w, round=3), 2025)  # one page: the real listing has one
    ref = real("regional__oblsud--sam__listing__kas_appeal_vnkod_by_uid.html")
    assert signature(page, MODULE) <= signature(ref, MODULE)
    head = "//div[@id='resultTable']/table/thead/tr/td"
    assert [words(td) for td in page.xpath(head)] == [words(td) for td in ref.xpath(head)]
    for region in ("name-instanse", "lawcase-count", "lawcase-paging"):
        assert page.xpath(f"//div[contains(@class,'{region}')]"), region
    assert page.xpath("//div[@id='resultMob']")
    cells = page.xpath("//div[@id='resultTable']//tbody/tr/td[3]")
    assert cells
    real_cell = ref.xpath("//div[@id='resultTable']//tbody/tr/td[3]")[0]
    real_labels = {t.strip().split(":", 1)[0] for t in real_cell.xpath("./text()")}
    assert {"КАТЕГОРИЯ", "ЛИЦА"} <= real_labels
    for cell in cells:
        lines = [t.strip() for t in cell.xpath("./text()")]
        if labelled:
            assert lines[0].startswith("КАТЕГОРИЯ: ")
            assert all(line.split(":", 1)[0] in real_labels for line in lines)
            assert {"ЛИЦА"} <= {line.split(":", 1)[0] for line in lines}
        else:
            assert all(" - ст." in line for line in lines)


def test_classic_listing_matches_the_real_listing(site):
    url = urls.criminal_search(
        CLASSIC.host, date_from="01.01.2025", date_to="31.12.2025", court_code=CLASSIC.code
    )
    page = sim(site, url, CLASSIC.host)
    ref = real("cassation__2kas__listing__koap_cass_adm33.html")
    assert signature(page, MODULE) <= signature(ref, MODULE)
    got = header(page.xpath("//table[@id='tablcont']")[0])
    want = header(ref.xpath("//table[@id='tablcont']")[0])
    assert len(got) == len(want) == 8
    # column 2 is named after the cartoteka («Правонарушение / …» for КоАП)
    assert got[:2] + got[3:] == want[:2] + want[3:]


@pytest.mark.parametrize(
    ("court", "reference"),
    [
        (CLASSIC, "cassation__2kas__listing__koap_cass_adm33.html"),
        (VNKOD, "regional__oblsud--sam__listing__kas_appeal_vnkod_by_uid.html"),
    ],
)
def test_the_design_around_the_module_uses_the_real_regions_and_weight(world, court, reference):
    site = SimSite(world, round=3)
    today = world.round_date(3)
    case = next(c for c in reversed(world.cases_at(court.code, 3)) if c.visible(today))
    body = site.handle(case_urls(case)["card"], court.host).body
    assert 100_000 <= len(body) <= 380_000  # what real court pages weigh
    page = html.fromstring(body.decode("cp1251"))
    ref = real(reference)
    outer = signature(page) - signature(page, MODULE)
    assert outer <= signature(ref)
    for region in ("header", "page_decor", "col_left", "col_right", "col_content", "footer"):
        assert ("class", region) in outer, region
    assert page.xpath("//style") and page.xpath("//script")


def test_throttle_page_says_what_the_real_one_says(world):
    site = SimSite(world, FaultPlan({"throttle": 1.0}, clean_after=100), round=3)
    case = world.cases[CLASSIC.code][0]
    page = sim(site, case_urls(case)["card"], CLASSIC.host)
    ref = real("cassation__2kas__throttled__temporarily_unavailable.html")
    xpath = "//div[contains(@class,'box_common')]"
    assert words(page.xpath(xpath)[0]) == words(ref.xpath(xpath)[0])


def test_captcha_form_fields_are_written_as_on_the_real_form(world):
    court = dataclasses.replace(CLASSIC, captcha=True)
    from refusenik.simulate import World

    site = SimSite(World.generate(1, [court], rounds=1), enforce_captcha=True)
    page = sim(site, urls.form_url(court.host), court.host)
    ref = real("regional__sankt-peterburgsky--spb__form__civil_appeal_with_captcha.html")
    for tree in (page, ref):
        assert tree.xpath("//input[@name='captcha']")
        assert tree.xpath("//input[@name='captchaid' and @type='hidden']")
    prefix = "data: image/png;base64, "
    image = "//input[@name='captcha']/following::img[1]/@src"
    assert ref.xpath(image)[0].startswith(prefix + "iVBORw0KGgo")
    assert page.xpath(image)[0].startswith(prefix + "iVBORw0KGgo")


# --- the press service -------------------------------------------------------------------

PRESS_BOX = "//div[contains(concat(' ', @class, ' '), ' box_common ')]"


def real_cp1251(name: str) -> html.HtmlElement:
    """A real page saved as the court serves it, in windows-1251."""
    return html.fromstring((PAGES / name).read_bytes().decode("cp1251"))


def press_signature(tree: html.HtmlElement) -> set[tuple[str, str]]:
    """Every id and class of the press module's box; an item's text (the court's own
    markup) left out, and the item number dropped from `divNewsPublishInfoN`."""
    out: set[tuple[str, str]] = set()
    for box in tree.xpath(PRESS_BOX):
        for e in box.iter():
            if not isinstance(e.tag, str) or any(
                "printVersionBody" in (a.get("class") or "") for a in e.iterancestors()
            ):
                continue
            ident = e.get("id")
            if ident:
                out.add(
                    (
                        "id",
                        "divNewsPublishInfo" if ident.startswith("divNewsPublishInfo") else ident,
                    )
                )
            out.update(("class", c) for c in (e.get("class") or "").split())
    return out


def press_rows(tree: html.HtmlElement, table: str) -> list[list[str]]:
    """The cells' shape of each news row: the date cell's text form and the link's target."""
    out = []
    for row in tree.xpath(f"{table}//tr[.//a[contains(@href, 'did=')]]"):
        cells = row.xpath("./td")
        href = (row.xpath(".//a/@href") or [""])[0]
        out.append(
            [
                str(len(cells)),
                re.sub(r"\d", "9", words(cells[0])),
                re.sub(r"^.*modules\.php", "modules.php", re.sub(r"\d+$", "N", href)),
            ]
        )
    return out


def test_press_pages_match_the_real_press_pages(world, site):
    court = CLASSIC
    items = world.press_releases(court.code, 3)
    assert len(items) > 30  # a list that does not show them all, as the real one
    base = "/modules.php?name=press_dep"
    pages = {
        "list": (
            sim(site, base, court.host),
            real_cp1251("regional__2zovs--msk__press_list__news.html"),
        ),
        "archive": (
            sim(site, f"{base}&op=12&arc_list={items[-1].date:%Y-%m}", court.host),
            real_cp1251("regional__2zovs--msk__press_archive__2026-04.html"),
        ),
        "item": (
            sim(site, f"{base}&op=1&did={items[0].id}", court.host),
            real_cp1251("regional__2zovs--msk__press_release__did369.html"),
        ),
    }
    for kind, (page, ref) in pages.items():
        assert press_signature(page) == press_signature(ref), kind
    for kind, table in (
        ("list", "//div[@id='divNewsList']"),
        ("archive", "//table[@id='tblArchiveList']"),
    ):
        page, ref = pages[kind]
        assert set(map(tuple, press_rows(page, table))) == set(map(tuple, press_rows(ref, table)))
    page, ref = pages["list"]
    assert len(press_rows(page, "//div[@id='divNewsList']")) == len(
        press_rows(ref, "//div[@id='divNewsList']")
    )  # the latest 30
    subtitle = "//div[@id='divModuleSubTitle']"
    assert words(pages["item"][0].xpath(subtitle)[0]).startswith("Новость от ")
    assert words(pages["archive"][1].xpath(subtitle)[-1]).startswith("Архив за ")
    assert words(pages["archive"][0].xpath(subtitle)[-1]).startswith("Архив за ")
