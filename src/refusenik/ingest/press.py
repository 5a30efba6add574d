"""Court press releases: the sentence a court publicised, linked to its case.

A release's text may name the defendant, so only what `refusenik.extract` makes of it
(pseudonyms, outcome, punishment, masked evidence) and its date are stored. It is linked
to the case whose number it cites at the same court; a release that cites none of the
court's cases is kept as its own record.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html
from sqlalchemy import Connection, insert, or_, select

from refusenik.ingest.case_store import CASES
from refusenik.ingest.identity import iso_date, query_of
from refusenik.ingest.model import CaptureLike
from refusenik.sites.url_privacy import safe_url
from refusenik.store.case_tables import PRESS

_CASE_NUMBER = re.compile(r"\b\d{1,2}[-‑]\d{1,6}/\d{4}\b")


def is_press_url(url: str | None) -> bool:
    """A page of a court's press section (`name=press_dep`)."""
    return query_of(url).get("name") == "press_dep"


def read_release(body: bytes) -> tuple[str, str | None, list[str]] | None:
    """(text, date, links) of a press page: the release's text, or the list's links."""
    text = body.decode("cp1251", errors="replace")
    if "<meta" in text[:2000].lower() and "utf-8" in text[:2000].lower():
        text = body.decode("utf-8", errors="replace")
    root = html.fromstring(text)
    full = root.xpath("//div[contains(@class, 'news-item-full')]")
    if full:
        paragraphs = full[0].xpath(".//div[contains(@class, 'news-text')]//text()")
        date = full[0].xpath("string(.//div[contains(@class, 'news-date')])").strip() or None
        return " ".join(p.strip() for p in paragraphs if p.strip()), date, []
    links = [a.get("href") for a in root.xpath("//div[contains(@class, 'news-item')]//a[@href]")]
    if links or root.xpath("//div[contains(@class, 'news-list')]"):
        return "", None, [link for link in links if link]
    return None


def case_cited(conn: Connection, court: str, text: str) -> int | None:
    """The court's case whose number the release cites (its number now or before)."""
    numbers = _CASE_NUMBER.findall(text)
    if not numbers:
        return None
    conditions = [CASES.c.number == n for n in numbers]
    conditions += [CASES.c.number.like(f"%({n}%") for n in numbers]  # «1-2345/2026 (1-12/2026;)»
    return conn.execute(
        select(CASES.c.id).where(CASES.c.court == court, or_(*conditions)).order_by(CASES.c.id)
    ).scalar()


def case_of_defendant(
    conn: Connection, court: str, found: Any, published: str | None
) -> int | None:
    """The court's case of a defendant the release names (by pseudonym), charged under the
    article it cites, decided on or before the release: the latest such decision."""
    from refusenik.ingest.case_store import ARTICLES, DEFENDANTS

    day = iso_date(published)
    for defendant in found.defendants:
        query = (
            select(CASES.c.id)
            .join(DEFENDANTS, DEFENDANTS.c.case_id == CASES.c.id)
            .where(CASES.c.court == court, DEFENDANTS.c.pseudonym == defendant.pseudonym)
        )
        articles = [a.article for a in defendant.articles]
        if articles:
            query = query.where(
                select(ARTICLES.c.id)
                .where(ARTICLES.c.case_id == CASES.c.id, ARTICLES.c.article.in_(articles))
                .exists()
            )
        if day is not None:
            query = query.where(or_(CASES.c.decided.is_(None), CASES.c.decided <= day))
        found_id = conn.execute(query.order_by(CASES.c.decided.desc(), CASES.c.id.desc())).scalar()
        if found_id is not None:
            return int(found_id)
    return None


def write_release(
    conn: Connection, capture: CaptureLike, court: str, date: str | None, case_id: int | None
) -> int:
    """The release's row (once per archive record)."""
    found = conn.execute(select(PRESS.c.id).where(PRESS.c.record_id == capture.record_id)).scalar()
    if found is not None:
        return int(found)
    published = iso_date(date)
    inserted: Any = conn.execute(
        insert(PRESS).values(
            court=court,
            url=safe_url(capture.url) or "",
            record_id=capture.record_id,
            case_id=case_id,
            published=published.isoformat() if published else None,
        )
    )
    return int(inserted.inserted_primary_key[0])
