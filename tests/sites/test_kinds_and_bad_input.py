"""Page kinds come from the content; unreadable pages raise ParseError, never an empty success."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refusenik.sites import PageKind, ParseError, Template, classify, detect_template, parse_page
from refusenik.sites.decode import decode, detect_encoding

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
CARD = PAGES / "district__leninsky--bkr__card__criminal_1inst__1-151-2026.html"
LISTING = PAGES / "cassation__2kas__listing__civil_cass_by_publ_date_2026-06-01_07.html"
CP1251_FORM = PAGES / "regional__sankt-peterburgsky--spb__form__civil_appeal_with_captcha.html"


def test_utf8_bytes_win_over_a_cp1251_meta_tag() -> None:
    body = CARD.read_bytes()
    assert b"charset=windows-1251" in body[:500]
    assert detect_encoding(body) == "utf-8"
    assert "Уголовные дела" in decode(body)


def test_real_cp1251_bytes_are_read_as_cp1251() -> None:
    body = CP1251_FORM.read_bytes()
    assert detect_encoding(body) == "windows-1251"
    assert "Санкт-Петербургский городской суд" in decode(body)
    # The same page re-encoded to UTF-8 (meta unchanged) parses to the same records.
    utf8 = decode(body).encode("utf-8")
    assert parse_page(utf8).records == parse_page(body).records
    # …while each result names the exact bytes it came from.
    assert parse_page(utf8).source != parse_page(body).source


def test_a_stray_0x98_byte_does_not_break_cp1251() -> None:
    page = "<html><head><meta charset=windows-1251></head><body>Информация временно недоступна</body></html>"
    body = page.encode("cp1251").replace(b"</body>", b"\x98</body>")
    assert (
        classify(body, "https://2kas.sudrf.ru/modules.php?name=sud_delo&name_op=r")
        is PageKind.THROTTLED
    )


def test_refusals_are_never_no_cases() -> None:
    throttled = (PAGES / "cassation__2kas__throttled__temporarily_unavailable.html").read_bytes()
    assert classify(throttled) is PageKind.THROTTLED
    assert PageKind.THROTTLED.is_refusal and not PageKind.EMPTY_RESULT.is_refusal
    captcha = (PAGES / "cassation__3kas__listing__captcha_error_no_code.html").read_bytes()
    assert classify(captcha) is PageKind.CAPTCHA_ERROR


def test_status_adds_what_content_cannot_say() -> None:
    listing = LISTING.read_bytes()
    # 429 on an otherwise unknown page → throttled, on a 5xx → server error
    assert (
        classify(b"<html><body>Too Many Requests</body></html>", status=429) is PageKind.THROTTLED
    )
    assert classify(b"<html><body>Bad Gateway</body></html>", status=502) is PageKind.SERVER_ERROR
    # ...but a 200-looking throttle page is throttled whatever the status says
    assert classify(listing, status=200) is PageKind.LISTING


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Этот запрос заблокирован по соображениям безопасности (G). Ваш ip United States",
            PageKind.GEO_BLOCKED,
        ),
        ("Данный запрос некорректен, просьба изменить параметры запроса (B)", PageKind.GEO_BLOCKED),
        ("Warning: pg_connect(): Unable to connect", PageKind.SERVER_ERROR),
        ("<br />\n<b>Warning</b>:  pg_connect(): Unable to connect", PageKind.SERVER_ERROR),
        ("<b>Warning</b>:  pg_query(): query failed", PageKind.SERVER_ERROR),
        ("Время жизни сессии закончилось", PageKind.CAPTCHA_ERROR),
        ("ПУСТОЙ ДОКУМЕНТ", PageKind.EMPTY_DOCUMENT),
    ],
)
def test_markers_in_either_encoding(text: str, kind: PageKind) -> None:
    for enc in ("utf-8", "cp1251"):
        body = f"<html><body><div id=content>{text}</div></body></html>".encode(enc)
        assert classify(body, "https://x.sudrf.ru/modules.php?name=sud_delo&name_op=r") is kind


def test_template_from_host_and_content() -> None:
    assert (
        detect_template(b"<html></html>", "https://mos-gorsud.ru/search?x=1") is Template.MOSGORSUD
    )
    assert detect_template(b"<html></html>", "https://vsrf.ru/lk/practice/cases") is Template.VSRF
    assert (
        detect_template(b"<html></html>", "https://16.perm.msudrf.ru/modules.php")
        is Template.MSUDRF
    )
    vnkod_url = (
        "https://x--y.sudrf.ru/modules.php?name=sud_delo&name_op=case&_uid=1&_deloId=1540006"
    )
    assert detect_template(b"<html></html>", vnkod_url) is Template.SUDRF_VNKOD
    assert detect_template(CARD.read_bytes()) is Template.SUDRF_CLASSIC
    assert detect_template(b"<html><body>hello</body></html>") is Template.UNKNOWN


def test_truncated_listing_raises_naming_the_rows() -> None:
    body = LISTING.read_bytes()
    cut = body[: body.index("8Г-13604/2026".encode())]  # mid-table: 23 of 25 rows survive
    with pytest.raises(ParseError) as err:
        parse_page(cut, "https://2kas.sudrf.ru/modules.php?name=sud_delo&name_op=r")
    assert err.value.kind_expected == "listing"
    assert "rows" in err.value.missing and "25" in err.value.missing


def test_truncated_card_raises() -> None:
    body = CARD.read_bytes()
    cut = body[: body.index(b'id="cont1"') + 40]
    with pytest.raises(ParseError) as err:
        parse_page(
            cut, "https://leninsky--bkr.sudrf.ru/modules.php?name=sud_delo&name_op=case&case_id=1"
        )
    assert err.value.kind_expected == "case_card"
    assert "cont1" in err.value.missing


def test_page_cut_before_its_markers_names_the_expected_kind() -> None:
    body = CARD.read_bytes()[:2000]
    with pytest.raises(ParseError) as err:
        parse_page(
            body, "https://leninsky--bkr.sudrf.ru/modules.php?name=sud_delo&name_op=case&case_id=1"
        )
    assert err.value.kind_expected == "case_card"
    assert "case_card" in str(err.value)


def test_unrelated_site_raises() -> None:
    page = "<html><head><title>Новости</title></head><body><table><tr><td>1</td></tr></table></body></html>"
    with pytest.raises(ParseError) as err:
        parse_page(page.encode(), "https://example.org/news")
    assert err.value.template == "unknown"


def test_changed_layout_raises() -> None:
    # A listing whose table lost its counter: the rows cannot be checked, so no success.
    body = LISTING.read_bytes().replace("Всего по запросу найдено".encode(), "Итого".encode())
    with pytest.raises(ParseError):
        parse_page(body, "https://2kas.sudrf.ru/modules.php?name=sud_delo&name_op=r")


def test_empty_bytes_raise() -> None:
    with pytest.raises(ParseError):
        parse_page(b"")


# Every page, the large cassation pages too: cut points are drawn as fractions of the
# page's length, so a 370 KB page is cut anywhere without drawing huge integers. Pages are
# drawn by index (a drawn page's bytes would make hypothesis print 100 KB reprs).
_SAMPLES = [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]
_PAGE = st.integers(min_value=0, max_value=len(_SAMPLES) - 1)
_FRACTION = st.integers(min_value=0, max_value=10_000)
_CONTENT = {PageKind.LISTING, PageKind.CASE_CARD, PageKind.ACT_TEXT}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=_PAGE, start=_FRACTION, length=_FRACTION, junk=st.binary(max_size=64))
def test_fuzz_slices_raise_only_parse_error(
    page: int, start: int, length: int, junk: bytes
) -> None:
    whole = _SAMPLES[page]
    at = len(whole) * start // 10_000
    body = whole[:at] + junk + whole[at + len(whole) * length // 20_000 :]
    try:
        result = parse_page(body)
    except ParseError:
        return
    assert result.page_kind is not PageKind.UNKNOWN


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=_PAGE, cut=st.integers(min_value=0, max_value=9_999))
def test_fuzz_truncated_pages_never_parse_as_content(page: int, cut: int) -> None:
    """A page cut before its own last `</html>` never passes as a listing, card or act."""
    whole = _SAMPLES[page]
    body = whole[: min(len(whole) * cut // 10_000, whole.lower().rindex(b"</html"))]
    try:
        result = parse_page(body)
    except ParseError:
        return
    assert result.page_kind not in _CONTENT, f"{result.page_kind} from {len(body)} bytes"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_fuzz_random_bytes_raise_only_parse_error(body: bytes) -> None:
    try:
        parse_page(body, "https://x--y.sudrf.ru/modules.php?name=sud_delo&name_op=r")
    except ParseError:
        pass


def test_cut_inside_the_act_text_raises() -> None:
    body = CARD.read_bytes()
    cut = body[: body.index("ПОСТАНОВИЛ:".encode())]  # every tab intact, the act half gone
    with pytest.raises(ParseError) as err:
        parse_page(
            cut, "https://leninsky--bkr.sudrf.ru/modules.php?name=sud_delo&name_op=case&case_id=1"
        )
    assert "truncated" in err.value.missing


def test_cut_inside_the_last_row_raises() -> None:
    body = LISTING.read_bytes()
    last = body.rindex(b"<tr valign")
    cut = body[: body.index(b"</td>", last) + 5]  # the 25th row keeps only its number
    with pytest.raises(ParseError):
        parse_page(cut, "https://2kas.sudrf.ru/modules.php?name=sud_delo&name_op=r")


def test_a_parse_error_crosses_a_process_boundary_whole() -> None:
    """The store's own process reports a page it could not read back to the crawl: the
    error arrives as a ParseError with what it named (and no name in its URL)."""
    import pickle

    url = "https://gvs.sam.sudrf.ru/modules.php?name=sud_delo&fio=Иванов&case_id=7"
    sent = ParseError("case_card", "the case number", template="sudrf_classic", url=url)
    got = pickle.loads(pickle.dumps(sent))
    assert isinstance(got, ParseError)
    assert (got.kind_expected, got.missing, got.template) == (
        "case_card",
        "the case number",
        "sudrf_classic",
    )
    assert got.url == sent.url and "Иванов" not in str(got) and str(got) == str(sent)
