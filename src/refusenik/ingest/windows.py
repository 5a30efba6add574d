"""Closing a listing window: the only place a case is flagged removed, on positive evidence.

A case is flagged removed when the crawler read every page of a window, the window still
returned other cases, and this case, returned by the same window before, was not among
them. A window that returned nothing where it returned cases before says more about the
court than about the cases (a changed site, a silent block): that is an alarm, and no
case is flagged.

With `check_card`, a missing case whose card URL the predicate accepts is not flagged at
once: it is answered in `missing`, for the crawler to read its card again
(`ingest.card_checks` decides then) — its charge may have moved to another article.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine, insert, select, update

from refusenik.ingest.case_store import flagged_removed, open_flag, reopen_if_removed
from refusenik.ingest.model import Context, Missing, WindowResult
from refusenik.store import migrate, write_transaction
from refusenik.store.case_tables import CASES, MEMBERS, WINDOWS


def close_window(
    engine: Engine,
    context: Context,
    seen: set[int],
    *,
    complete: bool,
    at: datetime,
    check_card: Callable[[str], bool] | None = None,
) -> WindowResult:
    """After every page of a listing window was read: flag cases it no longer returns."""
    key = context.window_key
    if not complete:
        # Some page was refused or unreadable: absence proves nothing.
        return WindowResult(key, len(seen), 0, complete=False)
    migrate(engine)
    with write_transaction(engine) as conn:
        window = conn.execute(select(WINDOWS).where(WINDOWS.c.window_key == key)).mappings().first()
        if window is None:
            inserted = conn.execute(
                insert(WINDOWS).values(
                    window_key=key, court=context.court, last_closed=at, last_count=len(seen)
                )
            )
            window_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
            before: dict[int, bool] = {}
        else:
            window_id = window["id"]
            before = {
                r.case_id: r.present
                for r in conn.execute(select(MEMBERS).where(MEMBERS.c.window_id == window_id))
            }
        present_before = {cid for cid, present in before.items() if present}
        result = WindowResult(key, len(seen), len(present_before))
        if not seen and present_before:
            result.alarm = (
                f"{context.court}: the listing window {key} returned no cases where it "
                f"returned {len(present_before)} before; no case is marked removed"
            )
            conn.execute(
                update(WINDOWS).where(WINDOWS.c.id == window_id).values(alarm=result.alarm)
            )
            return result
        joined = [{"window_id": window_id, "case_id": cid} for cid in seen if cid not in before]
        if joined:
            conn.execute(insert(MEMBERS), sorted(joined, key=lambda m: m["case_id"]))
        removed = flagged_removed(conn, seen)  # most windows: none, one query for all
        for case_id in sorted(seen):
            if case_id in before and not before[case_id]:
                conn.execute(
                    update(MEMBERS)
                    .where(MEMBERS.c.window_id == window_id, MEMBERS.c.case_id == case_id)
                    .values(present=True)
                )
            if case_id in removed and reopen_if_removed(conn, case_id, at, f"window {key}"):
                result.reappeared.append(case_id)
        gone = sorted(present_before - seen)
        cards = _card_urls(conn, gone) if check_card is not None and gone else {}
        for case_id in gone:
            card = cards.get(case_id)
            if card and check_card is not None and check_card(card):
                result.missing.append(
                    Missing(case_id, card, window_id, key, context.window, context.article)
                )
                continue
            conn.execute(
                update(MEMBERS)
                .where(MEMBERS.c.window_id == window_id, MEMBERS.c.case_id == case_id)
                .values(present=False)
            )
            if open_flag(conn, case_id, "removed", at, f"window {key}"):
                result.removed.append(case_id)
        conn.execute(
            update(WINDOWS)
            .where(WINDOWS.c.id == window_id)
            .values(last_closed=at, last_count=len(seen), alarm=None)
        )
        return result


def _card_urls(conn: Connection, case_ids: list[int]) -> dict[int, str]:
    return {
        r.id: r.card_url
        for r in conn.execute(select(CASES.c.id, CASES.c.card_url).where(CASES.c.id.in_(case_ids)))
        if r.card_url
    }
