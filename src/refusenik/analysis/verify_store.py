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
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import Engine, Table, select
from sqlalchemy.exc import DBAPIError

from refusenik.analysis.verify import Difference, Scope, compare, expected_cases
from refusenik.errors import UserInputError
from refusenik.store.case_tables import (
    Case,
    CaseArticle,
    CaseFlag,
    CourtStatus,
    CrawlRun,
    PressRelease,
)

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
    # Press releases published since the window began: `court:did` → date, linked case.
    releases: dict[str, dict[str, Any]] = field(default_factory=dict)


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
        press = _table(PressRelease)
        numbers = {
            r.id: r.number
            for r in conn.execute(
                select(cases.c.id, cases.c.number).where(
                    cases.c.id.in_(select(press.c.case_id).where(press.c.case_id.is_not(None)))
                )
            )
        }
        for r in conn.execute(select(press).where(press.c.court.in_(courts))).mappings():
            published = r["published"]
            if published is None or published < window[0].isoformat():
                continue
            did = parse_qs(urlsplit(r["url"]).query).get("did", ["?"])[0]
            stored.releases[f"{r['court']}:{did}"] = {
                "court": r["court"],
                "id": did,
                "published": published,
                "case": numbers.get(r["case_id"]),
            }
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
    return diffs + compare_releases(stored, round_truth, skip)


def _same_number(stored: str, truth: str) -> bool:
    """The stored number is the truth's, or a later number that keeps it («1-2550/2026
    (1-12/2026;)»)."""
    return stored == truth or f"({truth}" in stored


def compare_releases(
    stored: StoredCrawl, round_truth: Mapping[str, Any], skip: set[str]
) -> list[Difference]:
    """The press releases published since the window began, in the courts covered: each
    stored once, with its date, and linked to its case when the store holds that case
    (a case whose names the court hid cannot be matched by its defendant: unlinked is
    right for it, unless the release cites its number)."""
    since = stored.scope.since.isoformat()
    diffs: list[Difference] = []
    expected: set[str] = set()
    for court in round_truth.get("courts", []):
        code = court["code"]
        if code not in stored.scope.courts or code in skip:
            continue
        for pr in court.get("press_releases", []):
            if pr["date"] < since:
                continue
            key = f"{code}:{pr['id']}"
            expected.add(key)
            label = f"press release {pr['id']}"
            seen = stored.releases.get(key)
            if seen is None:
                diffs.append(Difference(code, label, "missing"))
                continue
            if seen["published"] != pr["date"]:
                diffs.append(Difference(code, label, "published", pr["date"], seen["published"]))
            number, linked = pr.get("case_number"), seen["case"]
            case = stored.cases.get(f"{code}:{number}")
            if linked is not None:
                if number is None or not _same_number(linked, number):
                    diffs.append(Difference(code, label, "case", number, linked))
            elif case is not None and not case["hidden"]:
                diffs.append(Difference(code, label, "case", number, None))
    for key, seen in sorted(stored.releases.items()):
        if key not in expected and seen["court"] not in skip:
            diffs.append(Difference(seen["court"], f"press release {seen['id']}", "unexpected"))
    return diffs
