"""URLs as the archive index shows them: without any query parameter naming a person.

Court search forms take a party's name (`U1_DEFENDANT__NAMESS`, `parts__namess`,
mos-gorsud's `participant`); the crawler searches by article and date, but a URL that
carries a name must not reach the index, a listing or a log. The exact URL stays in the
WARC record; `url_hash` identifies it without showing it.
"""

from __future__ import annotations

import hashlib
from urllib.parse import unquote, urlsplit, urlunsplit

REMOVED = "removed"


def _names_a_person(key: str) -> bool:
    lowered = key.lower()
    return lowered.endswith(("namess", "__name", "_fio")) or lowered in {
        "participant",
        "fio",
        "side",
    }


def public_url(url: str) -> str:
    """`url` with the value of every name-carrying query parameter replaced by "removed".

    The query is rewritten piece by piece without decoding it, so the other parameters
    (often percent-encoded in windows-1251) keep their exact bytes.
    """
    parts = urlsplit(url)
    if not parts.query:
        return url
    pieces = parts.query.split("&")
    cleaned = []
    changed = False
    for piece in pieces:
        key, sep, value = piece.partition("=")
        if sep and value and _names_a_person(unquote(key)):
            piece = f"{key}={REMOVED}"
            changed = True
        cleaned.append(piece)
    if not changed:
        return url
    return urlunsplit(parts._replace(query="&".join(cleaned)))


def url_hash(url: str) -> str:
    """The SHA-256 (hex) of the URL exactly as fetched: the key to its captures."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()
