"""One court in words: what the crawl holds for it, and how complete that is — the
paragraph a court's page and a report open with."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select


def court_paragraph(engine: Engine, court: str) -> str:
    """A paragraph on one court: what the crawl holds for it, and how complete that is."""
    from refusenik import courts as registry
    from refusenik.analysis.derived import _court
    from refusenik.analysis.figures import Scope, headline, sentence_kinds
    from refusenik.errors import UserInputError

    code = court.strip().upper()
    try:
        known = registry.get(code)
        name, code = known.name, known.code
    except UserInputError:
        name = None
    kind, region, district = _court(code)
    scope = Scope(courts=(code,))
    head = headline(engine, scope)
    cover = _court_coverage(engine, code)
    if name is None and not head["cases_received"] and cover is None:
        raise UserInputError(f"court {court!r}: not in the registry and not in the store")
    where = ", ".join(
        p
        for p in (
            code,
            kind.replace("_", " ") + " court" if kind else None,
            region,
            f"{district} military district" if district else None,
        )
        if p
    )
    text = [f"{name or code} ({where})."]
    if not head["cases_received"]:
        text.append("The crawl holds no cases of this court.")
    else:
        kinds = {r[0]: r[2] for r in sentence_kinds(engine, scope).rows if r[2] is not None}
        text.append(
            f"The crawl holds {head['cases_received']} cases received, {head['decisions']} "
            f"decided, concerning {head['persons']} persons in decided cases, of whom "
            f"{head['persons_sentenced']} were convicted."
        )
        if kinds:
            top = sorted(kinds.items(), key=lambda kv: -kv[1])[:3]
            text.append(
                "Of the sentences read, "
                + ", ".join(
                    f"{share:.0%} {_KIND_WORDS.get(k, k.replace('_', ' '))}" for k, share in top
                )
                + "."
            )
        if head["share_below_minimum"] is not None:
            text.append(
                f"{head['share_below_minimum']:.0%} of the sentences that could be checked "
                "are below the statutory minimum (art. 64)."
            )
        if head["median_days_to_decision"] is not None:
            text.append(
                f"A case took a median of {head['median_days_to_decision']:.0f} days from "
                "receipt to decision."
            )
    if cover is None:
        text.append("Its site has not been crawled.")
    else:
        text.append(
            f"Last crawled {cover['last_crawled']:%Y-%m-%d} (status: {cover['status']}); "
            f"{cover['hidden']} cases hidden and {cover['removed']} removed from its site since "
            f"first seen; {cover['windows_unread']} listing windows and {cover['cards_unread']} "
            "case cards could not be read in the last crawl."
        )
    if head["as_of"]:
        text.append(
            f"Figures as of {head['as_of']}; months from {head['provisional_from']:%Y-%m} on "
            "are provisional."
        )
    return " ".join(text)


_KIND_WORDS = {"imprisonment": "real imprisonment", "suspended": "suspended imprisonment"}


def _court_coverage(engine: Engine, court: str) -> dict[str, Any] | None:
    from refusenik.store.case_tables import CASES, COURTS_SEEN, FLAGS, STATUS

    with engine.connect() as conn:
        from sqlalchemy import inspect

        if not inspect(conn).has_table("courts_seen"):
            return None
        seen = (
            conn.execute(select(COURTS_SEEN).where(COURTS_SEEN.c.court == court)).mappings().first()
        )
        if seen is None:
            return None
        run = (
            conn.execute(
                select(STATUS)
                .where(STATUS.c.court == court)
                .order_by(STATUS.c.run_id.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        flags: dict[str, int] = dict(
            conn.execute(
                select(FLAGS.c.flag, func.count(func.distinct(FLAGS.c.case_id)))
                .join(CASES, CASES.c.id == FLAGS.c.case_id)
                .where(CASES.c.court == court, FLAGS.c.until.is_(None))
                .group_by(FLAGS.c.flag)
            ).all()
        )
    last = seen["last_crawled"]
    if isinstance(last, str):
        from datetime import datetime

        last = datetime.fromisoformat(last)
    return {
        "last_crawled": last,
        "status": run["status"] if run else seen["last_status"],
        "hidden": flags.get("hidden", 0),
        "removed": flags.get("removed", 0),
        "windows_unread": run["windows_unread"] if run else 0,
        "cards_unread": run["cards_unread"] if run else 0,
    }
