"""Mask the names in a whole HTML page, keeping the page a page.

Evidence packs and the web show court pages as the court printed them, but with people's
names replaced by «‹ФИО›»: the text of every text node and of the attributes a browser
shows as text (title, alt, placeholder, value, aria-label, meta content) is masked; tags,
links, scripts and styles are kept as they were, so the copy still renders and still
cites the same structure as the original in the archive.

Masking a text is the two rules of `refusenik.privacy`, strongest first: a delimited
person («Иванов Иван Иванович», «ИВАНОВ И.И.», «И.И. Иванов») as one mask, then every
word the dictionary reads as a name and the initials beside it (`mask_name_words`), then
capital-letter words («ИВАНОВУ») the dictionary reads as a name once lower-cased.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html

from refusenik.privacy.masking import NAME_MASK, likely_name, mask_name_words
from refusenik.privacy.people import PERSON

# Attributes whose value a browser shows to the reader (or a screen reader reads out).
TEXT_ATTRIBUTES = frozenset(
    {"title", "alt", "placeholder", "value", "aria-label", "label", "summary", "abbr"}
)
# <meta name=… content=…> shows in previews and search results.
_META_TEXT = frozenset({"description", "keywords", "author", "og:title", "og:description"})
# Elements whose text is code, not prose.
_CODE = frozenset({"script", "style"})

_UPPER_WORD = re.compile(r"(?<![А-ЯЁа-яё])[А-ЯЁ]{3,}(?:-[А-ЯЁ]{2,})?(?![А-ЯЁа-яё])")
_MASK_RUN = re.compile(rf"{re.escape(NAME_MASK)}(?:\s+{re.escape(NAME_MASK)})+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


@lru_cache(maxsize=65536)
def mask_text(text: str) -> str:
    """One text with every recognisable personal name replaced by «‹ФИО›» (cached: the
    menus and headings of a court site repeat on every page)."""
    if not text or not any("А" <= ch <= "я" or ch in "Ёё" for ch in text):
        return text
    out = PERSON.sub(NAME_MASK, text)
    out = mask_name_words(out)

    def upper(m: re.Match[str]) -> str:
        word = m.group(0)
        return NAME_MASK if likely_name(word.capitalize()) else word

    out = _UPPER_WORD.sub(upper, out)
    return _MASK_RUN.sub(NAME_MASK, out)


def _encoding(body: bytes, encoding: str | None) -> str:
    if encoding:
        return encoding
    found = _CHARSET.search(body[:4096])
    if found:
        return found.group(1).decode("ascii").lower()
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1251"  # what sudrf sites send without saying so
    return "utf-8"


def mask_html(body: bytes, encoding: str | None) -> bytes:
    """`body` (an HTML page in `encoding`, or the one it declares) with the names in its
    text nodes and shown attributes masked, re-encoded in the same encoding.

    The structure (elements, attributes, links, scripts) is kept; an empty or unparsable
    body comes back unchanged, since there is no text to mask in it.
    """
    if not body.strip():
        return body
    charset = _encoding(body, encoding)
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        charset = "utf-8"
        text = body.decode(charset, errors="replace")
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return body
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            if isinstance(element, etree._Comment) and element.text:
                element.text = mask_text(element.text)
            if element.tail:
                element.tail = mask_text(element.tail)
            continue
        tag = element.tag.lower()
        if element.text and tag not in _CODE:
            element.text = mask_text(element.text)
        if element.tail:
            element.tail = mask_text(element.tail)
        for attr, value in element.attrib.items():
            shown = attr.lower() in TEXT_ATTRIBUTES or (
                tag == "meta"
                and attr.lower() == "content"
                and (element.get("name") or element.get("property") or "").lower() in _META_TEXT
            )
            if shown and value:
                element.set(attr, mask_text(value))
    doctype = root.getroottree().docinfo.doctype
    out: bytes = lxml_html.tostring(root, encoding=charset, method="html", doctype=doctype or None)
    return out
