"""What every figure needs to know about the store before it counts: is there data, and
how fresh is the analysis' derived table. Its own module so that the figures and the
modules they re-export (official comparisons) can all ask it without importing each other.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, select

# A store whose derived table is stale is rebuilt on read up to this many cases;
# a larger one is answered from the last rebuild (rebuilding takes a while).
AUTO_REFRESH_CASES = 20_000
STALE_NOTE = (
    "the store has changed since the analysis tables were last rebuilt; these figures "
    "are as of that rebuild (run `refusenik stats refresh`)"
)


@dataclass(frozen=True)
class StoreState:
    """What every figure needs to know about the store: is there data, and how fresh."""

    has_data: bool
    as_of: date | None
    notes: tuple[str, ...] = ()


_checked: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def store_state(engine: Engine, *, refreshed: bool = False) -> StoreState:
    """Is there data, and how fresh? Rebuilds the derived tables of a small stale store once
    (a read-only or busy store is answered from what is there, with a note)."""
    from refusenik.analysis import derived
    from refusenik.store.case_tables import CASES

    with engine.connect() as conn:
        if not _checked.get(engine):
            if not derived.has_tables(conn):
                from sqlalchemy import inspect

                if "cases" not in inspect(conn).get_table_names():
                    return StoreState(False, None, ("the store holds no crawled cases yet",))
                conn.close()
                if not refreshed and _try_refresh(engine):
                    return store_state(engine, refreshed=True)
                return StoreState(False, None, ("the analysis tables could not be built",))
            _checked[engine] = True
        notes: tuple[str, ...] = ()
        if derived.is_stale(conn):
            size = conn.execute(select(func.max(CASES.c.id))).scalar() or 0
            if size <= AUTO_REFRESH_CASES and not refreshed:
                conn.close()
                _try_refresh(engine)  # if it cannot write, the next pass notes the staleness
                return store_state(engine, refreshed=True)
            notes = (STALE_NOTE,)
        last = derived.state(conn)
    return StoreState(True, last["as_of"] if last else None, notes)


def _try_refresh(engine: Engine) -> bool:
    from refusenik.analysis import derived
    from refusenik.errors import UserInputError

    try:
        derived.refresh(engine)
    except UserInputError:  # read-only, busy or unreachable for writing
        return False
    return True
