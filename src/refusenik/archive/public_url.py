"""URLs as the archive index shows them: without any query parameter naming a person.

Court search forms take a party's name (`U1_DEFENDANT__NAMESS`, `parts__namess`,
mos-gorsud's `participant`); such a URL must not reach the index, a listing or a log.
The rule is the one `refusenik.sites` applies to every URL a parsed page carries, so a
capture and the records parsed from it cite the same URL. The exact URL stays in the
WARC record; `url_hash` identifies it without showing it.
"""

from __future__ import annotations

import hashlib


def public_url(url: str) -> str:
    """`url` without the query parameters that name a person (the rest byte for byte)."""
    # Imported here: `refusenik.sites` loads the page parsers, which reading the index
    # does not need.
    from refusenik.sites.url_privacy import safe_url

    return safe_url(url) or url


def url_hash(url: str) -> str:
    """The SHA-256 (hex) of the URL exactly as fetched: the key to its captures."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()
