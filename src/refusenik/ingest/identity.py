"""Which stored case a listing row or a card is: the identity rule, in one place.

A case is one court's record of it. Within a court it is found by the server
(`srv_num`), the cartoteka (`delo_id` of its card URL) and the card's own id
(`case_id`), which the court keeps when it renumbers a case; without an id, the card's
GUID (`case_uid`), then the УИД, then the number. A case sent to another court is a
new record there, linked to the first by its УИД, which is national and never changes.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlsplit

from refusenik.ingest.model import Context


def query_of(url: str | None) -> dict[str, str]:
    """The query parameters of `url` (first value of each), keys in lower case."""
    if not url:
        return {}
    out: dict[str, str] = {}
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True, encoding="cp1251"):
        out.setdefault(key.lower(), value)
    return out


def server_of(url: str | None, context: Context) -> int:
    """The court database the page came from: `srv_num` in its URL, else the context's, else 1."""
    raw = query_of(url).get("srv_num")
    if raw and raw.isdigit():
        return int(raw)
    return context.server or 1


def cartoteka_of(url: str | None, context: Context, shown: str | None) -> str:
    """The cartoteka key: `delo_id` of the URL, else the context's, else the title shown."""
    delo_id = query_of(url).get("delo_id") or query_of(url).get("_deloid")
    if delo_id:
        return f"delo_id:{delo_id}"
    if context.cartoteka:
        return context.cartoteka
    return (shown or "").strip()[:80]


def case_key(
    case_id: str | None, case_guid: str | None, uid: str | None, number: str | None
) -> str | None:
    """The key a case is stored under within its court, server and cartoteka."""
    if case_id:
        return f"id:{case_id}"
    if case_guid:
        return f"guid:{case_guid}"
    if uid:
        return f"uid:{uid}"
    if number:
        return f"no:{number}"
    return None


def iso_date(value: str | None) -> date | None:
    """A date as the parsers give it (ISO, or dd.mm.yyyy as printed); None when not one."""
    if not value:
        return None
    text = value.strip()[:10]
    try:
        if len(text) == 10 and text[2] == "." and text[5] == ".":
            return date(int(text[6:10]), int(text[3:5]), int(text[0:2]))
        return date.fromisoformat(text)
    except ValueError:
        return None
