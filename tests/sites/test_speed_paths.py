"""The shortcuts the parsers take for speed keep what they skip out of the result only."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from refusenik.sites import parse_page
from refusenik.sites.decode import module_region, parse_html
from refusenik.sites.text import act_text

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
VNKOD_CARD = PAGES / "regional__oblsud--sam__card__kas_appeal_vnkod__33a-647-2026.html"


def test_vnkod_region_stops_before_the_scripts_and_menus() -> None:
    body = VNKOD_CARD.read_bytes()
    start, end = module_region(body)
    part = body[start:end]
    assert part.startswith(b'<div id="search_results"')
    assert b"tab_content_Case" in part
    assert b"menu__item" not in part and b"window.onload" not in part
    assert end < len(body) - 10_000  # the footer and menus are not parsed


def test_act_text_puts_blocks_on_lines_skips_scripts_and_leaves_the_tree() -> None:
    root, _ = parse_html(
        b"<html><body><div id='a'>\xd0\x9f\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0\xd0\xbd\xd0\xbe"
        b"\xd0\xb2\xd0\xb8\xd0\xbb<p>one  two</p><p>three<br>four</p>"
        b"<script>var x = 1;</script><span>five</span> six</div></body></html>",
        encoding="utf-8",
    )
    div = root.find(".//div")
    before = etree.tostring(div)
    assert act_text(div) == "Постановил\none two\nthree\nfour\nfive six"
    assert etree.tostring(div) == before


def test_repeated_pages_give_the_same_records() -> None:
    # Caches (articles, pseudonyms per page) must not leak one page's state into another.
    body = VNKOD_CARD.read_bytes()
    first = parse_page(body).to_dict()
    assert parse_page(body).to_dict() == first


def test_act_text_collapses_every_kind_of_whitespace_per_line() -> None:
    root, _ = parse_html(
        "<html><body><div><p>\u00a0a\u2003\tb  </p><p> \u3000 </p><p>c d</p>"
        "<p>e\u200bf</p></div></body></html>".encode(),
        encoding="utf-8",
    )
    assert act_text(root.find(".//div")) == "a b\nc d\ne\u200bf"


MOSGORSUD_CARD = PAGES / "mosgorsud__savelovskij__card__civil_1inst__02-3501-2025.html"
MOSGORSUD_URL = "https://mos-gorsud.ru/rs/savelovskij/services/cases/civil/details/x"


def test_whole_page_sites_parse_from_main_to_footer_or_whole(monkeypatch) -> None:
    import refusenik.sites.dispatch as S

    body = MOSGORSUD_CARD.read_bytes()
    start, end = S._prepare(body, MOSGORSUD_URL).parse_region
    assert body[start:].startswith(b'<main class="content"')
    assert body[end:].startswith(b'<footer class="footer"')
    # The same records as the page parsed whole; a page without the footer is parsed whole.
    trimmed = parse_page(body, MOSGORSUD_URL).to_dict()
    monkeypatch.setattr(S, "_body_region", lambda body, template: None)
    assert parse_page(body, MOSGORSUD_URL).to_dict() == trimmed
    monkeypatch.undo()
    no_footer = body.replace(b'<footer class="footer"', b'<footer class="f"')
    assert S._prepare(no_footer, MOSGORSUD_URL).parse_region is None
