"""Input repair and rejection of what cannot be an act."""

from __future__ import annotations

import pytest

from refusenik.errors import UserInputError
from refusenik.extract.text import decode_bytes, lowered, normalise, prepare


def test_one_character_per_line_is_rejoined():
    text = "\n".join(
        ch if ch != " " else "" for ch in "лишения свободы на срок 5 лет и далее текст"
    )
    assert normalise(text) == "лишения свободы на срок 5 лет и далее текст"


def test_hyphenated_line_ends_are_joined():
    assert normalise("лише-\nния сво-\n бо-\nды") == "лишения свободы"


def test_spaced_heading_is_joined():
    assert "ПРИГОВОРИЛ:" in normalise("суд\nП Р И Г О В О Р И Л:\nпризнать")


@pytest.mark.parametrize(
    "token", ["‹данные изъяты›", "{Данные изъяты}", "[данные изъяты]", "<данные  изъяты>"]
)
def test_redaction_spellings_become_one_token(token):
    assert normalise(f"штраф {token} рублей") == "штраф <данные изъяты> рублей"


def test_lowered_keeps_offsets():
    text = "Ёлкин Ё.Ё. ПРИГОВОРИЛ"
    assert len(lowered(text)) == len(text)
    assert lowered(text).startswith("елкин")


def test_html_act_container_is_preferred():
    html = (
        "<html><body><div id='menu'>Подсудимый Иванов</div>"
        "<div id='cont_doc1'><p>ПРИГОВОРИЛ:</p><p>Признать ФИО1 виновным</p></div></body></html>"
    )
    text = prepare(html)
    assert "Иванов" not in text
    assert text.splitlines() == ["ПРИГОВОРИЛ:", "Признать ФИО1 виновным"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x7fELF\x02\x01\x00\x00binary", "binary"),
        (b"\xff\xfe\xfa\xfb\x80\x81\x82" * 50, "binary"),
    ],
)
def test_bad_bytes_are_user_errors(data, message):
    with pytest.raises(UserInputError, match=message):
        prepare(decode_bytes(data))


def test_text_in_another_language_is_a_user_error():
    with pytest.raises(UserInputError, match="Cyrillic"):
        prepare("The court sentenced him to six years in a penal colony.")


def test_cp1251_is_decoded():
    assert decode_bytes("ПРИГОВОРИЛ".encode("cp1251")) == "ПРИГОВОРИЛ"


def test_enormous_input_is_refused_with_its_size():
    big = ("Суд приговорил Иванова к двум годам колонии. " * 250_000).encode("utf-8")
    assert len(big) > 10 * 1024 * 1024
    with pytest.raises(UserInputError, match=r"MB: at most 10 MB"):
        decode_bytes(big)
    with pytest.raises(UserInputError, match=r"at most 10 MB"):
        prepare(big.decode("utf-8"))
