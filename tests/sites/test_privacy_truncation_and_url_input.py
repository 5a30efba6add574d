"""No name leaves a parse (records, act kinds, shown text); cut pages are refused; a form at
a document URL is a form; URL builders refuse bad dates, pages and databases."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from typer.testing import CliRunner

from refusenik.cli import build_app, main
from refusenik.privacy import mask_name_words, pseudonym
from refusenik.sites import PageKind, ParseError, parse_page, urls
from refusenik.sites.decode import decode

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
HTML = sorted(PAGES.glob("*.html"))
MOSGORSUD_CARD = PAGES / "mosgorsud__savelovskij__card__civil_1inst__02-3501-2025.html"


def _expected(page: Path) -> dict[str, Any]:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


def _parse(page: Path) -> dict[str, Any]:
    exp = _expected(page)
    return parse_page(page.read_bytes(), exp["url"], status=exp.get("status")).to_dict()


# --- 1. names in the act-kind column, and a scan of every page -------------------------


def test_mosgorsud_act_kinds_carry_no_party_name() -> None:
    kinds = [r["kind"] for r in _parse(MOSGORSUD_CARD)["records"][0]["acts"]]
    out = json.dumps(kinds, ensure_ascii=False)
    assert "Стародубцева" not in out
    assert f"Апелляционная жалоба ({pseudonym('Стародубцева Е.Н.')})" in kinds


# Written independently of `names._PERSON`: what a reader would call a person's name.
_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_INITIALS = r"[А-ЯЁ]\.\s?[А-ЯЁ]\.?"
_PATRONYMIC = r"[А-ЯЁ][а-яё]+(?:вич|вн|ичн|чн)[а-яё]*"
_NAME = re.compile(
    rf"(?<![А-ЯЁа-яё])(?:{_WORD}\s+{_INITIALS}|{_INITIALS}\s?{_WORD}"
    rf"|{_WORD}\s+{_WORD}\s+{_PATRONYMIC})(?![А-ЯЁа-яё])"
)
_AFTER_JUDGE = re.compile(rf"[Сс]удь[яиейю][^А-ЯЁа-яё]*({_NAME.pattern})")


# Records whose text is the court's own, kept raw for the extract stage (which stores
# pseudonyms): an act's and a press release's.
_RAW_TEXTS = ("act_text", "press_release")


def _public(value: Any) -> Any:
    """The parse without what may carry names by design: judges (public officials, under
    any key naming them) and act and press-release texts (raw for the extract stage)."""
    if isinstance(value, dict):
        return {
            k: (None if k == "text" and value.get("record") in _RAW_TEXTS else _public(v))
            for k, v in value.items()
            if not _is_judge_key(k)
        }
    if isinstance(value, list):
        return [_public(v) for v in value]
    return value


def _is_judge_key(key: str) -> bool:
    """Judges keep their names: the presiding judge and the rapporteur («Докладчик»)."""
    low = key.lower()
    return key in ("judge", "judges", "rapporteur") or "судья" in low or "докладчик" in low


def _judges(value: Any, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            if _is_judge_key(k) and v:
                out.update(" ".join(s.split()) for s in (v if isinstance(v, list) else [v]))
            else:
                _judges(v, out)
    elif isinstance(value, list):
        for v in value:
            _judges(v, out)
    return out


@pytest.mark.parametrize("page", HTML, ids=[p.stem for p in HTML])
def test_no_name_from_the_page_reaches_the_parse(page: Path) -> None:
    text = " ".join(" ".join(html.fromstring(decode(page.read_bytes())).itertext()).split())
    result = _parse(page)
    out = " ".join(json.dumps(_public(result), ensure_ascii=False).split())
    judges = _judges(result, set()) | {m.group(1) for m in _AFTER_JUDGE.finditer(text)}
    names = {m.group(0) for m in _NAME.finditer(text)} - judges
    leaked = sorted(n for n in names if n in out)
    assert not leaked, f"{page.name}: {leaked}"


def test_the_scan_sees_a_leak() -> None:
    """The scan above is not vacuous: the name it guards against is on the page."""
    text = " ".join(html.fromstring(decode(MOSGORSUD_CARD.read_bytes())).itertext())
    assert "Стародубцева Е.Н." in {m.group(0) for m in _NAME.finditer(text)}


# --- 2. a page cut just after an act's own </HTML> --------------------------------------

_EMBEDDING = [
    "cassation__2kas__card__civil_cass__8G-15211-2026",
    "cassation__5kas__card__criminal_cass__7U-1297-2026",
    "cassation__2kas__act_doc__civil_cass__88-14715-2026",
]


@pytest.mark.parametrize("stem", _EMBEDDING)
def test_cut_after_an_inner_closing_html_is_truncated(stem: str) -> None:
    page = PAGES / f"{stem}.html"
    body = page.read_bytes()
    url = _expected(page)["url"]
    ends = [m.end() for m in re.finditer(rb"</html>", body, re.IGNORECASE)]
    assert len(ends) >= 2 and ends[-1] >= len(body) - 8  # the real page's own closing last
    assert parse_page(body, url).records  # whole: parses
    for end in ends[:-1]:
        with pytest.raises(ParseError):
            parse_page(body[:end], url)
    # Cut just after the act's </HTML>: every tab is there, only the end of the page is not.
    with pytest.raises(ParseError) as err:
        parse_page(body[: ends[-2]], url)
    assert "truncated" in err.value.missing


def test_cli_refuses_the_cut_5kas_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cut = tmp_path / "t.html"
    cut.write_bytes((PAGES / f"{_EMBEDDING[1]}.html").read_bytes()[:74554])
    with pytest.raises(SystemExit) as exc:
        main(["parse", str(cut), "--json"])
    assert exc.value.code == 2
    assert "truncated" in capsys.readouterr().err


# --- 3. a captcha or search form answering a document link ------------------------------

SPB_FORM = PAGES / "regional__sankt-peterburgsky--spb__form__civil_appeal_with_captcha.html"
DOC_URL = (
    "https://sankt-peterburgsky--spb.sudrf.ru/modules.php?name=sud_delo&name_op=doc"
    "&number=1&delo_id=5&new=5&text_number=1"
)


def test_captcha_form_at_a_document_url_is_a_captcha_form() -> None:
    result = parse_page(SPB_FORM.read_bytes(), DOC_URL)
    assert result.page_kind is PageKind.CAPTCHA_FORM
    assert result.records[0].captcha


def test_search_form_at_a_document_url_is_no_act_text() -> None:
    body = re.sub(rb"<input[^>]*name=['\"]?captcha[^>]*>", b"", SPB_FORM.read_bytes())
    assert b'name="captcha"' not in body and b"name='captcha'" not in body
    assert parse_page(body, DOC_URL).page_kind is PageKind.SEARCH_FORM


def test_a_real_act_page_is_still_an_act() -> None:
    page = PAGES / "cassation__2kas__act_doc__civil_cass__88-14715-2026.html"
    assert parse_page(page.read_bytes(), _expected(page)["url"]).page_kind is PageKind.ACT_TEXT


# --- 4. URL builders refuse what the sites would silently misread -----------------------

HOST = "leninsky--bkr.sudrf.ru"


def test_dates_are_written_dd_mm_yyyy_whatever_form_they_came_in() -> None:
    want = "u1_case__ENTRY_DATE1D=01.01.2024&u1_case__ENTRY_DATE2D=31.03.2024"
    for start, end in (
        (dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("01.01.2024", "31.03.2024"),
        ("2024-01-01", "2024-03-31"),
    ):
        url = urls.criminal_search(HOST, date_from=start, date_to=end)
        assert want in url, url
    assert "caseDateFrom=01.01.2024&" in urls.mosgorsud_search(received_from="2024-01-01")


@pytest.mark.parametrize(
    "bad", ["2024/01/01", "1.1.2024", "31.02.2024", "2024-13-01", "", 20240101]
)
def test_a_date_in_no_known_form_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match=r"dd\.mm\.yyyy"):
        urls.criminal_search(HOST, date_from=bad)
    with pytest.raises(ValueError, match=r"dd\.mm\.yyyy"):
        urls.vnkod_criminal_search(HOST, "02RS0004", date_to=bad)
    with pytest.raises(ValueError, match=r"dd\.mm\.yyyy"):
        urls.mosgorsud_search(decided_to=bad)


@pytest.mark.parametrize(
    "build",
    [
        lambda: urls.criminal_search(HOST, article="337", page=0),
        lambda: urls.criminal_search(HOST, article="337", srv_num=-1),
        lambda: urls.vnkod_criminal_search(HOST, "02RS0004", article="337", page=0),
        lambda: urls.vnkod_criminal_search(HOST, "02RS0004", article="337", srv_num=0),
        lambda: urls.mosgorsud_search(article="337", page=0),
        lambda: urls.with_page(urls.criminal_search(HOST, article="337"), 0),
        lambda: urls.card_url(HOST, 1, "uid", srv_num=-1),
        lambda: urls.act_url(HOST, 1, srv_num=0),
        lambda: urls.form_url(HOST, srv_num=0),
        lambda: urls.vnkod_card_url(HOST, "uid", srv_num=0),
        lambda: urls.vnkod_form_url(HOST, srv_num=-1),
    ],
)
def test_pages_and_databases_count_from_one(build: Any) -> None:
    with pytest.raises(ValueError, match=r"(page|srv_num) must be a whole number from 1 up"):
        build()


def test_page_and_database_one_and_up_are_kept() -> None:
    url = urls.criminal_search(HOST, article="337", page=3, srv_num=2)
    assert "srv_num=2&name_op=r&page=3&" in url


# --- 5. --show-text masks bare surnames too ---------------------------------------------

CRIMINAL_5KAS = PAGES / "cassation__5kas__card__criminal_cass__7U-1297-2026.html"


def _act_texts(out: dict[str, Any]) -> str:
    return "\n".join(r["text"] for r in out["records"] if r["record"] == "act_text")


def test_show_text_prints_no_bare_surname() -> None:
    raw = _act_texts(_parse(CRIMINAL_5KAS))
    assert "Пересыпкин <данные изъяты>" in raw and "Пересыпкину назначено" in raw  # stays raw
    result = CliRunner().invoke(build_app(), ["parse", str(CRIMINAL_5KAS), "--json", "--show-text"])
    assert result.exit_code == 0, result.output
    shown = _act_texts(json.loads(result.output))
    assert "ересыпкин" not in shown.lower()
    assert "‹ФИО› <данные изъяты>" in shown and "‹ФИО› назначено" in shown
    for kept in (
        "ПЯТЫЙ КАССАЦИОННЫЙ СУД",
        "КАССАЦИОННОЕ ОПРЕДЕЛЕНИЕ",
        "город Пятигорск 19 мая 2026 года",
        "по приговору Промышленного районного суда г. Ставрополя",
        "Ставропольского краевого суда",
        "Судебная коллегия по уголовным делам",
    ):
        assert kept in shown, kept


def test_name_words_are_masked_court_words_kept() -> None:
    assert mask_name_words("Осужденному Иванову назначено") == "Осужденному ‹ФИО› назначено"
    assert mask_name_words("Кириллу Петрову") == "‹ФИО› ‹ФИО›"
    kept = (
        "Суд Российской Федерации. Судья Ленинского районного суда г. Кирова, 19 Мая, "
        "Москва, Ставрополь, ул. Ленина, ООО «Револьт-Центр», ПРИГОВОР"
    )
    assert mask_name_words(kept) == kept


def test_show_text_help_says_masking_is_best_effort() -> None:
    result = CliRunner().invoke(build_app(), ["parse", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "best-effort" in " ".join(result.output.split())
