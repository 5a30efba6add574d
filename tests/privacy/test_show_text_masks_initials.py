"""`parse --show-text` shows the act with names masked, the court's own initials too."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from refusenik.cli import build_app

URL = (
    "https://vgvs--prm.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=doc"
    "&number=1&delo_id=1540006&new=0&text_number=1"
)
ACT = (
    "<html><head><meta charset='utf-8'></head><body><div id='content'><div class='doc'>"
    "ПРИГОВОР ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ<br>"
    "Гарнизонный военный суд рассмотрел дело в отношении К.П.С., обвиняемого по ч. 5 "
    "ст. 337 УК РФ<br>"
    "Подсудимый К. П. С. вину признал. Свидетель Иванову И. показал …<br>"
    "ПРИГОВОРИЛ: признать Ковалёва П.С. виновным</div></div></body></html>"
)


def test_show_text_masks_initials_written_alone_and_beside_a_surname(tmp_path: Path) -> None:
    page = tmp_path / "act.html"
    page.write_text(ACT, encoding="utf-8")
    result = CliRunner().invoke(
        build_app(), ["parse", str(page), "--url", URL, "--show-text", "--json"]
    )
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)["records"]
    text = record["text"]
    for shown in ("К.П.С.", "К. П. С.", "П.С.", "Иванов", " И. ", "Ковал"):
        assert shown not in text, shown
    assert "в отношении ‹ФИО›, обвиняемого по ч. 5 ст. 337 УК РФ" in text
    assert "ПРИГОВОРИЛ: признать P-" in text
