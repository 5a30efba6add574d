"""`mask_html`: names leave a court page's text and shown attributes; the page stays a page
(same elements, links, scripts) in the encoding it came in."""

from __future__ import annotations

from lxml import html

from refusenik.privacy import NAME_MASK
from refusenik.privacy.html import mask_html

PAGE = (
    "<!DOCTYPE html><html><head><meta charset='windows-1251'>"
    "<title>Дело № 1-12/2026 — Петров И.С.</title>"
    "<script>var who = 'Петров Иван Сергеевич';</script></head><body>"
    "<table id='tablcont'><tr><td>1-12/2026</td>"
    "<td title='Петров Иван Сергеевич'>ПЕТРОВ И.С.<br>КУЗНЕЦОВУ</td>"
    "<td><a href='/modules.php?name=sud_delo&amp;delo_id=42'>Ч.5 СТ.337 УК РФ</a></td></tr>"
    "<tr><td>Судья</td><td>Яковлев Б.П.</td></tr></table>"
    "<p>Гарнизонный военный суд признал <b>Иванова</b> Ивана Ивановича виновным; "
    "назначить Иванову И.И. наказание. Г. Пермь, ул. Ленина.</p>"
    "<input type='text' value='Сидоров Пётр Петрович' placeholder='ФИО'></body></html>"
)


def _tree(body: bytes) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    root = html.document_fromstring(body)
    return [
        (el.tag, tuple((k, v) for k, v in sorted(el.attrib.items()) if k in ("href", "id")))
        for el in root.iter()
        if isinstance(el.tag, str)
    ]


def test_names_are_masked_in_text_and_shown_attributes_in_the_page_encoding() -> None:
    raw = PAGE.encode("windows-1251")
    masked = mask_html(raw, "windows-1251")
    text = masked.decode("windows-1251")  # still the page's own encoding
    for name in (
        "Петров",
        "ПЕТРОВ",
        "Иванова",
        "Иванову",
        "Ивана",
        "Сидоров",
        "КУЗНЕЦОВУ",
        "И.И.",
        "И.С.",
        "Яковлев",
    ):
        assert name not in text.split("<script>")[0] + text.split("</script>")[1], name
    assert text.count(NAME_MASK) >= 6
    # What is not a name stays: the court, the article, the place named after a person.
    assert "Гарнизонный военный суд" in text
    assert "Ч.5 СТ.337 УК РФ" in text
    assert "ул. Ленина" in text
    # Code is not prose: the script is kept as it was.
    assert "var who = 'Петров Иван Сергеевич';" in text


def test_structure_links_and_ids_are_kept() -> None:
    raw = PAGE.encode("windows-1251")
    masked = mask_html(raw, None)  # the encoding is read from the page's meta charset
    assert _tree(masked) == _tree(raw)
    assert masked.lower().startswith(b"<!doctype html>")


def test_a_page_without_names_keeps_its_text_and_empty_input_is_returned() -> None:
    plain = "<html><body><p>Результатов не найдено</p></body></html>".encode()
    assert "Результатов не найдено" in mask_html(plain, "utf-8").decode("utf-8")
    assert mask_html(b"", None) == b""
