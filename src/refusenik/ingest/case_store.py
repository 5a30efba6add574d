"""Write what one page says about one case, keeping every change as a row.

A value the page does not show (None) never overwrites a value seen before: a listing
row has no УИД, a card has; neither erases the other. A page older than the case's last
sighting only adds an observation, so reading captures out of order cannot turn the
clock back. Writing the same capture twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from refusenik.ingest.model import CaptureLike
from refusenik.store.case_tables import (
    ACTS,
    APPEALS,
    ARTICLES,
    CASES,
    CHANGES,
    DEFENDANTS,
    EVENTS,
    FLAGS,
    OBSERVATIONS,
)

# The fields of a case whose changes are kept, in the order `cases show` lists them.
TRACKED = (
    "number",
    "uid",
    "received",
    "decided",
    "in_force",
    "judge",
    "result",
    "category",
    "articles",
    "names_hidden",
    "card_url",
)


# Fields a listing row does not show and the card does: their first value is no change.
# Any other field that gets its first value (a decision, a result) is history.
FILLED_IN = frozenset({"uid", "category", "card_url"})

# Fields kept up to date without history: the listing and the card link the same card
# with different query strings, so a change row for them would only record which page
# was read last.
UNRECORDED = frozenset({"card_url"})


@dataclass
class CaseFacts:
    """What one page says about one case (names already pseudonyms)."""

    court: str
    server: int
    cartoteka: str
    key: str
    card_id: str | None = None
    card_guid: str | None = None
    number: str | None = None
    uid: str | None = None
    received: date | None = None
    decided: date | None = None
    in_force: date | None = None
    judge: str | None = None
    result: str | None = None
    category: str | None = None
    articles: list[tuple[str, str | None]] = field(default_factory=list)
    names_hidden: bool | None = None
    card_url: str | None = None
    defendants: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    appeals: list[dict[str, Any]] = field(default_factory=list)
    acts: list[dict[str, Any]] = field(default_factory=list)

    def articles_text(self) -> str | None:
        if not self.articles:
            return None
        return "; ".join(a + (f" ч.{p}" if p else "") for a, p in self.articles)

    def value(self, name: str) -> Any:
        if name == "articles":
            return self.articles_text()
        return getattr(self, name)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns: they were stored in UTC.
    from datetime import UTC

    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# The statements run for every case of every page, built once: building a statement and
# its cache key anew each time cost more than SQLite took to run it.
_BY_KEY = select(CASES.c.id).where(
    CASES.c.court == bindparam("court"),
    CASES.c.server == bindparam("server"),
    CASES.c.cartoteka == bindparam("cartoteka"),
    CASES.c.case_key == bindparam("key"),
)
_BY_GUID = select(CASES.c.id).where(
    CASES.c.court == bindparam("court"), CASES.c.card_guid == bindparam("guid")
)
# The case, and whether any flag of it is open (most have none: no flag to look up).
_CASE = select(
    CASES,
    select(FLAGS.c.id)
    .where(FLAGS.c.case_id == CASES.c.id, FLAGS.c.until.is_(None))
    .exists()
    .label("flagged"),
).where(CASES.c.id == bindparam("id"))
# A capture read twice adds no second observation: the unique index says so, no lookup.
_OBSERVE = {
    "sqlite": sqlite_insert(OBSERVATIONS).on_conflict_do_nothing(),
    "postgresql": postgresql_insert(OBSERVATIONS).on_conflict_do_nothing(),
}
_OPEN_FLAG = select(FLAGS.c.id, FLAGS.c.evidence).where(
    FLAGS.c.case_id == bindparam("case_id"),
    FLAGS.c.flag == bindparam("flag"),
    FLAGS.c.until.is_(None),
)
_ACT_KNOWN = select(ACTS.c.id).where(
    ACTS.c.case_id == bindparam("case_id"), ACTS.c.url == bindparam("url")
)
_CASE_ARTICLES = select(ARTICLES).where(ARTICLES.c.case_id == bindparam("case_id"))
_POSITIONS = {
    table.name: select(table).where(table.c.case_id == bindparam("case_id"))
    for table in (DEFENDANTS, EVENTS, APPEALS)
}


def find_case(conn: Connection, facts: CaseFacts) -> int | None:
    """The stored case these facts are about, by the identity rule of `ingest.identity`."""
    found = conn.execute(
        _BY_KEY,
        {
            "court": facts.court,
            "server": facts.server,
            "cartoteka": facts.cartoteka,
            "key": facts.key,
        },
    ).scalar()
    if found is None and facts.card_guid:
        found = conn.execute(_BY_GUID, {"court": facts.court, "guid": facts.card_guid}).scalar()
    return found


def write_case(
    conn: Connection, facts: CaseFacts, capture: CaptureLike, page_kind: str
) -> tuple[int, bool, bool]:
    """Store what the page says about a case: (case id, whether new, whether a field changed)."""
    seen_at = capture.fetched_at
    case_id = find_case(conn, facts)
    if case_id is None:
        values = {name: facts.value(name) for name in TRACKED}
        values["names_hidden"] = bool(facts.names_hidden)
        inserted = conn.execute(
            insert(CASES),
            {
                "court": facts.court,
                "server": facts.server,
                "cartoteka": facts.cartoteka,
                "case_key": facts.key,
                "card_id": facts.card_id,
                "card_guid": facts.card_guid,
                "first_seen": seen_at,
                "last_seen": seen_at,
                "first_record": capture.record_id,
                "last_record": capture.record_id,
                "card_read": seen_at if page_kind == "case_card" else None,
                **values,
            },
        )
        case_id = _new_id(inserted)
        _observe(conn, case_id, capture, page_kind)
        _write_children(conn, case_id, facts, capture, new=True)
        if facts.names_hidden:
            _open_flag(conn, case_id, "hidden", seen_at, capture.record_id)
        return case_id, True, False

    if not _observe(conn, case_id, capture, page_kind):
        return case_id, False, False  # this capture was read before
    row = conn.execute(_CASE, {"id": case_id}).mappings().one()
    if _aware(row["last_seen"]) > seen_at:
        return case_id, False, False  # an older page: an observation, no rewrite
    changes: dict[str, Any] = {}
    for name in TRACKED:
        new = facts.value(name)
        if new is None or _text(new) == _text(row[name]):
            continue
        changes[name] = new
        if (row[name] is None and name in FILLED_IN) or name in UNRECORDED:
            continue  # a card adds what a listing row does not show: not a change
        conn.execute(
            insert(CHANGES),
            {
                "case_id": case_id,
                "field": name,
                "old": _text(row[name]),
                "new": _text(new),
                "seen_at": seen_at,
                "record_id": capture.record_id,
            },
        )
    extra: dict[str, Any] = {"last_seen": seen_at, "last_record": capture.record_id}
    if facts.card_id and not row["card_id"]:
        extra["card_id"] = facts.card_id
    if facts.card_guid and not row["card_guid"]:
        extra["card_guid"] = facts.card_guid
    if page_kind == "case_card":
        extra["card_read"] = seen_at
    conn.execute(update(CASES).where(CASES.c.id == case_id).values(**changes, **extra))
    if "names_hidden" in changes:
        if changes["names_hidden"]:
            _open_flag(conn, case_id, "hidden", seen_at, capture.record_id)
        else:
            close_flag(conn, case_id, "hidden", seen_at)
    # Back on the list it had left ends `removed`; a card read again ends only a removal
    # its card had shown (a case may leave the lists while its card is still up).
    if (
        row["flagged"]
        and (
            page_kind == "listing" or (page_kind == "case_card" and _removed_by_card(conn, case_id))
        )
        and reopen_if_removed(conn, case_id, seen_at, capture.record_id)
    ):
        changes["reappeared"] = True
    children_changed = _write_children(conn, case_id, facts, capture)
    # A listing and the card link the card with different query strings: a case whose
    # only difference is that link has not changed (nor is its card due again for it).
    moved = any(name not in UNRECORDED for name in changes)
    return case_id, False, moved or children_changed


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _observe(conn: Connection, case_id: int, capture: CaptureLike, page_kind: str) -> bool:
    """Record the sighting; False when this capture was read before."""
    done = conn.execute(
        _OBSERVE[conn.dialect.name],
        {
            "case_id": case_id,
            "record_id": capture.record_id,
            "capture_id": capture.id,
            "seen_at": capture.fetched_at,
            "page_kind": page_kind,
        },
    )
    return bool(done.rowcount)


def open_flag_of(conn: Connection, case_id: int, flag: str) -> int | None:
    """The id of the case's open flag of this kind, if any."""
    return conn.execute(_OPEN_FLAG, {"case_id": case_id, "flag": flag}).scalar()


def _open_flag(conn: Connection, case_id: int, flag: str, at: datetime, evidence: str) -> bool:
    if open_flag_of(conn, case_id, flag) is not None:
        return False
    conn.execute(
        insert(FLAGS),
        {"case_id": case_id, "flag": flag, "since": at, "until": None, "evidence": evidence},
    )
    return True


def flagged_removed(conn: Connection, case_ids: Iterable[int]) -> set[int]:
    """Which of these cases have their `removed` flag open."""
    ids, found = sorted(case_ids), set[int]()
    for start in range(0, len(ids), 500):  # within any database's limit of parameters
        found.update(
            conn.execute(
                select(FLAGS.c.case_id).where(
                    FLAGS.c.case_id.in_(ids[start : start + 500]),
                    FLAGS.c.flag == "removed",
                    FLAGS.c.until.is_(None),
                )
            ).scalars()
        )
    return found


def open_flag(conn: Connection, case_id: int, flag: str, at: datetime, evidence: str) -> bool:
    """Flag a case (hidden, removed) from `at`, unless that flag is already open."""
    return _open_flag(conn, case_id, flag, at, evidence)


def close_flag(conn: Connection, case_id: int, flag: str, at: datetime) -> bool:
    """End the case's open flag of this kind at `at` (the row stays, with its dates)."""
    flag_id = open_flag_of(conn, case_id, flag)
    if flag_id is None:
        return False
    conn.execute(update(FLAGS).where(FLAGS.c.id == flag_id).values(until=at))
    return True


CARD_EVIDENCE = "card "


def _removed_by_card(conn: Connection, case_id: int) -> bool:
    row = conn.execute(_OPEN_FLAG, {"case_id": case_id, "flag": "removed"}).first()
    evidence = row.evidence if row is not None else None
    return bool(evidence and evidence.startswith(CARD_EVIDENCE))


def removed_by_card(
    conn: Connection, court: str, card_url: str, capture: CaptureLike
) -> int | None:
    """The card of a stored case now answers «no data»: its card says it is gone."""
    from refusenik.ingest.identity import query_of

    q = query_of(card_url)
    guid, card_id = q.get("case_uid") or q.get("_uid"), q.get("case_id") or q.get("_id")
    if guid:
        where = CASES.c.card_guid == guid
    elif card_id:
        where = CASES.c.card_id == card_id
    else:
        where = CASES.c.card_url == card_url
    case_id = conn.execute(
        select(CASES.c.id).where(CASES.c.court == court, where).order_by(CASES.c.id)
    ).scalar()
    if case_id is None:
        return None
    open_flag(conn, case_id, "removed", capture.fetched_at, CARD_EVIDENCE + capture.record_id)
    return int(case_id)


def reopen_if_removed(conn: Connection, case_id: int, at: datetime, evidence: str) -> bool:
    """A case flagged removed and seen again: close `removed`, record `reappeared`."""
    if not close_flag(conn, case_id, "removed", at):
        return False
    conn.execute(
        insert(FLAGS),
        {"case_id": case_id, "flag": "reappeared", "since": at, "until": at, "evidence": evidence},
    )
    return True


def _write_children(
    conn: Connection, case_id: int, facts: CaseFacts, capture: CaptureLike, *, new: bool = False
) -> bool:
    """Articles, defendants, events, appeals, acts; `new`: the case was inserted just now,
    so it has none stored to compare with (nothing is looked up)."""
    changed = _write_articles(conn, case_id, facts, new)
    for table, rows, label in (
        (DEFENDANTS, facts.defendants, "defendant"),
        (EVENTS, facts.events, "event"),
        (APPEALS, facts.appeals, "appeal"),
    ):
        changed |= _write_positions(conn, case_id, table, rows, label, capture, new)
    written: set[str] = set()
    for act in facts.acts:
        if act["url"] in written:
            continue
        if new or conn.execute(_ACT_KNOWN, {"case_id": case_id, "url": act["url"]}).first() is None:
            conn.execute(insert(ACTS), {"case_id": case_id, **act})
            written.add(act["url"])
    return changed


def _write_articles(conn: Connection, case_id: int, facts: CaseFacts, new: bool) -> bool:
    if not facts.articles:
        return False
    stored = {
        (r.article, r.part): (r.id, r.current)
        for r in (() if new else conn.execute(_CASE_ARTICLES, {"case_id": case_id}))
    }
    wanted = set(facts.articles)
    for article, part in wanted - stored.keys():
        conn.execute(insert(ARTICLES), {"case_id": case_id, "article": article, "part": part})
    for key, (row_id, current) in stored.items():
        if current != (key in wanted):
            conn.execute(
                update(ARTICLES).where(ARTICLES.c.id == row_id).values(current=key in wanted)
            )
    return False  # the change itself is recorded on the `articles` field


def _summary(row: dict[str, Any]) -> str:
    return " | ".join(f"{k}={v}" for k, v in row.items() if v not in (None, "", False))


def _write_positions(
    conn: Connection,
    case_id: int,
    table: Any,
    rows: list[dict[str, Any]],
    label: str,
    capture: CaptureLike,
    new: bool,
) -> bool:
    """Rows shown in order (defendants, events, appeals): update by position, never delete;
    a changed row is a change of the field `<label> <n>`."""
    if not rows:
        return False
    changed = False
    stored = (
        {}
        if new
        else {
            r["position"]: r
            for r in conn.execute(_POSITIONS[table.name], {"case_id": case_id}).mappings()
        }
    )
    fresh = []
    for position, values in enumerate(rows, start=1):
        old = stored.get(position)
        if old is None:
            fresh.append({"case_id": case_id, "position": position, **values})
            continue
        merged = {k: (v if v is not None else old[k]) for k, v in values.items()}
        before = {k: old[k] for k in values}
        if merged == before:
            continue
        conn.execute(update(table).where(table.c.id == old["id"]).values(**merged))
        if all(before[k] is None or before[k] == merged[k] for k in values):
            continue  # only filled in what an earlier page did not show
        conn.execute(
            insert(CHANGES),
            {
                "case_id": case_id,
                "field": f"{label} {position}",
                "old": _summary(before),
                "new": _summary(merged),
                "seen_at": capture.fetched_at,
                "record_id": capture.record_id,
            },
        )
        changed = True
    if fresh:
        conn.execute(insert(table), fresh)
    return changed
