"""History as it happens between rounds: cases renumbered, charged under another article,
transferred to another court, appealed — on the pages and in the ground truth."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import html

from refusenik.simulate import SimCourt, SimSite, World, round_date
from refusenik.simulate.records import Case, Change
from refusenik.simulate.render_common import case_urls

from .conftest import COURTS, SEED

SECOND_GARRISON = SimCourt(
    "63GV0007", "Тестовый гарнизонный военный суд", "garrison_military", "voen.test.sudrf.ru"
)
ROUNDS = 26


@pytest.fixture(scope="module")
def long_world() -> World:
    return World.generate(SEED, [*COURTS, SECOND_GARRISON], rounds=ROUNDS)


def rounds_around(day: date) -> tuple[int, int]:
    """The last round before `day` and the first on or after it."""
    after = next(r for r in range(ROUNDS) if round_date(r) >= day)
    return after - 1, after


def changed(world: World, kind: str) -> list[tuple[Case, Change]]:
    out = []
    for cases in world.cases.values():
        for case in cases:
            for ch in case.changes:
                if ch.kind == kind and round_date(0) < ch.date <= round_date(ROUNDS - 1):
                    if case.visible(round_date(rounds_around(ch.date)[0])):
                        out.append((case, ch))
    return out


_TRUTH: dict[tuple[int, int], dict] = {}


def truth_case(world: World, r: int, code: str, case_id: int) -> dict | None:
    key = (id(world), r)
    if key not in _TRUTH:
        _TRUTH[key] = world.truth(r)
    court = next(c for c in _TRUTH[key]["courts"] if c["code"] == code)
    return next((c for c in court["cases"] if c["case_id"] == case_id), None)


def card_text(world: World, case: Case, r: int) -> str:
    site = SimSite(world, round=r)
    return site.handle(case_urls(case)["card"], case.court.host).body.decode("cp1251")


def test_a_renumbered_case_shows_its_new_number_from_that_day(long_world):
    found = changed(long_world, "renumbered")
    assert found
    for case, ch in found:
        before, after = rounds_around(ch.date)
        old = truth_case(long_world, before, case.court.code, case.case_id)
        new = truth_case(long_world, after, case.court.code, case.case_id)
        assert old and new
        assert old["number"] == case.number and old["history"] == []
        assert new["number"] == ch.number != case.number
        assert case.number in ch.number  # «1-2345/2026 (1-12/2026;)», as real sites write it
        assert {"change": "renumbered", "date": ch.date.isoformat(), "number": ch.number} in new[
            "history"
        ]
        assert f"ДЕЛО № {ch.number}" in card_text(long_world, case, after)


def test_a_case_charged_under_another_article_shows_it_on_listing_card_and_truth(long_world):
    found = changed(long_world, "recharged")
    assert found
    for case, ch in found:
        before, after = rounds_around(ch.date)
        old = truth_case(long_world, before, case.court.code, case.case_id)
        new = truth_case(long_world, after, case.court.code, case.case_id)
        assert old and new
        new_label = ", ".join(c.listing for c in ch.charges)
        assert new["defendants"][0]["charges"] == [
            {"article": c.article, "part": c.part} for c in ch.charges
        ]
        assert old["defendants"][0]["charges"] != new["defendants"][0]["charges"]
        assert new["history"][-1]["change"] == "recharged" or any(
            h["change"] == "recharged" for h in new["history"]
        )
        if not new["hidden"]:
            assert new["defendants"][0]["articles"] in card_text(long_world, case, after)
        assert new_label  # the charge has a printable form


def test_a_transferred_case_arrives_at_the_other_court_with_the_same_uid(long_world):
    found = changed(long_world, "transferred_out")
    assert found
    for case, ch in found:
        twin = next(c for c in long_world.cases[ch.court] if c.number == ch.number)
        assert twin.uid == case.uid and twin.court.kind == case.court.kind
        assert twin.received >= case.decision_date
        assert twin.changes[0] == Change(
            "transferred_in", twin.received, number=case.number, court=case.court.code
        )
        r = next((r for r in range(ROUNDS) if round_date(r) >= twin.received), None)
        if r is None:
            continue
        here = truth_case(long_world, r, case.court.code, case.case_id)
        there = truth_case(long_world, r, twin.court.code, twin.case_id)
        assert here and there
        assert here["result"] and "подсудности" in here["result"]
        assert {"change": "transferred_out", "date": ch.date.isoformat(), "number": twin.number,
                "court": twin.court.code} in here["history"]  # fmt: skip
        assert there["uid"] == here["uid"]
        assert [d["articles"] for d in there["defendants"]] == [
            d["articles"] for d in here["defendants"]
        ]


def test_an_appeal_tab_appears_on_the_card_when_the_case_is_appealed(long_world):
    today_last = round_date(ROUNDS - 1)
    appealed = [
        c
        for c in long_world.cases[COURTS[0].code]
        if c.appeal and round_date(0) < c.appeal.filed and c.appeal.decided <= today_last
    ]
    assert appealed
    for case in appealed[:5]:
        before, after = rounds_around(case.appeal.filed)
        assert "ОБЖАЛОВАНИЕ РЕШЕНИЙ" not in card_text(long_world, case, before)
        tree = html.fromstring(card_text(long_world, case, ROUNDS - 1))
        tabs = [" ".join(li.text_content().split()) for li in tree.xpath("//ul[@class='tabs']/li")]
        assert "ОБЖАЛОВАНИЕ РЕШЕНИЙ, ОПРЕДЕЛЕНИЙ (ПОСТ.)" in tabs
        n = tabs.index("ОБЖАЛОВАНИЕ РЕШЕНИЙ, ОПРЕДЕЛЕНИЙ (ПОСТ.)") + 1
        block = tree.xpath(f"//div[@id='cont{n}']")[0]
        text = " ".join(block.text_content().split())
        assert "ДВИЖЕНИЕ ЖАЛОБЫ" in text and case.appeal.applicant in text
        assert case.appeal.result in text
        truth = truth_case(long_world, ROUNDS - 1, case.court.code, case.case_id)
        assert truth and truth["appeal"]["result"] == case.appeal.result
        if "ОТМЕНЕН" not in case.appeal.result:
            assert truth["validity_date"] == case.appeal.decided.isoformat()
        early = truth_case(long_world, after, case.court.code, case.case_id)
        assert early and early["appeal"]["filed"] == case.appeal.filed.isoformat()
        if case.appeal.decided > round_date(after):
            assert early["appeal"]["result"] is None  # not known before the hearing
