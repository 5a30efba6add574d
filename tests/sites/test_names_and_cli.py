"""Names leave `sites/` only as pseudonyms; the `parse` command prints the parse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refusenik.cli import build_app, main
from refusenik.privacy import pseudonym, safe_name, safe_text
from refusenik.sites import parse_page

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
CARD = PAGES / "district__leninsky--bkr__card__criminal_1inst__1-151-2026.html"
CARD_URL = (
    "https://leninsky--bkr.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=case"
    "&case_id=181420413&case_uid=247063b2-0925-4a7a-8f5c-b5ef0b0abd7b&delo_id=1540006"
)


def test_people_become_pseudonyms_organisations_stay() -> None:
    assert safe_name("Иванов Иван Иванович").name == pseudonym("Иванов И.И.")
    org = safe_name("МКУ Декабрист")
    assert org.name == "МКУ Декабрист" and org.organisation
    mixed = safe_name("Прокуратура Кировского района г.Уфа, Сагадиев Р.Р.")
    assert mixed.name == f"Прокуратура Кировского района г.Уфа, {pseudonym('Сагадиев Р.Р.')}"
    inside = safe_name("Начальнику ФКУ СИЗО 1 (для вручения Измайловой Ирине Олеговне)")
    assert (
        inside.name
        == f"Начальнику ФКУ СИЗО 1 (для вручения {pseudonym('Измайловой Ирине Олеговне')})"
    )
    # a name with no organisation marker is never kept, even without initials
    assert safe_name("Джон Смит").name == pseudonym("Джон Смит")


def test_hidden_and_placeholder_names() -> None:
    hidden = safe_name("Информация скрыта", "11RS0001-01-2025-011255-03")
    assert hidden.name is None and hidden.hidden
    placeholder = safe_name("ФИО1", "case-A")
    assert placeholder.hidden and placeholder.name == pseudonym("ФИО1", scope="case-A")
    assert placeholder.name != safe_name("ФИО1", "case-B").name


def test_free_text_lines_lose_names() -> None:
    assert (
        safe_text("Жалоба Петрова П.П. оставлена")
        == f"Жалоба {pseudonym('Петрова П.П.')} оставлена"
    )


def test_no_real_name_leaves_the_parser() -> None:
    out = json.dumps(
        [r.to_dict() for r in parse_page(CARD.read_bytes(), CARD_URL).records[:1]],
        ensure_ascii=False,
    )
    for name in ("Юсупова", "Низамова", "Сагадиев"):
        assert name not in out
    assert "Ардуванова Д.Р." in out  # judges are public officials


def test_parse_command_prints_json() -> None:
    res = CliRunner().invoke(build_app(), ["parse", str(CARD), "--url", CARD_URL, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["template"] == "sudrf_classic" and out["page_kind"] == "case_card"
    card, act = out["records"]
    assert card["case_number"] == "1-151/2026"
    assert card["defendants"][0]["articles"][0]["article"] == "173.1"
    # act texts are summarised unless asked for: they may hold names
    assert "text" not in act and act["text_chars"] > 1000
    assert "Юсупова" not in json.dumps(out, ensure_ascii=False)


def test_parse_command_table_output() -> None:
    res = CliRunner().invoke(
        build_app(), ["parse", str(PAGES / "cassation__2kas__listing__koap_cass_adm33.html")]
    )
    assert res.exit_code == 0, res.output
    assert "143 found" in res.output and "КАРПОВ" not in res.output


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["parse", str(tmp_path / "missing.html")])
    assert exc.value.code == 2
    assert "cannot read" in capsys.readouterr().err


def test_parse_error_exits_2_with_its_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "news.html"
    page.write_text("<html><body><p>news</p></body></html>")
    with pytest.raises(SystemExit) as exc:
        main(["parse", str(page), "--url", "https://example.org/"])
    assert exc.value.code == 2
    assert "expected a" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("raw", "organisation"),
    [
        ("АО Банк", True),  # abbreviation as a word
        ("«ООО» Ромашка", True),
        ("Маоов И.И.", False),  # «АО» inside a word is no organisation
        ("Паоло Ромашкин", False),
        ("ГУ МВД России по г. Москве", True),
        ("отделение ПАО Сбербанк", True),  # stems anywhere, either case of the first letter
        ("Районный суд", True),
        ("межрайонного суда", True),
        ("совет депутатов", True),
    ],
)
def test_organisation_markers(raw: str, organisation: bool) -> None:
    got = safe_name(raw)
    assert got.organisation is organisation
    assert (got.name == raw) is organisation  # a person is never kept readable


def test_surnames_with_an_organisation_stem_are_still_people():
    """«Суд…», «Банк…», «Фонд…» open surnames too: a first name or patronymic decides."""
    from refusenik.privacy import pseudonym, safe_name

    for person in ("Судаков Сергей", "Банкова Мария Ивановна", "Фондов Игорь"):
        got = safe_name(person)
        assert got.name == pseudonym(person)
        assert not got.organisation
    for org in ("Банк ВТБ (ПАО)", "Центральный районный суд", "Прокуратура Кировского района"):
        got = safe_name(org)
        assert got.name == org
        assert got.organisation


def test_safe_text_leaves_redaction_masks_and_replaces_names():
    from refusenik.privacy import pseudonym, safe_text

    assert safe_text("решение от ДД.ММ.ГГГГ по ч. 1 ст. 12.26 КоАП РФ ДД.ММ.ГГГГ") == (
        "решение от ДД.ММ.ГГГГ по ч. 1 ст. 12.26 КоАП РФ ДД.ММ.ГГГГ"
    )
    assert safe_text("осужден Иванов И.И. к штрафу") == (
        f"осужден {pseudonym('Иванов И.И.')} к штрафу"
    )


def test_show_text_prints_act_text_with_names_pseudonymised(tmp_path):
    import json
    import subprocess
    import sys

    page = tmp_path / "act.html"
    page.write_text(
        "<html><head><meta charset='utf-8'></head><body><div id='content'>"
        "<div class='doc'>ПРИГОВОР ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ<br>"
        "Гарнизонный военный суд рассмотрел дело Ковалёва Петра Сергеевича<br>"
        "ПРИГОВОРИЛ: признать Ковалёва П.С. виновным</div></div></body></html>",
        encoding="utf-8",
    )
    url = (
        "https://vgvs--prm.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=doc"
        "&number=1&delo_id=1540006&new=0&text_number=1"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "refusenik",
            "parse",
            str(page),
            "--url",
            url,
            "--show-text",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    (record,) = json.loads(out.stdout)["records"]
    assert record["record"] == "act_text"
    assert "Ковал" not in record["text"]
    assert "ПРИГОВОРИЛ: признать P-" in record["text"]
