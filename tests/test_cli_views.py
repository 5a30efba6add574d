"""What commands print for a person: court text printed as text, cards as small tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refusenik.cli import main

PAGES = Path(__file__).parent / "fixtures" / "pages"
CARD = PAGES / "cassation__2kas__card__civil_cass__8G-15211-2026.html"
CATEGORY = "Иски о взыскании сумм по договору займа"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


def test_court_text_with_markup_brackets_prints_as_text(capsys, tmp_path):
    page = tmp_path / "card.html"
    body = CARD.read_bytes()
    assert CATEGORY.encode() in body
    page.write_bytes(body.replace(CATEGORY.encode(), b"[/i] [bold]" + CATEGORY.encode()))
    code, out, err = run(capsys, "page", "parse", str(page))
    assert code == 0, err
    assert "[/i] [bold]" + CATEGORY in out


def test_a_case_card_reads_as_a_card(capsys):
    code, out, _ = run(capsys, "page", "parse", str(CARD))
    assert code == 0
    for fact in (
        "8Г-15211/2026 [88-14715/2026]",  # number
        "2026-04-28",  # received
        "Попова Елена Викторовна",  # judge
        "ОСТАВЛЕНО БЕЗ УДОВЛЕТВОРЕНИЯ",  # result
        "hearings and events (1)",
        "parties (2)",
        "acts (1)",
        "Судебное заседание",
    ):
        assert fact in out, fact
    assert "None" not in out
    assert '{"' not in out and "'record'" not in out
    assert "Симкин" not in out  # the private party appears only as a pseudonym
    assert "P-" in out


def test_json_is_unchanged_by_the_text_view(capsys):
    code, out, _ = run(capsys, "page", "parse", str(CARD), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["page_kind"] == "case_card"
    assert data["records"][0]["judge"] == "Попова Елена Викторовна"


@pytest.mark.parametrize(
    "command", [("page", "parse"), ("text", "extract"), ("parse",), ("extract",)]
)
def test_a_directory_is_named_as_a_directory(capsys, tmp_path, command):
    code, _, err = run(capsys, *command, str(tmp_path))
    assert code == 2
    assert f"{tmp_path} is a directory" in err
    assert "no such file" not in err


def test_a_region_without_a_code_has_no_stray_dash(capsys):
    code, out, _ = run(capsys, "courts", "show", "61GV0020")
    assert code == 0
    assert "Донецкая Народная Республика" in out
    assert "- Донецкая" not in out
    code, out, _ = run(capsys, "courts", "list", "--region", "Донецкая Народная")
    assert code == 0 and "- Донецкая" not in out
