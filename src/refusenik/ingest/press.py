"""Court press releases: the sentence a court publicised, linked to its case.

A release's text may name the defendant, so only what `refusenik.extract` makes of it
(pseudonyms, outcome, punishment, masked evidence) and its date are stored. It is linked
to the case whose number it cites at the same court; a release that cites none of the
court's cases is kept as its own record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, insert, or_, select, update

from refusenik.ingest.case_store import CASES
from refusenik.ingest.identity import iso_date
from refusenik.ingest.model import CaptureLike
from refusenik.sites.url_privacy import safe_url
from refusenik.store.case_tables import PRESS

_CASE_NUMBER = re.compile(r"\b\d{1,2}[-‑]\d{1,6}/\d{4}\b")


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


def relink_releases(engine: Engine, courts: Iterable[str] | None = None) -> int:
    """Link releases read before their case: a crawl may read a court's press list before
    the card of the case a release reports. Matches what was stored of each release (its
    defendants' pseudonyms and articles, its date) against the cases now stored."""
    from refusenik.ingest.case_store import ARTICLES, DEFENDANTS
    from refusenik.store import write_transaction
    from refusenik.store.case_tables import PUNISHMENTS

    linked = 0
    with write_transaction(engine) as conn:
        query = select(PRESS.c.id, PRESS.c.court, PRESS.c.published).where(
            PRESS.c.case_id.is_(None)
        )
        if courts is not None:
            query = query.where(PRESS.c.court.in_(list(courts)))
        for release in conn.execute(query.order_by(PRESS.c.id)).all():
            day = iso_date(release.published)
            for p in conn.execute(
                select(PUNISHMENTS.c.pseudonym, PUNISHMENTS.c.articles)
                .where(PUNISHMENTS.c.press_id == release.id)
                .order_by(PUNISHMENTS.c.position)
            ):
                if not p.pseudonym:
                    continue
                found = (
                    select(CASES.c.id)
                    .join(DEFENDANTS, DEFENDANTS.c.case_id == CASES.c.id)
                    .where(CASES.c.court == release.court, DEFENDANTS.c.pseudonym == p.pseudonym)
                )
                articles = [a.strip().split(" ")[0] for a in (p.articles or "").split(";")]
                articles = [a for a in articles if a]
                if articles:
                    found = found.where(
                        select(ARTICLES.c.id)
                        .where(ARTICLES.c.case_id == CASES.c.id, ARTICLES.c.article.in_(articles))
                        .exists()
                    )
                if day is not None:
                    found = found.where(or_(CASES.c.decided.is_(None), CASES.c.decided <= day))
                case_id = conn.execute(
                    found.order_by(CASES.c.decided.desc(), CASES.c.id.desc())
                ).scalar()
                if case_id is None:
                    continue
                conn.execute(update(PRESS).where(PRESS.c.id == release.id).values(case_id=case_id))
                conn.execute(
                    update(PUNISHMENTS)
                    .where(PUNISHMENTS.c.press_id == release.id)
                    .values(case_id=case_id)
                )
                linked += 1
                break
    return linked
