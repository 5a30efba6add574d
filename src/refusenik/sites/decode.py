"""Bytes → lxml tree with the right encoding.

sudrf serves windows-1251, mos-gorsud and vsrf UTF-8, and most saved copies of sudrf
pages were re-encoded to UTF-8 without touching their `charset=windows-1251` meta tag.
The bytes therefore decide first: a page that is valid UTF-8 and contains non-ASCII is
UTF-8 whatever its meta says (real cp1251 Cyrillic text is practically never valid
UTF-8); otherwise the meta charset, defaulting to windows-1251. We hand lxml the raw bytes
with an explicit encoding, which is as fast as letting it sniff.
"""

from __future__ import annotations

import re

from lxml import etree

from refusenik.sites.text import mark_breaks

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_SINGLE_BYTE = {"windows-1251", "cp1251", "koi8-r", "iso-8859-5"}

_PARSERS: dict[str, etree.HTMLParser] = {}


def meta_charset(body: bytes) -> str | None:
    """The charset the page declares in its first meta tag, lower-cased."""
    m = _META_CHARSET.search(body, 0, 4096) or _META_CHARSET.search(body)
    return m.group(1).decode("ascii").lower() if m else None


def detect_encoding(body: bytes) -> str:
    """'utf-8' or the single-byte charset to read `body` with (see module docstring)."""
    if body.isascii():
        return "utf-8"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        declared = meta_charset(body)
        if declared in _SINGLE_BYTE:
            return "koi8-r" if declared == "koi8-r" else "windows-1251"
        return "windows-1251"
    return "utf-8"


def _parser(encoding: str) -> etree.HTMLParser:
    p = _PARSERS.get(encoding)
    if p is None:
        # Plain etree elements: lxml.html's per-element class lookup costs more than parsing.
        # No id table (`collect_ids`): hashing every id costs ~15% of the parse; the few
        # lookups by id use `common.id_index`.
        p = etree.HTMLParser(encoding=encoding, remove_comments=True, collect_ids=False)
        _PARSERS[encoding] = p
    return p


def decode(body: bytes) -> str:
    """The page as text (for markers and act texts)."""
    enc = detect_encoding(body)
    if enc == "utf-8":
        return body.decode("utf-8", errors="replace")
    # sudrf pages sometimes carry a stray 0x98, undefined in cp1251.
    return body.replace(b"\x98", b"?").decode(enc, errors="replace")


# Where the case module's output starts and ends on sudrf-family pages. Everything else
# (menus, inline CSS and JS: 85-90% of a 300 KB page) is skipped before parsing, which is
# most of what parsing costs. Pages without these markers are parsed whole.
# One regex pass finds the earliest start (four `find`s would scan a page four times).
_REGION_START = re.compile(
    rb"""<div (?:id=(?:'content'|"content"|"search_results")|class="content lawcase-content")"""
)
_REGION_END = (
    b"function select_delo_id_new",  # classic: the module's own script
    b'$("#_deloId").val()',  # VNKOD: the script after the module (no wait-bar on most courts)
    b'<div class="wait-bar"',
    b'<div class="footer-space"',
)
_TITLE = re.compile(rb"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def first_of(body: bytes, needles: tuple[bytes, ...], start: int = 0) -> int:
    """Offset of the earliest of `needles` in `body[start:]`, -1 if none. Each search
    stops where an earlier hit already is, so a page is not scanned once per needle."""
    best = -1
    for needle in needles:
        stop = len(body) if best < 0 else best - 1 + len(needle)
        i = body.find(needle, start, stop)
        if i >= 0:
            best = i
    return best


def module_region(body: bytes) -> tuple[int, int] | None:
    """Byte offsets of the case module's output, or None when the page has no known module."""
    m = _REGION_START.search(body)
    if m is None:
        return None
    start = m.start()
    end = first_of(body, _REGION_END, start)
    if end < 0:
        return start, len(body)
    script = body.rfind(b"<script", start, end)
    if script >= 0 and end - script < 200:
        end = script
    return start, end


def page_encoding(body: bytes, region: tuple[int, int] | None = None) -> str:
    """The encoding to read the page with, decided on the module region when there is one
    (validating 40 KB instead of 300 KB) unless that part is pure ASCII."""
    if region is not None:
        part = body[region[0] : region[1]]
        if not part.isascii():
            return detect_encoding(part)
    return detect_encoding(body)


def parse_html(
    body: bytes, region: tuple[int, int] | None = None, encoding: str | None = None
) -> tuple[etree._Element | None, str]:
    """Parse `body` (or only its module `region`, keeping the page title) into an lxml tree;
    returns (root or None for an empty page, encoding)."""
    enc = encoding or page_encoding(body, region)
    if region is not None:
        title = _TITLE.search(body, 0, region[0])
        head = (
            b"<html><head><title>" + (title.group(1) if title else b"") + b"</title></head><body>"
        )
        body = head + body[region[0] : region[1]] + b"</body></html>"
    if enc != "utf-8" and b"\x98" in body:
        body = body.replace(b"\x98", b"?")
    if not body.strip():
        return None, enc
    try:
        root = etree.fromstring(body, _parser(enc))
    except etree.ParserError:  # lxml's "Document is empty" for markup-free bytes
        return None, enc
    if root is not None:
        mark_breaks(root)
    return root, enc
