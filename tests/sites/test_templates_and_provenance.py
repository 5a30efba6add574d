"""The template contract (one module per template, each proven on a real page), the one
host rule, provenance on every result, names kept out of URLs, and the messages a bad
page gets (content after </html>, a wrong encoding)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

import refusenik.courts as courts
from refusenik.simulate.courts_pick import SimCourt
from refusenik.sites import (
    ActText,
    Listing,
    PageKind,
    ParseError,
    Source,
    Template,
    act_plain_text,
    parse_page,
)
from refusenik.sites.dispatch import MODULES
from refusenik.sites.hosts import home_host, module_host
from refusenik.sites.url_privacy import safe_url
from refusenik.templates import SITE_TEMPLATES

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
CARD = PAGES / "district__leninsky--bkr__card__criminal_1inst__1-151-2026.html"
ACT = PAGES / "cassation__2kas__act_doc__civil_cass__88-14715-2026.html"
PARTICIPANT = PAGES / "mosgorsud__mgs__listing__search_participant.html"


def _expected(page: Path) -> dict:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


# --- the contract ---------------------------------------------------------------------


def test_every_template_has_one_module_on_the_contract() -> None:
    assert set(MODULES) == set(SITE_TEMPLATES)
    for template, module in MODULES.items():
        assert module.TEMPLATE is template
        assert isinstance(module.HOSTS, tuple) and isinstance(module.MARKERS, tuple)
        assert module.MARKERS, f"{template}: no content markers"
        assert module.BODY_REGION is None or len(module.BODY_REGION) == 2
        for fn in ("classify", "parse", "expected_kind"):
            assert callable(getattr(module, fn)), f"{template}.{fn}"


def test_every_template_has_a_real_page_with_its_expected_output() -> None:
    """A template nobody has seen a real page of is a guess: this fails until one is saved."""
    seen: set[str] = set()
    for page in PAGES.glob("*.html"):
        if page.name.startswith("derived__") or not page.with_suffix(".json").exists():
            continue
        assert page.with_suffix(".source.txt").exists(), f"{page.name}: no .source.txt"
        seen.add(_expected(page)["template"])
    missing = {str(t) for t in SITE_TEMPLATES} - seen
    assert not missing, f"no real example page for {sorted(missing)}"


def test_a_registry_court_maps_to_its_parser_with_no_translation() -> None:
    for court in courts.all_courts():
        assert court.template in MODULES, court.code


# --- hosts ----------------------------------------------------------------------------


def test_one_host_rule_for_every_real_registry_host() -> None:
    checked = 0
    for court in courts.all_courts():
        host = court.host or ""
        if not host.endswith(".sudrf.ru"):
            continue
        assert module_host(host) == court.module_host, court.code
        assert home_host(court.module_host) == court.host, court.code
        assert SimCourt.from_registry(court).module_host == court.module_host, court.code
        checked += 1
    assert checked > 2000


def test_every_dot_of_a_deeper_host_becomes_a_double_hyphen() -> None:
    assert module_host("a.b.c.sudrf.ru") == "a--b--c.sudrf.ru"
    assert home_host("a--b--c.sudrf.ru") == "a.b.c.sudrf.ru"
    sim = SimCourt("01GV0001", "x", "garrison_military", "a.b.c.sudrf.ru")
    assert sim.module_host == "a--b--c.sudrf.ru"
    assert sim.template is Template.SUDRF_CLASSIC


# --- provenance -----------------------------------------------------------------------


def test_every_result_carries_its_source() -> None:
    body = CARD.read_bytes()
    url = _expected(CARD)["url"]
    when = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
    result = parse_page(body, url, status=200, fetched_at=when)
    assert result.source == Source(
        url=url, sha256=hashlib.sha256(body).hexdigest(), status=200, fetched_at=when
    )
    assert result.to_dict()["source"]["fetched_at"] == "2026-11-30T12:00:00+00:00"
    with pytest.raises(AttributeError):
        result.source.url = "x"  # type: ignore[misc]


def test_a_refusal_page_has_a_source_too() -> None:
    page = PAGES / "cassation__2kas__throttled__temporarily_unavailable.html"
    result = parse_page(page.read_bytes(), status=200)
    assert result.page_kind is PageKind.THROTTLED
    assert result.source is not None and result.source.status == 200


# --- names in URLs --------------------------------------------------------------------


def test_no_card_url_of_a_participant_search_names_the_participant() -> None:
    url = "https://mos-gorsud.ru/mgs/search?participant=%D0%92%D0%BE%D1%80&page=1"
    result = parse_page(PARTICIPANT.read_bytes(), url)
    listing = result.records[0]
    assert isinstance(listing, Listing) and len(listing.rows) == 11
    for row in listing.rows:
        assert row.card_url and "/details/" in row.card_url
        assert "participant" not in row.card_url
    assert result.url == "https://mos-gorsud.ru/mgs/search?page=1"
    assert result.source is not None and "participant" not in (result.source.url or "")
    assert "participant" not in json.dumps(result.to_dict())


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://x.ru/a?participant=Ivanov", "https://x.ru/a"),
        ("https://x.ru/a?b=1&PARTICIPANT=I&c=2#f", "https://x.ru/a?b=1&c=2#f"),
        (
            "https://a--b.sudrf.ru/modules.php?name=sud_delo&U1_DEFENDANT__NAMESS=%C8&page=2",
            "https://a--b.sudrf.ru/modules.php?name=sud_delo&page=2",
        ),
        ("https://a.ru/m?parts__namess=X&_page=1", "https://a.ru/m?_page=1"),
        ("https://a.ru/m?name=sud_delo", "https://a.ru/m?name=sud_delo"),
        (None, None),
    ],
)
def test_name_bearing_query_parameters_are_dropped(url: str | None, safe: str | None) -> None:
    assert safe_url(url) == safe


def test_a_parse_error_names_no_participant() -> None:
    url = "https://mos-gorsud.ru/mgs/search?participant=Ivanov"
    with pytest.raises(ParseError) as err:
        parse_page(b"<html><body><p>nothing</p></body></html>", url)
    assert "Ivanov" not in str(err.value)


# --- messages -------------------------------------------------------------------------


def test_content_after_the_closing_html_is_not_truncation() -> None:
    body = CARD.read_bytes() + b"\n<script>counter()</script>\n" * 40
    result = parse_page(body, _expected(CARD)["url"])
    assert result.page_kind is PageKind.CASE_CARD


def test_a_wrong_encoding_is_named_as_such() -> None:
    """A KOI8-R page read as windows-1251 once said «missing the table of tab
    «ухдевоще блфщ»» as if the layout had changed."""
    body = CARD.read_bytes().decode("utf-8").encode("koi8-r", errors="replace")
    with pytest.raises(ParseError) as err:
        parse_page(body)
    assert "ухдевоще блфщ" in err.value.missing
    assert "encoding looks wrong" in err.value.missing


# --- act text for the extract stage ---------------------------------------------------


def test_act_plain_text_is_the_act_records_text() -> None:
    body = ACT.read_bytes()
    url = _expected(ACT)["url"]
    text = act_plain_text(body, url)
    acts = [r for r in parse_page(body, url).records if isinstance(r, ActText)]
    assert text == acts[0].text and len(text) > 1000


def test_act_plain_text_of_a_listing_is_refused() -> None:
    with pytest.raises(ParseError, match="an act text"):
        act_plain_text(PARTICIPANT.read_bytes(), "https://mos-gorsud.ru/mgs/search")


# --- issue-10 card and form details -----------------------------------------------------


def test_captcha_data_uri_written_with_spaces_is_read() -> None:
    page = PAGES / "regional__sankt-peterburgsky--spb__form__civil_appeal_with_captcha.html"
    form = parse_page(page.read_bytes(), _expected(page)["url"]).records[0]
    assert form.captcha_image is not None  # type: ignore[attr-defined]
    assert form.captcha_image.startswith("data:image/png;base64,iVBOR")  # type: ignore[attr-defined]


def test_an_act_page_gives_its_case_number() -> None:
    acts = parse_page(ACT.read_bytes(), _expected(ACT)["url"]).records
    assert [a.case_number for a in acts if isinstance(a, ActText)] == ["88-14715/2026"]


def test_the_rapporteur_of_an_appeal_card_is_no_presiding_judge() -> None:
    page = PAGES / "regional__oblsud--sam__card__kas_appeal_vnkod__33a-647-2026.html"
    card = parse_page(page.read_bytes(), _expected(page)["url"]).records[0]
    assert card.fields["Докладчик"] == card.rapporteur  # type: ignore[attr-defined]
    assert card.rapporteur and card.judge is None  # type: ignore[attr-defined]


def test_a_tab_with_no_typed_record_is_kept_and_reported() -> None:
    page = PAGES / "district__syktsud--komi__card__civil_1inst__2-3671-2025.html"
    body = page.read_bytes().replace("ИСПОЛНИТЕЛЬНЫЕ ЛИСТЫ".encode(), "НОВАЯ ВКЛАДКА".encode())
    card = parse_page(body, _expected(page)["url"]).records[0]
    assert card.unknown_tabs == ["НОВАЯ ВКЛАДКА"]  # type: ignore[attr-defined]
    (kept,) = card.other_tabs  # type: ignore[attr-defined]
    assert kept.title == "НОВАЯ ВКЛАДКА" and kept.headers[0] == "Дата выдачи"
    assert kept.rows[1][1] == "ФС № 049371974"
    assert card.writs == []  # type: ignore[attr-defined]


def test_card_tabs_become_typed_records() -> None:
    from refusenik.privacy import pseudonym

    page = PAGES / "district__syktsud--komi__card__civil_1inst__2-3671-2025.html"
    card = parse_page(page.read_bytes(), _expected(page)["url"]).records[0]
    assert card.unknown_tabs == []  # type: ignore[attr-defined]
    assert [a.number for a in card.appeals] == [1, 2, 3, 4, 5]  # type: ignore[attr-defined]
    fifth = card.appeals[4]  # type: ignore[attr-defined]
    assert (fifth.kind, fifth.higher_court, fifth.decision_date) == (
        "Частная жалоба",
        "Верховный Cуд Республики Коми",
        "2025-10-02",
    )
    assert fifth.result.startswith("Оставить решение (определение) БЕЗ ИЗМЕНЕНИЯ")
    assert fifth.events[-1].name == "Возвращено из вышестоящей инстанции"
    assert [(w.issued_date, w.blank_number) for w in card.writs] == [  # type: ignore[attr-defined]
        ("2025-04-22", None),
        ("2025-04-22", "ФС № 049371974"),
    ]
    cass = PAGES / "cassation__5kas__card__criminal_cass__7U-1297-2026.html"
    card = parse_page(cass.read_bytes(), _expected(cass)["url"]).records[0]
    lawyer, prosecutor = card.complaints  # type: ignore[attr-defined]
    assert lawyer.filer == pseudonym("Павленко Р.В.") and lawyer.filer_status == "АДВОКАТОМ"
    assert (lawyer.received_date, lawyer.decision_date) == ("2026-04-21", "2026-04-22")
    assert prosecutor.filer == "подано ПРОКУРОРОМ"
    vnkod = PAGES / "district__zavolgskiy--uln__card__civil_1inst_vnkod__2-5-2026.html"
    card = parse_page(vnkod.read_bytes(), _expected(vnkod)["url"]).records[0]
    assert "Требования" in card.tabs and "Требования" not in card.unknown_tabs  # type: ignore[attr-defined]


def test_a_several_server_court_answers_with_its_list_of_servers() -> None:
    from refusenik.sites import ServerChoice, sudrf_classic

    page = PAGES / "derived__classic__server_choice__three_servers.html"
    url = sudrf_classic.server_choice_url("leninsky.bkr.sudrf.ru")
    assert url == "https://leninsky--bkr.sudrf.ru/modules.php?name=sud_delo"
    result = parse_page(page.read_bytes(), url)
    assert result.page_kind is PageKind.SERVER_CHOICE
    servers = [r for r in result.records if isinstance(r, ServerChoice)]
    assert [s.srv_num for s in servers] == [1, 2, 3]
    assert servers[1].label == "Постоянное судебное присутствие в с. Нурлино"
    assert servers[1].url == f"{url}&srv_num=2"
    # Each server is then searched with its own srv_num.
    search = sudrf_classic.criminal_search("leninsky.bkr.sudrf.ru", article="337", srv_num=2)
    assert "&srv_num=2&" in search


def test_the_real_server_choice_is_read_from_its_list_not_the_menus() -> None:
    """The real Saransk page; a menu link to a server elsewhere on the page is no server."""
    from refusenik.sites import ServerChoice

    page = PAGES / "district__oktyabrsky--mor__server_choice.html"
    url = "http://oktyabrsky--mor.sudrf.ru/modules.php?name=sud_delo&case_id=155820227"
    menu = "<a href='/modules.php?name=sud_delo&srv_num=2&name_op=sf'>Поиск по делам</a>"
    body = page.read_bytes()
    at = body.index(b"<div class='box box_common m-all_m'>")
    body = body[:at] + f"<div>{menu}</div>".encode() + body[at:]
    for raw in (page.read_bytes(), body):
        result = parse_page(raw, url)
        assert result.page_kind is PageKind.SERVER_CHOICE and result.court_code == "13RS0025"
        servers = [
            (s.srv_num, s.label, s.url) for s in result.records if isinstance(s, ServerChoice)
        ]
        assert servers == [
            (
                1,
                "Октябрьский районный суд г. Саранска Республики Мордовия",
                "http://oktyabrsky--mor.sudrf.ru/modules.php?name=sud_delo&srv_num=1",
            ),
            (
                2,
                "ПСП Октябрьского районного суда г. Саранска Республики Мордовия в с. Кочкурово",
                "http://oktyabrsky--mor.sudrf.ru/modules.php?name=sud_delo&srv_num=2",
            ),
        ]


def test_the_same_words_without_server_links_are_no_server_choice() -> None:
    words = "<p>Наш суд использует несколько серверов. Выберите сервер</p>".encode()
    body = CARD.read_bytes().replace(b'<div id="content">', b'<div id="content">' + words, 1)
    assert words in body
    assert parse_page(body, _expected(CARD)["url"]).page_kind is PageKind.CASE_CARD


VSRF_NEW = PAGES / "vsrf__card_casestyle__military_cass__222-UD24-28-A6.html"


def test_vsrf_newer_card_markup_gives_the_case_and_its_complaints() -> None:
    result = parse_page(VSRF_NEW.read_bytes(), None)
    assert result.template is Template.VSRF and result.page_kind is PageKind.CASE_CARD
    case, *linked = result.records
    assert case.case_number == "222-УД24-28-А6"  # type: ignore[attr-defined]
    assert case.lower_court == {  # type: ignore[attr-defined]
        "court": "2-й Западный окружной военный суд (г. Москва)",
        "act": "Приговор",
        "date": "2023-12-12",
        "case_number": "2-273/2023",
        "judge": "Тестовый судья",
    }
    assert [e.date for e in case.events] == ["2024-05-02", "2024-05-03", "2024-06-05"]  # type: ignore[attr-defined]
    assert case.events[2].result == "Вынесено определение (постановление)"  # type: ignore[attr-defined]
    assert case.rapporteur == "Тестовый докладчик"  # type: ignore[attr-defined]
    assert case.acts[0].url == "https://vsrf.ru/lk/practice/stor_pdf/2374414"  # type: ignore[attr-defined]
    assert [c.cartoteka for c in linked] == ["Жалоба", "Сообщение", "Жалоба"]  # type: ignore[attr-defined]


def test_vsrf_newer_card_participants_are_pseudonymised() -> None:
    from refusenik.privacy import pseudonym

    item = (
        '<div class="CaseStyle_case_item__x"><div class="CaseStyle_cardTitleRow__y"><div>'
        "<span>Дело №</span><span>3-КГ23-1-К3</span></div></div>"
        '<div class="CaseStyle_case_personalList_item__z">'
        '<div class="CaseStyle_registerDateRow_attribute__a">Заявители:</div><div>'
        '<div class="CaseStyle_case_personalListName__b"><span> Сидоров Павел Ильич</span></div>'
        "</div></div></div>"
    )
    body = f"<html><head><title>t</title></head><body>{item}</body></html>".encode()
    card = parse_page(body, "https://vsrf.ru/lk/practice/claims/1").records[0]
    assert [(p.role, p.name) for p in card.parties] == [  # type: ignore[attr-defined]
        ("Заявители", pseudonym("Сидоров Павел Ильич"))
    ]
    assert "Сидоров" not in json.dumps(card.to_dict(), ensure_ascii=False)


def test_parse_json_of_a_participant_search_names_no_participant() -> None:
    from typer.testing import CliRunner

    from refusenik.cli import build_app

    url = "https://mos-gorsud.ru/mgs/search?participant=%D0%92%D0%BE%D1%80&page=1"
    res = CliRunner().invoke(build_app(), ["parse", str(PARTICIPANT), "--url", url, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    rows = data["records"][0]["rows"]
    assert len(rows) == 11 and all("/details/" in r["card_url"] for r in rows)
    assert "participant" not in res.output
    assert "%D0%92%D0%BE%D1%80" not in res.output


def test_vsrf_newer_search_results_on_the_page_and_inside_next_data() -> None:
    from refusenik.sites import ListingRow

    page = PAGES / "vsrf__listing__casestyle_military_collegium_search.html"
    result = parse_page(page.read_bytes(), None)
    assert result.template is Template.VSRF and result.page_kind is PageKind.LISTING
    listing = result.records[0]
    assert listing.total == 7 and len(listing.rows) == 7  # type: ignore[attr-defined]
    case: ListingRow = listing.rows[4]  # type: ignore[attr-defined]
    assert (case.case_number, case.received_date) == ("222-УД24-28-А6", "2024-05-02")
    assert case.card_url == "https://vsrf.ru/lk/practice/claims/17-35241305"
    assert (case.lower_court, case.lower_case_number) == (
        "2-й Западный окружной военный суд (г. Москва)",
        "2-273/2023",
    )
    assert (case.decision_date, case.result) == (
        "2024-06-05",
        "Вынесено определение (постановление)",
    )
    assert [a.url for a in case.acts] == ["https://vsrf.ru/lk/practice/stor_pdf/2374414"]
    assert listing.rows[1].info == ["Вид: Жалоба"]  # type: ignore[attr-defined]
    # the same markup as the site now sends it: HTML inside the __NEXT_DATA__ JSON
    data = PAGES / "vsrf__listing__next_data_claims_civil.html"
    inside = parse_page(data.read_bytes(), None)
    assert inside.page_kind is PageKind.LISTING
    row = inside.records[0].rows[0]  # type: ignore[attr-defined]
    assert inside.records[0].total == 1  # type: ignore[attr-defined]
    assert (row.lower_court, row.lower_case_number) == ("Козельский районный суд", "2-3-235/2025")
    assert [p.organisation for p in row.parties] == [False, True, False]
    assert all(p.name.startswith("P-") for p in row.parties if not p.organisation)
    # a __NEXT_DATA__ that is not JSON is no listing
    broken = data.read_bytes().replace(b'{"props"', b"{props", 1)
    with pytest.raises(ParseError):
        parse_page(broken, None)
