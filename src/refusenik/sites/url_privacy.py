"""URLs are court text too: a search by a person's name carries the name in every link
of its results (`?participant=<surname>`). Query parameters that hold a name are dropped
from every URL a record carries, so no name leaves `sites` inside a link."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

# Parameter names (lower case) that hold a person's name on the court sites, and the
# suffix of the sudrf name fields (`U1_DEFENDANT__NAMESS`, `parts__namess`).
_NAME_PARAMS = frozenset({"participant", "fio", "surname", "lastname", "fullname", "party"})
_NAME_SUFFIXES = ("__namess", "__name", "__fio")
_URL_FIELDS = frozenset({"url", "card_url", "next_url"})


def _names_a_person(key: str) -> bool:
    low = key.lower()
    return low in _NAME_PARAMS or low.endswith(_NAME_SUFFIXES)


def safe_url(url: str | None) -> str | None:
    """`url` without the query parameters that name a person (the rest left byte for byte)."""
    if not url or "?" not in url:
        return url
    head, _, rest = url.partition("?")
    query, hash_, fragment = rest.partition("#")
    kept = [p for p in query.split("&") if p and not _names_a_person(p.split("=", 1)[0])]
    out = f"{head}?{'&'.join(kept)}" if kept else head
    return f"{out}{hash_}{fragment}"


def scrub_urls(record: Any) -> None:
    """Apply `safe_url` to every URL field of a record and of the records inside it."""
    if not is_dataclass(record) or isinstance(record, type):
        return
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name in _URL_FIELDS and isinstance(value, str):
            setattr(record, f.name, safe_url(value))
        elif isinstance(value, list):
            for item in value:
                scrub_urls(item)
