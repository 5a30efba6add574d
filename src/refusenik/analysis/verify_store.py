"""Read what the store holds for a crawl, in the shape `verify` compares with the truth.

The store says what the last crawl covered (`crawl_runs` holds its window and articles,
`court_status` each court's status) and what it knows of each case: its fields, and the
`hidden` / `removed` flags still open. A court parked or only partly read is not covered:
its cases are neither compared nor expected to be flagged.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Engine, Table, select
from sqlalchemy.exc import DBAPIError

from refusenik.analysis.verify import Difference, Scope, compare, expected_cases
from refusenik.errors import UserInputError
from refusenik.store.case_tables import Case, CaseArticle, CaseFlag, CourtStatus, CrawlRun

READ_STATUSES = frozenset({"ok", "throttled", "server_error"})


@dataclass
class StoredCrawl:
    """The last finished crawl of a store: its scope, the courts it did not cover, its cases."""

    run_id: int
    scope: Scope
    simulator_round: int | None
    not_covered: list[str]
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)  # court:number → fields
    removed: dict[str, dict[str, Any]] = field(default_factory=dict)  # flagged removed


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def load_stored_crawl(engine: Engine) -> StoredCrawl:
    """The last finished crawl run with its scope, or a clear error when there is none."""
    try:
        return _load(engine)
    except DBAPIError as exc:
        raise UserInputError(f"--db: not a store a crawl wrote to ({exc.orig})") from None


def _load(engine: Engine) -> StoredCrawl:
    runs, status = _table(CrawlRun), _table(CourtStatus)
    cases, articles, flags = _table(Case), _table(CaseArticle), _table(CaseFlag)
    with engine.connect() as conn:
        run = (
            conn.execute(
                select(runs)
                .where(runs.c.kind == "crawl", runs.c.finished_at.is_not(None))
                .order_by(runs.c.id.desc())
            )
            .mappings()
            .first()
        )
        if run is None or not run["note"]:
            raise UserInputError("--db: the store holds no finished crawl to verify")
        try:
            note = json.loads(run["note"])
            window = (
                dt.date.fromisoformat(note["window"][0]),
                dt.date.fromisoformat(note["window"][1]),
            )
            wanted = tuple(str(a) for a in note["articles"])
        except (ValueError, KeyError, TypeError):
            raise UserInputError(
                "--db: the last crawl run does not say its window and articles"
            ) from None
        rows = conn.execute(select(status).where(status.c.run_id == run["id"])).mappings().all()
        courts = frozenset(r["court"] for r in rows)
        not_covered = sorted(
            r["court"]
            for r in rows
            if r["status"] not in READ_STATUSES or r["windows_unread"] or r["cards_unread"]
        )
        charged: dict[int, set[str]] = {}
        for a in conn.execute(
            select(articles.c.case_id, articles.c.article).where(articles.c.current)
        ):
            charged.setdefault(a.case_id, set()).add(str(a.article))
        open_flags: dict[int, set[str]] = {}
        for f in conn.execute(select(flags.c.case_id, flags.c.flag).where(flags.c.until.is_(None))):
            open_flags.setdefault(f.case_id, set()).add(f.flag)
        stored = StoredCrawl(
            run_id=int(run["id"]),
            scope=Scope(courts, wanted, window[0], window[1]),
            simulator_round=note.get("simulator_round"),
            not_covered=not_covered,
        )
        for c in conn.execute(select(cases).where(cases.c.court.in_(courts))).mappings():
            if c["received"] is None or not window[0] <= c["received"] <= window[1]:
                continue
            if not charged.get(c["id"], set()) & set(wanted):
                continue
            case_flags = open_flags.get(c["id"], set())
            fields = {
                "court": c["court"],
                "number": c["number"],
                "uid": c["uid"],
                "received": c["received"].isoformat(),
                "judge": c["judge"],
                "decision_date": c["decided"].isoformat() if c["decided"] else None,
                "hidden": "hidden" in case_flags,
            }
            target = stored.removed if "removed" in case_flags else stored.cases
            target[f"{c['court']}:{c['number']}"] = fields
    return stored


def compare_store(stored: StoredCrawl, round_truth: Mapping[str, Any]) -> list[Difference]:
    """Every difference between the store and the truth of one round: the cases and their
    fields, the `hidden` flag, and the `removed` flag (set only for cases the truth removed)."""
    skip = set(stored.not_covered)
    diffs = compare(stored.cases, round_truth, stored.scope, skip)
    expected = expected_cases(round_truth, stored.scope)
    for key, case in sorted(expected.items()):
        seen = stored.cases.get(key)
        if case["court"] in skip or seen is None:
            continue
        if bool(case.get("hidden")) != seen["hidden"]:
            diffs.append(
                Difference(
                    case["court"],
                    case["number"],
                    "hidden",
                    str(bool(case.get("hidden"))),
                    str(seen["hidden"]),
                )
            )
    removed_by_truth = {
        f"{c['code']}:{n}" for c in round_truth.get("courts", []) for n in c.get("removed", [])
    }
    for key, seen in sorted(stored.removed.items()):
        if seen["court"] in skip:
            continue
        if key in expected:
            diffs.append(Difference(seen["court"], seen["number"], "removed", "False", "True"))
        elif key not in removed_by_truth:
            diffs.append(Difference(seen["court"], seen["number"], "unexpected"))
    return diffs
