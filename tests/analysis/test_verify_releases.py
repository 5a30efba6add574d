"""`verify --db` on press releases: missing, unexpected, wrong date, linked to the wrong
case or left unlinked although the store holds its (named) case."""

from __future__ import annotations

import datetime as dt

from refusenik.analysis.verify import Scope
from refusenik.analysis.verify_store import StoredCrawl, compare_releases

SCOPE = Scope(frozenset({"63GV0006"}), ("337",), dt.date(2026, 1, 1), dt.date(2026, 1, 31))
TRUTH = {
    "courts": [
        {
            "code": "63GV0006",
            "press_releases": [
                {"id": 1, "date": "2026-02-02", "case_number": "1-10/2026"},
                {"id": 2, "date": "2026-02-03", "case_number": "1-11/2026"},
                {"id": 3, "date": "2026-02-04", "case_number": "1-12/2026"},
                {"id": 4, "date": "2025-12-30", "case_number": "1-900/2025"},  # before
            ],
        }
    ]
}


def stored(releases: dict, hidden: bool = False) -> StoredCrawl:
    crawl = StoredCrawl(1, SCOPE, 0, [])
    crawl.cases = {
        "63GV0006:1-10/2026": {"court": "63GV0006", "number": "1-10/2026", "hidden": False},
        "63GV0006:1-11/2026": {"court": "63GV0006", "number": "1-11/2026", "hidden": hidden},
    }
    crawl.releases = {
        f"63GV0006:{k}": {"court": "63GV0006", "id": str(k), **v} for k, v in releases.items()
    }
    return crawl


def lines(crawl: StoredCrawl) -> list[str]:
    return sorted(d.line() for d in compare_releases(crawl, TRUTH, set()))


def test_releases_as_the_truth_has_them_make_no_difference():
    good = {
        1: {"published": "2026-02-02", "case": "1-10/2026"},
        2: {"published": "2026-02-03", "case": "1-2222/2026 (1-11/2026;)"},  # renumbered
        3: {"published": "2026-02-04", "case": None},  # its case is not in the store
    }
    assert lines(stored(good)) == []


def test_each_kind_of_release_difference_is_named():
    bad = {
        1: {"published": "2026-02-01", "case": "1-11/2026"},
        2: {"published": "2026-02-03", "case": None},
        7: {"published": "2026-02-05", "case": None},
    }
    assert lines(stored(bad)) == [
        "63GV0006 press release 1: case is '1-11/2026', truth says '1-10/2026'",
        "63GV0006 press release 1: published is '2026-02-01', truth says '2026-02-02'",
        "63GV0006 press release 2: case is None, truth says '1-11/2026'",
        "63GV0006 press release 3: in the truth, not seen by the crawl",
        "63GV0006 press release 7: seen by the crawl, not in the truth",
    ]
    # A case whose names the court hid cannot be matched: unlinked is right for it.
    assert not any("release 2" in x for x in lines(stored(bad, hidden=True)))
