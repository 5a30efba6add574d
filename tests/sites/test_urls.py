"""URL builders produce exactly the URLs real sudrf court sites answer (search, card, act, paging)."""

from __future__ import annotations

import datetime as dt

import pytest

from refusenik.sites import urls as U


def test_article_is_percent_encoded_in_cp1251() -> None:
    assert U.article_query("337", 5) == "337+%F7.5"
    assert U.article_query("338") == "338"
    assert U.article_query("332", "2.1") == "332+%F7.2.1"
    assert U.article_query("173.1", 2, "б") == "173.1+%F7.2+%EF.%E1"


def test_both_host_forms() -> None:
    assert U.module_host("vs.komi.sudrf.ru") == "vs--komi.sudrf.ru"
    assert U.module_host("vs--komi.sudrf.ru") == "vs--komi.sudrf.ru"
    assert U.home_host("vs--komi.sudrf.ru") == "vs.komi.sudrf.ru"
    assert U.module_host("https://2kas.sudrf.ru/") == "2kas.sudrf.ru"
    assert U.home_host("2kas.sudrf.ru") == "2kas.sudrf.ru"


def test_classic_criminal_search_by_article_and_received_dates() -> None:
    url = U.criminal_search(
        "tverskoy.twr.sudrf.ru",
        article="337",
        part=5,
        date_from=dt.date(2024, 1, 1),
        date_to="31.12.2024",
        court_code="77GV0011",
    )
    assert url == (
        "https://tverskoy--twr.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=r&page=1"
        "&vnkod=77GV0011&delo_id=1540006&case_type=0&new=0&delo_table=u1_case"
        "&u1_case__ENTRY_DATE1D=01.01.2024&u1_case__ENTRY_DATE2D=31.12.2024"
        "&U1_DEFENDANT__LAW_ARTICLESS=337+%F7.5&Submit=%CD%E0%E9%F2%E8"
    )


@pytest.mark.parametrize(
    ("field", "params"),
    [
        ("decided", "u1_case__RESULT_DATE1D=01.02.2025&u1_case__RESULT_DATE2D=28.02.2025"),
        ("published", "U1_DOCUMENT__PUBL_DATE1D=01.02.2025&U1_DOCUMENT__PUBL_DATE2D=28.02.2025"),
        ("in_force", "U1_CASE__VALIDITY_DATE1D=01.02.2025&U1_CASE__VALIDITY_DATE2D=28.02.2025"),
    ],
)
def test_classic_date_fields(field: str, params: str) -> None:
    url = U.criminal_search(
        "bgvs.alt.sudrf.ru",
        date_field=field,
        date_from="01.02.2025",
        date_to="28.02.2025",
        page=3,
        srv_num=2,
    )
    assert url == (
        "https://bgvs--alt.sudrf.ru/modules.php?name=sud_delo&srv_num=2&name_op=r&page=3"
        "&delo_id=1540006&case_type=0&new=0&delo_table=u1_case&"
        + params
        + "&Submit=%CD%E0%E9%F2%E8"
    )


def test_appeal_and_cassation_cartotekas() -> None:
    appeal = U.criminal_search(
        "2zovs.msk.sudrf.ru", article="338", part=1, cartoteka=U.CRIMINAL_APPEAL
    )
    assert appeal == (
        "https://2zovs--msk.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=r&page=1"
        "&delo_id=4&case_type=0&new=4&delo_table=u2_case&U2_DEFENDANT__LAW_ARTICLESS=338+%F7.1"
        "&Submit=%CD%E0%E9%F2%E8"
    )
    cass = U.criminal_search(
        "vkas.sudrf.ru",
        date_from="01.06.2026",
        date_to="07.06.2026",
        cartoteka=U.CRIMINAL_CASSATION,
    )
    assert cass == (
        "https://vkas.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=r&page=1"
        "&delo_id=2450001&case_type=0&new=2450001&delo_table=u33_case"
        "&u33_case__ENTRY_DATE1D=01.06.2026&u33_case__ENTRY_DATE2D=07.06.2026&Submit=%CD%E0%E9%F2%E8"
    )


def test_captcha_pair_goes_into_the_query() -> None:
    url = U.criminal_search("spb.sudrf.ru", article="337", captcha=("12345", "abc"))
    assert url.endswith(
        "&U1_DEFENDANT__LAW_ARTICLESS=337&captcha=12345&captchaid=abc&Submit=%CD%E0%E9%F2%E8"
    )
    assert U.with_captcha("https://x.sudrf.ru/modules.php?a=1", "1", "2").endswith(
        "?a=1&captcha=1&captchaid=2"
    )


def test_classic_card_act_and_form() -> None:
    assert U.card_url(
        "leninsky.bkr.sudrf.ru", 181420413, "247063b2-0925-4a7a-8f5c-b5ef0b0abd7b"
    ) == (
        "https://leninsky--bkr.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=case"
        "&case_id=181420413&case_uid=247063b2-0925-4a7a-8f5c-b5ef0b0abd7b&delo_id=1540006"
    )
    assert U.card_url("vkas.sudrf.ru", 1, "u", cartoteka=U.CRIMINAL_CASSATION).endswith(
        "&case_id=1&case_uid=u&delo_id=2450001&new=2450001"
    )
    assert U.act_url("2kas.sudrf.ru", 18565938, cartoteka=U.CRIMINAL_CASSATION) == (
        "https://2kas.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=doc&number=18565938"
        "&delo_id=2450001&new=2450001&text_number=1"
    )
    assert U.form_url("tverskoy.twr.sudrf.ru") == (
        "https://tverskoy--twr.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=sf&nc=1&delo_id=1540006"
    )
    assert U.form_url("x.sudrf.ru", cartoteka=U.CRIMINAL_APPEAL).endswith("&delo_id=4&new=4")


def test_paging() -> None:
    first = U.criminal_search("a.b.sudrf.ru", article="337")
    assert "&page=7&" in U.with_page(first, 7) and "&page=1&" not in U.with_page(first, 7)
    vn = U.vnkod_criminal_search("a.b.sudrf.ru", "28GV0001", article="337")
    assert "&_page=2&" in U.with_page(vn, 2)


def test_vnkod_urls() -> None:
    url = U.vnkod_criminal_search(
        "blag-gs.amr.sudrf.ru",
        "28GV0001",
        article="337",
        part=5,
        date_from="01.01.2025",
        date_to="31.01.2025",
        srv_num=2,
    )
    assert url == (
        "https://blag-gs--amr.sudrf.ru/modules.php?name_op=r&name=sud_delo&srv_num=2&_page=1"
        "&_deloId=1540006&case__case_type=0&_new=0&case__vnkod=28GV0001&case__num_build=2"
        "&process-type=1540006_0_0&case__case_numberss=&case__judicial_uidss=&parts__namess="
        "&case__entry_date1d=01.01.2025&case__entry_date2d=31.01.2025"
        "&case__result_date1d=&case__result_date2d=&case__result=&case__judge="
        "&parts__law_articless=337+%F7.5&parts__result=&document__publ_date1d=&document__publ_date2d="
        "&case__validity_date1d=&case__validity_date2d="
    )
    assert U.vnkod_card_url("zavolgskiy.uln.sudrf.ru", "f455", case_id=137806682) == (
        "https://zavolgskiy--uln.sudrf.ru/modules.php?name=sud_delo&name_op=case&_id=137806682"
        "&_uid=f455&_deloId=1540006&_caseType=0&_new=0&srv_num=1"
    )
    assert U.vnkod_card_url("x.sudrf.ru", "u", doc=1).endswith("&_new=0&_doc=1&srv_num=1")
    assert U.vnkod_form_url("x.y.sudrf.ru") == (
        "https://x--y.sudrf.ru/modules.php?name=sud_delo&name_op=sf&srv_num=1&_deloId=1540006&_caseType=0&_new=0"
    )
    with pytest.raises(ValueError, match="no VNKOD form"):
        U.vnkod_criminal_search("x.sudrf.ru", "1", cartoteka=U.CRIMINAL_CASSATION)


def test_mosgorsud_search_is_utf8() -> None:
    assert U.mosgorsud_search(article="337", part=5, received_from="01.01.2025") == (
        "https://mos-gorsud.ru/search?formType=fullForm&courtAlias=&instance=1&processType=6"
        "&codex=337+%D1%87.5&caseDateFrom=01.01.2025&caseDateTo=&caseFinalDateFrom=&caseFinalDateTo="
        "&docsDateFrom=&docsDateTo=&page=1"
    )
    assert U.mosgorsud_article("337", 2, "а") == "337+%D1%87.2%2C+%D0%BF.+%D0%B0"


def test_bad_date_field_is_refused() -> None:
    with pytest.raises(ValueError, match="date_field"):
        U.criminal_search("x.sudrf.ru", date_field="filed")


def test_both_listing_builders_take_the_same_query_keywords() -> None:
    with pytest.raises(TypeError, match="artcle"):
        U.criminal_search("x.sudrf.ru", artcle="337")
    with pytest.raises(TypeError, match="artcle"):
        U.vnkod_criminal_search("x.sudrf.ru", "77RS0001", artcle="337")
    with pytest.raises(ValueError, match="date_field"):
        U.vnkod_criminal_search("x.sudrf.ru", "77RS0001", date_field="filed")
    q = U.SearchQuery(article="337", part=5, date_from="01.01.2026")
    assert q.article_value == "337+%F7.5" and q.window == ("01.01.2026", "")
