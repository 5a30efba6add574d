"""A case a listing window stopped returning is read again on its card before it is flagged.

A listing by article and date answers "which cases are charged under this article and
were received in these days"; a case whose charge moved to another article (or whose
date of receipt was corrected) leaves that listing while it is still on the site. So
absence from a complete window is only a question: the crawler reads the case's card
again, and then

- the card answers «no data»: the card itself says the case is gone (`removed_by_card`
  flagged it while the card was read);
- the card shows the case, no longer under the window's article or dates: the change is
  history (`case_changes` records the new articles), and the case is not flagged;
- the card shows the case still under the window's article and dates: the window no
  longer returns a case it should — flagged `removed`, as before.

A card that could not be read settles nothing: the case keeps its place in the window and
is asked about again on the next crawl (the court's card counts as unread).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, Engine, select, update

from refusenik.ingest.case_store import open_flag
from refusenik.ingest.model import IngestResult, Missing
from refusenik.store import write_transaction
from refusenik.store.case_tables import ARTICLES, CASES, MEMBERS

CASE_CARD = "case_card"


def article_matches(query: str | None, charged: list[tuple[str, str | None]]) -> bool:
    """Whether a case charged under `charged` answers a listing search for `query`
    («337» or «337 ч.5»); a search without an article matches every case."""
    if not query or not query.strip():
        return True
    wanted, _, part = query.strip().partition(" ч.")
    wanted, part = wanted.strip(), part.strip()
    return any(a == wanted and (not part or p == part) for a, p in charged)


def still_listed(conn: Connection, case_id: int, missing: Missing) -> bool:
    """The case as last read (its card, just now) still belongs in the window."""
    received = conn.execute(select(CASES.c.received).where(CASES.c.id == case_id)).scalar()
    if missing.window is not None and isinstance(received, date):
        start, end = missing.window
        if not start <= received <= end:
            return False
    charged = [
        (str(r.article), str(r.part) if r.part is not None else None)
        for r in conn.execute(
            select(ARTICLES.c.article, ARTICLES.c.part).where(
                ARTICLES.c.case_id == case_id, ARTICLES.c.current
            )
        )
    ]
    return not charged or article_matches(missing.article, charged)


def _leave(conn: Connection, missing: Missing) -> None:
    conn.execute(
        update(MEMBERS)
        .where(MEMBERS.c.window_id == missing.window_id, MEMBERS.c.case_id == missing.case_id)
        .values(present=False)
    )


@dataclass
class CardChecks:
    """The cases waiting for their card to be read again, per case."""

    pending: dict[int, list[Missing]] = field(default_factory=dict)
    removed: list[int] = field(default_factory=list)  # flagged once their card was read
    moved: list[int] = field(default_factory=list)  # left the window, still on the site

    def add(self, missing: list[Missing]) -> list[str]:
        """Cases a window stopped returning; answers the card URLs to read again."""
        for item in missing:
            self.pending.setdefault(item.case_id, []).append(item)
        return list(dict.fromkeys(m.card_url for m in missing))

    def settle(self, engine: Engine, result: IngestResult, at: datetime) -> None:
        """A page was read: settle every waiting case whose card it was."""
        gone = [cid for cid in result.removed if cid in self.pending]
        shown = (
            [cid for cid in result.cases_seen if cid in self.pending]
            if result.page_kind == CASE_CARD
            else []
        )
        if not gone and not shown:
            return
        with write_transaction(engine) as conn:
            for case_id in gone:  # the card said «no data»: already flagged on its word
                for item in self.pending.pop(case_id):
                    _leave(conn, item)
                self.removed.append(case_id)
            for case_id in shown:
                for item in self.pending.pop(case_id):
                    _leave(conn, item)
                    if still_listed(conn, case_id, item):
                        if open_flag(conn, case_id, "removed", at, f"window {item.window_key}"):
                            self.removed.append(case_id)
                    else:
                        self.moved.append(case_id)
