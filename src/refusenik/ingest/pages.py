"""One archived response into the store: parse, extract, pseudonymise, write.

The live crawl calls `ingest` right after archiving a response; `reparse` calls it for
every capture of the archive. A page that refuses us (captcha, throttle, block, server
error) or that no parser can read is recorded as such and yields no cases: it is never
an empty result.
"""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, case, insert, select, update

from refusenik.errors import UserInputError
from refusenik.ingest.case_store import ACTS, CaseFacts, find_case, removed_by_card, write_case
from refusenik.ingest.identity import cartoteka_of, case_key, iso_date, query_of, server_of
from refusenik.ingest.model import CaptureLike, Context, IngestResult
from refusenik.ingest.press import case_cited, case_of_defendant, write_release
from refusenik.privacy import Pseudonymiser, pinned
from refusenik.sites import (
    ActText,
    CaseCard,
    Listing,
    ListingRow,
    PageKind,
    PageResult,
    ParseError,
    Party,
    PressList,
    PressRelease,
    ServerChoice,
    parse_page,
)
from refusenik.sites.url_privacy import safe_url
from refusenik.store import migrate, write_transaction
from refusenik.store.case_tables import (
    COURTS_SEEN,
    INGESTED,
    PUNISHMENTS,
)

UNREADABLE = "unreadable"  # no parser could read the page (a changed template?)
# The order evidence spans are preferred in, for the punishment's raw phrase.
_EVIDENCE_ORDER = ("kind", "term_months", "fine_rub", "hours", "outcome")


_REFUSED = frozenset(str(k) for k in PageKind if k.is_refusal)
# A court's state as its last page showed it, in the crawl's status words.
_STATUS = {
    str(PageKind.CAPTCHA_FORM): "captcha",
    str(PageKind.CAPTCHA_ERROR): "captcha",
    str(PageKind.THROTTLED): "throttled",
    str(PageKind.GEO_BLOCKED): "geo_blocked",
    str(PageKind.SERVER_ERROR): "server_error",
    UNREADABLE: "template_changed",
}


def status_of(page_kind: str) -> str:
    """The court status a page of this kind shows: ok, captcha, throttled … template_changed."""
    return _STATUS.get(page_kind, "ok")


def ingest(
    engine: Engine,
    capture: CaptureLike,
    body: bytes,
    context: Context,
    *,
    pseudonymiser: Pseudonymiser | None = None,
    page: PageResult | None = None,
    fresh: bool = False,
) -> IngestResult:
    """Read one archived response into the store; a capture read before changes nothing.

    `page` is the page already parsed from `body` (the crawler parses each page once, to
    follow its links): given, it is not parsed again. It must come from the same
    pseudonymiser, as the crawler's does (the crawl's own key). `fresh`: the capture was
    archived just now, by the caller, so no earlier read of it can be in the store."""
    _migrated(engine)
    with pinned(pseudonymiser):
        if page is None:
            try:
                page = parse_page(
                    body, capture.url or None, status=capture.status, fetched_at=capture.fetched_at
                )
            except ParseError as exc:
                return _record_unreadable(engine, capture, context, str(exc), fresh)
        if page.page_kind in (PageKind.PRESS_LIST, PageKind.PRESS_RELEASE):
            return _ingest_press(engine, capture, context, page, fresh)
        facts, acts, links = _read_records(page.records, capture, context)
        next_page = next(
            (r.next_url for r in page.records if isinstance(r, Listing) and r.next_url), None
        )
        extracted = [(act, _extract(act.text)) for act in acts]
    kind = str(page.page_kind)
    with write_transaction(engine) as conn:
        if not fresh and _already(conn, capture):
            found = [(f, cid) for f in facts if (cid := find_case(conn, f)) is not None]
            return IngestResult(
                kind,
                _unique([cid for _, cid in found]),
                links=links,
                already=True,
                next_page=next_page,
                cards_due=_cards_due(
                    conn, kind, [(f, cid, False) for f, cid in found], context.fresh_since
                ),
            )
        result = IngestResult(kind, links=links, next_page=next_page)
        seen_ids: list[int] = []
        written = []
        for item in facts:
            case_id, is_new, changed = write_case(conn, item, capture, kind)
            seen_ids.append(case_id)
            written.append((item, case_id, is_new or changed))
            result.new += is_new
            result.changed += changed
            if is_new and item.card_url:
                result.cards_new.append(item.card_url)
        result.cards_due = _cards_due(conn, kind, written, context.fresh_since)
        if kind == str(PageKind.EMPTY_RESULT) and _is_card_url(capture.url):
            gone = removed_by_card(
                conn, capture.court or context.court, safe_url(capture.url) or "", capture
            )
            result.removed = [gone] if gone is not None else []
        card_case = seen_ids[0] if len(seen_ids) == 1 and kind == "case_card" else None
        for act, found in extracted:
            _write_act(conn, capture, act, found, card_case, context)
        result.cases_seen = _unique(seen_ids)
        _mark(conn, capture, context, kind, len(result.cases_seen), None)
        return result


_CURRENT: weakref.WeakSet[Engine] = weakref.WeakSet()


def _migrated(engine: Engine) -> None:
    """Migrate once per engine: a crawl calls `ingest` for every page."""
    if engine not in _CURRENT:
        migrate(engine)
        _CURRENT.add(engine)


def _cards_due(
    conn: Connection,
    kind: str,
    written: list[tuple[CaseFacts, int, bool]],
    fresh_since: datetime | None = None,
) -> list[str]:
    """Cards of a listing worth asking for: new or changed cases, cards never read, and
    cases not yet in force (their cards still move). A final case read before is not, nor
    a card read since `fresh_since` (by the interrupted run a resumed crawl continues)."""
    if kind != "listing" or not written:
        return []
    from refusenik.ingest.case_store import CASES

    ids = [cid for _, cid, _ in written]
    state = {
        r.id: r
        for r in conn.execute(
            select(CASES.c.id, CASES.c.card_read, CASES.c.in_force).where(CASES.c.id.in_(ids))
        )
    }

    def fresh(read: datetime | None) -> bool:
        if read is None or fresh_since is None:
            return False
        return (read if read.tzinfo else read.replace(tzinfo=fresh_since.tzinfo)) >= fresh_since

    due = [
        facts.card_url
        for facts, cid, moved in written
        if facts.card_url
        and (
            moved
            or state[cid].card_read is None
            or (state[cid].in_force is None and not fresh(state[cid].card_read))
        )
    ]
    return list(dict.fromkeys(due))


def _is_card_url(url: str | None) -> bool:
    q = query_of(url)
    return q.get("name_op") == "case" or bool(q.get("_uid") or q.get("case_uid"))


def _unique(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))


# Run for every page: built once (see `case_store`).
_INGESTED = select(INGESTED.c.id).where(INGESTED.c.record_id == bindparam("record_id"))
# One statement a page: the counts go up, and the state is the page's unless a later
# page was read already (captures read out of order). Each SET reads the row as it was.
_LATER = COURTS_SEEN.c.last_crawled <= bindparam("at")
_COURT_SEEN = (
    update(COURTS_SEEN)
    .where(COURTS_SEEN.c.court == bindparam("court_"))
    .values(
        pages=COURTS_SEEN.c.pages + 1,
        refused=COURTS_SEEN.c.refused + bindparam("refused_"),
        unreadable=COURTS_SEEN.c.unreadable + bindparam("unreadable_"),
        last_crawled=case((_LATER, bindparam("at")), else_=COURTS_SEEN.c.last_crawled),
        last_status=case((_LATER, bindparam("status")), else_=COURTS_SEEN.c.last_status),
        last_ok=case((_LATER, bindparam("ok")), else_=COURTS_SEEN.c.last_ok),
    )
)


def _already(conn: Connection, capture: CaptureLike) -> bool:
    return conn.execute(_INGESTED, {"record_id": capture.record_id}).scalar() is not None


def _record_unreadable(
    engine: Engine, capture: CaptureLike, context: Context, error: str, fresh: bool = False
) -> IngestResult:
    with write_transaction(engine) as conn:
        already = not fresh and _already(conn, capture)
        if not already:
            _mark(conn, capture, context, UNREADABLE, 0, error)
    return IngestResult(UNREADABLE, already=already, error=error)


def _mark(
    conn: Connection,
    capture: CaptureLike,
    context: Context,
    kind: str,
    cases: int,
    error: str | None,
) -> None:
    """Remember the capture as read, and what it says about its court's state."""
    court = capture.court or context.court
    at = capture.fetched_at
    conn.execute(
        insert(INGESTED),
        {
            "record_id": capture.record_id,
            "capture_id": capture.id,
            "court": court,
            "url": safe_url(capture.url) or "",
            "fetched_at": at,
            "page_kind": kind,
            "cases": cases,
            "error": error,
        },
    )
    refused = kind in _REFUSED
    ok = None if refused or error else at
    counted = conn.execute(
        _COURT_SEEN,
        {
            "court_": court,
            "at": at,
            "status": status_of(kind),
            "ok": ok,
            "refused_": int(refused),
            "unreadable_": int(error is not None),
        },
    )
    if counted.rowcount == 0:
        conn.execute(
            insert(COURTS_SEEN),
            {
                "court": court,
                "first_crawled": at,
                "last_crawled": at,
                "last_status": status_of(kind),
                "last_ok": ok,
                "pages": 1,
                "refused": int(refused),
                "unreadable": int(error is not None),
            },
        )


def _articles(parties: list[Party]) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for party in parties:
        for ref in party.articles:
            if ref.get("code") not in (None, "УК РФ") or not ref.get("article"):
                continue
            item = (str(ref["article"]), str(ref["part"]) if ref.get("part") else None)
            if item not in found:
                found.append(item)
    return found


def _defendants(parties: list[Party]) -> list[dict[str, Any]]:
    return [
        {
            "pseudonym": p.name,
            "name_hidden": p.name_hidden,
            "articles": "; ".join(a + (f" ч.{n}" if n else "") for a, n in _articles([p])) or None,
            "decision_date": p.decision_date,
            "result": p.result,
        }
        for p in parties
        if not p.organisation
    ]


def _acts(links: list[Any]) -> list[dict[str, Any]]:
    return [
        {"url": a.url, "kind": a.kind, "date": a.date, "doc_number": a.number}
        for a in links
        if a.url or a.number
    ]


def _row_facts(row: ListingRow, listing: Listing, context: Context) -> CaseFacts | None:
    key = case_key(row.case_id, row.case_uid, None, row.case_number)
    if key is None:
        return None
    url = row.card_url
    return CaseFacts(
        court=context.court,
        server=server_of(url, context),
        cartoteka=cartoteka_of(url, context, listing.cartoteka),
        key=key,
        card_id=row.case_id,
        card_guid=row.case_uid,
        number=row.case_number,
        received=iso_date(row.received_date),
        decided=iso_date(row.decision_date),
        in_force=iso_date(row.validity_date),
        judge=row.judge,
        result=row.result,
        category=row.category,
        articles=_articles(row.defendants),
        names_hidden=any(p.name_hidden for p in row.defendants) if row.defendants else None,
        card_url=row.card_url,
        defendants=_defendants(row.defendants),
        acts=_acts(row.acts),
    )


def _card_facts(card: CaseCard, url: str, context: Context, first: bool) -> CaseFacts | None:
    # Only the page's own card may take its id from the URL; linked cards carry their own.
    card_id = card.case_id or (query_of(url).get("case_id") if first else None)
    key = case_key(card_id, card.case_uid, card.judicial_uid, card.case_number)
    if key is None:
        return None
    return CaseFacts(
        court=context.court,
        server=server_of(url, context),
        cartoteka=cartoteka_of(url, context, card.cartoteka),
        key=key,
        card_id=card_id,
        card_guid=card.case_uid,
        number=card.case_number,
        uid=card.judicial_uid,
        received=iso_date(card.received_date),
        decided=iso_date(card.decision_date),
        in_force=iso_date(card.validity_date),
        judge=card.judge,
        result=card.result,
        category=card.category,
        articles=_articles(card.defendants),
        names_hidden=any(p.name_hidden for p in card.defendants) if card.defendants else None,
        card_url=safe_url(url),
        defendants=_defendants(card.defendants),
        events=[
            {"name": e.name, "date": e.date, "time": e.time, "result": e.result, "basis": e.basis}
            for e in card.events
        ],
        appeals=[
            {
                "kind": a.kind,
                "filed_by": a.filed_by,
                "higher_court": a.higher_court,
                "decision_date": a.decision_date,
                "result": a.result,
            }
            for a in card.appeals
        ],
        acts=_acts([a for a in card.acts if not a.inline]),
    )


def _read_records(
    records: list[Any], capture: CaptureLike, context: Context
) -> tuple[list[CaseFacts], list[ActText], list[str]]:
    facts: list[CaseFacts] = []
    acts: list[ActText] = []
    links: list[str] = []
    for record in records:
        if isinstance(record, Listing):
            for row in record.rows:
                item = _row_facts(row, record, context)
                if item is not None:
                    facts.append(item)
                if row.card_url:
                    links.append(row.card_url)
                links += [a.url for a in row.acts if a.url]
            if record.next_url:
                links.append(record.next_url)
        elif isinstance(record, CaseCard):
            first = not any(isinstance(r, CaseCard) for r in records[: records.index(record)])
            item = _card_facts(record, capture.url, context, first)
            if item is not None:
                facts.append(item)
            links += [a.url for a in record.acts if a.url and not a.inline]
        elif isinstance(record, ActText):
            acts.append(record)
        elif isinstance(record, ServerChoice) and record.url:
            links.append(record.url)
    return facts, acts, list(dict.fromkeys(links))


def _extract(text: str) -> Any:
    """What `extract` reads from a text; a text it refuses is marked unreadable, so one odd
    act (a 5 MB collection, a page in Ukrainian) never stops a crawl."""
    from refusenik.extract import extract
    from refusenik.extract.model import ExtractionResult

    try:
        return extract(text)
    except UserInputError:
        return ExtractionResult("unreadable")


def _write_act(
    conn: Connection,
    capture: CaptureLike,
    act: ActText,
    found: Any,
    card_case: int | None,
    context: Context,
) -> None:
    """Punishments read from an act text; the text itself is not stored."""
    act_id: int | None = None
    case_id = card_case
    if act.source != "card":
        doc = query_of(capture.url).get("number")
        row = conn.execute(
            select(ACTS.c.id, ACTS.c.case_id)
            .select_from(ACTS)
            .where(ACTS.c.doc_number == doc)
            .where(ACTS.c.url == safe_url(capture.url))
        ).first()
        if row is None and doc:
            row = _act_by_doc(conn, doc, context.court)
        if row is not None:
            act_id, case_id = row[0], row[1]
            conn.execute(
                update(ACTS)
                .where(ACTS.c.id == act_id)
                .values(text_record=capture.record_id, document_type=found.document_type)
            )
    _write_punishments(conn, capture, found, case_id=case_id, act_id=act_id)


def _write_punishments(
    conn: Connection,
    capture: CaptureLike,
    found: Any,
    *,
    case_id: int | None,
    act_id: int | None = None,
    press_id: int | None = None,
) -> None:
    """One row per defendant `extract` found, with the masked phrase it read it from."""
    for position, d in enumerate(found.defendants, start=1):
        exists = conn.execute(
            select(PUNISHMENTS.c.id).where(
                PUNISHMENTS.c.record_id == capture.record_id, PUNISHMENTS.c.position == position
            )
        ).scalar()
        if exists is not None:
            continue
        span = next((d.evidence[k] for k in _EVIDENCE_ORDER if k in d.evidence), None)
        p = d.punishment
        conn.execute(
            insert(PUNISHMENTS).values(
                case_id=case_id,
                act_id=act_id,
                press_id=press_id,
                record_id=capture.record_id,
                position=position,
                pseudonym=d.pseudonym,
                outcome=d.outcome,
                articles="; ".join(
                    a.article + (f" ч.{a.part}" if a.part else "") for a in d.articles
                )
                or None,
                kind=p.kind if p else None,
                term_months=p.term_months if p else None,
                probation_months=p.probation_months if p else None,
                fine_rub=p.fine_rub if p else None,
                regime=p.regime if p else None,
                raw_phrase=span.text if span else None,
                evidence_start=span.start if span else None,
                evidence_end=span.end if span else None,
            )
        )


def _ingest_press(
    engine: Engine, capture: CaptureLike, context: Context, page: PageResult, fresh: bool
) -> IngestResult:
    """A press list (items and its next page to follow) or one release (punishments,
    linked to its case, or kept as its own record)."""
    kind = str(page.page_kind)
    court = capture.court or context.court
    links: list[str] = []
    release: PressRelease | None = None
    next_page = None
    for rec in page.records:
        if isinstance(rec, PressList):
            links += [item.url for item in rec.items if item.url]
            next_page = rec.next_url
            links += [next_page] if next_page else []
        elif isinstance(rec, PressRelease):
            release = rec
    found = _extract(release.text) if release is not None else None
    with write_transaction(engine) as conn:
        if not fresh and _already(conn, capture):
            return IngestResult(kind, links=links, already=True, next_page=next_page)
        seen: list[int] = []
        if release is not None and found is not None:
            case_id = case_cited(conn, court, release.text)
            if case_id is None:
                case_id = case_of_defendant(conn, court, found, release.date)
            press_id = write_release(conn, capture, court, release.date, case_id)
            _write_punishments(conn, capture, found, case_id=case_id, press_id=press_id)
            seen = [case_id] if case_id is not None else []
        _mark(conn, capture, context, kind, len(seen), None)
        return IngestResult(kind, cases_seen=seen, links=links, next_page=next_page)


def _act_by_doc(conn: Connection, doc: str, court: str) -> Any:
    from refusenik.ingest.case_store import CASES

    return conn.execute(
        select(ACTS.c.id, ACTS.c.case_id)
        .join(CASES, CASES.c.id == ACTS.c.case_id)
        .where(ACTS.c.doc_number == doc, CASES.c.court == court)
        .order_by(ACTS.c.id)
    ).first()


def ingested_at(engine: Engine, record_id: str) -> datetime | None:
    """When the capture was fetched, if it has been ingested (for tests and resumption)."""
    with engine.connect() as conn:
        return conn.execute(
            select(INGESTED.c.fetched_at).where(INGESTED.c.record_id == record_id)
        ).scalar()
