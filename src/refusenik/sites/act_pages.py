"""An act page's plain text, for the extract stage: the same act parsers the records use,
so the text a fact is read from is exactly the text `parse_page` shows."""

from __future__ import annotations

from refusenik.sites.base import ActText, PageKind, ParseError


def act_plain_text(body: bytes, url: str | None = None) -> str:
    """The plain text of the act on `body`: an act page (`name_op=doc`) or a card showing
    its acts inline (several acts are joined by a blank line, in page order).

    Raises `ParseError` when the page holds no act text (a refusal, a listing, a card
    without acts); never returns an empty string."""
    from refusenik.sites.dispatch import parse_page

    result = parse_page(body, url)
    texts = [r.text for r in result.records if isinstance(r, ActText) and r.text]
    if not texts:
        raise ParseError(
            PageKind.ACT_TEXT,
            f"an act text (the page is a {result.page_kind})",
            template=result.template,
            url=result.url,
        )
    return "\n\n".join(texts)
