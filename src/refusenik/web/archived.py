"""An archived court page as the web shows it: names masked, scripts gone, a banner saying
what it is (captured URL without name parameters, capture time, SHA-256, WARC record id).

The raw bytes never leave the archive. Reading here neither locks the archive folder nor
migrates the store (a crawl may be writing while the site is served): the index row gives
the WARC file and offset, the record is read from there and its SHA-256 checked.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect

from refusenik.archive.errors import ArchiveCorruptError
from refusenik.archive.records import Capture

OPEN_SUFFIX = ".open"
# Elements whose content is code, or that would load something from elsewhere.
DROPPED = ("script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed",
           "applet", "link", "meta", "base", "svg", "math", "template", "audio", "video",
           "source", "img", "picture", "input", "button", "select", "textarea")  # fmt: skip
# Attributes that may carry text worth reading (masked); every other attribute is dropped.
TEXT_ATTRIBUTES = ("title", "alt")
KEPT_ATTRIBUTES = ("colspan", "rowspan", "align", "valign", "width")


@dataclass(frozen=True)
class ArchivedPage:
    """A capture and its body as safe HTML (a whole document)."""

    capture: Capture
    html: str


def find_capture(engine: Engine, record_id: str) -> Capture | None:
    """The index row of a WARC record id (None when unknown or the store has no index)."""
    from refusenik.archive import index

    with engine.connect() as conn:
        if not inspect(conn).has_table("captures"):
            return None
        return index.by_record_id(conn, record_id)


def _path(directory: Path, name: str) -> Path:
    closed = directory / name
    return closed if closed.exists() else directory / (name + OPEN_SUFFIX)


def read_body(engine: Engine, directory: Path, capture: Capture) -> bytes:
    """The payload of a capture (a revisit's from its original), checked against its SHA-256."""
    from refusenik.archive.warc_io import read_record

    record = read_record(
        _path(directory, capture.warc_file), capture.offset, capture.length, capture.warc_file
    )
    if record.warc_type == "revisit":
        target = capture.revisit_of or record.header("WARC-Refers-To")
        original = find_capture(engine, target) if target else None
        if original is None:
            raise ArchiveCorruptError(capture.warc_file, capture.offset, "a revisit of nothing")
        record = read_record(
            _path(directory, original.warc_file),
            original.offset,
            original.length,
            original.warc_file,
        )
    if hashlib.sha256(record.payload).hexdigest() != capture.sha256:
        raise ArchiveCorruptError(
            capture.warc_file, capture.offset, "the body does not match its recorded SHA-256"
        )
    return record.payload


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<table" in head or "<div" in head


def sanitize_html(text: str) -> str:
    """The page's body with code and remote resources removed, links disarmed (their
    targets may name people) and every remaining text node and shown attribute masked
    again with the aggressive rule (adjectival surnames such as «Долгих»)."""
    import lxml.html
    from lxml import etree

    from refusenik.privacy import mask_names

    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return f"<pre>{html.escape(mask_names(text))}</pre>"
    for element in list(root.iter(*DROPPED)):
        if element.getparent() is not None:
            element.drop_tree()
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    body = root.find("body")
    top = body if body is not None else root
    for element in top.iter():
        if not isinstance(element.tag, str):
            continue
        for name in list(element.attrib):
            value = element.attrib[name]
            if name in TEXT_ATTRIBUTES:
                element.attrib[name] = mask_names(value)
            elif name not in KEPT_ATTRIBUTES:
                del element.attrib[name]
        if element.tag == "a":
            element.attrib["title"] = "link disarmed in the archived copy"
        if element.text and element.text.strip():
            element.text = mask_names(element.text)
        if element.tail and element.tail.strip():
            element.tail = mask_names(element.tail)
    if body is not None:
        body.tag = "div"
        body.attrib["class"] = "archived-body"
    return etree.tostring(top, encoding="unicode", method="html")


def render_body(body: bytes) -> str:
    """Safe HTML for a body: an HTML page masked by `privacy.html.mask_html` (names in
    text nodes and shown attributes), then sanitised here; any other text in a <pre>."""
    from refusenik.privacy import mask_names
    from refusenik.privacy.html import mask_html
    from refusenik.sites.decode import decode, detect_encoding

    text = decode(body)
    if looks_like_html(text):
        encoding = detect_encoding(body)
        masked = mask_html(body, encoding)
        return sanitize_html(masked.decode(encoding, errors="replace"))
    return f"<pre>{html.escape(mask_names(text))}</pre>"
