"""Which template a page is in, what kind of page it is, and which module parses it.

A page is classified from its content (HTTP 200 carries captchas, throttling and "no
data" alike); a captcha / throttle / block page is never "no cases". Anything that cannot
be read raises `ParseError` naming the kind expected and what was missing — never an
empty success.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple, cast
from urllib.parse import unquote, urlsplit

from lxml import etree

from refusenik.privacy import one_page
from refusenik.sites import common as C
from refusenik.sites import kinds as K
from refusenik.sites import mosgorsud, msudrf, sudrf_classic, sudrf_vnkod, vsrf
from refusenik.sites import text as T
from refusenik.sites.base import (
    CaseCard,
    PageKind,
    PageResult,
    ParseError,
    Record,
    SiteTemplate,
    Source,
    Template,
)
from refusenik.sites.decode import module_region, page_encoding, parse_html
from refusenik.sites.text import query
from refusenik.sites.url_privacy import safe_url, scrub_urls

# Every template module, by its template. Host-owning templates first: a host decides.
MODULES: dict[Template, SiteTemplate] = {
    m.TEMPLATE: cast(SiteTemplate, m) for m in (vsrf, mosgorsud, msudrf, sudrf_vnkod, sudrf_classic)
}

_CONTENT_KINDS = {
    PageKind.LISTING,
    PageKind.CASE_CARD,
    PageKind.ACT_TEXT,
    PageKind.PRESS_LIST,
    PageKind.PRESS_RELEASE,
}
_SLICED = {Template.SUDRF_CLASSIC, Template.SUDRF_VNKOD}  # big pages, small module
_SSID = re.compile(rb"cnt\.php\?ssid=(\d{2}[A-Z]{2}\d{4})")
_COUNTER_PG = re.compile(rb"cnt\.php\?ssid=[^\"'<>]*?&(?:amp;)?pg=([^&\"'<>]+)")
_COUNTER = b"cnt.php?ssid="


def court_code(body: bytes, counter: int | None = None) -> str | None:
    """The court's code from the sudrf visitor counter (`cnt.php?ssid=03RS0004`).
    `counter` is the offset of the last counter call when the caller already found it."""
    # The counter sits at the end of the page: look for it from there, not with a regex scan.
    i = body.rfind(_COUNTER) if counter is None else counter
    m = _SSID.match(body, i) if i >= 0 else None
    return m.group(1).decode("ascii") if m else None


def page_url(body: bytes, counter: int | None = None) -> str | None:
    """The URL a saved sudrf page was fetched from, as its counter call records it."""
    i = body.rfind(_COUNTER) if counter is None else counter
    while i >= 0:
        m = _COUNTER_PG.match(body, i)
        if m:
            return unquote(m.group(1).decode("ascii", "replace"))
        i = body.rfind(_COUNTER, 0, i)
    return None


def _host_template(url: str | None) -> Template | None:
    """The template a host alone decides (mos-gorsud.ru, vsrf.ru, *.msudrf.ru)."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    for module in MODULES.values():
        if any(host == h or host.endswith("." + h) for h in module.HOSTS):
            return module.TEMPLATE
    return None


def detect_template(body: bytes, url: str | None = None) -> Template:
    """Which site engine produced the page: the host first, then the content, then the
    URL's parameters (a throttle page carries no template markers of its own)."""
    return _host_template(url) or _content_template(
        body, url, module_region(body), court_code(body)
    )


def _content_template(
    body: bytes, url: str | None, region: tuple[int, int] | None, code: str | None
) -> Template:
    """The template from the content, for a page whose host did not say. `region` is the
    page's `decode.module_region`: VNKOD output starts with `div#search_results`, classic
    output with `div#content`; `code` its `court_code`."""
    sudrf = (url and ".sudrf.ru" in url) or (code and code[2:4] != "MS")
    if not sudrf:  # no URL, or not a sudrf host, and no sudrf counter: sniff every template
        for module in (vsrf, mosgorsud, msudrf):
            if any(m in body for m in module.MARKERS):
                return module.TEMPLATE
        if code and code[2:4] == "MS":
            return Template.MSUDRF
    if region is not None:
        head = body[region[0] : region[0] + 40]
        if b"search_results" in head:
            return Template.SUDRF_VNKOD
        if b"content" in head and b"lawcase" not in head:
            return Template.SUDRF_CLASSIC
    elif any(m in body for m in sudrf_vnkod.MARKERS):
        return Template.SUDRF_VNKOD
    if url and any(p in sudrf_vnkod.URL_PARAMS for p in query(url)):
        return Template.SUDRF_VNKOD
    if (url and "sudrf.ru" in url) or any(m in body for m in sudrf_classic.MARKERS):
        return Template.SUDRF_CLASSIC
    return Template.UNKNOWN


def _marker_kind(markers: bytes, encoding: str, status: int | None) -> PageKind | None:
    """Kinds the bytes alone decide: refusals, «no data», «empty document» (no tree needed)."""
    refusal = K.refusal_kind(markers, status, encoding)
    if refusal is not None:
        return refusal
    if K.has(markers, K.EMPTY_DOCUMENT, encoding):
        return PageKind.EMPTY_DOCUMENT
    if K.has(markers, K.EMPTY_RESULT, encoding):
        return PageKind.EMPTY_RESULT
    return None


def _tree_kind(
    root: etree._Element | None,
    body: bytes,
    template: Template,
    url: str | None,
    status: int | None,
) -> PageKind:
    kind = PageKind.UNKNOWN
    if root is not None and template in MODULES:
        kind = MODULES[template].classify(root, body, url)
    if kind is PageKind.UNKNOWN:
        kind = K.status_kind(status) or kind
    return kind


class _Prepared(NamedTuple):
    url: str | None
    template: Template
    region: tuple[int, int] | None
    encoding: str
    markers: bytes
    court_code: str | None
    parse_region: tuple[int, int] | None  # the bytes to parse (None: the whole page)


def _prepare(body: bytes, url: str | None) -> _Prepared:
    """URL (given or from the counter), template, module region, encoding, marker bytes,
    court code.

    The module region is looked for only on sudrf-family pages: a host that names its
    template (mos-gorsud, vsrf, msudrf) is parsed whole and needs no scan for it. The
    counter call is looked for once (a page without one is scanned whole for it)."""
    counter = body.rfind(_COUNTER)
    code = court_code(body, counter)
    # A saved sudrf page records its own URL in the counter call.
    url = url or page_url(body, counter)
    template = _host_template(url)
    region = None
    if template is None:
        region = module_region(body)
        template = _content_template(body, url, region, code)
    if template not in _SLICED:
        region = None
    encoding = page_encoding(body, region)
    markers = body[region[0] : region[1]] if region else body
    return _Prepared(
        url, template, region, encoding, markers, code, region or _body_region(body, template)
    )


def _body_region(body: bytes, template: Template) -> tuple[int, int] | None:
    """Offsets of the template's `BODY_REGION` in the page, or None when it lacks them.

    Where the page body starts and the site footer begins on the UTF-8 sites whose pages
    are otherwise parsed whole: what is outside (header, menus, footer, modal dialogs)
    holds nothing any parser reads. Markers, encoding and the truncation check still see
    the whole page; a page missing either marker (truncated, changed) is parsed whole."""
    module = MODULES.get(template)
    marks = module.BODY_REGION if module is not None else None
    if marks is None:
        return None
    start = body.find(marks[0])
    end = body.find(marks[1], start) if start >= 0 else -1
    return (start, end) if end >= 0 else None


def classify(body: bytes, url: str | None = None, *, status: int | None = None) -> PageKind:
    """The page kind alone (parses the page only when its bytes do not already say)."""
    url, template, _, encoding, markers, _, parse_region = _prepare(bytes(body), url)
    kind = _marker_kind(markers, encoding, status)
    if kind is not None:
        return kind
    root, _ = parse_html(body, parse_region, encoding)
    return _tree_kind(root, markers, template, url, status)


def parse_page(
    body: bytes,
    url: str | None = None,
    *,
    status: int | None = None,
    fetched_at: dt.datetime | None = None,
    sha256: str | None = None,
) -> PageResult:
    """Parse a fetched page into its template, kind and records, with their `Source`
    (`sha256`: the body's digest, when the archive has just computed it).

    Raises `ParseError` when the page is of no known kind (truncated, unrelated site,
    changed layout) or when a page of a known kind lacks what that kind must have.
    """
    if not isinstance(body, bytes | bytearray):
        raise TypeError("parse_page wants the page's bytes, as fetched")
    body = bytes(body)
    with one_page():
        result = _parse_page(body, url, status)
    for rec in result.records:
        scrub_urls(rec)
    result.url = safe_url(result.url)
    result.source = Source.of(body, result.url, status=status, fetched_at=fetched_at, sha256=sha256)
    return result


_HTML_TAG = re.compile(rb"</?html", re.IGNORECASE)


def _last_closing_html(body: bytes) -> int:
    """Offset of the last `</html` in any letter case: looked for in the page's tail first
    (a miss would scan the whole page once per spelling)."""
    start = max(0, len(body) - 8192)
    hit = body[start:].lower().rfind(b"</html")
    if hit >= 0:
        return start + hit
    return max(body.rfind(b"</html"), body.rfind(b"</HTML"), body.rfind(b"</Html"))


def _ends_whole(body: bytes, region: tuple[int, int] | None = None) -> bool:
    """Classic cards and act pages embed each act as its own `<HTML><BODY>…</HTML>`, so a
    `</html>` alone proves nothing: the page is whole when every `<html` opened is closed.
    What follows the last `</html>` (a script, a counter, stray bytes) is not truncation.

    A sudrf `region` whose end marker was found (it ends before the bytes do) already
    proves the module output, and every act in it, whole; then the last `</html` need only
    lie after the module (a cut just past an act's `</HTML>` cannot) — no scan of the page."""
    last = _last_closing_html(body)
    if last < 0:
        return False
    if region is not None and region[1] < len(body):
        return last >= region[1]
    tags = _HTML_TAG.findall(body)  # one pass, no lowered copy of the page
    closed = sum(1 for t in tags if t[1] == 0x2F)  # b"/"
    return closed >= len(tags) - closed


def _parse_page(body: bytes, url: str | None, status: int | None) -> PageResult:
    given = url
    url, template, region, encoding, markers, code, parse_region = _prepare(body, url)
    kind = _marker_kind(markers, encoding, status)
    if kind is not None:  # refusal, «no data», empty document: nothing to extract
        return PageResult(template=template, page_kind=kind, court_code=code, url=given)
    root, _ = parse_html(body, parse_region, encoding)
    kind = _tree_kind(root, markers, template, url, status)
    if kind is PageKind.UNKNOWN or root is None:
        module = MODULES.get(template)
        expected = module.expected_kind(url) if module is not None else None
        title = C.page_title(root) if root is not None else None
        raise ParseError(
            expected or "court",
            "every marker of a known page kind (listing table, case number, act text, form, "
            "refusal notice); the page may be truncated, from another site, or of a changed layout"
            + T.encoding_hint(title),
            template=template,
            url=safe_url(url),
        )
    records: list[Record] = []
    module = MODULES.get(template)
    if module is not None:
        try:
            records = module.parse(root, kind, url)
        except ParseError as exc:
            if exc.url is None and url is not None:
                raise ParseError(
                    exc.kind_expected, exc.missing, template=template, url=url
                ) from exc
            raise
        except (IndexError, AttributeError, TypeError, ValueError) as exc:
            # A layout we do not know in a page that looked familiar.
            raise ParseError(
                kind,
                f"an expected element ({type(exc).__name__}: {exc})",
                template=template,
                url=url,
            ) from exc
    if kind in _CONTENT_KINDS and not _ends_whole(body, region):
        # Cut inside the last row or the act text: what was parsed looks whole but is not.
        raise ParseError(
            kind,
            "the page's own closing </html> (every <html> closed, the last at the end): "
            "the page is truncated",
            template=template,
            url=url,
        )
    for rec in records:
        if isinstance(rec, CaseCard) and rec.court_code is None:
            rec.court_code = code
    return PageResult(
        template=template, page_kind=kind, records=records, court_code=code, url=given
    )
