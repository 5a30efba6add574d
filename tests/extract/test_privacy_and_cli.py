"""Names never leave the extractor; the CLI prints the documented JSON shape."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from refusenik.errors import UserInputError
from refusenik.extract import extract
from refusenik.extract.cli import register
from refusenik.privacy import pseudonym

ACT = (
    "ПРИГОВОРИЛ:\nПризнать Смирнова Алексея Викторовича виновным в совершении преступления, "
    "предусмотренного ч. 5 ст. 337 УК РФ, и назначить Смирнову А.В. наказание в виде лишения свободы "
    "на срок 5 (пять) лет с отбыванием наказания в исправительной колонии общего режима."
)


def test_real_name_becomes_the_stable_pseudonym_of_its_nominative_form():
    result = extract(ACT)
    assert [d.pseudonym for d in result.defendants] == [pseudonym("Смирнов Алексей Викторович")]


def test_name_never_appears_in_the_json():
    out = extract(ACT).to_json()
    assert "Смирнов" not in out
    assert "Алексе" not in out


def test_evidence_spans_mask_the_name():
    text = "ПРИГОВОРИЛ:\nПризнать Смирнова А.В. виновным по ч. 5 ст. 337 УК РФ, Смирнову А.В. — 6 лет лишения свободы."
    d = extract(text).defendants[0]
    assert all("Смирнов" not in span.text for span in d.evidence.values())
    kind = d.evidence["kind"]
    assert text[kind.start : kind.end] == "лишения свободы"


def test_placeholders_are_scoped_to_the_document():
    one = extract(
        ACT.replace("Смирнова Алексея Викторовича", "ФИО1").replace("Смирнову А.В.", "ФИО1")
    )
    two = extract(
        ACT.replace("Смирнова Алексея Викторовича", "ФИО1")
        .replace("5 (пять)", "6 (шесть)")
        .replace("Смирнову А.В.", "ФИО1")
    )
    assert one.defendants[0].pseudonym != two.defendants[0].pseudonym
    assert one.defendants[0].pseudonym != pseudonym("ФИО1")


def test_female_defendant_keeps_her_own_surname_form():
    text = "ПРИГОВОРИЛ:\nПризнать Петрову Анну Сергеевну виновной по ч. 3 ст. 337 УК РФ и назначить ей штраф в размере 10 000 рублей."
    assert extract(text).defendants[0].pseudonym == pseudonym("Петрова Анна Сергеевна")


def test_text_without_punishment_gives_null_punishment():
    d = extract("Суд признал военнослужащего виновным по ч. 5 ст. 337 УК РФ.").to_dict()[
        "defendants"
    ]
    assert d[0]["outcome"] == "convicted"
    assert d[0]["punishment"] is None


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:
        """Root."""

    return app


def test_cli_json_shape(tmp_path):
    path = tmp_path / "act.txt"
    path.write_text(ACT, encoding="utf-8")
    out = CliRunner().invoke(_app(), ["extract", str(path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    d = data["defendants"][0]
    assert {"pseudonym", "outcome", "dismissal_ground", "articles", "punishment"} <= set(d)
    assert d["punishment"]["term_months"] == 60
    assert d["punishment"]["regime"] == "general"
    assert "Смирнов" not in out.output


def test_cli_reads_stdin_and_prints_a_summary():
    out = CliRunner().invoke(_app(), ["extract", "-"], input=ACT.encode("utf-8"))
    assert out.exit_code == 0, out.output
    assert "imprisonment" in out.output
    assert "Смирнов" not in out.output


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary", b"The court sentenced him."])
def test_cli_bad_input_raises_user_error(data):
    out = CliRunner().invoke(_app(), ["extract", "-"], input=data)
    assert isinstance(out.exception, UserInputError)


def test_cli_missing_file(tmp_path):
    out = CliRunner().invoke(_app(), ["extract", str(tmp_path / "nope.txt")])
    assert isinstance(out.exception, UserInputError)


def test_cli_refuses_an_enormous_file_before_reading_it(tmp_path):
    path = tmp_path / "dump.txt"
    with path.open("wb") as fh:
        fh.seek(11 * 1024 * 1024)
        fh.write(b"\n")
    out = CliRunner().invoke(_app(), ["extract", str(path)])
    assert isinstance(out.exception, UserInputError)
    assert "11.0 MB" in str(out.exception)
