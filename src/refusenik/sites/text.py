"""Small text helpers shared by the template parsers: cell text, dates, query values."""

from __future__ import annotations

import re
from functools import partial
from urllib.parse import unquote_plus

from lxml import etree

# An element's string value. libxml2's text serialiser does in C what XPath `string()`
# does, at half the cost per call (no XPath context to set up): same text, tails excluded.
_STRING = partial(etree.tostring, method="text", encoding=str, with_tail=False)
DATE = re.compile(r"\b(\d{2})\.(\d{2})\.(\d{4})\b")
TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def prepend_newline(node: etree._Element, attr: str = "tail") -> None:
    """Put a newline before the node's text or tail (control characters, which lxml
    accepts from a page but refuses to set, are dropped)."""
    value = getattr(node, attr)
    try:
        setattr(node, attr, "\n" + value if value else "\n")
    except ValueError:
        setattr(node, attr, "\n" + _CONTROL.sub("", value))


def mark_breaks(root: etree._Element) -> None:
    """Turn every <br> into a newline in the text, once per page, so cell text with line
    breaks comes from lxml's C-level `string()` instead of a walk in Python."""
    for br in root.iter("br"):  # a C-level walk: cheaper than the `//br` XPath
        prepend_newline(br)


# One line per paragraph and block (and <br>, see `text.mark_breaks`), scripts, styles and
# titles skipped. An XSLT pass does in C what setting a newline on every <p> and <div>
# from Python cost (acts run to hundreds of paragraphs), and leaves the tree as it was.
_ACT_TEXT = etree.XSLT(
    etree.XML(
        b"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:template match="p|div">
    <xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>
  </xsl:template>
  <xsl:template match="script|style|title"/>
</xsl:stylesheet>"""
    )
)


def act_text(el: etree._Element) -> str:
    """Text of an act: one line per paragraph (and <br>), whitespace collapsed, scripts skipped."""
    return "\n".join(_collapsed_lines(str(_ACT_TEXT(el))))


def _collapsed_lines(text: str) -> list[str]:
    """`" ".join(line.split())` of each non-empty line. Most lines of an act are already
    clean once stripped, and a line with no double space and nothing non-printable has no
    whitespace but single spaces (every whitespace character other than the space is
    non-printable), so it is kept as it is instead of being split into its words."""
    out = [s for s in map(str.strip, text.split("\n")) if s]
    # Stripped lines joined by spaces gain no double space: one check on the whole act
    # says whether any line needs collapsing (most acts: none).
    whole = " ".join(out)
    if "  " not in whole and whole.isprintable():
        return out
    return [s if "  " not in s and s.isprintable() else " ".join(s.split()) for s in out]


def clean(text: str | None) -> str | None:
    """Collapse whitespace (incl. nbsp) on one line; None for nothing."""
    if text is None:
        return None
    out = " ".join(text.replace("\u200b", "").split())
    return out or None


def lines(el: etree._Element) -> list[str]:
    """The element's text split at <br> (see `mark_breaks`), each line cleaned, empties dropped."""
    s = _STRING(el)
    if "\n" not in s:  # most cells: one line
        c = " ".join(s.split())
        return [c] if c else []
    return [c for line in s.split("\n") if (c := " ".join(line.split()))]


def text(el: etree._Element | None, sep: str = "\n") -> str | None:
    """Cell text with <br> kept as `sep`; None when empty."""
    if el is None:
        return None
    got = lines(el)
    return sep.join(got) if got else None


def one_line(el: etree._Element | None) -> str | None:
    """Cell text on one line (<br> becomes a space)."""
    if el is None:
        return None
    return " ".join(_STRING(el).split()) or None


def date(value: str | None) -> str | None:
    """The first dd.mm.yyyy in `value` as an ISO date (yyyy-mm-dd), so records sort and compare."""
    if not value:
        return None
    m = DATE.search(value)
    return f"{m.group(3)}-{m.group(2)}-{m.group(1)}" if m else None


def time(value: str | None) -> str | None:
    """The first hh:mm in `value`, zero-padded."""
    if not value:
        return None
    m = TIME.search(value)
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def query(url: str | None) -> dict[str, str]:
    """Query parameters of `url` (first value of each). Hand-split: this runs for every
    link of a listing, and `urllib.parse.parse_qs` costs more than the rest of a row."""
    if not url:
        return {}
    _, _, q = url.partition("?")
    q = q.partition("#")[0]
    out: dict[str, str] = {}
    for pair in q.split("&"):
        k, _, v = pair.partition("=")
        if k and k not in out:
            out[unquote_plus(k) if "%" in k else k] = unquote_plus(v) if "%" in v or "+" in v else v
    return out


# Words every tab title and page marker of the court sites is built from: a title that
# reads as one of them only after a round trip through another encoding was decoded wrong.
_SITE_WORDS = (
    "ДЕЛО", "ДВИЖЕНИЕ", "ЛИЦА", "СТОРОНЫ", "СУДЕБН", "ИСПОЛНИТ", "ЖАЛОБ", "ОБЖАЛОВАНИЕ",
    "УЧАСТНИКИ", "СЛУШАНИЯ", "РАССМОТРЕНИЕ", "ПРОИЗВОДСТВО", "ТРЕБОВАНИЯ", "ВСЕГО ПО ЗАПРОСУ", "ДАННЫХ",
)  # fmt: skip
_ROUND_TRIPS = (
    ("cp1251", "koi8-r"),
    ("koi8-r", "cp1251"),
    ("cp1251", "utf-8"),
    ("latin-1", "cp1251"),
    ("latin-1", "utf-8"),
)


def misdecoded(value: str | None) -> bool:
    """True when `value` is court text read in the wrong encoding («ухдевоще блфщ» is
    «СУДЕБНЫЕ АКТЫ» in KOI8-R read as windows-1251)."""
    if not value or any(w in value.upper() for w in _SITE_WORDS):
        return False
    for wrote, read in _ROUND_TRIPS:
        try:
            other = value.encode(wrote).decode(read)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if any(w in other.upper() for w in _SITE_WORDS):
            return True
    return False


def encoding_hint(value: str | None) -> str:
    """The words to add to an error about `value` when it looks misdecoded, else ''."""
    if misdecoded(value):
        return (
            f" — «{value}» reads as mojibake: the page's encoding looks wrong "
            "(mislabelled charset or re-encoded bytes), not its layout"
        )
    return ""
