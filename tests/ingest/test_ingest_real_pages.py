"""Every real page of tests/fixtures/pages through ingest: its kind as the parsers say,
refusals never read as empty, one case per card, one per listing row, and none of the
names printed on the pages in the store."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from refusenik.ingest import Context, ingest
from refusenik.sites import PageKind
from refusenik.store import engine_for

from .conftest import SimArchive
from .snapshot import snapshot

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"
REAL = sorted(p for p in PAGES.glob("*.html") if p.with_suffix(".json").exists())
REFUSALS = {str(k) for k in PageKind if k.is_refusal}
# The expected records of a page write each name the page printed as «{{ФИО}}».
_RAW_NAME = re.compile(r"\{\{([^}]+)\}\}")


def _raw_names(expected: dict) -> set[str]:
    return {n.strip() for n in _RAW_NAME.findall(json.dumps(expected, ensure_ascii=False))}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, list[tuple]]:
    engine = engine_for(f"sqlite:///{tmp_path_factory.mktemp('real') / 'store.sqlite'}")
    archive = SimArchive(engine)
    at = datetime(2026, 11, 30, tzinfo=UTC)
    out = []
    for i, page in enumerate(REAL):
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        # A saved page whose address was not kept: a host no template owns.
        url = expected.get("url") or f"https://fixture.invalid/{page.stem}"
        court = expected.get("court_code") or f"PAGE{i:03d}"
        capture = archive.write(
            url, expected.get("status") or 200, page.read_bytes(), at + timedelta(minutes=i), court
        )
        result = ingest(engine, capture, archive.body(capture), Context(court=court))
        out.append((page, expected, result))
    return engine, out


def test_there_are_real_pages():
    assert len(REAL) > 20


def test_every_page_is_read_as_the_parsers_read_it(ingested):
    _, results = ingested
    for page, expected, result in results:
        assert result.page_kind == expected["page_kind"], page.name
        assert result.error is None, page.name


def test_refusals_yield_no_cases_and_count_as_refused(ingested):
    engine, results = ingested
    refusals = [(p, r) for p, e, r in results if e["page_kind"] in REFUSALS]
    assert refusals
    assert all(not r.cases_seen for _, r in refusals)
    rows = {r["court"]: r for r in snapshot_courts(engine)}
    for page, expected, _ in results:
        if expected["page_kind"] in REFUSALS:
            court = expected.get("court_code") or None
            if court:
                assert rows[court]["refused"] >= 1, page.name


def snapshot_courts(engine) -> list[dict]:
    import sqlalchemy as sa

    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text("SELECT * FROM courts_seen")).mappings()]


def test_a_card_is_one_case_and_a_listing_row_is_one_case(ingested):
    _, results = ingested
    cards = [(p, e, r) for p, e, r in results if e["page_kind"] == "case_card"]
    assert len(cards) > 10
    for page, expected, result in cards:
        # A page may hold linked cards of its own (a complaint's card on a Supreme Court page).
        shown = [rec for rec in expected["records"] if rec["record"] == "case_card"]
        assert len(shown) >= 1 and len(result.cases_seen) == len(shown), page.name
    for page, expected, result in results:
        if expected["page_kind"] != "listing":
            continue
        rows = [
            row for rec in expected["records"] if rec["record"] == "listing" for row in rec["rows"]
        ]
        keys = {
            (row.get("case_id") or row.get("case_uid") or row.get("case_number")) for row in rows
        }
        assert len(result.cases_seen) == len(keys - {None}), page.name


def test_no_name_printed_on_a_page_reaches_the_store(ingested):
    engine, results = ingested
    names = set().union(*(_raw_names(e) for _, e, _ in results))
    assert len(names) > 10
    dump = " ".join(str(v) for rows in snapshot(engine).values() for row in rows for v in row)
    leaked = sorted(n for n in names if n in dump)
    assert not leaked
